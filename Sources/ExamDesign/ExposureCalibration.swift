import AdaptiveTesting
import MathCore

/// Sympson–Hetter exposure-control parameters by iterated simulation (Sympson & Hetter 1985; the
/// procedure as in van der Linden 2003, "Some alternatives to Sympson–Hetter item-exposure control").
///
/// Starting from k_i = 1, each round simulates the design with the current parameters and sets
/// ```
/// P(S_i) = exams in which item i reached the lottery / N
/// k_i    = min(1, r′ / P(S_i)),   r′ = r − margin
/// ```
/// until the largest exposure rate P(A_i) is at most r + tolerance, or the rounds run out. Each
/// round uses the same candidates (the same seed), so the parameters settle instead of chasing noise.
/// Exposure rates from N simulated exams carry binomial noise (SD √(r(1 − r)/N) ≈ 0.014 at r = 0.25,
/// N = 1,000), and the largest of a few hundred rates sits ≈ 2.5 SD above its mean; so the parameters
/// aim at r′ = r − margin (default 0.01) and the default tolerance is 2.5 SD: an exam given to new
/// candidates then keeps its maximum exposure near r, not near r plus the noise of the calibration.
public struct ExposureCalibration: Sendable {
    /// The outcome: one k per pool item, and the exposure each round reached.
    public struct Result: Sendable, Equatable {
        public var parameters: [Double]
        public var rounds: [Round]
        /// True when the last round's maximum exposure met the target within the tolerance.
        public var converged: Bool
    }

    public struct Round: Sendable, Equatable, Codable {
        public var round: Int
        public var maxExposure: Double
        public var meanLength: Double
        public var rmse: Double
    }

    public let target: Double
    /// Accepted excess of the largest exposure rate over the target; nil = 2.5·√(r(1 − r)/N).
    public let tolerance: Double?
    public let margin: Double
    public let maxRounds: Int

    public init(target: Double, tolerance: Double? = nil, margin: Double = 0.01, maxRounds: Int = 20) throws(AdaptiveTestingError) {
        guard target > 0, target <= 1 else { throw .invalidSettings("the exposure target must be in (0, 1]") }
        guard (tolerance ?? 0) >= 0, maxRounds >= 1 else { throw .invalidSettings("the tolerance must be ≥ 0 and the rounds ≥ 1") }
        guard margin >= 0, margin < target else { throw .invalidSettings("the margin must be in [0, target)") }
        self.target = target; self.tolerance = tolerance; self.margin = margin; self.maxRounds = maxRounds
    }

    /// The tolerance used for `examinees` simulated candidates.
    public func effectiveTolerance(examinees: Int) -> Double {
        tolerance ?? 2.5 * (target * (1 - target) / Double(max(1, examinees))).squareRoot()
    }

    /// Calibrates k for `pool` under `settings` (their exposure rule is replaced by Sympson–Hetter).
    public func run(pool: ItemPool, settings: AdaptiveSettings, examinees: Int, seed: UInt64,
                    thetas: ThetaDistribution = .latent, maxConcurrency: Int = 2,
                    progress: (@Sendable (Int) -> Void)? = nil) throws(AdaptiveTestingError) -> Result {
        var k = [Double](repeating: 1, count: pool.items.count)
        var settings = settings
        settings.exposure = .sympsonHetter
        var rounds: [Round] = []
        for round in 1...maxRounds {
            let current = try pool.withExposureControl(k)
            let study = try SimulationStudy(engine: try AdaptiveEngine(pool: current, settings: settings),
                                            examinees: examinees, seed: seed, thetas: thetas)
            let outcomes = study.run(maxConcurrency: maxConcurrency)
            let report = SimulationReport(outcomes: outcomes, pool: current)
            rounds.append(Round(round: round, maxExposure: report.maxExposure, meanLength: report.meanLength, rmse: report.rmse))
            progress?(round)
            if report.maxExposure <= target + effectiveTolerance(examinees: examinees) {
                return Result(parameters: k, rounds: rounds, converged: true)
            }
            var offered = [Int](repeating: 0, count: pool.items.count)
            for o in outcomes { for i in Set(o.lotteryItems) { offered[i] += 1 } }
            let n = Double(outcomes.count)
            for i in pool.items.indices where pool.items[i].role == .operational {
                let selected = Double(offered[i]) / n
                let aim = target - margin
                k[i] = selected > aim ? aim / selected : 1
            }
        }
        return Result(parameters: k, rounds: rounds, converged: false)
    }
}

extension ItemPool {
    /// The same pool with new Sympson–Hetter parameters (one per item).
    public func withExposureControl(_ k: [Double]) throws(AdaptiveTestingError) -> ItemPool {
        guard k.count == items.count else { throw .invalidSettings("one exposure parameter per pool item is needed") }
        var copy = items
        for i in copy.indices { copy[i].exposureControl = k[i] }
        return try ItemPool(items: copy, sections: sections, cuts: cuts, levelNames: levelNames,
                            certificationLevel: certificationLevel, latent: latent, scoreScale: scoreScale)
    }
}
