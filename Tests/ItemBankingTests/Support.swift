import Foundation
import Testing
@testable import ItemBanking

/// The fixture directory copied into the test bundle.
func fixtureURL(_ name: String) throws -> URL {
    let base = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
    return base.appendingPathComponent(name)
}

/// A fresh temporary directory.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("itembanking-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Copies the valid fixture bank into a temporary directory and applies text edits to its files.
func mutatedBank(_ edits: [(file: String, find: String, replace: String)]) throws -> URL {
    let dir = try temporaryDirectory().appendingPathComponent("bank")
    try FileManager.default.copyItem(at: try fixtureURL("valid"), to: dir)
    for edit in edits {
        let url = dir.appendingPathComponent(edit.file)
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains(edit.find), "fixture edit not applicable: \(edit.find)")
        let range = try #require(text.range(of: edit.find))
        try text.replacingCharacters(in: range, with: edit.replace).write(to: url, atomically: true, encoding: .utf8)
    }
    return dir
}

/// The 1-based line of the first line containing `marker` in a bank file.
/// With `after`, the search starts at the first line containing `after` (e.g. the item's `- id:` line).
func line(of marker: String, in file: String, bank: URL, after: String? = nil) throws -> Int {
    let text = try String(contentsOf: bank.appendingPathComponent(file), encoding: .utf8)
    let lines = text.components(separatedBy: "\n")
    let start = after.flatMap { a in lines.firstIndex { $0.contains(a) } } ?? 0
    return try #require(lines[start...].firstIndex { $0.contains(marker) }) + 1
}
