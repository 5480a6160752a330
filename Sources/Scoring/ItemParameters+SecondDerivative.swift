#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif
import IRTModels
import MathCore

extension ItemParameters {
    /// The second derivatives ∂²P_k/∂θ² of the category probabilities, k = 0..K−1, analytic for every
    /// model (Warm 1989 needs them for the weighted-likelihood correction; Baker & Kim 2004, ch. 6–9).
    ///
    /// With σ = logistic(aθ + d), w = σ(1 − σ):
    /// ```
    /// dichotomous (c, u):  P₁'' = (u − c)·a²·w·(1 − 2σ),                   P₀'' = −P₁''
    /// graded (Samejima):   P_k'' = a²·[w_k(1 − 2σ_k) − w_{k+1}(1 − 2σ_{k+1})],  σ_0 = 1, σ_K = 0
    /// GPCM (Muraki):       P_k'' = a²·P_k·[(k − m)² − v],  m = Σ k P_k, v = Σ (k − m)² P_k
    /// ```
    /// Complexity: O(K).
    public func secondDerivatives(at theta: Double) -> [Double] {
        let a = discrimination
        let kCount = categoryCount
        var out = [Double](repeating: 0, count: kCount)
        switch model {
        case .rasch, .twoPL, .threePL, .fourPL:
            let s = Logistic.logistic(a * theta + intercept)
            let s1 = Logistic.logistic(-(a * theta + intercept))
            let second = (upperAsymptote - guessing) * a * a * s * s1 * (s1 - s)
            out[1] = second
            out[0] = -second
        case .graded:
            let m = intercepts.count
            // curvature[k] = w_k(1 − 2σ_k) for the cumulative curves, 0 at k = 0 and k = K.
            var curvature = [Double](repeating: 0, count: m + 2)
            for k in 1...m {
                let z = a * theta + intercepts[k - 1]
                let s = Logistic.logistic(z), s1 = Logistic.logistic(-z)
                curvature[k] = s * s1 * (s1 - s)
            }
            for k in 0...m { out[k] = a * a * (curvature[k] - curvature[k + 1]) }
        case .gpcm:
            let p = probabilities(at: theta)
            var mean = 0.0
            for k in 0..<kCount { mean += Double(k) * p[k] }
            var variance = 0.0
            for k in 0..<kCount { variance += (Double(k) - mean) * (Double(k) - mean) * p[k] }
            for k in 0..<kCount {
                let dk = Double(k) - mean
                out[k] = a * a * p[k] * (dk * dk - variance)
            }
        }
        return out
    }

    /// Warm's (1989) item term J(θ) = Σ_k P_k'·P_k''/P_k, whose test sum enters the weighted-likelihood
    /// equation ∂ℓ/∂θ + J(θ)/(2I(θ)) = 0. For the 2PL it is a³·P·Q·(Q − P); for the GPCM a³ times
    /// the third central moment of the category score.
    public func warmCorrection(at theta: Double) -> Double {
        let first = derivatives(at: theta)
        let second = secondDerivatives(at: theta)
        var sum = 0.0
        for k in 0..<categoryCount where first.probabilities[k] > 1e-300 {
            sum += first.dTheta[k] * second[k] / first.probabilities[k]
        }
        return sum
    }
}
