import Foundation
import LinearAlgebra
import MathCore

/// Maximum-likelihood fit of the cumulative (proportional-odds) logit model (McCullagh 1980,
/// "Regression models for ordinal data", *JRSS B* 42:109–142); with two categories it is ordinary
/// logistic regression.
///
/// ```
/// P(Y ≥ j | x) = σ(θ_j + x·β),   j = 1..K−1,   θ_1 > θ_2 > … > θ_(K−1)
/// P(Y = j | x) = σ(η_j) − σ(η_(j+1)),  η_j = θ_j + x·β,  η_0 = +∞, η_K = −∞
/// ```
/// (statsmodels' `OrderedModel` writes the same model as P(Y ≤ j) = σ(τ_j − x·β), so τ_j = −θ_(j+1)
/// and β agree.) The log-likelihood is concave (Pratt 1981), so Newton–Raphson with step halving
/// from the marginal thresholds and β = 0 converges unless the data separate (then β diverges and
/// the fit is reported as not converged). Complexity O(iterations · n · (K + m)²), m covariates.
public struct CumulativeLogitModel: Sendable {
    /// The outcome categories 0..K−1 (each must occur).
    public var categories: Int
    /// Tolerance on the largest Newton step.
    public static let stepTolerance = 1e-9
    /// Newton iterations before the fit is declared not converged.
    public static let maxIterations = 100

    public struct Fit: Sendable, Equatable {
        /// θ_1..θ_(K−1).
        public var thresholds: [Double]
        /// β, one per covariate.
        public var coefficients: [Double]
        public var logLikelihood: Double
        public var converged: Bool
        public var iterations: Int
    }

    public init(categories: Int) {
        precondition(categories >= 2, "CumulativeLogitModel: at least two categories")
        self.categories = categories
    }

    /// The log-likelihood of the intercept-only model: Σ_j n_j ln(n_j / n).
    public static func nullLogLikelihood(_ y: [Int], categories: Int) -> Double {
        var counts = [Double](repeating: 0, count: categories)
        for v in y { counts[v] += 1 }
        let n = Double(y.count)
        return counts.reduce(0) { $0 + ($1 > 0 ? $1 * log($1 / n) : 0) }
    }

    /// Fits the model to outcomes `y` (0..K−1) with covariates `x[p]` (m values per person).
    public func fit(_ y: [Int], covariates x: [[Double]]) -> Fit {
        let k1 = categories - 1, m = x.first?.count ?? 0, dim = k1 + m
        // Start: the marginal cumulative logits, β = 0.
        var counts = [Double](repeating: 0, count: categories)
        for v in y { counts[v] += 1 }
        let n = Double(y.count)
        var theta = [Double](repeating: 0, count: k1)
        var above = n
        for j in 1..<categories {
            above -= counts[j - 1]
            let p = min(max(above / n, 1e-6), 1 - 1e-6)
            theta[j - 1] = Logistic.logit(p)
        }
        var params = theta + [Double](repeating: 0, count: m)
        var ll = logLikelihood(params, y, x)
        var iterations = 0
        var converged = false
        while iterations < Self.maxIterations {
            iterations += 1
            let (g, h) = derivatives(params, y, x)
            // Newton step: (−H) δ = g.
            var negH = Matrix(rows: dim, columns: dim)
            for r in 0..<dim { for c in 0..<dim { negH[r, c] = -h[r * dim + c] } }
            guard let step = try? Factorization.solveSPD(negH, g, name: "cumulative-logit information") else { break }
            var scale = 1.0
            var accepted = false
            for _ in 0..<40 {
                let trial = zip(params, step).map { $0 + scale * $1 }
                let llTrial = logLikelihood(trial, y, x)
                if llTrial.isFinite && llTrial >= ll - 1e-12 * max(1, abs(ll)) {
                    params = trial
                    ll = llTrial
                    accepted = true
                    break
                }
                scale /= 2
            }
            let largest = step.reduce(0) { max($0, abs($1)) } * scale
            if !accepted { break }
            if largest < Self.stepTolerance { converged = true; break }
        }
        return Fit(thresholds: Array(params[0..<k1]), coefficients: Array(params[k1...]), logLikelihood: ll,
                   converged: converged, iterations: iterations)
    }

