import Foundation
import Testing

let fixtureBank = repositoryRoot.appendingPathComponent("Tests/ItemBankingTests/Fixtures/valid").path
let brokenBank = repositoryRoot.appendingPathComponent("Tests/ItemBankingTests/Fixtures/broken").path

/// Parses JSON output into a dictionary.
func jsonObject(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
}

@Suite(.serialized) struct BankCLITests {
    @Test func validateValidBank() throws {
        let r = runMentorCert(["bank", "validate", fixtureBank], cwd: try temporaryWorkingDirectory())
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("valid — bank fixture-bank 0.1.0, 12 items"))
        #expect(r.stdout.contains("types: multiple-choice 8, graded 4"))
    }

    @Test func validateBrokenBankFailsWithFileAndLine() throws {
        let r = runMentorCert(["bank", "validate", brokenBank], cwd: try temporaryWorkingDirectory())
        #expect(r.status == 1)
        #expect(r.stdout.contains("\(brokenBank)/items/S1.yaml:6: error: [S1-001] unknown key `stme`"), "\(r.stdout)")
        #expect(r.stdout.contains("\(brokenBank)/items/S1.yaml:12: error: [S1-001] key `E` is not among the option labels"))
        #expect(r.stdout.contains("error(s)"))
    }

    @Test func importTwiceListShowStatsExport() throws {
        let cwd = try temporaryWorkingDirectory()
        let first = runMentorCert(["bank", "import", fixtureBank], cwd: cwd)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("as new version"))
        let second = runMentorCert(["bank", "import", fixtureBank, "--format", "json"], cwd: cwd)
        let secondJSON = try jsonObject(second.stdout)
        #expect(secondJSON["created"] as? Bool == false)
        let id = try #require(secondJSON["versionId"] as? String)
        #expect(first.stdout.contains(id))
        let again = runMentorCert(["bank", "import", fixtureBank], cwd: cwd)
        #expect(again.stdout.contains("already"))

        let list = try jsonObject(runMentorCert(["bank", "list", "--format", "json"], cwd: cwd).stdout)
        #expect(list["schemaVersion"] as? Int == 1)
        #expect((list["bankVersions"] as? [[String: Any]])?.count == 1)

        let show = try jsonObject(runMentorCert(["bank", "show", String(id.prefix(8)), "--format", "json"], cwd: cwd).stdout)
        #expect((show["manifest"] as? [String: Any])?["name"] as? String == "fixture-bank")
        #expect((show["counts"] as? [String: Any])?["items"] as? Int == 12)

        let stats = try jsonObject(runMentorCert(["bank", "stats", id, "--format", "json"], cwd: cwd).stdout)
        let statistics = try #require(stats["statistics"] as? [String: Any])
        #expect((statistics["coverage"] as? [[String: Any]])?.count == 2)
        #expect((statistics["parameters"] as? [[String: Any]])?.contains { $0["model"] as? String == "2pl" } == true)
        let csv = runMentorCert(["bank", "stats", id, "--format", "csv"], cwd: cwd)
        #expect(csv.stdout.hasPrefix("section,share,min_items,max_items,operational_items"))

        let export = runMentorCert(["bank", "export", id, "exported"], cwd: cwd)
        #expect(export.status == 0, "\(export.stderr)")
        let revalidate = runMentorCert(["bank", "import", "exported"], cwd: cwd)
        #expect(revalidate.stdout.contains("already"), "\(revalidate.stdout)\(revalidate.stderr)")
    }

    @Test func importRefusesBrokenBankAndUnknownVersionSaysWhatToDo() throws {
        let cwd = try temporaryWorkingDirectory()
        let r = runMentorCert(["bank", "import", brokenBank], cwd: cwd)
        #expect(r.status == 1)
        #expect(r.stderr.contains("items/S1.yaml:6: error: [S1-001]"))
        #expect(r.stderr.contains("Nothing was imported"))
        let show = runMentorCert(["bank", "show", "abcdef0123"], cwd: cwd)
        #expect(show.status == 1)
        #expect(show.stderr.contains("mentorcert bank list"))
    }
}
