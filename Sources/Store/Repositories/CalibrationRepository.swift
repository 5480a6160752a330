import ItemBanking

/// Calibrations of stored response sets, recorded together with the bank version that carries their
/// parameters, and readable back.
///
/// Every method is one transaction; a failed write leaves the store unchanged and throws `StoreError`.
public protocol CalibrationRepository: Sendable {
    /// Records a calibration of a stored response set and the bank version carrying its parameters
    /// (parent = the version calibrated, reason `calibration`), in one transaction.
    /// - Parameters:
    ///   - id: the calibration id, unique in the store.
    ///   - responseSet: the calibrated response set (id or unique prefix).
    ///   - settings: the calibration settings (name → value).
    ///   - resultJSON: the calibration output document, JSON text.
    ///   - bank: the bank with the calibrated parameters.
    ///   - parent: the version that was calibrated (id or unique prefix).
    /// - Returns: the version carrying the parameters; `created: false` when identical content was stored.
    func recordCalibration(id: String, responseSet: String, model: String, settings: [String: String],
                           resultJSON: String, bank: ItemBank,
                           parent: String) throws(StoreError) -> (versionID: String, created: Bool)

    /// All calibrations, oldest first.
    func listCalibrations() throws(StoreError) -> [CalibrationSummary]

    /// A calibration with its settings and result (id or unique prefix).
    func calibration(_ idOrPrefix: String) throws(StoreError) -> StoredCalibration
}
