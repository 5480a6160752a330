import Foundation
import GRDB
import ItemBanking

/// `CalibrationRepository` on SQLite (conformance declared with the class, see `RecordStore`).
extension MentorCertStore {
    public func recordCalibration(id calibrationID: String, responseSet: String, model: String,
                                  settings: [String: String], resultJSON: String, bank: ItemBank,
                                  parent: String) throws(StoreError) -> (versionID: String, created: Bool) {
        let versionID = try Self.contentHash(of: bank)
        guard (try? JSONSerialization.jsonObject(with: Data(resultJSON.utf8), options: .fragmentsAllowed)) != nil else {
            throw StoreError(.invalidInput("calibration \(calibrationID): the result is not JSON text; nothing was stored"))
        }
        return try write { db in
            if try CalibrationRecord.exists(db, key: calibrationID) {
                throw StoreError(.alreadyExists(what: "calibration", id: calibrationID))
            }
            let setID = try resolveSet(db, responseSet)
            return try insertCalibration(db, id: calibrationID, setID: setID, model: model, settings: settings,
                                         resultJSON: resultJSON, bank: bank, versionID: versionID, parent: parent)
        }
    }

    /// The calibration row and its bank version, inside the caller's transaction.
    private func insertCalibration(_ db: Database, id calibrationID: String, setID: String, model: String,
                                   settings: [String: String], resultJSON: String, bank: ItemBank, versionID: String,
                                   parent: String, reason: String = "calibration") throws -> (versionID: String, created: Bool) {
        var record = CalibrationRecord(id: calibrationID, responseSetId: setID, model: model,
                                       settings: try Self.json(settings), result: resultJSON,
                                       createdAt: Self.now(), bankVersionId: nil)
        // The calibration row first: the version's item parameters refer to it.
        try record.insert(db)
        try audit(db, action: "calibration", subject: calibrationID, detail: ["responseSet": setID, "model": model])
        let version = try insertVersion(db, id: versionID, bank: bank, parent: parent, reason: reason,
                                        source: "calibration \(calibrationID) of response set \(setID)",
                                        calibrationID: calibrationID)
        record.bankVersionId = version.versionID
        try record.update(db)
        return version
    }

    public func recordBankCalibration(_ request: BankCalibrationRequest,
                                      result: (BankCalibrationIDs) throws -> String) throws(StoreError) -> BankCalibrationIDs {
        let parentID = try Self.contentHash(of: request.calibratedBank)
        let newID = try Self.contentHash(of: request.newBank)
        try Self.checkStorable(request.responses, name: request.responsesName)
        let ids = try write { db in
            _ = try insertVersion(db, id: parentID, bank: request.calibratedBank, parent: nil, reason: "import",
                                  source: request.bankSource, calibrationID: nil)
            let set = try insertResponses(db, request.responses, name: request.responsesName,
                                          source: request.responsesSource, versionID: parentID)
            Failpoint.hit("store.bank-calibration.response-set-written")
            let calibrationID = request.calibrationID
            guard calibrationID == Self.calibrationID(responseSetID: set.id, settings: request.settings) else {
                throw StoreError(.invalidInput("calibration \(calibrationID) is not the id of these inputs; derive it with "
                    + "calibrationID(for:) before calibrating"))
            }
            var ids = BankCalibrationIDs(calibrationID: calibrationID, parentVersionID: parentID, responseSetID: set.id,
                                         newVersionID: newID, created: false)
            if let existing = try CalibrationRecord.fetchOne(db, key: calibrationID) {
                ids.newVersionID = existing.bankVersionId ?? newID
                return ids
            }
            let json = try result(ids)
            guard (try? JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed)) != nil else {
                throw StoreError(.invalidInput("calibration \(calibrationID): the result is not JSON text; nothing was stored"))
            }
            let version = try insertCalibration(db, id: calibrationID, setID: set.id, model: request.model,
                                                settings: request.settings, resultJSON: json, bank: request.newBank,
                                                versionID: newID, parent: parentID,
                                                reason: request.unconverged ? "calibration (unconverged)" : "calibration")
            ids.newVersionID = version.versionID
            ids.created = true
            Failpoint.hit("store.bank-calibration.version-written")
            return ids
        }
        Failpoint.hit("store.bank-calibration.committed")
        return ids
    }

    public func calibrationID(for request: BankCalibrationRequest) throws(StoreError) -> String {
        try Self.calibrationID(for: request)
    }

    /// The id of a bank-aware calibration of these inputs, without opening a store (a pure function of
    /// the inputs).
    public static func calibrationID(for request: BankCalibrationRequest) throws(StoreError) -> String {
        let parentID = try Self.contentHash(of: request.calibratedBank)
        let setHash: String
        do { setHash = try Self.contentHash(of: request.responses, bankVersion: parentID) } catch {
            throw StoreError(.invalidInput("response set \(request.responsesName) cannot be hashed: \(error)"))
        }
        return Self.calibrationID(responseSetID: String(setHash.prefix(16)), settings: request.settings)
    }

    /// `cal-` and 16 hex digits of SHA-256 over the response-set id (which covers the data and the bank
    /// version) and the settings (DECISIONS §13: calibration ids are a hash of the inputs).
    static func calibrationID(responseSetID: String, settings: [String: String]) -> String {
        var hasher = SHA256()
        hasher.update(Array(responseSetID.utf8)); hasher.update([0])
        for key in settings.keys.sorted() {
            hasher.update(Array(key.utf8)); hasher.update([0])
            hasher.update(Array((settings[key] ?? "").utf8)); hasher.update([0])
        }
        return "cal-" + hasher.finalize().prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    public func listCalibrations() throws(StoreError) -> [CalibrationSummary] {
        try read { db in
            try CalibrationRecord.order(Column("created_at"), Column("id")).fetchAll(db).map(\.summary)
        }
    }

    public func calibration(_ idOrPrefix: String) throws(StoreError) -> StoredCalibration {
        try read { db in
            let id = try resolve(db, CalibrationRecord.self, prefix: idOrPrefix) { StoreError(.unknownCalibration($0)) }
            guard let record = try CalibrationRecord.fetchOne(db, key: id) else { throw StoreError(.unknownCalibration(idOrPrefix)) }
            return StoredCalibration(
                summary: record.summary,
                settings: try Self.decode([String: String].self, record.settings, what: "settings of calibration \(id)"),
                resultJSON: record.result)
        }
    }
}
