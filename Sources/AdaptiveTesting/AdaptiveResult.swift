#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif
import Scoring

/// The outcome of an adaptive exam: the final estimate, the level and the certification decision
/// (overall θ only, DECISIONS §3), the per-section diagnostics of the skill card, the items given and
/// why the exam stopped.
public struct AdaptiveResult: Sendable, Equatable, Codable {
    /// The final estimator's θ̂ and SE (the SE the stop was judged on).
    public var theta: Double
    public var standardError: Double
    public var estimator: ScoringMethod
    /// The reporting-scale score A + B·θ̂ (rounded) and its CSEM B·SE, when the pool has a scale.
    public var scaleScore: Double?
    public var csem: Double?
    /// The level of θ̂ (index into the pool's level names) and its name; nil without cut scores.
    public var level: Int?
    public var levelName: String?
    /// The posterior probability of each level (prior × likelihood on the grid), lowest level first.
    public var levelProbabilities: [Double]
    /// Pass = unrounded θ̂ ≥ the certification cut (DECISIONS §13); nil without a certification level.
    public var pass: Bool?
    public var sections: [SectionResult]
    public var items: [AdministeredItem]
    public var stopReason: StopReason
    /// Scored operational items given (the exam's length).
    public var length: Int
}

/// One section of the skill card (diagnostic only, DECISIONS §3).
public struct SectionResult: Sendable, Equatable, Codable {
    public var id: String
    /// Scored items of the section given.
    public var items: Int
    /// EAP of the section's responses under the pool's latent distribution, and its posterior SD.
    public var theta: Double
    public var standardError: Double
    /// The level, only when the posterior SD is at most `sectionMaxSE`.
    public var level: Int?
    public var levelProbabilities: [Double]
    /// False when the SD exceeds `sectionMaxSE` ("not enough evidence").
    public var sufficientEvidence: Bool
}

/// A linear reporting scale as the engine uses it: score = intercept + slope·θ, rounded; CSEM = slope·SE.
public struct ScoreScale: Sendable, Equatable, Codable {
    public var intercept: Double
    public var slope: Double
    public init(intercept: Double, slope: Double) { self.intercept = intercept; self.slope = slope }
}

extension AdaptiveEngine {
    /// The result of a finished (or stopped early) exam.
    public func result(_ state: AdaptiveState) -> AdaptiveResult {
        let estimate: (theta: Double, standardError: Double)
        if let t = state.finalTheta, let se = state.finalStandardError { estimate = (t, se) } else { estimate = finalEstimate(state) }
        let cuts = pool.cuts
        let level = cuts.isEmpty ? nil : pool.level(theta: estimate.theta)
        let probabilities = cuts.isEmpty ? [] : levelProbabilities(posteriorWeights(state.logLikelihood))
        var sections: [SectionResult] = []
        for (s, section) in pool.sections.enumerated() {
            var ll = [Double](repeating: 0, count: grid.count)
            var count = 0
            for step in state.steps where step.scored && pool.items[step.poolIndex].section == s {
                guard let b = pool.batchIndex[step.poolIndex] else { continue }
                count += 1
                let base = tableOffset[b] + step.response * grid.count
                for q in 0..<grid.count { ll[q] += logProbabilityTable[base + q] }
            }
            let moments = posteriorMoments(ll)
            let sufficient = moments.sd <= settings.sectionMaxSE
            sections.append(SectionResult(
                id: section.id, items: count, theta: moments.mean, standardError: moments.sd,
                level: sufficient && !cuts.isEmpty ? pool.level(theta: moments.mean) : nil,
                levelProbabilities: cuts.isEmpty ? [] : levelProbabilities(posteriorWeights(ll)),
                sufficientEvidence: sufficient))
        }
        let scale = pool.scoreScale
        return AdaptiveResult(
            theta: estimate.theta, standardError: estimate.standardError, estimator: settings.finalEstimator,
            scaleScore: scale.map { ($0.intercept + $0.slope * estimate.theta).rounded() },
            csem: scale.map { $0.slope * estimate.standardError },
            level: level, levelName: level.map { pool.levelNames[$0] }, levelProbabilities: probabilities,
            pass: pool.certificationCut.map { estimate.theta >= $0 },
            sections: sections, items: state.steps, stopReason: state.stopReason ?? .maxLength,
            length: state.scoredCount)
    }

    /// P(level k) from posterior weights on the equally spaced grid, each node's mass spread evenly
    /// over [θ_q − h/2, θ_q + h/2] and split at the cuts.
    func levelProbabilities(_ weights: [Double]) -> [Double] {
        let cuts = pool.cuts
        var out = [Double](repeating: 0, count: cuts.count + 1)
        let nodes = grid.nodes
        let h = nodes.count > 1 ? nodes[1] - nodes[0] : 1
        for (q, w) in weights.enumerated() where w > 0 {
            let lo = nodes[q] - h / 2, hi = nodes[q] + h / 2
            var start = lo
            for (k, cut) in cuts.enumerated() where cut > start && cut < hi {
                out[k] += w * (cut - start) / h
                start = cut
            }
            out[pool.level(theta: (start + hi) / 2)] += w * (hi - start) / h
        }
        return out
    }
}
