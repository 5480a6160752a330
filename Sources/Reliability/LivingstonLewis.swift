import MathCore
#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

/// The Livingston–Lewis procedure for raw (summed) scores.
///
/// Livingston & Lewis (1995), "Estimating the consistency and accuracy of classifications based on test
/// scores", *JEM* 32:179–197; the four-parameter beta true-score model of Lord (1965) fitted by moments
/// as in Hanson (1991, ACT Research Report 91-5). Scores X on [0, M] with mean μ, variance σ² and
/// reliability r (alpha):
/// ```
/// effective length  n = ((μ − 0)(M − μ) − r σ²) / (σ² (1 − r)),  rounded, at least 1
/// X' = n X / M,     X' | τ ~ Binomial(n, τ),   τ ~ Beta₄(α, β, l, u)
/// E[τ^k] = E[X'(X' − 1)…(X' − k + 1)] / (n (n − 1)…(n − k + 1)),   k = 1 … 4
/// ```
/// The four-parameter beta takes the mean, variance, skewness γ₁ and kurtosis β₂ of τ
/// (Johnson, Kotz & Balakrishnan 1995, §25.4):
/// ```
/// s = 6 (β₂ − γ₁² − 1) / (6 + 3 γ₁² − 2 β₂),   α, β = s/2 · (1 ∓ (s + 2) |γ₁| / √((s + 2)² γ₁² + 16 (s + 1)))
/// u − l = σ_τ/2 · √((s + 2)² γ₁² + 16 (s + 1)),   l = μ_τ − (u − l) α / s     (α ≤ β when γ₁ > 0)
/// ```
/// When that fit is not admissible (s ≤ 0, l < 0 or u > 1) the two-parameter beta on [0, 1] with the
/// same mean and variance is used (Hanson's fallback), and the report says so. The cut x_c on the raw
/// scale becomes τ_c = x_c / M (true) and ⌈n x_c / M⌉ (observed on the effective length); the joint
/// table integrates the binomial over τ on ``nodes`` midpoints of [l, u].
enum LivingstonLewis {
    static let nodes = 400

    struct Fit {
        var effectiveLength: Int
        var alpha: Double, beta: Double, lower: Double, upper: Double
        var fourParameter: Bool
    }

    /// Fits the true-score model to summed scores `scores` on [0, `maxScore`] with reliability `reliability`.
    static func fit(scores: [Double], maxScore: Int, reliability r: Double) -> Fit? {
        let count = Double(scores.count)
        guard count >= 3, maxScore >= 1, r > 0, r < 1 else { return nil }
        let m = Double(maxScore)
        let mean = scores.reduce(0, +) / count
        let variance = scores.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / count
        guard variance > 0 else { return nil }
        let nRaw = (mean * (m - mean) - r * variance) / (variance * (1 - r))
        guard nRaw.isFinite else { return nil }
        let n = max(1, Int(nRaw.rounded()))
        let nd = Double(n)
        // Factorial moments of X' = n X / M.
        var factorial = [0.0, 0.0, 0.0, 0.0]
        for x in scores {
            let y = nd * x / m
            var product = 1.0
            for k in 0..<4 { product *= (y - Double(k)); factorial[k] += product }
        }
        var raw = [Double](repeating: 0, count: 4)
        var falling = 1.0
        for k in 0..<4 {
            falling *= (nd - Double(k))
            raw[k] = falling > 0 ? factorial[k] / count / falling : .nan
        }
        let mu = raw[0]
        let v = raw[1] - mu * mu
        guard mu.isFinite, v > 0 else { return twoParameter(mean: mean / m, variance: variance / (m * m) * r, n: n) }
        let m3 = raw[2] - 3 * mu * raw[1] + 2 * mu * mu * mu
        let m4 = raw[3] - 4 * mu * raw[2] + 6 * mu * mu * raw[1] - 3 * mu * mu * mu * mu
        let g1 = m3 / pow(v, 1.5), b2 = m4 / (v * v)
        if let four = fourParameter(mean: mu, variance: v, skewness: g1, kurtosis: b2) {
            return Fit(effectiveLength: n, alpha: four.alpha, beta: four.beta, lower: four.lower, upper: four.upper, fourParameter: true)
        }
        return twoParameter(mean: mu, variance: v, n: n)
    }

