import Scoring

/// The strategies of an adaptive exam: one value per role (start, select, estimate, stop), each
/// interchangeable. Defaults follow DECISIONS §6 and §13.
public struct AdaptiveSettings: Sendable, Equatable, Codable {
    /// The θ the first item is selected at: a fixed value, or a previous result's θ̂ (entry →
    /// continuing → final). Never the prior of the final estimate (DECISIONS §3).
    public var startTheta: Double
    public var selection: SelectionRule
    public var exposure: ExposureControl
    public var content: ContentControl
    /// The estimator of the interim θ̂ that selection uses (EAP by default: defined from the first item).
    public var interimEstimator: ScoringMethod
    /// The estimator of the reported θ̂ and of the SE and classification stops (WLE by default).
    public var finalEstimator: ScoringMethod
    public var stop: StopRule
    /// The SE target of the `se` stop.
    public var targetSE: Double
    /// Scored operational items before any stop but the maximum may fire.
    public var minLength: Int
    /// Scored operational items at which the exam always stops.
    public var maxLength: Int
    /// Unscored pretest items seeded at random positions among the first `minLength` (DECISIONS §13).
    public var pretestItems: Int
    /// Posterior SD above which a section shows "not enough evidence" instead of a level.
    public var sectionMaxSE: Double
    /// Nodes of the θ grid of the posterior (equally spaced over μ ± 6σ of the pool's latent distribution).
    public var gridPoints: Int

    public init(startTheta: Double = 0, selection: SelectionRule = .maximumInformation,
                exposure: ExposureControl = .none, content: ContentControl = .weightedDeviation,
                interimEstimator: ScoringMethod = .eap, finalEstimator: ScoringMethod = .wle, stop: StopRule = .standardError,
                targetSE: Double = 0.3, minLength: Int = 1, maxLength: Int = 30, pretestItems: Int = 0,
                sectionMaxSE: Double = 0.5, gridPoints: Int = 61) {
        self.startTheta = startTheta; self.selection = selection; self.exposure = exposure; self.content = content
        self.interimEstimator = interimEstimator; self.finalEstimator = finalEstimator; self.stop = stop
        self.targetSE = targetSE; self.minLength = minLength; self.maxLength = maxLength
        self.pretestItems = pretestItems; self.sectionMaxSE = sectionMaxSE; self.gridPoints = gridPoints
    }

    /// Checks the settings against themselves and the pool.
    /// - Throws: ``AdaptiveTestingError/invalidSettings(_:)`` saying which value to change.
    public func validate(for pool: ItemPool) throws(AdaptiveTestingError) {
        guard startTheta.isFinite else { throw .invalidSettings("the start θ must be a finite number") }
        guard targetSE.isFinite, targetSE > 0 else { throw .invalidSettings("the target SE must be a positive number") }
        guard minLength >= 1, maxLength >= minLength else {
            throw .invalidSettings("lengths need 1 ≤ minimum (\(minLength)) ≤ maximum (\(maxLength))")
        }
        let minimums = pool.sections.reduce(0) { $0 + $1.minItems }
        guard minimums <= maxLength else {
            throw .invalidSettings("the sections' minimums add up to \(minimums) items, more than the maximum length "
                + "\(maxLength); raise the maximum length or lower the minimums")
        }
        guard pretestItems >= 0 else { throw .invalidSettings("the number of pretest items cannot be negative") }
        guard sectionMaxSE.isFinite, sectionMaxSE > 0 else { throw .invalidSettings("sectionMaxSE must be positive") }
        guard (11...401).contains(gridPoints) else { throw .invalidSettings("the θ grid needs 11 to 401 points") }
        switch exposure {
        case .randomesque(let k) where k < 1: throw .invalidSettings("randomesque needs k ≥ 1")
        default: break
        }
        switch selection {
        case .aStratified(let strata) where strata < 1 || strata > max(1, pool.operationalCount):
            throw .invalidSettings("a-stratified selection needs 1 to \(pool.operationalCount) strata")
        default: break
        }
        switch stop {
        case .classification(let confidence):
            guard confidence > 0.5, confidence < 1 else { throw .invalidSettings("the confidence must be in (0.5, 1)") }
        default: break
        }
        switch stop {
        case .sprt(let delta, let alpha), .glr(let delta, let alpha), .levels(let alpha, let delta):
            guard delta > 0, delta.isFinite else { throw .invalidSettings("the indifference region must be positive") }
            guard alpha > 0, alpha < 0.5 else { throw .invalidSettings("the error rate must be in (0, 0.5)") }
        default: break
        }
        if stop.needsCut {
            guard !pool.cuts.isEmpty else {
                throw .invalidSettings("the \(stop.name) stop needs cut scores; the pool has none")
            }
            if stop.usesCertificationCut, pool.certificationCut == nil {
                throw .invalidSettings("the \(stop.name) stop needs the certification level; the pool has none")
            }
        }
    }
}

