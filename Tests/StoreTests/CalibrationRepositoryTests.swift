import Foundation
import Testing
import ItemBanking
@testable import Store

@Suite struct CalibrationRepositoryTests {
    /// The sample bank with the slope of its first item changed, as a calibration would.
    private func calibratedBank() -> ItemBank {
        var bank = sampleBank()
        bank.items[0].parameters = ItemParameters(model: .twoPL, discrimination: 1.7, intercept: 0.1)
        return bank
    }

    @Test func aRecordedCalibrationReadsBackWithItsVersion() throws {
        let (store, _) = try temporaryStore()
        let (parent, set) = try storedSample(store)
        let result = #"{"items":[{"id":"S1-001","discrimination":1.7}],"iterations":12}"#
        let version = try store.recordCalibration(id: "cal-1-abcdef01", responseSet: String(set.prefix(6)), model: "bank",
                                                  settings: ["tolerance": "1e-4"], resultJSON: result,
                                                  bank: calibratedBank(), parent: String(parent.prefix(8)))
        #expect(version.created)

        let stored = try store.calibration("cal-1-abcdef01")
        #expect(stored.summary.responseSetID == set)
        #expect(stored.summary.bankVersionID == version.versionID)
        #expect(stored.summary.model == "bank")
        #expect(stored.settings == ["tolerance": "1e-4"])
        #expect(stored.resultJSON == result)
        #expect(try store.calibration("cal-1-abc").summary.id == "cal-1-abcdef01")
        #expect(try store.listCalibrations().map(\.id) == ["cal-1-abcdef01"])

        let child = try store.bankVersion(version.versionID).summary
        #expect(child.parentID == parent && child.reason == "calibration")
        #expect(child.source.contains("cal-1-abcdef01"))
        #expect(try store.auditLog().map(\.action) == ["bank.import", "responses.import", "calibration", "bank.version"])
    }

    @Test func aCalibrationMatchingAStoredVersionPointsAtIt() throws {
        let (store, _) = try temporaryStore()
        let (parent, set) = try storedSample(store)
        // The parameters did not change: the "new" version is the parent itself.
        let version = try store.recordCalibration(id: "cal-same", responseSet: set, model: "bank", settings: [:],
                                                  resultJSON: "{}", bank: sampleBank(), parent: parent)
        #expect(!version.created && version.versionID == parent)
        #expect(try store.calibration("cal-same").summary.bankVersionID == parent)
    }

    @Test func aFailedCalibrationLeavesTheStoreUnchanged() throws {
        let (store, _) = try temporaryStore()
        let (parent, set) = try storedSample(store)
        _ = try store.recordCalibration(id: "cal-first", responseSet: set, model: "bank", settings: [:], resultJSON: "{}",
                                        bank: calibratedBank(), parent: parent)
        let before = try store.rowCounts()
        let log = try store.auditLog()
        var other = calibratedBank()
        other.items[1].parameters = ItemParameters(model: .graded, discrimination: 1.3, intercepts: [1.1, -0.9])
        // An unknown parent fails after the calibration row was written: everything is rolled back.
        #expect(throws: StoreError.self) {
            try store.recordCalibration(id: "cal-second", responseSet: set, model: "bank", settings: [:], resultJSON: "{}",
                                        bank: other, parent: "ffffffffffff")
        }
        // The same id twice.
        do {
            _ = try store.recordCalibration(id: "cal-first", responseSet: set, model: "bank", settings: [:], resultJSON: "{}",
                                            bank: other, parent: parent)
            Issue.record("a second calibration with the same id must fail")
        } catch {
            #expect(error.kind == .alreadyExists(what: "calibration", id: "cal-first"))
        }
        // An unknown response set, and a result that is not JSON.
        #expect(throws: StoreError.self) {
            try store.recordCalibration(id: "cal-third", responseSet: "0000000000", model: "bank", settings: [:],
                                        resultJSON: "{}", bank: other, parent: parent)
        }
        #expect(throws: StoreError.self) {
            try store.recordCalibration(id: "cal-fourth", responseSet: set, model: "bank", settings: [:],
                                        resultJSON: "not json", bank: other, parent: parent)
        }
        #expect(try store.rowCounts() == before)
        #expect(try store.auditLog() == log)
        #expect(try store.listCalibrations().map(\.id) == ["cal-first"])
    }

    @Test func anUnknownCalibrationIsNamed() throws {
        let (store, _) = try temporaryStore()
        do {
            _ = try store.calibration("cal-missing")
            Issue.record("expected unknown calibration")
        } catch {
            #expect(error.kind == .unknownCalibration("cal-missing"))
        }
    }
}