    /// The four-parameter beta with the given moments, nil when not admissible on [0, 1].
    static func fourParameter(mean: Double, variance: Double, skewness g1: Double, kurtosis b2: Double)
        -> (alpha: Double, beta: Double, lower: Double, upper: Double)? {
        let denominator = 6 + 3 * g1 * g1 - 2 * b2
        guard denominator != 0 else { return nil }
        let s = 6 * (b2 - g1 * g1 - 1) / denominator
        guard s.isFinite, s > 0 else { return nil }
        let root = ((s + 2) * (s + 2) * g1 * g1 + 16 * (s + 1)).squareRoot()
        let d = (s + 2) * abs(g1) / root
        let small = s / 2 * (1 - d), large = s / 2 * (1 + d)
        let (a, b) = g1 > 0 ? (small, large) : (large, small)
        guard a > 0, b > 0 else { return nil }
        let width = variance.squareRoot() / 2 * root
        let lower = mean - width * a / s
        let upper = lower + width
        guard lower.isFinite, upper.isFinite, lower >= -1e-9, upper <= 1 + 1e-9, width > 0 else { return nil }
        return (a, b, max(0, lower), min(1, upper))
    }

    /// The two-parameter beta on [0, 1] with the given mean and variance.
    static func twoParameter(mean: Double, variance: Double, n: Int) -> Fit? {
        guard mean > 0, mean < 1, variance > 0, variance < mean * (1 - mean) else { return nil }
        let common = mean * (1 - mean) / variance - 1
        return Fit(effectiveLength: n, alpha: mean * common, beta: (1 - mean) * common, lower: 0, upper: 1, fourParameter: false)
    }

    /// The joint tables at raw cuts `scoreCuts` (pass = X ≥ x_c) of a fit on [0, `maxScore`].
    static func tables(fit: Fit, scoreCuts: [Int], maxScore: Int) -> ClassificationTables {
        let k = scoreCuts.count + 1
        var tables = ClassificationTables(categories: k)
        let n = fit.effectiveLength
        let m = Double(maxScore)
        let trueCuts = scoreCuts.map { Double($0) / m }
        let observedCuts = scoreCuts.map { Int((Double(n) * Double($0) / m - 1e-9).rounded(.up)) }
        let width = (fit.upper - fit.lower) / Double(nodes)
        let logNorm = lgamma(fit.alpha + fit.beta) - lgamma(fit.alpha) - lgamma(fit.beta)
        var p = [Double](repeating: 0, count: k)
        for q in 0..<nodes {
            let z = (Double(q) + 0.5) / Double(nodes)          // position in [0, 1] of the beta
            let tau = fit.lower + width * (Double(q) + 0.5)
            let w = exp(logNorm + (fit.alpha - 1) * log(z) + (fit.beta - 1) * log1p(-z)) / Double(nodes)
            guard w > 0, w.isFinite else { continue }
            for c in 0..<k { p[c] = 0 }
            // Binomial(n, τ) probabilities by logs.
            for x in 0...n {
                let lp = lgamma(Double(n) + 1) - lgamma(Double(x) + 1) - lgamma(Double(n - x) + 1)
                    + (x > 0 ? Double(x) * log(tau) : 0) + (x < n ? Double(n - x) * log1p(-tau) : 0)
                p[observedCuts.reduce(0) { $0 + (x >= $1 ? 1 : 0) }] += exp(lp)
            }
            let t = trueCuts.reduce(0) { $0 + (tau >= $1 ? 1 : 0) }
            for o in 0..<k { tables.addAccuracy(trueCategory: t, observed: o, weight: w * p[o]) }
            tables.addConsistency(p, weight: w)
        }
        tables.normalise()
        return tables
    }
}
