import Foundation
import Testing
import ItemBanking

private let interchangeBank = repositoryRoot.appendingPathComponent("itembanks/mentorcert").path

@Suite("export mirt|catr|qti and import qti, end to end")
struct InterchangeCLITests {
    @Test("export mirt writes the table and the R script; score reads the table back with --params")
    func exportMirt() throws {
        let cwd = try temporaryWorkingDirectory()
        let r = runMentorCert(["export", "mirt", interchangeBank, "--out", "mirt"], cwd: cwd)
        #expect(r.status == 0, "\(r.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: cwd.appendingPathComponent("mirt").path).sorted()
        #expect(names == ["mirt-model.R", "mirt-values.csv"])
        let header = try String(contentsOf: cwd.appendingPathComponent("mirt/mirt-values.csv"), encoding: .utf8)
            .split(separator: "\n").first.map(String.init)
        #expect(header == "group,item,class,name,parnum,value,lbound,ubound,est,const,nconst,prior.type,prior_1,prior_2")
        // The table is a parameter file: `export catr` from it equals `export catr` from the bank.
        let viaTable = runMentorCert(["export", "catr", "mirt/mirt-values.csv", "--out", "catr-a"], cwd: cwd)
        let viaBank = runMentorCert(["export", "catr", interchangeBank, "--out", "catr-b"], cwd: cwd)
        #expect(viaTable.status == 0 && viaBank.status == 0, "\(viaTable.stderr)\(viaBank.stderr)")
        for name in ["catr-dichotomous.csv", "catr-grm.csv"] {
            let a = try Data(contentsOf: cwd.appendingPathComponent("catr-a/\(name)"))
            let b = try Data(contentsOf: cwd.appendingPathComponent("catr-b/\(name)"))
            #expect(a == b, "\(name)")
        }
        // A second export into the now non-empty directory is refused (exit 1), nothing changed.
        let again = runMentorCert(["export", "mirt", interchangeBank, "--out", "mirt"], cwd: cwd)
        #expect(again.status == 1 && again.stderr.contains("not empty"))
    }

    @Test("export catr writes one file per model family of the bundled bank")
    func exportCatR() throws {
        let cwd = try temporaryWorkingDirectory()
        let r = runMentorCert(["export", "catr", interchangeBank, "--out", "catr"], cwd: cwd)
        #expect(r.status == 0, "\(r.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: cwd.appendingPathComponent("catr").path).sorted()
        #expect(names == ["catr-dichotomous.csv", "catr-grm.csv"])
    }

    @Test("export qti then import qti into a copy of the bank: bank validate accepts the drafts")
    func qtiRoundTrip() throws {
        let cwd = try temporaryWorkingDirectory()
        let export = runMentorCert(["export", "qti", interchangeBank, "--out", "qti"], cwd: cwd)
        #expect(export.status == 0, "\(export.stderr)")
        try FileManager.default.copyItem(atPath: interchangeBank, toPath: cwd.appendingPathComponent("bank").path)
        let imported = runMentorCert(["import", "qti", "qti/S1-003.xml", "--into", "bank", "--section", "S4",
                                      "--level", "expert", "--id-prefix", "x-"], cwd: cwd)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("x-S1-003"))
        let validate = runMentorCert(["bank", "validate", "bank"], cwd: cwd)
        #expect(validate.status == 0, "\(validate.stdout)\(validate.stderr)")
        let bank = try ItemBank.load(directory: cwd.appendingPathComponent("bank").path)
        let item = try #require(bank.item("x-S1-003"))
        let original = try #require(try ItemBank.load(directory: interchangeBank).item("S1-003"))
        #expect(item.categories == original.categories && item.section == "S4" && item.level == .expert && item.status == .draft)
        // Importing the same item again collides with the id and is refused.
        let twice = runMentorCert(["import", "qti", "qti/S1-003.xml", "--into", "bank", "--section", "S4",
                                   "--level", "expert", "--id-prefix", "x-"], cwd: cwd)
        #expect(twice.status == 1 && twice.stderr.contains("x-S1-003"))
    }
}
