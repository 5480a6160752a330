import Foundation
import Testing
@testable import ItemBanking

/// The bundled bank's content hash, taken after issue 13 (estimates at the edges) left its parameters
/// unchanged. A refactoring must not change it; a deliberate change of the bank or its format updates
/// this value and says why in docs/DECISIONS.md ("The bundled bank's parameters").
@Suite("Golden content hash of the bundled bank")
struct GoldenHashTests {
    static let bundledBankHash = "986379ea88277e91e1e3782c785adee3b14a49e8d7e26f5845ede096d000d615"

    @Test("itembanks/mentorcert hashes to the recorded value")
    func bundledBankHash() throws {
        // Tests/ItemBankingTests/GoldenHashTests.swift → the repository root.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let bank = try ItemBank.load(directory: root.appendingPathComponent("itembanks/mentorcert").path)
        #expect(try bank.contentHash() == Self.bundledBankHash)
    }
}
