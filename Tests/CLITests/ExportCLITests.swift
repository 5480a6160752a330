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
}
