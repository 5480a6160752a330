/// A recorded calibration: which response set it fitted and which bank version carries its parameters.
public struct CalibrationSummary: Sendable, Equatable, Codable {
    /// The calibration id (e.g. `cal-1718000000-1a2b3c4d`).
    public var id: String
    /// The response set that was calibrated.
    public var responseSetID: String
    /// The model, or `bank` when each item kept its bank model.
    public var model: String
    /// The bank version holding the calibrated parameters; `nil` only for calibrations recorded by an
    /// engine older than the `v2-calibration-bank-version` migration whose content matched an existing
    /// version.
    public var bankVersionID: String?
    /// ISO 8601, UTC.
    public var createdAt: String
}

/// A recorded calibration with its settings and its full result, as read back from the store.
public struct StoredCalibration: Sendable, Equatable {
    /// Ids, model and time.
    public var summary: CalibrationSummary
    /// The calibration settings as recorded (name → value).
    public var settings: [String: String]
    /// The calibration output document (the `calibrate --format json` JSON text), byte for byte as stored.
    public var resultJSON: String
}
