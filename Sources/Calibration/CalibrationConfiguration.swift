import IRTModels

/// A Beta(α, β) prior on an asymptote.
public struct BetaPrior: Sendable, Equatable, Codable {
    public var alpha: Double
    public var beta: Double
    public init(alpha: Double, beta: Double) { self.alpha = alpha; self.beta = beta }

    /// The default guessing prior for an item with `options` options (DECISIONS §4):
    /// Beta(20/m + 1, 20(1 − 1/m) + 1), centred near chance 1/m with the weight of 20 observations.
    /// m = 4 gives Beta(6, 16).
    public static func guessing(options m: Int = 4) -> BetaPrior {
        let m = Double(max(2, m))
        return BetaPrior(alpha: 20 / m + 1, beta: 20 * (1 - 1 / m) + 1)
    }

    /// log density up to a constant: (α − 1) log x + (β − 1) log(1 − x).
    func logDensity(_ x: Double) -> Double {
        guard x > 0, x < 1 else { return -.infinity }
        return (alpha - 1) * _log(x) + (beta - 1) * _log(1 - x)
    }
    func gradient(_ x: Double) -> Double { (alpha - 1) / x - (beta - 1) / (1 - x) }
    func curvature(_ x: Double) -> Double { -(alpha - 1) / (x * x) - (beta - 1) / ((1 - x) * (1 - x)) }
}

/// EM acceleration.
public enum EMAcceleration: String, Sendable, CaseIterable, Codable {
    /// Plain EM (Bock & Aitkin 1981).
    case none
    /// SQUAREM, scheme S3 (Varadhan & Roland 2008, *Scand. J. Statist.* 35:335–353): two EM maps,
    /// a squared extrapolation and a stabilising EM map, with a monotonicity safeguard.
    case squarem
}

/// How the standard errors are computed.
public enum StandardErrorMethod: String, Sendable, CaseIterable, Codable {
    /// Observed information in closed form by Louis's (1982) identity: the complete-data information
    /// minus the posterior covariance of the complete-data score, as Gram products over person
    /// blocks (``LouisInformation``); one pass over the data. The default.
    case louis
    /// Observed information of the marginal likelihood by forward differences of its analytic
    /// gradient (Fisher's identity); P + 1 E-steps for P parameters.
    case forwardDifference = "forward"
    /// The same by central differences; 2P E-steps, more accurate.
    case centralDifference = "central"
}

/// Settings of one calibration. Defaults match mirt's most accurate matched setting (61 nodes on
/// [−6, 6], tolerance 1e−4, 500 cycles) with SQUAREM acceleration.
public struct CalibrationConfiguration: Sendable {
    /// The model of every item unless `itemModels` says otherwise.
    public var model: ItemModel
    /// Per-item models (a bank-aware calibration); nil = `model` for all.
    public var itemModels: [ItemModel]?
    /// Number of equally spaced quadrature nodes.
    public var quadratureNodes: Int = 61
    /// The range of the quadrature grid.
    public var quadratureRange: ClosedRange<Double> = -6...6
    /// Convergence: the largest absolute parameter change of a plain EM cycle.
    public var tolerance: Double = 1e-4
    /// Maximum number of E-steps.
    public var maxIterations: Int = 500
    public var acceleration: EMAcceleration = .squarem
    public var computeStandardErrors: Bool = true
    public var standardErrorMethod: StandardErrorMethod = .louis
    /// `.louis` with 2PL/Rasch items and complete data collapses its per-node Grams into three moment
    /// Grams (``LouisInformation``); false keeps the per-node Grams (the tests compare the two paths).
    var louisLinearScores = true
    /// Guessing prior for 3PL/4PL items; nil = none (`--guessing-prior none`, matches mirt).
    public var guessingPrior: BetaPrior? = .guessing(options: 4)
    /// Number of options of each multiple-choice item (for the guessing prior); nil = 4.
    public var optionCounts: [Int]?
    /// Items whose parameters are held fixed (fixed-parameter / pretest calibration), by column.
    public var fixedItems: [Int: ItemParameters] = [:]
    /// Starting values by column (e.g. a previous calibration); nil = automatic.
    public var startingValues: [Int: ItemParameters] = [:]
    /// Rasch: slope fixed at 1 with the latent variance estimated (true, mirt's convention), or a
    /// common free slope with variance 1 (false).
    public var raschSlopeFixed: Bool = true
    /// Merge a polytomous item's unused categories with their neighbour instead of failing.
    public var collapseUnusedCategories: Bool = false
    /// Multiple-group calibration: each person's group, the reference group and the items freed
    /// across groups (nil: one group).
    public var groups: GroupAssignment?
    /// Rasch calibrations run the E-step of persons with complete responses over their raw scores,
    /// the sufficient statistic (exact, J + 1 groups instead of N patterns; Thissen 1982); false runs
    /// every E-step over response patterns (the general path, for checking). Other models always use
    /// patterns. It changes how fast, not what, so it is not part of ``settingsSummary``.
    public var sufficientStatistics: Bool = true
    /// Rows per E-step block.
    public var blockSize: Int = 2048
    /// Worker threads for the E-step (each with one BLAS thread).
    public var threads: Int = 2
    /// Called after every E-step with (iteration, change, log-likelihood), then, while the standard
    /// errors are computed, after each parameter's column of the observed information.
    public var progress: (@Sendable (CalibrationProgress) -> Void)?

