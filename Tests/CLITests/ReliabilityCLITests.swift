import Foundation
import Testing
import Tables

private let bundledBank = repositoryRoot.appendingPathComponent("itembanks/mentorcert").path

@Suite("reliability, end to end on the bundled bank")
struct ReliabilityCLITests {
    /// A simulated fixed-form response file of the bundled bank (`responses simulate`).
    static func responses(_ cwd: URL, persons: Int = 300, missing: Double = 0) throws -> String {
        let run = runMentorCert(["responses", "simulate", "--bank", bundledBank, "--persons", "\(persons)", "--seed", "7",
                                 "--missing", "\(missing)", "--out", "r.csv", "--quiet"], cwd: cwd)
        #expect(run.status == 0, "\(run.stderr)")
        return "r.csv"
    }

    @Test("JSON has the issue's keys; with the bank the IRT, classification and adaptive fields, marked simulated")
    func json() throws {
        let cwd = try temporaryWorkingDirectory()
        let file = try Self.responses(cwd)
        let run = runMentorCert(["reliability", file, "--bank", bundledBank, "--simulate", "40", "--seed", "3",
                                 "--format", "json", "--profile"], cwd: cwd)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.range(of: #"profile: total [0-9.]+ s"#, options: .regularExpression) != nil)
        let doc = try jsonObject(run.stdout)
        #expect(doc["schemaVersion"] as? Int == 1)
        for key in ["alpha", "alphaCI", "alphaIfDeleted", "sem", "marginalReliability", "empiricalReliability", "classification",
                    "leeClassification", "livingstonLewisClassification", "adaptive", "information", "sections"] {
            #expect(doc[key] != nil && !(doc[key] is NSNull), "missing \(key)")
        }
        let alpha = try #require(doc["alpha"] as? Double)
        #expect(alpha > 0.9 && alpha < 1)
        #expect(doc["simulatedParameters"] as? Bool == true)
        #expect((doc["warnings"] as? [String] ?? []).contains { $0.contains("SIMULATED") })
        let classification = try #require(doc["classification"] as? [String: Any])
        let cuts = try #require(classification["cuts"] as? [[String: Any]])
        #expect(cuts.count == 3)
        for cut in cuts {
            for key in ["accuracy", "consistency", "kappa", "falsePass", "falseFail", "csem"] { #expect(cut[key] is Double, "\(key)") }
        }
        #expect(cuts.filter { $0["certification"] as? Bool == true }.map { $0["level"] as? String } == ["intermediate"])
        let levels = try #require(classification["levels"] as? [String: Any])
        #expect(levels["accuracy"] is Double && levels["consistency"] is Double)
        let information = try #require(doc["information"] as? [[String: Any]])
        let scopes = information.compactMap { $0["scope"] as? String }
        #expect(scopes.contains("bank") && scopes.contains("adaptive") && scopes.contains("section:S1"))
    }

    @Test("responses alone: the classical statistics, the IRT fields null")
    func classicalOnly() throws {
        let cwd = try temporaryWorkingDirectory()
        let file = try Self.responses(cwd, persons: 100)
        let run = runMentorCert(["reliability", file, "--format", "json"], cwd: cwd)
        #expect(run.status == 0, "\(run.stderr)")
        let doc = try jsonObject(run.stdout)
        #expect(doc["alpha"] is Double && doc["sem"] is Double)
        #expect(doc["marginalReliability"] is NSNull && doc["classification"] is NSNull)
    }

    @Test("adaptive (sparse) data: alpha null with 'not defined for adaptive data'; Rudner still given")
    func sparse() throws {
        let cwd = try temporaryWorkingDirectory()
        let file = try Self.responses(cwd, persons: 200, missing: 0.85)
        let run = runMentorCert(["reliability", file, "--bank", bundledBank, "--format", "json"], cwd: cwd)
        #expect(run.status == 0, "\(run.stderr)")
        let doc = try jsonObject(run.stdout)
        #expect(doc["alpha"] is NSNull && doc["sem"] is NSNull)
        #expect((doc["warnings"] as? [String] ?? []).contains { $0.contains("not defined for adaptive data") })
        #expect(doc["classification"] is [String: Any])
        #expect(doc["leeClassification"] is NSNull)
    }

    @Test("CSV prints each table with its schema's header; the table form names the coefficients")
    func csvAndTable() throws {
        let cwd = try temporaryWorkingDirectory()
        let file = try Self.responses(cwd, persons: 120)
        for schema in [TableSchema.reliabilityCoefficients, .alphaIfDeleted, .classificationIndices, .informationCurve, .sectionReliability] {
            let run = runMentorCert(["reliability", file, "--bank", bundledBank, "--format", "csv", "--table", schema.name, "--quiet"], cwd: cwd)
            #expect(run.status == 0, "\(schema.name): \(run.stderr)")
            let lines = run.stdout.split(separator: "\n")
            #expect(lines.first.map { $0.split(separator: ",").map(String.init) } == schema.csvHeader, "\(schema.name)")
            #expect(lines.count > 1, "\(schema.name) has no rows")
        }
        let table = runMentorCert(["reliability", file, "--pairwise"], cwd: cwd)
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("alpha") && table.stdout.contains("spearman_brown") && table.stdout.contains("pairwise"))
        let out = runMentorCert(["reliability", file, "--format", "json", "--out", "rel.json"], cwd: cwd)
        #expect(out.status == 0)
        #expect(FileManager.default.fileExists(atPath: cwd.appendingPathComponent("rel.json").path))
    }

    @Test("--params with --cuts gives classification at the given cuts")
    func parameterFile() throws {
        let cwd = try temporaryWorkingDirectory()
        let file = try Self.responses(cwd, persons: 150)
        try FileManager.default.copyItem(atPath: bundledBank, toPath: cwd.appendingPathComponent("bank").path)
        let run = runMentorCert(["reliability", file, "--params", "bank", "--cuts=-0.5,0.5,1.4", "--format", "json"], cwd: cwd)
        #expect(run.status == 0, "\(run.stderr)")
        let doc = try jsonObject(run.stdout)
        let cuts = try #require((doc["classification"] as? [String: Any])?["cuts"] as? [[String: Any]])
        #expect(cuts.compactMap { $0["cut"] as? Double } == [-0.5, 0.5, 1.4])
        let none = runMentorCert(["reliability", file, "--params", "bank", "--format", "json"], cwd: cwd)
        #expect(try jsonObject(none.stdout)["classification"] is NSNull)
    }

    @Test("bad input: options exit 64 with advice; a missing or malformed file exits 1 naming it", arguments: [
        (["--bank", "B", "--params", "P"], Int32(64), "not both"),
        (["--cuts=1,0"], 64, "--cuts applies to --params"),
        (["--params", "p.json", "--cuts=1,0"], 64, "increasing"),
        (["--confidence", "1.5"], 64, "--confidence"),
        (["--simulate", "10"], 64, "--simulate needs --bank"),
        (["--table", "nope"], 64, "unknown table"),
    ])
    func badOptions(extra: [String], status: Int32, message: String) throws {
        let cwd = try temporaryWorkingDirectory()
        try "person,a,b\np1,1,0\np2,0,1\n".write(to: cwd.appendingPathComponent("r.csv"), atomically: true, encoding: .utf8)
        let run = runMentorCert(["reliability", "r.csv"] + extra, cwd: cwd)
        #expect(run.status == status, "\(extra): \(run.stderr)")
        #expect(run.stderr.contains(message), "\(extra): \(run.stderr)")
    }

    @Test("a missing file and a bad cell exit 1 naming the file, line and column")
    func badFiles() throws {
        let cwd = try temporaryWorkingDirectory()
        let missing = runMentorCert(["reliability", "nope.csv"], cwd: cwd)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("nope.csv"))
        try "person,a,b\np1,1,0\np2,x,1\n".write(to: cwd.appendingPathComponent("bad.csv"), atomically: true, encoding: .utf8)
        let bad = runMentorCert(["reliability", "bad.csv"], cwd: cwd)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("bad.csv") && bad.stderr.contains("3"), "\(bad.stderr)")
        let wrongBank = runMentorCert(["reliability", "bad.csv", "--bank", "no-such-dir"], cwd: cwd)
        #expect(wrongBank.status == 1)
        #expect(wrongBank.stderr.contains("no-such-dir"))
    }
}
