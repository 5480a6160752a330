import Foundation
import Testing
import ItemBanking
@testable import Store

/// Bank versions a person can tell apart (issue 15): a sequence number per bank name, and a label that
/// is the author's for the first version of a label and `LABEL+TAG.SEQUENCE` for every other.
@Suite struct BankVersionLabelTests {
    func calibrated(_ discrimination: Double) -> ItemBank {
        var bank = sampleBank()
        bank.items[0].parameters = ItemParameters(model: .twoPL, discrimination: discrimination, intercept: 0.1)
        return bank
    }

    @Test("imports and calibrations get sequence numbers and distinct labels; identical content keeps its version")
    func sequenceAndLabels() throws {
        let (store, _) = try temporaryStore()
        let root = try store.importBank(sampleBank()).versionID
        let first = try store.createBankVersion(calibrated(1.4), parent: root, reason: "calibration", source: "cal-a", calibrationID: nil)
        let second = try store.createBankVersion(calibrated(1.6), parent: root, reason: "calibration (unconverged)",
                                                 source: "cal-b", calibrationID: nil)
        let edited = try store.importBank(sampleBank(stemSuffix: " (edited)")).versionID
        // The same content again: the existing version, no new number.
        #expect(try store.createBankVersion(calibrated(1.4), parent: root, reason: "calibration", source: "cal-c",
                                            calibrationID: nil) == (first.versionID, false))
        #expect(try store.importBank(sampleBank()) == (root, false))

        let versions = try store.listBankVersions()
        let byID = Dictionary(uniqueKeysWithValues: versions.map { ($0.id, $0) })
        #expect(versions.map(\.sequence) == [1, 2, 3, 4])
        #expect(byID[root]?.label == "1.0")
        #expect(byID[first.versionID]?.label == "1.0+cal.2")
        #expect(byID[second.versionID]?.label == "1.0+cal.3")
        #expect(byID[edited]?.label == "1.0+import.4")
        #expect(Set(versions.map(\.label)).count == versions.count, "labels tell every version apart")
        #expect(try store.bankVersion(String(first.versionID.prefix(8))).summary.sequence == 2)
    }

    @Test("each bank name counts its own versions")
    func perName() throws {
        let (store, _) = try temporaryStore()
        _ = try store.importBank(sampleBank())
        var other = sampleBank()
        other.manifest.name = "other"
        let o = try store.importBank(other).versionID
        let summary = try store.bankVersion(o).summary
        #expect(summary.sequence == 1 && summary.label == "1.0")
    }

    @Test("versions stored by an older engine get numbers in creation order")
    func backfill() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("old.sqlite").path
        let old = try MentorCertStore(path: path, actor: "t", migratingUpTo: "v3-exam-session-event-log")
        let manifest = "{\"name\":\"sample\"}"
        for (k, id) in ["b", "a", "c"].enumerated() {
            let parent = k == 0 ? "NULL" : "'\(String(repeating: "b", count: 64))'"
            try old.execute(sql: """
                INSERT INTO bank_version (id, name, label, parent_id, reason, source, created_at, manifest, item_count)
                VALUES ('\(String(repeating: id, count: 64))', 'sample', '2.0', \(parent), '\(k == 0 ? "import" : "calibration")',
                        's', '2026-01-0\(k + 1)T00:00:00Z', '\(manifest)', 0)
                """)
        }
        let store = try MentorCertStore(path: path, actor: "t")
        let versions = try store.listBankVersions()
        #expect(versions.map(\.sequence) == [1, 2, 3])
        #expect(versions.map(\.label) == ["2.0", "2.0+cal.2", "2.0+cal.3"])
    }
}
