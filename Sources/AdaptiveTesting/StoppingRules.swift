#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif
import MathCore

/// The stopping rules. Each is judged only once the minimum length and the section minimums are met;
/// the SE and classification rules on the final estimator (DECISIONS §13), so a result never reports
/// an SE above the target it stopped at.
extension AdaptiveEngine {
    /// Whether the configured rule stops the exam now; records the final estimate it judged.
    func stopRuleFires(_ state: inout AdaptiveState) -> StopReason? {
        switch settings.stop {
        case .standardError:
            let estimate = judgeFinal(&state)
            return estimate.standardError <= settings.targetSE ? .standardError : nil
        case .classification(let confidence):
            guard let cut = pool.certificationCut else { return nil }
            let estimate = judgeFinal(&state)
            return Self.intervalExcludesCut(theta: estimate.theta, standardError: estimate.standardError,
                                            cut: cut, confidence: confidence) ? .classification : nil
        case .sprt(let delta, let alpha):
            guard let cut = pool.certificationCut else { return nil }
            let decision = Self.sprtDecision(logLikelihoodRatio: logLikelihood(state, at: cut + delta)
                                                - logLikelihood(state, at: cut - delta), alpha: alpha)
            if decision != nil { _ = judgeFinal(&state) }
            return decision == nil ? nil : .classification
        case .glr(let delta, let alpha):
            guard let cut = pool.certificationCut else { return nil }
            let ratio = maximumLogLikelihood(state, above: cut + delta) - maximumLogLikelihood(state, below: cut - delta)
            let decision = Self.sprtDecision(logLikelihoodRatio: ratio, alpha: alpha)
            if decision != nil { _ = judgeFinal(&state) }
            return decision == nil ? nil : .classification
        case .levels(let alpha, let delta):
            let decisions = pool.cuts.map { cut in
                Self.sprtDecision(logLikelihoodRatio: logLikelihood(state, at: cut + delta)
                                    - logLikelihood(state, at: cut - delta), alpha: alpha)
            }
            guard Self.levelDecided(decisions) != nil else { return nil }
            _ = judgeFinal(&state)
            return .levels
        }
    }

    private func judgeFinal(_ state: inout AdaptiveState) -> (theta: Double, standardError: Double) {
        let estimate = finalEstimate(state)
        state.finalTheta = estimate.theta
        state.finalStandardError = estimate.standardError
        return estimate
    }

    /// Kingsbury & Weiss (1983): stop when θ̂ ± z_{(1+γ)/2}·SE lies wholly on one side of the cut.
    static func intervalExcludesCut(theta: Double, standardError: Double, cut: Double, confidence: Double) -> Bool {
        guard standardError.isFinite else { return false }
        let z = SpecialFunctions.normalQuantile(0.5 + confidence / 2)
        return theta - z * standardError >= cut || theta + z * standardError < cut
    }

    /// Wald's SPRT with α = β (Reckase 1983; Eggen 1999): `true` (above the cut) when
    /// log LR ≥ log((1 − β)/α), `false` (below) when log LR ≤ log(β/(1 − α)), nil while undecided.
    static func sprtDecision(logLikelihoodRatio ratio: Double, alpha: Double) -> Bool? {
        let beta = alpha
        if ratio >= log((1 - beta) / alpha) { return true }
        if ratio <= log(beta / (1 - alpha)) { return false }
        return nil
    }

    /// Eggen & Straetmans (2000): with one SPRT per cut, level k is decided when the test at the cut
    /// below it says "above" (or k is the lowest level) and the test at the cut above it says "below"
    /// (or k is the highest). Returns that level, or nil.
    static func levelDecided(_ decisions: [Bool?]) -> Int? {
        for k in 0...decisions.count {
            let lowerOK = k == 0 || decisions[k - 1] == true
            let upperOK = k == decisions.count || decisions[k] == false
            if lowerOK && upperOK { return k }
        }
        return nil
    }

    /// log L(θ) = Σ_j log P_j(x_j | θ) over the scored responses.
    func logLikelihood(_ state: AdaptiveState, at theta: Double) -> Double {
        var total = 0.0
        for step in state.steps where step.scored {
            guard let b = pool.batchIndex[step.poolIndex] else { continue }
            total += pool.batch.items[b].logProbabilities(at: theta)[step.response]
        }
        return total
    }

    /// The maximum of log L over θ ≥ `bound` (Thompson 2009's GLR numerator): over the grid nodes in
    /// the range and the bound itself.
    func maximumLogLikelihood(_ state: AdaptiveState, above bound: Double) -> Double {
        var best = logLikelihood(state, at: bound)
        for (q, t) in grid.nodes.enumerated() where t >= bound { best = max(best, state.logLikelihood[q]) }
        return best
    }

    /// The maximum of log L over θ ≤ `bound`.
    func maximumLogLikelihood(_ state: AdaptiveState, below bound: Double) -> Double {
        var best = logLikelihood(state, at: bound)
        for (q, t) in grid.nodes.enumerated() where t <= bound { best = max(best, state.logLikelihood[q]) }
        return best
    }
}
