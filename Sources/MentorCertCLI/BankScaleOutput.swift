import ItemBanking
import Tables

/// The bank's θ scale (`BankScale`) as `bank show` and `bank stats` print it: a JSON object, a
/// `bank_scale` CSV row and terminal lines.
struct BankScaleReport: Encodable {
    var latentMean: Double
    var latentVariance: Double
    var calibration: String?
    /// The bank has a `scale` block (false: N(0, 1), the scale of a bank without one).
    var declared: Bool
    var lastCalibrationSample: CalibrationSample?

    init(_ manifest: BankManifest) {
        let scale = manifest.effectiveScale
        latentMean = scale.latentMean
        latentVariance = scale.latentVariance
        calibration = scale.calibration
        declared = manifest.scale != nil
        lastCalibrationSample = scale.lastCalibrationSample
    }

    /// The one row of the `bank_scale` table.
    var row: [TableValue] {
        let sample = lastCalibrationSample
        return [.number(latentMean), .number(latentVariance), TableValue(calibration), .boolean(declared),
                TableValue(sample?.calibration), TableValue(sample?.persons), TableValue(sample?.latentMean),
                TableValue(sample?.latentVariance)]
    }

    /// `--table scale` names the `bank_scale` table on `bank show` and `bank stats` (the short name the
    /// scale table was introduced with; `--table bank_scale` is the same).
    static let tableAliases = ["scale": TableSchema.bankScale.name]

    /// Terminal lines: `scale  N(μ, σ²) …` and, when there is one, the last calibration sample.
    var lines: String {
        var t = "scale        N(\(formatNumber(latentMean)), \(formatNumber(latentVariance)))"
            + (calibration.map { ", set by \($0)" } ?? "") + (declared ? "" : " (no scale block)") + "\n"
        if let s = lastCalibrationSample {
            t += "last sample  \(s.calibration)\(s.persons.map { ", \($0) persons" } ?? ""): "
                + "N(\(formatNumber(s.latentMean)), \(formatNumber(s.latentVariance)))\n"
        }
        return t
    }
}
