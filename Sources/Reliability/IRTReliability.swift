import IRTModels
import MathCore
import Scoring

/// Marginal and empirical reliability (DECISIONS §7, as mirt's `marginal_rxx` and `empirical_rxx`).
///
/// ```
/// marginal   ρ = ∫ σ² / (σ² + 1/I(θ)) g(θ) dθ  =  Σ_q w_q σ² I(θ_q) / (σ² I(θ_q) + 1)
/// empirical  ρ = var(θ̂) / (var(θ̂) + mean(SE²))          (var with n − 1, over persons with an estimate)
/// ```
/// g = N(μ, σ²) is the scale's latent distribution; the integral runs on ``gridNodes`` equally spaced
/// nodes over μ ± 6σ with normalised normal weights. Green, Bock, Humphreys, Linn & Reckase (1984),
/// *JEM* 21:347–360 (marginal reliability); du Toit (2003), *IRT from SSI*, pp. 113–114 (empirical).
/// The empirical reliability uses EAP scores and posterior SDs under g, as `mirt::fscores` and
/// `empirical_rxx` do by default.
public enum IRTReliability {
    /// Nodes of the marginal-reliability quadrature.
    public static let gridNodes = 121

    /// Marginal reliability of `items` under `latent`.
    /// - Complexity: O(``gridNodes`` · Σ_j K_j).
    public static func marginal(items: [ItemParameters], latent: LatentDistribution) -> Double? {
        guard latent.isValid, !items.isEmpty else { return nil }
        let sd = latent.standardDeviation
        guard let grid = try? ThetaGrid.equallySpaced(count: gridNodes, range: (latent.mean - 6 * sd)...(latent.mean + 6 * sd),
                                                      latent: latent) else { return nil }
        let batch = ItemBatch(items)
        let s2 = latent.variance
        var rho = 0.0
        for (q, theta) in grid.nodes.enumerated() {
            let info = batch.testInformation(at: theta)
            rho += grid.weights[q] * s2 * info / (s2 * info + 1)
        }
        return rho
    }

    /// Empirical reliability of estimates with standard errors (persons without either are left out).
    public static func empirical(thetas: [Double?], standardErrors: [Double?]) -> Double? {
        var values: [Double] = [], se2: [Double] = []
        for (t, s) in zip(thetas, standardErrors) {
            guard let t, let s, t.isFinite, s.isFinite else { continue }
            values.append(t); se2.append(s * s)
        }
        guard values.count >= 2 else { return nil }
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        let meanSE2 = se2.reduce(0, +) / n
        guard variance + meanSE2 > 0 else { return nil }
        return variance / (variance + meanSE2)
    }
}
