import Foundation
import Tables
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

/// `bank show` and `bank stats` display the bank's θ scale (issue 14): table, JSON and CSV forms, for a
/// bank without a scale block (N(0, 1)) and one with a scale and a last calibration sample.
@Suite(.serialized) struct BankScaleCLITests {
    func bankWithScale(_ cwd: URL) throws -> String {
        let dir = cwd.appendingPathComponent("scaled")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: fixtureBank), to: dir)
        let manifest = dir.appendingPathComponent("bank.yaml")
        var text = try String(contentsOf: manifest, encoding: .utf8)
            .replacingOccurrences(of: "schemaVersion: 1", with: "schemaVersion: 2")
        text += """

            scale:
              latentMean: 0.25
              latentVariance: 1.44
              calibration: cal-0123456789abcdef
              lastCalibrationSample:
                calibration: cal-fedcba9876543210
                persons: 1200
                latentMean: 0.4
                latentVariance: 0.9

            """
        try text.write(to: manifest, atomically: true, encoding: .utf8)
        return dir.path
    }

    @Test func scaleInEveryForm() throws {
        let cwd = try temporaryWorkingDirectory()
        let plain = runMentorCert(["bank", "import", fixtureBank, "--format", "json"], cwd: cwd)
        let plainID = try #require(try jsonObject(plain.stdout)["versionId"] as? String, "\(plain.stderr)")
        let scaledImport = runMentorCert(["bank", "import", try bankWithScale(cwd), "--format", "json"], cwd: cwd)
        let scaledID = try #require(try jsonObject(scaledImport.stdout)["versionId"] as? String, "\(scaledImport.stderr)")

        // JSON: bank show and bank stats carry the same scale object.
        for command in ["show", "stats"] {
            let json = try jsonObject(runMentorCert(["bank", command, scaledID, "--format", "json"], cwd: cwd).stdout)
            let scale = try #require(json["scale"] as? [String: Any], "bank \(command)")
            #expect(scale["latentMean"] as? Double == 0.25 && scale["latentVariance"] as? Double == 1.44)
            #expect(scale["calibration"] as? String == "cal-0123456789abcdef" && scale["declared"] as? Bool == true)
            let sample = try #require(scale["lastCalibrationSample"] as? [String: Any])
            #expect(sample["persons"] as? Int == 1200 && sample["latentVariance"] as? Double == 0.9)
            let plainScale = try #require(try jsonObject(runMentorCert(["bank", command, plainID, "--format", "json"],
                                                                       cwd: cwd).stdout)["scale"] as? [String: Any])
            #expect(plainScale["latentMean"] as? Double == 0 && plainScale["latentVariance"] as? Double == 1)
            #expect(plainScale["declared"] as? Bool == false && plainScale["lastCalibrationSample"] == nil)
        }

        // Table: a scale line and the sample line.
        let show = runMentorCert(["bank", "show", scaledID], cwd: cwd)
        #expect(show.stdout.contains("scale        N(0.25, 1.44), set by cal-0123456789abcdef\n"))
        #expect(show.stdout.contains("last sample  cal-fedcba9876543210, 1200 persons: N(0.4, 0.9)\n"))
        let stats = runMentorCert(["bank", "stats", plainID], cwd: cwd)
        #expect(stats.stdout.contains("scale        N(0, 1) (no scale block)\n"))

        // CSV: the bank_scale table on request; the main table stays the default.
        let csv = runMentorCert(["bank", "show", scaledID, "--table", "scale", "--format", "csv"], cwd: cwd)
        #expect(csv.stdout == TableSchema.bankScale.csvHeader.joined(separator: ",") + "\n"
            + "0.25,1.44,cal-0123456789abcdef,true,cal-fedcba9876543210,1200,0.4,0.9\n", "\(csv.stderr)")
        let plainCSV = runMentorCert(["bank", "stats", plainID, "--table", "scale", "--format", "csv"], cwd: cwd)
        #expect(plainCSV.stdout.hasSuffix("\n0.0,1.0,,false,,,,\n"), "\(plainCSV.stdout)")
        #expect(runMentorCert(["bank", "show", scaledID, "--format", "csv"], cwd: cwd).stdout
            .hasPrefix(TableSchema.blueprintSections.csvHeader.joined(separator: ",")))
    }
}
