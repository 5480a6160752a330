import Foundation
import Testing

/// End-to-end tests of `mentorcert calibrate`, the command map and the main job's pieces, run on
/// the built binary.
@Suite("CLI: calibrate")
struct CalibrateCommandTests {
    /// A seeded 2PL data set written by the test itself (a = 1.2, b spread over [−1.5, 1.5]).
    func writeData(_ dir: URL, persons: Int = 600, items: Int = 6) throws -> URL {
        var state: UInt64 = 42
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) * 0x1.0p-53
        }
        var text = "id," + (1...items).map { "Q\($0)" }.joined(separator: ",") + "\n"
        for p in 0..<persons {
            let theta = (uniform() + uniform() + uniform() - 1.5) * 2
            let cells = (0..<items).map { i -> String in
                let b = -1.5 + 3 * Double(i) / Double(items - 1)
                return uniform() < 1 / (1 + exp(-1.2 * (theta - b))) ? "1" : "0"
            }
            text += "p\(p)," + cells.joined(separator: ",") + "\n"
        }
        let url = dir.appendingPathComponent("data.csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test("--help lists every command group; --version prints the version")
    func help() {
        let dir = FileManager.default.temporaryDirectory
        let r = runMentorCert(["--help"], cwd: dir)
        #expect(r.status == 0)
        for group in ["bank", "responses", "calibrate", "score", "link", "exam", "reliability", "dif", "standards",
                      "report", "export", "plot", "candidate", "cert", "cohort"] {
            #expect(r.stdout.contains("  \(group)"), "missing \(group)")
        }
        let v = runMentorCert(["--version"], cwd: dir)
        #expect(v.status == 0 && v.stdout.contains("0.1"))
    }

    @Test("Every command of the map is built: candidate and cohort answer (here: no store) instead of exit 2")
    func everyCommandIsBuilt() {
        // Every command of DECISIONS §1 exists; the last ones (candidate, cohort) are built (issue 20).
        for command in [["candidate", "show", "C1"], ["candidate", "list"],
                        ["cohort", "report", "--bank", "B", "--cohort", "programme=p1", "--out", "rep"]] {
            let c = runMentorCert(command + ["--store", "no-such-store.sqlite"], cwd: FileManager.default.temporaryDirectory)
            #expect(c.status == 1 && c.stderr.contains("there is no store at no-such-store.sqlite"), "\(command): \(c.stderr)")
        }
    }

    @Test("calibrate writes the JSON the issue names, with SEs and fit")
    func json() throws {
        let dir = try temporaryWorkingDirectory()
        let data = try writeData(dir)
        let r = runMentorCert(["calibrate", data.path, "--model", "2pl", "--format", "json", "--out", "out.json"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("out.json"))) as? [String: Any])
        for key in ["schemaVersion", "model", "converged", "iterations", "logLikelihood", "aic", "bic", "items",
                    "latentMean", "latentVariance", "parameterCount"] {
            #expect(doc[key] != nil, "missing \(key)")
        }
        #expect(doc["converged"] as? Bool == true)
        let items = try #require(doc["items"] as? [[String: Any]])
        #expect(items.count == 6)
        for item in items {
            for key in ["id", "model", "discrimination", "difficulty", "intercept", "standardErrors", "fit"] {
                #expect(item[key] != nil, "item misses \(key)")
            }
            let a = try #require(item["discrimination"] as? Double)
            #expect(a > 0.8 && a < 1.7)
            let se = try #require(item["standardErrors"] as? [String: Double])
            #expect((se["a1"] ?? 0) > 0 && (se["b"] ?? 0) > 0)
        }
        // b = −d/a in the output.
        let first = items[0]
        let b = try #require(first["difficulty"] as? Double), d = try #require(first["intercept"] as? Double)
        let a = try #require(first["discrimination"] as? Double)
        #expect(abs(b + d / a) < 1e-9)
        #expect(abs(b - -1.5) < 0.35)
    }

    @Test("CSV output has snake_case headers; --no-se leaves SE cells empty")
    func csv() throws {
        let dir = try temporaryWorkingDirectory()
        let data = try writeData(dir)
        let r = runMentorCert(["calibrate", data.path, "--model", "rasch", "--no-se", "--format", "csv"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("item_id,model,discrimination,difficulty,intercept") == true)
        #expect(lines.count == 7)
        #expect(lines[1].contains("rasch"))
    }

    @Test("Bad input: a bad cell names file, line and column; nothing is written")
    func badCell() throws {
        let dir = try temporaryWorkingDirectory()
        try "id,Q1,Q2\np1,1,0\np2,x,1\n".write(to: dir.appendingPathComponent("bad.csv"), atomically: true, encoding: .utf8)
        let r = runMentorCert(["calibrate", "bad.csv", "--model", "2pl", "--out", "out.json"], cwd: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("bad.csv"))
        #expect(r.stderr.contains("3"))
        #expect(r.stderr.contains("Q1"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out.json").path))
    }

    @Test("Bad input: a constant item is named with what to do")
    func constantItem() throws {
        let dir = try temporaryWorkingDirectory()
        try "id,Q1,Q2\np1,1,0\np2,1,1\np3,1,0\n".write(to: dir.appendingPathComponent("c.csv"), atomically: true, encoding: .utf8)
        let r = runMentorCert(["calibrate", "c.csv", "--model", "2pl"], cwd: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("Q1") && r.stderr.contains("Drop the item"))
    }

    @Test("Bad options: no model and no bank; an unknown model")
    func badOptions() throws {
        let dir = try temporaryWorkingDirectory()
        let data = try writeData(dir, persons: 20)
        let none = runMentorCert(["calibrate", data.path], cwd: dir)
        #expect(none.status != 0 && none.stderr.contains("--model"))
        let unknown = runMentorCert(["calibrate", data.path, "--model", "5pl"], cwd: dir)
        #expect(unknown.status != 0 && unknown.stderr.contains("5pl"))
    }

    @Test("Bank-aware calibration records a new bank version whose parent is the calibrated one")
    func bankAware() throws {
        let (dir, bank) = try bundledBankResponses(persons: 300, seed: 3, out: "sim.csv")
        let cal = runMentorCert(["calibrate", "sim.csv", "--bank", bank, "--fixed-operational", "--no-se", "--no-fit",
                                 "--format", "json", "--out", "cal.json", "--store", "s.sqlite"], cwd: dir)
        #expect(cal.status == 0, "\(cal.stderr)")
        #expect(cal.stderr.contains("new bank version"))
        let list = runMentorCert(["bank", "list", "--store", "s.sqlite", "--format", "json"], cwd: dir)
        #expect(list.status == 0)
        #expect(list.stdout.contains("calibration"))
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("cal.json"))) as? [String: Any])
        let items = try #require(doc["items"] as? [[String: Any]])
        let fixed = items.filter { $0["fixed"] as? Bool == true }.count
        #expect(fixed > 250)
        #expect(items.count - fixed == 24)
        #expect(doc["latentMeanEstimated"] as? Bool == true)

        // Issue 15: the same calibration again gives the same calibration id and version, no new row.
        let provenance = try #require(doc["provenance"] as? [String: Any])
        let again = runMentorCert(["calibrate", "sim.csv", "--bank", bank, "--fixed-operational", "--no-se", "--no-fit",
                                   "--format", "json", "--out", "cal2.json", "--store", "s.sqlite"], cwd: dir)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("identical to an existing version"))
        let doc2 = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("cal2.json"))) as? [String: Any])
        let provenance2 = try #require(doc2["provenance"] as? [String: Any])
        #expect(provenance2["calibrationId"] as? String == provenance["calibrationId"] as? String)
        #expect(provenance2["bankVersion"] as? String == provenance["bankVersion"] as? String)
        let versions = runMentorCert(["bank", "list", "--store", "s.sqlite", "--format", "json"], cwd: dir)
        let listed = try #require(try JSONSerialization.jsonObject(with: Data(versions.stdout.utf8)) as? [String: Any])
        let rows = try #require(listed["bankVersions"] as? [[String: Any]])
        #expect(rows.count == 2, "imported + calibrated, nothing more: \(rows.count)")
    }

    @Test("The JSON carries the classical item analysis beside the IRT results")
    func classical() throws {
        let dir = try temporaryWorkingDirectory()
        let data = try writeData(dir)
        let r = runMentorCert(["calibrate", data.path, "--model", "2pl", "--no-se", "--format", "json"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let classical = try #require(doc["classical"] as? [String: Any])
        let alpha = try #require(classical["alpha"] as? Double)
        #expect(alpha > 0.3 && alpha < 0.95)
        let items = try #require(doc["items"] as? [[String: Any]])
        let first = try #require(items[0]["classical"] as? [String: Any])
        let p = try #require(first["pValue"] as? Double)
        // Item 1 is the easiest (b = −1.5): most persons answer it correctly.
        #expect(p > 0.7)
    }

    @Test("score accepts a bank directory as --params (DECISIONS §1)")
    func scoreWithBank() throws {
        let (dir, bank) = try bundledBankResponses(persons: 20, seed: 9, out: "s.csv")
        let r = runMentorCert(["score", "s.csv", "--params", bank, "--method", "eap", "--format", "csv"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.split(separator: "\n").count == 21)
        let missing = runMentorCert(["score", "s.csv", "--params", "no-such-thing", "--method", "eap"], cwd: dir)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no-such-thing"))
    }

    @Test("--raw with --bank scores option labels with the key and reports distractors")
    func rawDistractors() throws {
        let dir = try temporaryWorkingDirectory()
        let bank = repositoryRoot.appendingPathComponent("itembanks/mentorcert").path
        // S1-001 (key B) and S1-002 (key C), multiple choice; S1-003 graded (integers).
        var text = "person,S1-001,S1-002,S1-003\n"
        let labels = ["A", "B", "C", "D"]
        for p in 0..<200 {
            let able = p % 3 != 0
            let c1 = able ? "B" : labels[p % 4]
            let c2 = able ? (p % 5 == 0 ? "A" : "C") : labels[(p / 2) % 4]
            text += "p\(p),\(c1),\(c2),\(able ? 2 + p % 2 : p % 2)\n"
        }
        try text.write(to: dir.appendingPathComponent("raw.csv"), atomically: true, encoding: .utf8)
        let r = runMentorCert(["calibrate", "raw.csv", "--bank", bank, "--raw", "--no-se", "--no-fit", "--format", "json",
                               "--store", "s.sqlite", "--quiet"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let items = try #require(doc["items"] as? [[String: Any]])
        let first = try #require(items.first { $0["id"] as? String == "S1-001" })
        let classical = try #require(first["classical"] as? [String: Any])
        let distractors = try #require(classical["distractors"] as? [[String: Any]])
        #expect(distractors.count == 4)
        let key = try #require(distractors.first { $0["isKey"] as? Bool == true })
        #expect(key["option"] as? String == "B")
        let total = distractors.compactMap { $0["proportion"] as? Double }.reduce(0, +)
        #expect(abs(total - 1) < 1e-9)
    }

    @Test("A failed bank calibration leaves the store byte for byte as it was")
    func failedBankCalibrationLeavesStore() throws {
        let dir = try temporaryWorkingDirectory()
        let bank = repositoryRoot.appendingPathComponent("itembanks/mentorcert").path
        #expect(runMentorCert(["bank", "import", bank, "--store", "s.sqlite"], cwd: dir).status == 0)
        let before = try Data(contentsOf: dir.appendingPathComponent("s.sqlite"))
        // S1-001 answered 0 by everybody: a constant item, which calibration refuses.
        var text = "person,S1-001,S1-002\n"
        for p in 0..<50 { text += "p\(p),0,\(p % 2)\n" }
        try text.write(to: dir.appendingPathComponent("const.csv"), atomically: true, encoding: .utf8)
        let r = runMentorCert(["calibrate", "const.csv", "--bank", bank, "--store", "s.sqlite", "--out", "o.json",
                               "--format", "json"], cwd: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("S1-001"))
        let after = try Data(contentsOf: dir.appendingPathComponent("s.sqlite"))
        #expect(before == after)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("o.json").path))
    }

    @Test("score refuses a parameter file with a negative slope")
    func negativeSlope() throws {
        let dir = try temporaryWorkingDirectory()
        let data = try writeData(dir, persons: 30)
        let params = """
            {"schemaVersion": 1, "model": "2pl", "latentMean": 0, "latentVariance": 1, "items": [
              {"id": "Q1", "model": "2pl", "discrimination": -1.2, "intercept": 0.5}]}
            """
        try params.write(to: dir.appendingPathComponent("p.json"), atomically: true, encoding: .utf8)
        let r = runMentorCert(["score", data.path, "--params", "p.json", "--method", "eap"], cwd: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("Q1") && r.stderr.contains("positive"))
    }

    @Test("the CLI turns a calibration error into command-line advice; the library message names no flag")
    func calibrationErrorAdvice() throws {
        let dir = try temporaryWorkingDirectory()
        var text = "id,Q1,Q2,Q3\n"
        for p in 0..<40 { text += "p\(p),\(p % 3),\(p % 2),\((p / 2) % 2)\n" }
        try text.write(to: dir.appendingPathComponent("poly.csv"), atomically: true, encoding: .utf8)
        let r = runMentorCert(["calibrate", "poly.csv", "--model", "2pl"], cwd: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("Q1") && r.stderr.contains("--model grm"), "\(r.stderr)")
    }

    @Test("score --params BANK on a fixed form: the columns are a subset of the bank's items, scored on those")
    func scoreFixedFormWithBank() throws {
        let (dir, bank) = try bundledBankResponses(persons: 30, seed: 5, out: "all.csv")
        // Keep the person column and the first 20 item columns: a fixed form drawn from the bank.
        let lines = try String(contentsOf: dir.appendingPathComponent("all.csv"), encoding: .utf8).split(separator: "\n")
        let form = lines.map { $0.split(separator: ",", omittingEmptySubsequences: false).prefix(21).joined(separator: ",") }
        try (form.joined(separator: "\n") + "\n").write(to: dir.appendingPathComponent("form.csv"), atomically: true, encoding: .utf8)
        let r = runMentorCert(["score", "form.csv", "--params", bank, "--method", "eap", "--format", "json"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("20 of the") && r.stdout.contains("scored on those 20"), "\(r.stdout.prefix(600))")
    }

    @Test("an unconverged bank calibration stores nothing unless --allow-unconverged, which marks the version")
    func unconvergedIsNotPublished() throws {
        let (dir, bank) = try bundledBankResponses(persons: 300, seed: 4, out: "sim.csv")
        let args = ["calibrate", "sim.csv", "--bank", bank, "--fixed-operational", "--no-se", "--no-fit", "--max-iterations", "1",
                    "--store", "s.sqlite", "--quiet"]
        let refused = runMentorCert(args, cwd: dir)
        #expect(refused.status == 1 && refused.stderr.contains("did not converge") && refused.stderr.contains("--allow-unconverged"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("s.sqlite").path))
        let allowed = runMentorCert(args + ["--allow-unconverged", "--format", "json"], cwd: dir)
        #expect(allowed.status == 0, "\(allowed.stderr)")
        let list = runMentorCert(["bank", "list", "--store", "s.sqlite", "--format", "json"], cwd: dir)
        #expect(list.stdout.contains("calibration (unconverged)"))
    }

    /// A fresh working directory holding `out`: `persons` responses simulated (seed `seed`) from the bundled
    /// bank, whose path comes back too.
    func bundledBankResponses(persons: Int, seed: Int, out: String) throws -> (dir: URL, bank: String) {
        let dir = try temporaryWorkingDirectory()
        let bank = repositoryRoot.appendingPathComponent("itembanks/mentorcert").path
        let sim = runMentorCert(["responses", "simulate", "--bank", bank, "--persons", String(persons), "--seed", String(seed),
                                 "--out", out], cwd: dir)
        #expect(sim.status == 0, "\(sim.stderr)")
        return (dir, bank)
    }
}
