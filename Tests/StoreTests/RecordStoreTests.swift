import Foundation
import Testing
import ItemBanking
@testable import Store

/// The engine's view of the store: only the repository protocols, no SQLite.
@Suite struct RecordStoreTests {
    /// Runs a whole bank → responses → calibration → session → audit round trip through `any RecordStore`.
    private func roundTrip(_ store: any RecordStore) throws {
        let version = try store.importBank(sampleBank()).versionID
        #expect(try store.resolveBankVersion(String(version.prefix(7))) == version)
        let set = try store.importResponses(sampleMatrix(), name: "n", source: "s.csv", bankVersion: version).id
        var calibrated = sampleBank()
        calibrated.items[0].parameters = ItemParameters(model: .twoPL, discrimination: 1.1, intercept: 0)
        let child = try store.recordCalibration(id: "cal-x", responseSet: set, model: "bank", settings: [:],
                                                resultJSON: "{}", bank: calibrated, parent: version).versionID
        #expect(try store.calibration("cal-x").summary.bankVersionID == child)
        #expect(try store.bank(of: child) == calibrated)
        _ = try store.createSession(NewExamSession(id: "s", candidate: "c", bankVersionID: child,
                                                   assessment: "certification", attempt: 1))
        _ = try store.appendEvent(NewSessionEvent(type: "t", payload: Data("{}".utf8)), to: "s", expectedSequence: 0)
        #expect(try store.session("s").eventCount == 1)
        #expect(try store.auditLog().map(\.action)
                == ["bank.import", "responses.import", "calibration", "bank.version", "exam.session"])
    }

    @Test func theSQLiteStoreServesEveryRepository() throws {
        let (store, _) = try temporaryStore()
        try roundTrip(store)
    }

    @Test func aFailedBankVersionLeavesTheStoreUnchanged() throws {
        let (store, _) = try temporaryStore()
        _ = try storedSample(store)
        let before = try store.rowCounts()
        var changed = sampleBank()
        changed.manifest.cutScores.expert = 1.7
        // An unknown parent.
        #expect(throws: StoreError.self) {
            try store.createBankVersion(changed, parent: "0123456789", reason: "standard setting", source: "panel.csv")
        }
        // A prefix shorter than six characters is refused.
        do {
            _ = try store.createBankVersion(changed, parent: "abc", reason: "standard setting", source: "panel.csv")
            Issue.record("a short prefix must fail")
        } catch {
            #expect(error.kind == .prefixTooShort("abc"))
        }
        #expect(try store.rowCounts() == before)
    }
}
