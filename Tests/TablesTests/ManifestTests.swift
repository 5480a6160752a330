import Foundation
import Testing
@testable import Tables

@Suite("Manifest and export directory")
struct ManifestTests {
    @Test("tables and manifest are written atomically and the manifest records every table")
    func export() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tables-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let scores = try Table(.personScores, rows: [
            [.text("p1"), .number(0.25), .number(0.4), .text("eap"), .null, .integer(3)],
            [.text("p2"), .number(.infinity), .null, .text("ml"), .text("allCorrect"), .integer(3)],
        ])
        var manifest = TableManifest(engineVersion: "0.1.0", seed: 18_446_744_073_709_551_615,
                                     bank: .init(versionId: "abc", contentHash: "def"), dataSetHash: "123",
                                     createdAt: Date(timeIntervalSince1970: 1_700_000_000))
        manifest.warnings.append("simulated data")
        var export = TableExport(directory: dir.path, manifest: manifest)
        try export.writeCSV(scores)
        try export.writeManifest()

        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(files == ["manifest.json", "person_scores.csv"])
        let csv = try String(contentsOf: dir.appendingPathComponent("person_scores.csv"), encoding: .utf8)
        #expect(csv.hasPrefix(TableSchema.personScores.csvHeader.joined(separator: ",") + "\n"))
        let data = try Data(contentsOf: dir.appendingPathComponent("manifest.json"))
        let back = try JSONDecoder().decode(TableManifest.self, from: data)
        #expect(back.schemaVersion == TableManifest.currentSchemaVersion)
        #expect(back.engineVersion == "0.1.0")
        #expect(back.createdAt == "2023-11-14T22:13:20Z")
        #expect(back.seed == 18_446_744_073_709_551_615)
        #expect(back.bank == .init(versionId: "abc", contentHash: "def"))
        #expect(back.dataSetHash == "123")
        #expect(back.tables == [.init(file: "person_scores.csv", schema: "person_scores", schemaVersion: 1, rows: 2)])
        #expect(back.warnings.count == 2)
        #expect(back.warnings.last?.contains("person_scores.csv: person_scores, row 2 (p2), column theta") == true)
    }

    @Test("a write into a missing directory fails with the path and leaves nothing behind")
    func failure() {
        let path = "/nonexistent-\(UUID().uuidString)/t.csv"
        do {
            try AtomicFile.write("x", to: path)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains(path))
        }
    }
}
