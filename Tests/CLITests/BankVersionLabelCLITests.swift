import Foundation
import Testing

/// `bank list` and `bank show` tell versions apart (issue 15): a sequence per bank name and a label
/// unique within it. (Calibrations' `LABEL+cal.N` labels are checked at store level,
/// `StoreTests/BankVersionLabelTests`.)
@Suite struct BankVersionLabelCLITests {
    @Test("two imports under one author label get sequence 1 and 2 and different labels")
    func listAndShow() throws {
        let cwd = try temporaryWorkingDirectory()
        defer { try? FileManager.default.removeItem(at: cwd) }
        let edited = BadInputCase.fixtureBank("b2", edits: ["bank.yaml": [("title: Fixture bank", "title: Fixture bank, edited")]])
        for (name, bytes) in BadInputCase.fixtureBank("b1").merging(edited, uniquingKeysWith: { a, _ in a }) {
            let url = cwd.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }
        for dir in ["b1", "b2", "b1"] {
            let r = runMentorCert(["bank", "import", dir, "--store", "s.sqlite"], cwd: cwd)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let list = runMentorCert(["bank", "list", "--store", "s.sqlite", "--format", "json"], cwd: cwd)
        let doc = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any]
        let rows = doc?["bankVersions"] as? [[String: Any]] ?? []
        #expect(rows.map { $0["sequence"] as? Int } == [1, 2], "\(list.stdout)")
        #expect(rows.map { $0["label"] as? String } == ["0.1.0", "0.1.0+import.2"])
        let table = runMentorCert(["bank", "list", "--store", "s.sqlite"], cwd: cwd)
        #expect(table.stdout.contains("0.1.0+import.2"), "\(table.stdout)")
        let id = try #require(rows.last?["id"] as? String)
        let show = runMentorCert(["bank", "show", String(id.prefix(10)), "--store", "s.sqlite"], cwd: cwd)
        #expect(show.stdout.contains("label        0.1.0+import.2 (version 2 of bank fixture-bank)"), "\(show.stdout)")
    }
}
