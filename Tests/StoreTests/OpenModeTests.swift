import Foundation
import Testing
@testable import Store

/// Opening for reading never creates a store (issue 15); opening for writing still does.
@Suite struct OpenModeTests {
    @Test func readingAMissingStoreCreatesNothing() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("open-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("typo.sqlite").path
        #expect(throws: StoreError.self) { try MentorCertStore(path: path, mode: .existingOnly) }
        do { _ = try MentorCertStore(path: path, mode: .existingOnly) } catch {
            #expect(error.kind == .noStore(path: path))
            #expect(error.description.contains("no store at \(path)"))
        }
        #expect(!FileManager.default.fileExists(atPath: path))
        do { _ = try MentorCertStore(path: dir.path, mode: .existingOnly); Issue.record("a directory was opened") } catch {
            #expect(error.description.contains("is a directory"))
        }
        _ = try MentorCertStore(path: path)
        #expect(FileManager.default.fileExists(atPath: path))
        _ = try MentorCertStore(path: path, mode: .existingOnly)
    }
}