/// Item selection criteria.
public enum SelectionRule: Sendable, Equatable, Codable {
    /// Maximum Fisher information at the interim θ̂ (Lord 1980).
    case maximumInformation
    /// Maximum Kullback–Leibler information over θ̂ ± δ_n, δ_n = 3/√n (Chang & Ying 1996).
    case kullbackLeibler
    /// Maximum posterior-weighted Fisher information ∫ I_j(θ) π(θ | x) dθ (van der Linden 1998).
    case posteriorWeightedInformation
    /// a-stratified with b-blocking (Chang, Qian & Ying 2001): `strata` strata of increasing slope,
    /// one per stage of the exam; within a stratum the item whose difficulty is closest to θ̂.
    case aStratified(strata: Int)

    public var name: String {
        switch self {
        case .maximumInformation: return "mfi"
        case .kullbackLeibler: return "kl"
        case .posteriorWeightedInformation: return "mpwi"
        case .aStratified: return "a-stratified"
        }
    }
}

/// Exposure control.
public enum ExposureControl: Sendable, Equatable, Codable {
    case none
    /// A random choice among the k best items (Kingsbury & Zara 1989).
    case randomesque(Int)
    /// Sympson & Hetter (1985): the best item is administered with probability k_j (the pool
    /// items' `exposureControl`), else it is set aside for this exam and the next best is tried.
    case sympsonHetter

    public var name: String {
        switch self {
        case .none: return "none"
        case .randomesque(let k): return "randomesque:\(k)"
        case .sympsonHetter: return "sympson-hetter"
        }
    }
}

/// Content balancing against the blueprint.
public enum ContentControl: String, Sendable, Equatable, Codable {
    /// Only the hard rules (section maxima, forcing unmet minimums when the remaining slots require it).
    case none
    /// Weighted deviations (Stocking & Swanson 1993) from the section shares, with the hard rules.
    case weightedDeviation = "weighted-deviation"
    /// A shadow test (van der Linden & Reese 1998) solved before each item.
    case shadow
}

/// When the exam stops (besides the maximum length and an exhausted pool, which always stop).
public enum StopRule: Sendable, Equatable, Codable {
    /// The final estimator's SE at or below the target.
    case standardError
    /// The confidence interval θ̂ ± z·SE of the final estimator excludes the certification cut
    /// (Kingsbury & Weiss 1983).
    case classification(confidence: Double)
    /// Wald's SPRT between θ_c − δ and θ_c + δ at the certification cut (Reckase 1983; Eggen 1999),
    /// with error rates α = β = `alpha`.
    case sprt(indifference: Double, alpha: Double)
    /// The generalised likelihood ratio (Thompson 2009): the likelihood maximised over θ ≥ θ_c + δ
    /// against θ ≤ θ_c − δ, with the SPRT's bounds.
    case glr(indifference: Double, alpha: Double)
    /// The level among all of them is decided: an SPRT at every cut, stopping once the cuts on each
    /// side of one level are decided (Eggen & Straetmans 2000).
    case levels(alpha: Double, indifference: Double)

    /// The default forms of DECISIONS §13.
    public static let defaultClassification = StopRule.classification(confidence: 0.95)
    public static let defaultSPRT = StopRule.sprt(indifference: 0.2, alpha: 0.05)
    public static let defaultGLR = StopRule.glr(indifference: 0.2, alpha: 0.05)
    public static let defaultLevels = StopRule.levels(alpha: 0.05, indifference: 0.2)

    public var name: String {
        switch self {
        case .standardError: return "se"
        case .classification: return "classification"
        case .sprt: return "sprt"
        case .glr: return "glr"
        case .levels: return "levels"
        }
    }

    var needsCut: Bool { self != .standardError }
    var usesCertificationCut: Bool {
        switch self {
        case .classification, .sprt, .glr: return true
        default: return false
        }
    }
}

/// Why an exam stopped.
public enum StopReason: String, Sendable, Codable, CaseIterable {
    /// The SE target was reached.
    case standardError = "se"
    /// The classification at the certification cut was decided.
    case classification
    /// The level was decided (multi-cut SPRT).
    case levels
    /// The maximum length was reached.
    case maxLength = "max-length"
    /// No eligible item is left.
    case poolExhausted = "pool-exhausted"
    /// The exam's time limit ran out (a forced stop from outside the engine,
    /// ``AdaptiveEngine/stop(_:reason:)``); scored on the items answered.
    case time
}
