import ResponseData
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

    /// The id a bank-aware calibration of these inputs gets (derive it before calibrating: the new
    /// parameters carry it).
    func calibrationID(for request: BankCalibrationRequest) throws(StoreError) -> String

    /// A bank-aware calibration recorded whole, in **one** transaction: the calibrated bank version
    /// (imported by content hash if new), the response set (by content hash), the calibration and the
    /// new bank version with its parameters. The calibration id is a hash of its inputs (the response
    /// set, which covers the data and the bank version, and the settings; ``calibrationID(for:)``), so
    /// running the same calibration again returns the existing calibration and version
    /// (`created: false`).
    /// - Parameter result: builds the result document once the ids are known (inside the transaction).
    func recordBankCalibration(_ request: BankCalibrationRequest,
                               result: (BankCalibrationIDs) throws -> String) throws(StoreError) -> BankCalibrationIDs

    /// All calibrations, oldest first.
    func listCalibrations() throws(StoreError) -> [CalibrationSummary]

    /// A calibration with its settings and result (id or unique prefix).
    func calibration(_ idOrPrefix: String) throws(StoreError) -> StoredCalibration
}

/// What a bank-aware calibration writes (see ``CalibrationRepository/recordBankCalibration(_:result:)``).
public struct BankCalibrationRequest: Sendable {
    /// The bank version that was calibrated, and where it came from (a directory or a stored id).
    public var calibratedBank: ItemBank
    public var bankSource: String
    public var responses: ResponseMatrix
    public var responsesName: String
    public var responsesSource: String
    public var model: String
    public var settings: [String: String]
    /// The bank with the new parameters (the new version's content); empty until calibrated.
    public var newBank: ItemBank
    /// The calibration id (``CalibrationRepository/calibrationID(for:)``).
    public var calibrationID: String = ""
    /// A calibration that did not converge, published on request: its version's reason says so
    /// (`calibration (unconverged)`).
    public var unconverged: Bool = false

    public init(calibratedBank: ItemBank, bankSource: String, responses: ResponseMatrix, responsesName: String,
                responsesSource: String, model: String, settings: [String: String], newBank: ItemBank) {
        self.calibratedBank = calibratedBank; self.bankSource = bankSource; self.responses = responses
        self.responsesName = responsesName; self.responsesSource = responsesSource; self.model = model
        self.settings = settings; self.newBank = newBank
    }
}

/// The ids of a recorded bank-aware calibration.
public struct BankCalibrationIDs: Sendable, Equatable {
    public var calibrationID: String
    public var parentVersionID: String
    public var responseSetID: String
    public var newVersionID: String
    /// False when an identical calibration was already stored (nothing new was written).
    public var created: Bool
}
