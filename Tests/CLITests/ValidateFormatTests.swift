import Foundation
import Testing

@Suite("CLI: bank validate formats")
struct ValidateFormatTests {
    @Test("bank validate --format csv lists one problem per row with file, line and item")
    func csv() {
        let broken = repositoryRoot.appendingPathComponent("Tests/ItemBankingTests/Fixtures/broken").path
        let r = runMentorCert(["bank", "validate", broken, "--format", "csv"], cwd: FileManager.default.temporaryDirectory)
        #expect(r.status == 1)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.first == "file,line,severity,item_id,message")
        #expect(lines.dropFirst().contains { $0.hasPrefix("items/S1.yaml,") && $0.contains(",error,S1-001,") })
    }
}
