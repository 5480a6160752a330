import IRTModels
import LinearAlgebra

/// Where the time of one calibration went (wall seconds unless stated).
public struct CalibrationProfile: Sendable, Codable {
    /// The whole `calibrate` call.
    public var total: Double
    /// Data preparation: checks and pattern collapsing.
    public var preparation: Double
    /// Inside E-steps (wall).
    public var eStep: Double
    /// M-steps (wall), including SQUAREM bookkeeping.
    public var mStep: Double
    /// Standard errors (their E-steps included).
    public var standardErrors: Double
    /// Thread-seconds inside E-steps: building indicator blocks, BLAS products, posterior
    /// normalisation and exponentials.
    public var eStepIndicatorsThreadSeconds: Double
    public var eStepProductsThreadSeconds: Double
    public var eStepPosteriorThreadSeconds: Double
    /// Floating-point operations of the E-step products, and their rate per thread
    /// (flops / product thread-seconds), comparable with a single-threaded dgemm of the same shape.
    public var productFlops: Double
    public var productGflopsPerThread: Double
    /// E-steps run (SE E-steps included).
    public var eSteps: Int
    /// Of those, E-steps whose complete-data persons ran over raw-score groups (Rasch, see
    /// `CalibrationConfiguration.sufficientStatistics`).
    public var scoreGroupESteps: Int = 0
}

/// The outcome of a calibration. Non-convergence is a result (`converged == false`), not an error.
public struct CalibrationResult: Sendable {
    public var itemIDs: [String]
    public var items: [ItemParameters]
    /// Standard errors of each item's free parameters (order of `parameterNames`); nil when not
    /// computed or when the information matrix was not positive definite (see `warnings`).
    public var standardErrors: [[Double]?]
    /// Covariance matrix of all free parameters (order of `parameterLabels`).
    public var covariance: Matrix?
    /// Labels of the free parameters in covariance order (`ITEM.a1`, `ITEM.d`, `MEAN_1`, `COV_11`).
    public var parameterLabels: [String]
    /// Which items were held fixed.
    public var fixed: [Bool]
    public var latent: LatentDistribution
    public var converged: Bool
    /// E-steps performed, including those inside acceleration steps (DECISIONS §5).
    public var iterations: Int
    /// Largest absolute parameter change of the last plain EM cycle.
    public var lastChange: Double
    /// The bound-respecting first-order condition at the solution: the largest projected step one
    /// more exact M-step would take (below the tolerance when converged).
    public var remainingStep: Double
    /// Each group's latent distribution in a multiple-group calibration (reference first); empty
    /// for a single group.
    public var groups: [GroupLatent]
    /// Per item, the names of its free parameters on a bound of the calibration's box (`g` at 0,
    /// `u` at 1 …): held there, without a standard error (theirs is NaN in `standardErrors`).
    public var boundedParameters: [[String]]
    /// Marginal log-likelihood without priors.
    public var logLikelihood: Double
    /// Log-likelihood plus the log prior densities.
    public var logPosterior: Double
    /// Number of free parameters (items and latent distribution).
    public var parameterCount: Int
    public var personCount: Int
    public var patternCount: Int
    public var quadratureNodes: [Double]
    /// What the reader must know (typed; see ``CalibrationWarning``).
    public var diagnostics: [CalibrationWarning]
    /// The diagnostics in the engine's words.
    public var warnings: [String] { diagnostics.map(\.description) }
    public var configurationSummary: [String: String]
    /// Expected counts at the solution, per item (K × Q), for fit statistics.
    var finalCounts: [[Double]]
    /// Where the time went.
    public var profile: CalibrationProfile?

    /// Akaike information criterion −2ℓ + 2k (likelihood without priors).
    public var aic: Double { -2 * logLikelihood + 2 * Double(parameterCount) }
    /// Bayesian information criterion −2ℓ + k·ln N.
    public var bic: Double { -2 * logLikelihood + Double(parameterCount) * _log(Double(personCount)) }
}

extension CalibrationResult {
    /// The label of the common Rasch slope in `parameterLabels` (`--rasch-slope common`).
    public static let commonSlopeLabel = "a1 (common)"

    /// Standard errors of item `i` keyed by mirt's parameter names (`a1`, `d`, `g`, `u`, `d1`…), plus
    /// the IRT-form locations by the delta method: `b` for dichotomous items and `b1`… for
    /// polytomous ones, var(b) = (var(d) + b²·var(a) + 2b·cov(a, d)) / a² with b = −d/a.
    /// Nil when standard errors were not computed for this item.
    public func namedStandardErrors(item i: Int) -> [String: Double]? {
        // var(b) for a common Rasch slope a: b = −d/a, so ∂b/∂d = −1/a and ∂b/∂a = −b/a.
        guard let se = standardErrors[i] else { return nil }
        let p = items[i]
        var out = [String: Double]()
        for (name, v) in zip(p.parameterNames, se) where v.isFinite { out[name] = v }
        if p.model == .rasch {
            // Slope fixed at 1: b = −d exactly. A common free slope (`commonSlopeLabel`): the delta
            // method with its variance and its covariance with d, and the slope's own SE as `a1`.
            if let cov = covariance, let ai = parameterLabels.firstIndex(of: Self.commonSlopeLabel),
               let di = parameterLabels.firstIndex(of: "\(itemIDs[i]).d") {
                let a = p.discrimination, b = p.difficulty
                let v = (cov[di, di] + b * b * cov[ai, ai] + 2 * b * cov[ai, di]) / (a * a)
                if v.isFinite && v >= 0 { out["b"] = v.squareRoot() }
                if cov[ai, ai].isFinite && cov[ai, ai] >= 0 { out["a1"] = cov[ai, ai].squareRoot() }
            } else if let sd = se.first, sd.isFinite {
                out["b"] = sd / p.discrimination
            }
            return out
        }
        guard let cov = covariance, let ai = parameterLabels.firstIndex(of: "\(itemIDs[i]).a1") else { return out }
        let a = p.discrimination
        for (k, d) in p.intercepts.enumerated() {
            let name = p.model.isDichotomous ? "d" : "d\(k + 1)"
            guard let di = parameterLabels.firstIndex(of: "\(itemIDs[i]).\(name)") else { continue }
            let b = -d / a
            let v = (cov[di, di] + b * b * cov[ai, ai] + 2 * b * cov[ai, di]) / (a * a)
            if v.isFinite && v >= 0 { out[p.model.isDichotomous ? "b" : "b\(k + 1)"] = v.squareRoot() }
        }
        return out
    }
}