    /// σ(η) for the cumulative boundary j of category y (j = y for the upper, y + 1 for the lower).
    private func boundary(_ params: [Double], _ j: Int, _ xb: Double) -> Double? {
        // j = 0 → +∞ (probability 1), j = K → −∞ (probability 0).
        if j == 0 || j == categories { return nil }
        return params[j - 1] + xb
    }

    func logLikelihood(_ params: [Double], _ y: [Int], _ x: [[Double]]) -> Double {
        let k1 = categories - 1
        var total = 0.0
        for p in y.indices {
            var xb = 0.0
            for (c, v) in x[p].enumerated() { xb += params[k1 + c] * v }
            let upper = boundary(params, y[p], xb).map(Logistic.logistic) ?? 1
            let lower = boundary(params, y[p] + 1, xb).map(Logistic.logistic) ?? 0
            let prob = upper - lower
            if !(prob > 0) {
                // Only out-of-order thresholds give a non-positive probability: reject the point.
                if let hi = boundary(params, y[p], xb), let lo = boundary(params, y[p] + 1, xb), hi <= lo { return -.infinity }
                // Underflow in a tail: the log of the tail directly.
                if let hi = boundary(params, y[p], xb), boundary(params, y[p] + 1, xb) == nil {
                    total += Logistic.logLogistic(hi); continue
                }
                if let lo = boundary(params, y[p] + 1, xb), boundary(params, y[p], xb) == nil {
                    total += Logistic.logOneMinusLogistic(lo); continue
                }
                return -.infinity
            }
            total += log(prob)
        }
        return total
    }

    /// Gradient and Hessian (row-major dim × dim) of the log-likelihood.
    ///
    /// With u = σ(η_y), l = σ(η_(y+1)), p = u − l, f(η) = σ(1 − σ), f′ = f(1 − 2σ):
    /// ```
    /// ∂ℓ/∂η_y = f_u / p,   ∂ℓ/∂η_(y+1) = −f_l / p
    /// ∂²ℓ/∂η_y² = f′_u / p − f_u² / p²,   ∂²ℓ/∂η_(y+1)² = −f′_l / p − f_l² / p²,   ∂²ℓ/∂η_y∂η_(y+1) = f_u f_l / p²
    /// ```
    /// and ∂η_j/∂θ_j = 1, ∂η_j/∂β = x.
    func derivatives(_ params: [Double], _ y: [Int], _ x: [[Double]]) -> ([Double], [Double]) {
        let k1 = categories - 1, m = x.first?.count ?? 0, dim = k1 + m
        var g = [Double](repeating: 0, count: dim)
        var h = [Double](repeating: 0, count: dim * dim)
        var du = [Double](repeating: 0, count: dim), dl = [Double](repeating: 0, count: dim)
        for p in y.indices {
            var xb = 0.0
            for (c, v) in x[p].enumerated() { xb += params[k1 + c] * v }
            let etaU = boundary(params, y[p], xb), etaL = boundary(params, y[p] + 1, xb)
            let u = etaU.map(Logistic.logistic) ?? 1, l = etaL.map(Logistic.logistic) ?? 0
            let prob = max(u - l, 1e-300)
            let fu = etaU == nil ? 0 : u * (1 - u), fl = etaL == nil ? 0 : l * (1 - l)
            let dfu = fu * (1 - 2 * u), dfl = fl * (1 - 2 * l)
            let gu = fu / prob, gl = -fl / prob
            let huu = dfu / prob - fu * fu / (prob * prob)
            let hll = -dfl / prob - fl * fl / (prob * prob)
            let hul = fu * fl / (prob * prob)
            // ∂η_U/∂params and ∂η_L/∂params, in buffers reused across persons.
            for r in 0..<dim { du[r] = 0; dl[r] = 0 }
            if etaU != nil {
                du[y[p] - 1] = 1
                for c in 0..<m { du[k1 + c] = x[p][c] }
            }
            if etaL != nil {
                dl[y[p]] = 1
                for c in 0..<m { dl[k1 + c] = x[p][c] }
            }
            for r in 0..<dim {
                g[r] += gu * du[r] + gl * dl[r]
                let a = huu * du[r] + hul * dl[r], b = hll * dl[r] + hul * du[r]
                if a == 0 && b == 0 { continue }
                for c in 0..<dim { h[r * dim + c] += a * du[c] + b * dl[c] }
            }
        }
        return (g, h)
    }
}
