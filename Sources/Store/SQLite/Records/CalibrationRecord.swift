import GRDB

/// A row of `calibration`: settings and result as JSON text, and (since `v2-calibration-bank-version`)
/// the bank version carrying the parameters.
struct CalibrationRecord: StoreRecord {
    static let databaseTableName = "calibration"
    var id: String
    var responseSetId: String
    var model: String
    var settings: String
    var result: String
    var createdAt: String
    var bankVersionId: String?

    var summary: CalibrationSummary {
        CalibrationSummary(id: id, responseSetID: responseSetId, model: model, bankVersionID: bankVersionId,
                           createdAt: createdAt)
    }
}
