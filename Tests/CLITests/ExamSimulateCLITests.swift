import Foundation
import Testing
import Tables

private let bundledBank = repositoryRoot.appendingPathComponent("itembanks/mentorcert").path

@Suite("exam simulate and exam calibrate-exposure, end to end")
struct ExamSimulateCLITests {
    @Test("JSON carries the DECISIONS §6 keys; the exams keep the blueprint's rules")
    func json() throws {
        let cwd = try temporaryWorkingDirectory()
        let run = runMentorCert(["exam", "simulate", "--bank", bundledBank, "--examinees", "40", "--seed", "5",
                                 "--format", "json"], cwd: cwd)
        #expect(run.status == 0, "\(run.stderr)")
        let doc = try jsonObject(run.stdout)
        for key in ["rmse", "bias", "meanSE", "meanLength", "minLength", "maxLength", "maxExposure", "unusedShare",
                    "overlapRate", "classificationAccuracy", "sectionViolations", "enemyViolations", "setViolations",
                    "stopReasons", "conditional"] {
            #expect(doc[key] != nil, "missing \(key)")
        }
        #expect(doc["sectionViolations"] as? Int == 0)
        #expect(doc["enemyViolations"] as? Int == 0)
        #expect(doc["setViolations"] as? Int == 0)
        #expect((doc["minLength"] as? Int ?? 0) >= 30)
        let accuracy = try #require(doc["classificationAccuracy"] as? [String: Any])
        #expect((accuracy["cuts"] as? [Any])?.count == 3)
        #expect(accuracy["levels"] is Double)
    }

    @Test("CSV prints the summary, --table conditional and exposure the other tables, each with its schema's header")
    func csv() throws {
        let cwd = try temporaryWorkingDirectory()
        for (name, schema) in [("summary", TableSchema.catSimulation), ("conditional", .catConditional), ("exposure", .itemExposure)] {
            let run = runMentorCert(["exam", "simulate", "--bank", bundledBank, "--examinees", "20", "--seed", "2",
                                     "--format", "csv", "--table", name], cwd: cwd)
            #expect(run.status == 0, "\(run.stderr)")
            let header = run.stdout.split(separator: "\n").first.map { $0.split(separator: ",").map(String.init) }
            #expect(header == schema.csvHeader)
        }
    }

    @Test("With --params there is no blueprint; --cuts adds classification; every strategy runs")
    func parameterFile() throws {
        let cwd = try temporaryWorkingDirectory()
        // A bank as a parameter set: its items without the blueprint.
        try FileManager.default.copyItem(atPath: bundledBank, toPath: cwd.appendingPathComponent("bank").path)
        for extra in [["--selection", "kl"], ["--selection", "mpwi"], ["--selection", "a-stratified:3"],
                      ["--stop", "sprt", "--cuts=-0.5,0.5,1.4"], ["--stop", "levels", "--cuts=-0.5,0.5,1.4"],
                      ["--stop", "glr", "--cuts=-0.5,0.5,1.4"], ["--stop", "classification", "--cuts=-0.5,0.5,1.4"],
                      ["--exposure", "randomesque:3", "--estimator", "map", "--final-estimator", "ml"]] {
            let run = runMentorCert(["exam", "simulate", "--params", "bank", "--examinees", "30", "--seed", "1",
                                     "--max-length", "20", "--format", "json"] + extra, cwd: cwd)
            #expect(run.status == 0, "\(extra): \(run.stderr)")
            let doc = try jsonObject(run.stdout)
            #expect((doc["maxLength"] as? Int ?? 99) <= 20, "\(extra)")
            #expect((doc["classificationAccuracy"] is NSNull) == !extra.contains { $0.hasPrefix("--cuts") }, "\(extra)")
        }
    }

    @Test("Bad options exit 64 and say what to use; a design the blueprint cannot hold exits 1 naming the cause")
    func refusals() throws {
        let cwd = try temporaryWorkingDirectory()
        for bad in [["--selection", "best"], ["--exposure", "randomesque:0"], ["--stop", "soon"], ["--theta", "uniform:3,1"],
                    ["--params", "x.json", "--cuts=1,0,2"], ["--target-se", "0"], ["--table", "nope"]] {
            let run = runMentorCert(["exam", "simulate", "--bank", bundledBank, "--examinees", "5"] + bad, cwd: cwd)
            #expect(run.status == 64, "\(bad): \(run.status) \(run.stderr)")
        }
        let short = runMentorCert(["exam", "simulate", "--bank", bundledBank, "--examinees", "5", "--max-length", "10",
                                   "--min-length", "5"], cwd: cwd)
        #expect(short.status == 1)
        #expect(short.stderr.contains("minimums add up to 27"))
    }

    @Test("calibrate-exposure stores a new bank version whose items carry Sympson–Hetter parameters; simulate uses them")
    func calibrateExposure() throws {
        let cwd = try temporaryWorkingDirectory()
        let run = runMentorCert(["exam", "calibrate-exposure", "--bank", bundledBank, "--target", "0.3",
                                 "--examinees", "300", "--seed", "4", "--format", "json"], cwd: cwd)
        #expect(run.status == 0, "\(run.stderr)")
        let doc = try jsonObject(run.stdout)
        let id = try #require(doc["bankVersionId"] as? String)
        #expect(doc["created"] as? Bool == true)
        #expect((doc["controlledItems"] as? Int ?? 0) > 0)
        let list = try jsonObject(runMentorCert(["bank", "list", "--format", "json"], cwd: cwd).stdout)
        let versions = try #require(list["bankVersions"] as? [[String: Any]])
        let version = try #require(versions.first { ($0["id"] as? String) == id })
        #expect(version["reason"] as? String == "exposure control")
        let simulated = runMentorCert(["exam", "simulate", "--bank", id, "--examinees", "300", "--seed", "9", "--format", "json"], cwd: cwd)
        #expect(simulated.status == 0, "\(simulated.stderr)")
        let report = try jsonObject(simulated.stdout)
        #expect((report["settings"] as? [String: Any])?["exposure"] as? String == "sympson-hetter")
        #expect((report["maxExposure"] as? Double ?? 1) <= 0.3 + 0.06)
    }

    @Test("A progress line on a terminal (forced by MENTORCERT_PROGRESS=1), none when piped; the output is the same")
    func progress() throws {
        let cwd = try temporaryWorkingDirectory()
        let args = ["exam", "simulate", "--bank", bundledBank, "--examinees", "60", "--seed", "3", "--format", "csv"]
        let forced = try runMentorCert(args, cwd: cwd, environment: ["MENTORCERT_PROGRESS": "1"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(forced.stderr.contains("simulating: "), "\(forced.stderr.debugDescription)")
        #expect(forced.stderr.contains("(60 of 60 candidates)"))
        let piped = try runMentorCert(args, cwd: cwd, environment: [:])
        #expect(!piped.stderr.contains("simulating:"))
        #expect(piped.stdout == forced.stdout)
    }
}
