import IRTModels
import LinearAlgebra
#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

/// The M-step for one item: maximises the expected complete-data log-likelihood
/// ```
/// ℓ_j(β) = Σ_q Σ_k r_jkq · log P_jk(θ_q; β)  (+ log prior)
/// ```
/// by Fisher scoring: gradient g = Σ_q Σ_k r_jkq ∂P_k/∂β / P_k, information
/// H = Σ_q n_jq Σ_k (∂P_k/∂β)(∂P_k/∂β)ᵀ / P_k (Bock & Aitkin 1981; Baker & Kim 2004, ch. 6), which for
/// the 2PL and GPCM equals the negative Hessian. Steps are halved until ℓ increases and the
/// parameters stay valid (a > 0, ordered graded intercepts, 0 ≤ c < u ≤ 1).
enum MStep {
    /// Value, gradient and information of ℓ_j at `item` (prior included).
    static func evaluate(_ item: ItemParameters, counts: [Double], nodes: [Double], prior: BetaPrior?)
        -> (value: Double, gradient: [Double], information: Matrix) {
        let kCount = item.categoryCount
        let q = nodes.count
        let npar = item.parameterNames.count
        var value = 0.0
        var g = [Double](repeating: 0, count: npar)
        var h = Matrix(rows: npar, columns: npar)
        for node in 0..<q {
            let d = item.derivatives(at: nodes[node])
            var nq = 0.0
            for k in 0..<kCount { nq += counts[k * q + node] }
            if nq <= 0 { continue }
            for k in 0..<kCount {
                let p = max(d.probabilities[k], 1e-300)
                let r = counts[k * q + node]
                if r > 0 { value += r * log(p) }
                let dp = d.dParameters[k]
                let rp = r / p
                let np = nq / p
                for a in 0..<npar {
                    g[a] += rp * dp[a]
                    let f = np * dp[a]
                    for b in a..<npar { h.storage[a * npar + b] += f * dp[b] }
                }
            }
        }
        for a in 0..<npar { for b in 0..<a { h.storage[a * npar + b] = h.storage[b * npar + a] } }
        if let prior, item.model == .threePL || item.model == .fourPL {
            let ci = 2
            value += prior.logDensity(item.guessing)
            g[ci] += prior.gradient(item.guessing)
            h.storage[ci * npar + ci] -= prior.curvature(item.guessing)
        }
        return (value, g, h)
    }

    /// Maximises ℓ_j from `item`; returns the improved parameters (never worse than the start).
    static func maximize(_ item: ItemParameters, counts: [Double], nodes: [Double], prior: BetaPrior?,
                         maxIterations: Int = 25, tolerance: Double = 1e-9) -> ItemParameters {
        var current = item
        var eval = evaluate(current, counts: counts, nodes: nodes, prior: prior)
        for _ in 0..<maxIterations {
            let step = scoringStep(eval.gradient, eval.information)
            let largest = step.reduce(0) { max($0, abs($1)) }
            if largest < tolerance { break }
            let scale = largest > 2 ? 2 / largest : 1
            var t = scale
            var improved = false
            let x = current.freeParameters
            for _ in 0..<30 {
                let candidate = current.with(freeParameters: zip(x, step).map { $0 + t * $1 })
                let clamped = clamp(candidate)
                if clamped.isValid && clamped.discrimination > 0 {
                    let e = evaluate(clamped, counts: counts, nodes: nodes, prior: prior)
                    if e.value.isFinite && e.value >= eval.value - 1e-12 * abs(eval.value) {
                        current = clamped
                        eval = e
                        improved = true
                        break
                    }
                }
                t *= 0.5
            }
            if !improved || largest * t < tolerance { break }
        }
        return current
    }

    /// Solves H s = g (Cholesky), damping H if it is not positive definite.
    static func scoringStep(_ g: [Double], _ h: Matrix) -> [Double] {
        let n = g.count
        let scale = max(1e-10, h.diagonal.reduce(0) { max($0, abs($1)) })
        var lambda = 0.0
        for _ in 0..<12 {
            var hh = h
            for i in 0..<n { hh[i, i] += lambda }
            if let s = try? Factorization.solveSPD(hh, g, name: "item information") { return s }
            lambda = lambda == 0 ? 1e-8 * scale : lambda * 100
        }
        return g.map { $0 / scale }
    }

    /// Keeps asymptotes inside their open ranges so logarithms stay finite.
    static func clamp(_ item: ItemParameters) -> ItemParameters {
        var p = item
        if p.model == .threePL || p.model == .fourPL {
            p.guessing = min(max(p.guessing, 1e-10), 0.95)
        }
        if p.model == .fourPL {
            p.upperAsymptote = min(max(p.upperAsymptote, p.guessing + 0.02), 1)
        }
        return p
    }
}
