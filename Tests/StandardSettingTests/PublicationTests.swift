import Foundation
import MentorCertTestSupport
import ItemBanking
import StandardSetting
import Store
import Testing

/// `--write`: the cuts in a new bank version with its parent, reason, the panel file's hash and an audit entry.
@Suite struct PublicationTests {
    func temporaryStore() throws -> MentorCertStore {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("standards-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return try MentorCertStore(path: dir.appendingPathComponent("s.sqlite").path, actor: "tester")
    }

    @Test func aNewVersionHoldsTheCutsAndTheParentIsUnchanged() throws {
        let store = try temporaryStore()
        let bank = smallBank()
        let parent = try store.importBank(bank).versionID
        let file = try panel(AngoffTests.ratings, name: "ratings.csv")
        let record = try ModifiedAngoff.record(file: file, bank: bank, bankVersionID: parent)
        let written = try StandardSettingPublication.publish(record, bank: bank, parentID: parent, repository: store)
        let version = try #require(written.writtenVersion)
        #expect(version.created && version.parentId == parent && version.bankVersionId != parent)

        let (summary, manifest) = try store.bankVersion(version.bankVersionId)
        #expect(summary.parentID == parent && summary.reason == "standard setting")
        if let hash = systemSHA256(AngoffTests.ratings) { #expect(file.sha256 == hash) }
        #expect(summary.source.contains("sha256:\(file.sha256)") && summary.source.contains("ratings.csv"))
        let intermediate = try #require(record.levels[0].thetaCut), advanced = try #require(record.levels[1].thetaCut)
        #expect(abs(manifest.cutScores.intermediate - intermediate) <= 0.00005)
        #expect(abs(manifest.cutScores.advanced - advanced) <= 0.00005)
        #expect(manifest.cutScores.expert == 1.4)
        #expect(try store.bank(of: version.bankVersionId).items == bank.items)
        // The parent keeps its cuts; the audit log has the new version with the reason and the source.
        #expect(try store.bankVersion(parent).manifest.cutScores == bank.manifest.cutScores)
        let entry = try #require(try store.auditLog().last)
        #expect(entry.action == "bank.version" && entry.subject == version.bankVersionId)
        #expect(entry.detail.contains("standard setting") && entry.detail.contains(file.sha256))
    }

    @Test func theRecordRoundTripsAsJSON() throws {
        let record = try ModifiedAngoff.record(file: try panel(AngoffTests.ratings), bank: smallBank(), bankVersionID: "v")
        let data = try JSONEncoder().encode(record)
        #expect(try JSONDecoder().decode(StandardSettingRecord.self, from: data) == record)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["schemaVersion"] as? Int == 1)
        #expect(Set(object.keys).isSuperset(of: ["method", "bankName", "bankVersionId", "panelFile", "levels", "cutScores",
                                                  "previousCutScores", "ordered", "warnings", "settings", "simulatedParameters",
                                                  "booklet", "hofstee", "writtenVersion"]))
        // Keys of values that do not exist are written as null (DECISIONS §8), not left out.
        #expect(object["writtenVersion"] is NSNull && object["booklet"] is NSNull)
    }
}
