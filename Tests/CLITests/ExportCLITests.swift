import Foundation
import Testing
import Tables

@Suite("CLI: export tables and export notebook")
struct ExportCLITests {
    @Test("export tables writes DIR with its manifest, refuses a non-empty DIR without --force, replaces it with it")
    func tablesDirectory() throws {
        let cwd = try temporaryWorkingDirectory()
        let bank = repositoryRoot.appendingPathComponent("itembanks/mentorcert").path
        let first = runMentorCert(["export", "tables", "--bank", bank, "--out", "out", "--quiet"], cwd: cwd)
        #expect(first.status == 0, "\(first.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: cwd.appendingPathComponent("out").path)
        #expect(Set(files) == ["item_parameters.csv", "item_parameters.json", "information_curve.csv", "information_curve.json",
                               "manifest.json"])
        let header = try String(contentsOf: cwd.appendingPathComponent("out/item_parameters.csv"), encoding: .utf8)
            .split(separator: "\n").first.map(String.init)
        #expect(header == TableSchema.itemParameters.csvHeader.joined(separator: ","))

        let refused = runMentorCert(["export", "tables", "--bank", bank, "--out", "out"], cwd: cwd)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("not empty"))
        let forced = runMentorCert(["export", "notebook", "--bank", bank, "--out", "out", "--force", "--quiet"], cwd: cwd)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(FileManager.default.fileExists(atPath: cwd.appendingPathComponent("out/mentorcert-statistics.ipynb").path))
        // Nothing is left beside the directory.
        #expect(try FileManager.default.contentsOfDirectory(atPath: cwd.path).filter { $0.hasPrefix(".out") }.isEmpty)
    }

    @Test("export tables --group writes the dif command's tables, listed in the manifest; without --group the manifest says DIF needs one")
    func difTables() throws {
        let cwd = try temporaryWorkingDirectory()
        defer { try? FileManager.default.removeItem(at: cwd) }
        let bank = repositoryRoot.appendingPathComponent("itembanks/mentorcert").path
        let simulated = runMentorCert(["responses", "simulate", "--bank", bank, "--persons", "400", "--seed", "4", "--group", "region",
                                       "--group-values", "north,south", "--dif-item", "S1-002", "--dif-shift", "1.5",
                                       "--out", "full.csv", "--quiet"], cwd: cwd)
        try #require(simulated.status == 0, "\(simulated.stderr)")
        // A 20-item form of the file (person, region, then the first 20 items) keeps the debug run short.
        let full = try String(contentsOf: cwd.appendingPathComponent("full.csv"), encoding: .utf8)
        let lines = full.split(separator: "\n")
        #expect(lines.first?.hasPrefix("person,region,S1-001,") == true)
        let form = lines.map { $0.split(separator: ",", omittingEmptySubsequences: false).prefix(22).joined(separator: ",") }
        try (form.joined(separator: "\n") + "\n").write(to: cwd.appendingPathComponent("form.csv"), atomically: true, encoding: .utf8)

        let r = runMentorCert(["export", "tables", "--bank", bank, "--responses", "form.csv", "--group", "region", "--focal", "south",
                               "--out", "out", "--quiet"], cwd: cwd)
        try #require(r.status == 0, "\(r.stderr)")
        let manifest = try JSONDecoder().decode(TableManifest.self, from: Data(contentsOf: cwd.appendingPathComponent("out/manifest.json")))
        let schemas = manifest.tables.map(\.schema)
        for name in ["dif_items", "dif_mantel_haenszel", "dif_logistic_regression"] { #expect(schemas.contains(name), "\(name) in the manifest") }
        #expect(!schemas.contains("dif_irt_likelihood_ratio"))
        #expect(manifest.warnings.contains { $0.contains("IRT likelihood-ratio test was not run") })
        let dif = try String(contentsOf: cwd.appendingPathComponent("out/dif_items.csv"), encoding: .utf8).split(separator: "\n")
        #expect(dif.first.map(String.init) == TableSchema.difItems.csvHeader.joined(separator: ","))
        #expect(dif.count == 21)
        let built = try #require(dif.first { $0.hasPrefix("S1-002,") })
        let flagged = try #require(TableSchema.difItems.csvHeader.firstIndex(of: "flagged"))
        #expect(built.split(separator: ",", omittingEmptySubsequences: false)[flagged] == "true", "S1-002 has DIF built in: \(built)")

        let none = runMentorCert(["export", "tables", "--bank", bank, "--responses", "form.csv", "--ignore", "region", "--out", "out2", "--quiet"],
                                 cwd: cwd)
        try #require(none.status == 0, "\(none.stderr)")
        let plain = try JSONDecoder().decode(TableManifest.self, from: Data(contentsOf: cwd.appendingPathComponent("out2/manifest.json")))
        #expect(!plain.tables.contains { $0.schema.hasPrefix("dif_") })
        #expect(plain.warnings.contains { $0.hasPrefix("No DIF tables: DIF compares two groups") })

        let twice = runMentorCert(["export", "tables", "--bank", bank, "--responses", "form.csv", "--group", "region", "--group", "x",
                                   "--out", "out3"], cwd: cwd)
        #expect(twice.status != 0 && twice.stderr.contains("give it once"))
        let noResponses = runMentorCert(["export", "tables", "--bank", bank, "--group", "region", "--out", "out3"], cwd: cwd)
        #expect(noResponses.status != 0 && noResponses.stderr.contains("--group needs --responses"))
    }
}
