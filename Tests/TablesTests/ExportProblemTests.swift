import Foundation
import Testing
@testable import Tables

/// An export that cannot be written says why in our words (issue 15): the missing directory, a
/// directory where a table file should be; never Foundation's text.
@Suite struct ExportProblemTests {
    static let foreign = ["NSCocoaErrorDomain", "The operation could not be completed", "Error Domain="]

    @Test("a missing export directory and a directory in the way of a table")
    func problems() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tables-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let manifest = TableManifest(engineVersion: "0.1.0")
        let missing = TableExport(directory: dir.appendingPathComponent("nowhere").path, manifest: manifest)
        do { try missing.writeManifest(); Issue.record("written") } catch {
            #expect("\(error)".contains("does not exist"), "\(error)")
            for f in Self.foreign { #expect(!"\(error)".contains(f)) }
        }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("manifest.json"), withIntermediateDirectories: true)
        let blocked = TableExport(directory: dir.path, manifest: manifest)
        do { try blocked.writeManifest(); Issue.record("written") } catch {
            #expect("\(error)".contains("is a directory"), "\(error)")
            for f in Self.foreign { #expect(!"\(error)".contains(f)) }
        }
    }
}
