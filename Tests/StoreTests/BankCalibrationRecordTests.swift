import Foundation
import Testing
import ItemBanking
import ResponseData
@testable import Store

/// `recordBankCalibration`: the whole bank-aware calibration in one transaction, with an id that is a
/// hash of its inputs (issue 15: a kill between the steps can no longer leave a response set without
/// its calibration; re-running the same calibration does not create a new version).
@Suite("Store: a bank calibration recorded whole")
struct BankCalibrationRecordTests {
    func request(_ store: MentorCertStore, settings: [String: String] = ["tolerance": "0.0001"]) throws -> BankCalibrationRequest {
        var newBank = sampleBank()
        newBank.items[0].parameters = ItemParameters(model: .twoPL, discrimination: 1.4, intercept: 0.1)
        var r = BankCalibrationRequest(calibratedBank: sampleBank(), bankSource: "bank-dir", responses: try sampleMatrix(),
                                       responsesName: "pilot", responsesSource: "pilot.csv", model: "bank",
                                       settings: settings, newBank: newBank)
        r.calibrationID = try store.calibrationID(for: r)
        return r
    }

    @Test("one transaction: a failure while building the result leaves the store exactly as it was")
    func failureLeavesNothing() throws {
        let (store, _) = try temporaryStore()
        let before = try store.rowCounts()
        struct Interrupted: Error {}
        #expect(throws: StoreError.self) {
            _ = try store.recordBankCalibration(try request(store)) { _ in throw Interrupted() }
        }
        #expect(try store.rowCounts() == before)
    }

    @Test("the same inputs give the same calibration id and version; other settings a new calibration")
    func idempotent() throws {
        let (store, _) = try temporaryStore()
        let first = try store.recordBankCalibration(try request(store)) { _ in "{}" }
        #expect(first.created && first.calibrationID.hasPrefix("cal-"))
        let counts = try store.rowCounts()
        let again = try store.recordBankCalibration(try request(store)) { _ in "{}" }
        #expect(!again.created)
        #expect(again == BankCalibrationIDs(calibrationID: first.calibrationID, parentVersionID: first.parentVersionID,
                                            responseSetID: first.responseSetID, newVersionID: first.newVersionID, created: false))
        #expect(try store.rowCounts() == counts)
        let other = try store.recordBankCalibration(try request(store, settings: ["tolerance": "0.001"])) { _ in "{}" }
        #expect(other.created && other.calibrationID != first.calibrationID)
        let stored = try store.calibration(first.calibrationID)
        #expect(stored.summary.bankVersionID == first.newVersionID)
    }

    @Test("an id that is not the hash of the inputs is refused")
    func forgedID() throws {
        let (store, _) = try temporaryStore()
        var r = try request(store)
        r.calibrationID = "cal-0000000000000000"
        #expect(throws: StoreError.self) { _ = try store.recordBankCalibration(r) { _ in "{}" } }
    }
}
