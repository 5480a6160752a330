import Foundation
import Testing
@testable import ItemBanking

/// The bundled bank's content hash, taken after issue 13 (estimates at the edges) left its parameters
/// unchanged. A refactoring must not change it; a deliberate change of the bank or its format updates
/// this value and says why in docs/DECISIONS.md ("The bundled bank's parameters").
@Suite("Golden content hash of the bundled bank")
struct GoldenHashTests {
    static let bundledBankHash = "2643cba68f07026af902f0ff6fb300f6ad1696a2b91cf221a0d76a9a118f9b92"

    @Test("itembanks/mentorcert hashes to the recorded value")
    func bundledBankHash() throws {
        // Tests/ItemBankingTests/GoldenHashTests.swift → the repository root.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let bank = try ItemBank.load(directory: root.appendingPathComponent("itembanks/mentorcert").path)
        #expect(try bank.contentHash() == Self.bundledBankHash)
    }
}
