import Foundation
import Tables
import Testing

/// `mentorcert dif`: end to end from a response CSV with a group column (with and without a parameter
/// file, and on responses simulated from the bundled bank), and the refusals of bad group choices.
@Suite("CLI: dif")
struct DIFCommandTests {
    /// 10 2PL items (a = 1.2), 800 `intake` + 400 `later` persons, equal N(0, 1) abilities (seeded LCG); item Q4 is
    /// 0.9 logits harder for `later` (planted DIF). `groupValues` overrides the group labels by person index.
    func writeData(_ dir: URL, name: String = "groups.csv", groupValue: ((Int) -> String)? = nil) throws -> URL {
        var state: UInt64 = 11
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) * 0x1.0p-53
        }
        func normal() -> Double { (-2 * log(max(uniform(), 1e-300))).squareRoot() * cos(2 * Double.pi * uniform()) }
        let items = 10
        var text = "id,cohort," + (1...items).map { "Q\($0)" }.joined(separator: ",") + "\n"
        for p in 0..<1200 {
            let later = p >= 800
            let theta = normal()
            let cells = (0..<items).map { i -> String in
                let b = -1.5 + 3 * Double(i) / Double(items - 1) + (later && i == 3 ? 0.9 : 0)
                return uniform() < 1 / (1 + exp(-1.2 * (theta - b))) ? "1" : "0"
            }
            text += "p\(p),\(groupValue?(p) ?? (later ? "later" : "intake"))," + cells.joined(separator: ",") + "\n"
        }
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("With a parameter file: JSON report flags the planted item by MH and IRT-LR; the smaller group is focal")
    func withParameters() throws {
        let dir = try temporaryWorkingDirectory()
        let data = try writeData(dir)
        let cal = runMentorCert(["calibrate", data.path, "--model", "2pl", "--ignore", "cohort", "--format", "json",
                                 "--out", "p.json", "--quiet"], cwd: dir)
        #expect(cal.status == 0, "\(cal.stderr)")
        let r = runMentorCert(["dif", data.path, "--group", "cohort", "--params", "p.json", "--format", "json", "--quiet"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try json(r.stdout)
        #expect(doc["schemaVersion"] as? Int == TableSchema.difItems.version)
        #expect(doc["focalGroup"] as? String == "later" && doc["referenceGroup"] as? String == "intake")
        #expect(doc["focalChoice"] as? String == "smaller group")
        // Q4 is planted; with 400 focal persons one clean item may reach B by chance (Q7 does in this sample: MH
        // p = .004) — the IRT test's anchor (all other items) also carries Q4's DIF into the focal mean.
        let flagged = try #require(doc["flagged"] as? [String])
        #expect(flagged.contains("Q4") && flagged.count <= 2, "\(flagged)")
        let irt = try #require(doc["irtLikelihoodRatio"] as? [[String: Any]])
        #expect(irt.count == 10)
        #expect(irt.first { $0["itemId"] as? String == "Q4" }?["significant"] as? Bool == true)
        let items = try #require(doc["items"] as? [[String: Any]])
        let q4 = try #require(items.first { $0["itemId"] as? String == "Q4" })
        #expect((q4["mhDelta"] as? Double ?? 0) < -1 && q4["favours"] as? String == "reference")
        #expect((q4["reasons"] as? String ?? "").contains("IRT-LR"))

        // CSV: the main table with its schema's header; --table picks another.
        let csv = runMentorCert(["dif", data.path, "--group", "cohort", "--params", "p.json", "--no-irt", "--format", "csv", "--quiet"], cwd: dir)
        #expect(csv.status == 0, "\(csv.stderr)")
        #expect(csv.stdout.split(separator: "\n").first.map(String.init) == TableSchema.difItems.csvHeader.joined(separator: ","))
        let mh = runMentorCert(["dif", data.path, "--group", "cohort", "--table", "dif_mantel_haenszel", "--format", "csv",
                                "--out", "mh.csv", "--quiet"], cwd: dir)
        #expect(mh.status == 0, "\(mh.stderr)")
        let written = try String(contentsOf: dir.appendingPathComponent("mh.csv"), encoding: .utf8)
        #expect(written.hasPrefix(TableSchema.difMantelHaenszel.csvHeader.joined(separator: ",") + "\n"))
        #expect(written.split(separator: "\n").count == 11)
    }

    @Test("Without parameters: the terminal report lists the flagged item and says the IRT test was not run; --focal names the group")
    func withoutParameters() throws {
        let dir = try temporaryWorkingDirectory()
        let data = try writeData(dir)
        let r = runMentorCert(["dif", data.path, "--group", "cohort", "--focal", "intake"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("focal \"intake\" (800 persons)"))
        #expect(r.stdout.contains("Flagged for review (") && r.stdout.contains("  Q4: ETS C (MH D-DIF 2."), "\(r.stdout)")
        #expect(r.stdout.contains("IRT likelihood-ratio test was not run"))
    }

    @Test("Responses simulated from the bundled bank with a group column added: dif --bank analyses the bank's items")
    func bundledBank() throws {
        let dir = try temporaryWorkingDirectory()
        let bank = repositoryRoot.appendingPathComponent("itembanks/mentorcert").path
        let sim = runMentorCert(["responses", "simulate", "--bank", bank, "--persons", "400", "--seed", "3", "--out", "r.csv"], cwd: dir)
        #expect(sim.status == 0, "\(sim.stderr)")
        let lines = try String(contentsOf: dir.appendingPathComponent("r.csv"), encoding: .utf8).split(separator: "\n")
        var withGroup = [String]()
        for (i, line) in lines.enumerated() {
            var cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            cells.insert(i == 0 ? "language" : (i % 3 == 0 ? "fr" : "en"), at: 1)
            withGroup.append(cells.joined(separator: ","))
        }
        try (withGroup.joined(separator: "\n") + "\n").write(to: dir.appendingPathComponent("g.csv"), atomically: true, encoding: .utf8)
        let r = runMentorCert(["dif", "g.csv", "--group", "language", "--bank", bank, "--no-irt", "--format", "json", "--quiet"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try json(r.stdout)
        #expect(doc["focalGroup"] as? String == "fr")
        let items = try #require(doc["items"] as? [[String: Any]])
        #expect(items.count == lines[0].split(separator: ",").count - 1)
        #expect(doc["irtLikelihoodRatio"] is NSNull)
        #expect(!r.stdout.contains("NaN"))

        // The same responses as a stored response set (imported with the group column) give the same report.
        let imported = runMentorCert(["responses", "import", "g.csv", "--bank", bank, "--group", "language", "--store", "s.sqlite",
                                      "--format", "json", "--quiet"], cwd: dir)
        #expect(imported.status == 0, "\(imported.stderr)")
        let id = try #require(try json(imported.stdout)["responseSetId"] as? String)
        let stored = runMentorCert(["dif", id, "--group", "language", "--bank", bank, "--store", "s.sqlite", "--no-irt",
                                    "--format", "json", "--quiet"], cwd: dir)
        #expect(stored.status == 0, "\(stored.stderr)")
        let storedDoc = try json(stored.stdout)
        #expect(storedDoc["flagged"] as? [String] == doc["flagged"] as? [String])
        #expect((storedDoc["items"] as? [[String: Any]])?.count == items.count)
        let noColumn = runMentorCert(["dif", id, "--group", "gender", "--store", "s.sqlite"], cwd: dir)
        #expect(noColumn.status == 1 && noColumn.stderr.contains("no group column gender") && noColumn.stderr.contains("language"),
                "\(noColumn.stderr)")
    }

    @Test("Bad input: unknown column, one group, absent focal value, three values without --reference")
    func badInput() throws {
        let dir = try temporaryWorkingDirectory()
        let data = try writeData(dir)
        let unknown = runMentorCert(["dif", data.path, "--group", "gender"], cwd: dir)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("gender"), "\(unknown.stderr)")

        let one = try writeData(dir, name: "one.csv") { _ in "intake" }
        let single = runMentorCert(["dif", one.path, "--group", "cohort"], cwd: dir)
        #expect(single.status == 1)
        #expect(single.stderr.contains("group column \"cohort\" has 1 value(s) (intake)") && single.stderr.contains("another --group column"),
                "\(single.stderr)")

        let absent = runMentorCert(["dif", data.path, "--group", "cohort", "--focal", "alumni"], cwd: dir)
        #expect(absent.status == 1)
        #expect(absent.stderr.contains("\"alumni\"") && absent.stderr.contains("intake, later") && absent.stderr.contains("--focal"),
                "\(absent.stderr)")

        let three = try writeData(dir, name: "three.csv") { ["en", "fr", "hu"][$0 % 3] }
        let many = runMentorCert(["dif", three.path, "--group", "cohort", "--focal", "fr"], cwd: dir)
        #expect(many.status == 1)
        #expect(many.stderr.contains("3 values (en, fr, hu)") && many.stderr.contains("--reference VALUE"), "\(many.stderr)")
        let chosen = runMentorCert(["dif", three.path, "--group", "cohort", "--focal", "fr", "--reference", "en", "--format", "json", "--quiet"], cwd: dir)
        #expect(chosen.status == 0, "\(chosen.stderr)")
        #expect(try json(chosen.stdout)["excludedPersons"] as? Int == 400)

        let both = runMentorCert(["dif", data.path, "--group", "cohort", "--bank", "b", "--params", "p.json"], cwd: dir)
        #expect(both.status == 64 && both.stderr.contains("not both"))
    }
}
