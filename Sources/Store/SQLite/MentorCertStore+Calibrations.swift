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
            var record = CalibrationRecord(id: calibrationID, responseSetId: setID, model: model,
                                           settings: try Self.json(settings), result: resultJSON,
                                           createdAt: Self.now(), bankVersionId: nil)
            // The calibration row first: the version's item parameters refer to it.
            try record.insert(db)
            try audit(db, action: "calibration", subject: calibrationID, detail: ["responseSet": setID, "model": model])
            let version = try insertVersion(db, id: versionID, bank: bank, parent: parent, reason: "calibration",
                                            source: "calibration \(calibrationID) of response set \(setID)",
                                            calibrationID: calibrationID)
            record.bankVersionId = version.versionID
            try record.update(db)
            return version
        }
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