    public init(model: ItemModel) { self.model = model }
}

/// Progress of a running calibration.
public struct CalibrationProgress: Sendable {
    /// What the calibration is doing.
    public enum Phase: Sendable, Equatable {
        /// EM cycles: `iteration`, `change` and `logLikelihood` describe the last E-step.
        case estimation
        /// The observed information for the standard errors: `completed` of `total` free parameters
        /// differentiated (each costs one or two E-steps); `logLikelihood` is NaN here.
        case standardErrors(completed: Int, total: Int)
    }
    /// E-steps so far.
    public var iteration: Int
    /// The largest parameter change of the last plain EM cycle (∞ before the first).
    public var change: Double
    /// The marginal log-likelihood of the last E-step.
    public var logLikelihood: Double
    /// The phase (estimation unless said otherwise).
    public var phase: Phase = .estimation
}
#if canImport(Glibc)
import Glibc
@inline(__always) func _log(_ x: Double) -> Double { Glibc.log(x) }
#else
import Foundation
@inline(__always) func _log(_ x: Double) -> Double { Foundation.log(x) }
#endif

extension CalibrationConfiguration {
    /// The settings that determine a calibration's result, as text (part of a calibration's identity:
    /// the same data and settings give the same calibration id). Progress, threads and block size are
    /// left out: they change how fast, not what.
    public var settingsSummary: [String: String] {
        [
            "model": model.rawValue,
            "itemModels": itemModels.map { $0.map(\.rawValue).joined(separator: ",") } ?? "",
            "quadratureNodes": String(quadratureNodes),
            "quadratureRange": "\(quadratureRange.lowerBound)..\(quadratureRange.upperBound)",
            "tolerance": String(tolerance), "maxIterations": String(maxIterations),
            "acceleration": acceleration.rawValue,
            "standardErrors": computeStandardErrors ? standardErrorMethod.rawValue : "none",
            "guessingPrior": guessingPrior.map { "beta(\($0.alpha), \($0.beta))" } ?? "none",
            "raschSlope": raschSlopeFixed ? "fixed" : "common",
            "collapseUnusedCategories": String(collapseUnusedCategories),
        ]
    }

    /// The keys of ``settingsSummary`` that a calibration's document shows as its `settings`.
    static let documentedSettingKeys: Set<String> = ["quadratureNodes", "quadratureRange", "tolerance", "acceleration",
                                                     "guessingPrior"]

    /// The settings a calibration's document shows (`CalibrationResult.configurationSummary`, the JSON
    /// `settings`), derived from ``settingsSummary`` — one source, so the document and the calibration
    /// id can never describe different settings: the estimation settings, with the Rasch slope as the
    /// calibration applied it (`commonSlope`: a free common slope with the latent variance fixed at 1,
    /// else the slope fixed at 1 and the variance estimated).
    func documentedSettings(commonSlope: Bool) -> [String: String] {
        var settings = settingsSummary.filter { Self.documentedSettingKeys.contains($0.key) }
        settings["raschSlope"] = commonSlope ? "common, latent variance 1" : "fixed at 1, latent variance estimated"
        return settings
    }
}
