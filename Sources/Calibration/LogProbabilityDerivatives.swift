import IRTModels
import MathCore
#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

/// First and second derivatives of log P_k(θ; β) of one item at one node, for every category k, with
/// respect to the item's *local* parameters: (a, d, c, u) for the dichotomous models (all four, the
/// caller keeps those that are free, so a Rasch item's a can feed a common slope), (a, d_1 … d_{K−1})
/// for the graded model and (a, c_1 … c_{K−1}) for the GPCM.
///
/// With σ_k = ∂P_k/∂β / P_k the complete-data score of category k and H_k its Hessian:
/// ```
/// H_k = ∂²P_k/∂β∂βᵀ / P_k − σ_k σ_kᵀ
/// ```
/// Dichotomous, P₁ = c + (u − c)·s(z), z = aθ + d, s' = s(1 − s), s'' = s'(1 − 2s):
/// ```
/// ∂P₁/∂(a, d, c, u) = ((u − c)s'θ, (u − c)s', 1 − s, s)
/// ∂²P₁/∂a² = (u − c)s''θ², ∂²P₁/∂a∂d = (u − c)s''θ, ∂²P₁/∂d² = (u − c)s'',
/// ∂²P₁/∂a∂c = −s'θ, ∂²P₁/∂d∂c = −s', ∂²P₁/∂a∂u = s'θ, ∂²P₁/∂d∂u = s'      (P₀ = 1 − P₁)
/// ```
/// Graded (Samejima 1969), P*_k = s(aθ + d_k), P_k = P*_k − P*_{k+1}: ∂²P*_k/∂(a, d_k)² =
/// s''_k·(θ, 1)(θ, 1)ᵀ. GPCM (Muraki 1992), z_k = kaθ + Σ_{v≤k} c_v linear in β, so
/// ```
/// σ_k = ∂z_k − E[∂z],   H_k = −Cov(∂z)  (the same for every k)
/// ```
/// with ∂z_k/∂a = kθ, ∂z_k/∂c_v = 1[v ≤ k] and the moments under P(·|θ) (Baker & Kim 2004, ch. 8–9).
/// Cost O(K·L²) per call, L local parameters.
struct LogProbabilityDerivatives {
    /// Number of local parameters L (4 for a dichotomous item, K otherwise).
    let parameterCount: Int
    /// σ_k, row-major K × L.
    var scores: [Double]
    /// H_k, K × L × L.
    var hessians: [Double]

    init(_ item: ItemParameters, theta: Double) {
        let kCount = item.categoryCount
        let l = item.model.isDichotomous ? 4 : kCount
        parameterCount = l
        scores = [Double](repeating: 0, count: kCount * l)
        hessians = [Double](repeating: 0, count: kCount * l * l)
        var logP = [Double](repeating: 0, count: kCount)
        item.logProbabilities(at: theta, into: &logP)
        let p = logP.map { exp($0) }
        // ∂P_k and ∂²P_k, then σ and H from them (dichotomous and graded).
        var dp = [Double](repeating: 0, count: kCount * l)
        var d2p = [Double](repeating: 0, count: kCount * l * l)
        let a = item.discrimination
        switch item.model {
        case .rasch, .twoPL, .threePL, .fourPL:
            let c = item.guessing, u = item.upperAsymptote
            let s = Logistic.logistic(a * theta + item.intercept)
            let s1 = s * (1 - s), s2 = s1 * (1 - 2 * s)
            let g = [(u - c) * s1 * theta, (u - c) * s1, 1 - s, s]
            var h = [Double](repeating: 0, count: 16)
            h[0] = (u - c) * s2 * theta * theta
            h[1] = (u - c) * s2 * theta; h[4] = h[1]
            h[5] = (u - c) * s2
            h[2] = -s1 * theta; h[8] = h[2]
            h[6] = -s1; h[9] = h[6]
            h[3] = s1 * theta; h[12] = h[3]
            h[7] = s1; h[13] = h[7]
            for x in 0..<4 { dp[l + x] = g[x]; dp[x] = -g[x] }
            for x in 0..<16 { d2p[16 + x] = h[x]; d2p[x] = -h[x] }
        case .graded:
            let m = kCount - 1
            var star = [Double](repeating: 0, count: m + 2)
            star[0] = 1
            for k in 1...m { star[k] = Logistic.logistic(a * theta + item.intercepts[k - 1]) }
            // Adds sign·∂P*_k (and ∂²P*_k) to category `cat`.
            func add(_ cat: Int, _ k: Int, _ sign: Double) {
                guard k >= 1 && k <= m else { return }
                let w = star[k] * (1 - star[k]), w2 = w * (1 - 2 * star[k])
                dp[cat * l] += sign * w * theta
                dp[cat * l + k] += sign * w
                let base = cat * l * l
                d2p[base] += sign * w2 * theta * theta
                d2p[base + k] += sign * w2 * theta
                d2p[base + k * l] += sign * w2 * theta
                d2p[base + k * l + k] += sign * w2
            }
            for k in 0...m { add(k, k, 1); add(k, k + 1, -1) }
        case .gpcm:
            var mean = 0.0, second = 0.0
            for k in 0..<kCount { mean += Double(k) * p[k]; second += Double(k * k) * p[k] }
            // tail[v] = P(X ≥ v), kTail[v] = Σ_{k ≥ v} k·P_k.
            var tail = [Double](repeating: 0, count: kCount + 1), kTail = tail
            for k in stride(from: kCount - 1, through: 0, by: -1) {
                tail[k] = tail[k + 1] + p[k]
                kTail[k] = kTail[k + 1] + Double(k) * p[k]
            }
            var cov = [Double](repeating: 0, count: l * l)
            cov[0] = theta * theta * (second - mean * mean)
            for v in 1..<kCount {
                cov[v] = theta * (kTail[v] - mean * tail[v]); cov[v * l] = cov[v]
                for w in v..<kCount {
                    cov[v * l + w] = tail[w] - tail[v] * tail[w]; cov[w * l + v] = cov[v * l + w]
                }
            }
            for k in 0..<kCount {
                scores[k * l] = theta * (Double(k) - mean)
                for v in 1..<kCount { scores[k * l + v] = (k >= v ? 1 : 0) - tail[v] }
                for x in 0..<(l * l) { hessians[k * l * l + x] = -cov[x] }
            }
            return
        }
        for k in 0..<kCount {
            let pk = max(p[k], 1e-300)
            for x in 0..<l { scores[k * l + x] = dp[k * l + x] / pk }
            for x in 0..<l {
                for y in 0..<l {
                    hessians[(k * l + x) * l + y] = d2p[(k * l + x) * l + y] / pk - scores[k * l + x] * scores[k * l + y]
                }
            }
        }
    }
}
