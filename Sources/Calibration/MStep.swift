import IRTModels
import LinearAlgebra
import MathCore
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
/// the 2PL and GPCM equals the negative Hessian. The parameters stay in the box of
/// ``ParameterBounds`` (active-set projected steps, see `maximize`) and valid (ordered graded
/// intercepts); steps are halved until ℓ does not decrease.
enum MStep {
    /// Value, gradient and information of ℓ_j at `item` (prior included).
    static func evaluate(_ item: ItemParameters, counts: [Double], nodes: [Double], prior: BetaPrior?)
        -> (value: Double, gradient: [Double], information: Matrix) {
        if item.model.isDichotomous { return evaluateDichotomous(item, counts: counts, nodes: nodes, prior: prior) }
        let kCount = item.categoryCount
        let q = nodes.count
        let npar = kCount  // a and K − 1 intercepts
        var value = 0.0
        var g = [Double](repeating: 0, count: npar)
        var h = Matrix(rows: npar, columns: npar)
        // Scratch for one node, allocated once per evaluation: P_k and ∂P_k/∂β (K × npar, flat).
        var p = [Double](repeating: 0, count: kCount)
        var dp = [Double](repeating: 0, count: kCount * npar)
        var work = [Double](repeating: 0, count: kCount + 2)
        var dTheta = [Double](repeating: 0, count: kCount)
        for node in 0..<q {
            var nq = 0.0
            for k in 0..<kCount { nq += counts[k * q + node] }
            if nq <= 0 { continue }
            item.polytomousDerivatives(at: nodes[node], probabilities: &p, dParameters: &dp, dTheta: &dTheta, work: &work)
            for k in 0..<kCount {
                let pk = max(p[k], 1e-300)
                let r = counts[k * q + node]
                if r > 0 { value += r * log(pk) }
                let rp = r / pk
                let np = nq / pk
                let base = k * npar
                for a in 0..<npar {
                    let da = dp[base + a]
                    if da == 0 { continue }
                    g[a] += rp * da
                    let f = np * da
                    for b in a..<npar { h.storage[a * npar + b] += f * dp[base + b] }
                }
            }
        }
        for a in 0..<npar { for b in 0..<a { h.storage[a * npar + b] = h.storage[b * npar + a] } }
        if let prior, item.model.hasGuessing {
            let ci = 2
            value += prior.logDensity(item.guessing)
            g[ci] += prior.gradient(item.guessing)
            h.storage[ci * npar + ci] -= prior.curvature(item.guessing)
        }
        return (value, g, h)
    }

    /// The dichotomous case without per-node allocations (the hot path of 2PL/3PL calibration):
    /// with P = c + (u − c)σ(z), z = aθ + d, σ' = σ(1 − σ):
    /// ```
    /// ∂P/∂a = (u − c)σ'θ,  ∂P/∂d = (u − c)σ',  ∂P/∂c = 1 − σ,  ∂P/∂u = σ
    /// g = Σ_q (r1/P − r0/Q) ∂P/∂β,   H = Σ_q n (∂P/∂β)(∂P/∂β)ᵀ / (P·Q)
    /// ```
    /// (for the 2PL, H is the exact negative Hessian Σ n P Q (θ, 1)(θ, 1)ᵀ).
    static func evaluateDichotomous(_ item: ItemParameters, counts: [Double], nodes: [Double], prior: BetaPrior?)
        -> (value: Double, gradient: [Double], information: Matrix) {
        let q = nodes.count
        let a = item.discrimination, d = item.intercept, c = item.guessing, u = item.upperAsymptote
        let npar: Int
        switch item.model {
        case .rasch: npar = 1
        case .twoPL: npar = 2
        case .threePL: npar = 3
        default: npar = 4
        }
        var value = 0.0
        var g0 = 0.0, g1 = 0.0, g2 = 0.0, g3 = 0.0
        var h = [Double](repeating: 0, count: 16) // 4 × 4 upper triangle used
        counts.withUnsafeBufferPointer { cnt in
            for node in 0..<q {
                let r0 = cnt[node], r1 = cnt[q + node]
                let n = r0 + r1
                if n <= 0 { continue }
                let theta = nodes[node]
                let z = a * theta + d
                let s = Logistic.logistic(z)
                let sp = s * (1 - s)
                let p = max(c + (u - c) * s, 1e-300)
                let qq = max((1 - u) + (u - c) * (1 - s), 1e-300)
                value += r1 * log(p) + r0 * log(qq)
                let w = r1 / p - r0 / qq
                let f = n / (p * qq)
                // ∂P/∂β in the model's parameter order.
                var dp0 = 0.0, dp1 = 0.0, dp2 = 0.0, dp3 = 0.0
                if npar == 1 {
                    dp0 = (u - c) * sp
                } else {
                    dp0 = (u - c) * sp * theta
                    dp1 = (u - c) * sp
                    dp2 = 1 - s
                    dp3 = s
                }
                g0 += w * dp0; g1 += w * dp1; g2 += w * dp2; g3 += w * dp3
                h[0] += f * dp0 * dp0; h[1] += f * dp0 * dp1; h[2] += f * dp0 * dp2; h[3] += f * dp0 * dp3
                h[5] += f * dp1 * dp1; h[6] += f * dp1 * dp2; h[7] += f * dp1 * dp3
                h[10] += f * dp2 * dp2; h[11] += f * dp2 * dp3
                h[15] += f * dp3 * dp3
            }
        }
        var g = Array([g0, g1, g2, g3].prefix(npar))
        var info = Matrix(rows: npar, columns: npar)
        for r in 0..<npar {
            for col in r..<npar {
                info.storage[r * npar + col] = h[r * 4 + col]
                info.storage[col * npar + r] = h[r * 4 + col]
            }
        }
        if let prior, item.model.hasGuessing {
            value += prior.logDensity(c)
            g[2] += prior.gradient(c)
            info.storage[2 * npar + 2] -= prior.curvature(c)
        }
        return (value, g, info)
    }

    /// Maximises ℓ_j from `item` inside the box of ``ParameterBounds``; returns the improved
    /// parameters (never worse than the start).
    ///
    /// Active-set projected Fisher scoring (Bertsekas 1982): at each iteration the parameters on a
    /// bound whose gradient points out of the box are held, the scoring step
    /// ```
    /// s_F = H_FF⁻¹ g_F   (F: the parameters not held),  s_held = 0
    /// ```
    /// is taken for the others, and the line search projects x + t·s onto the box and halves t until
    /// ℓ does not decrease. A held parameter is released as soon as its gradient points back inside.
    /// Stops when the largest component of the projected step is below `tolerance`.
    static func maximize(_ item: ItemParameters, counts: [Double], nodes: [Double], prior: BetaPrior?,
                         maxIterations: Int = 25, tolerance: Double = 1e-9) -> ItemParameters {
        var current = item.projectedOntoBounds()
        var eval = evaluate(current, counts: counts, nodes: nodes, prior: prior)
        if !eval.value.isFinite && current != item {
            current = item
            eval = evaluate(current, counts: counts, nodes: nodes, prior: prior)
        }
        for _ in 0..<maxIterations {
            let x = current.freeParameters
            let held = ParameterBounds(current).held(x, gradient: eval.gradient)
            let step = projectedStep(eval.gradient, eval.information, held: held)
            let largest = step.reduce(0) { max($0, abs($1)) }
            if largest < tolerance { break }
            var t = largest > 2 ? 2 / largest : 1
            var improved = false
            var moved = 0.0
            for _ in 0..<30 {
                let candidate = current.with(freeParameters: zip(x, step).map { $0 + t * $1 }).projectedOntoBounds()
                if candidate.isValid {
                    let e = evaluate(candidate, counts: counts, nodes: nodes, prior: prior)
                    if e.value.isFinite && e.value >= eval.value - 1e-12 * abs(eval.value) {
                        moved = zip(candidate.freeParameters, x).reduce(0) { max($0, abs($1.0 - $1.1)) }
                        current = candidate
                        eval = e
                        improved = true
                        break
                    }
                }
                t *= 0.5
            }
            if !improved || moved < tolerance { break }
        }
        return current
    }

    /// The scoring step with the `held` parameters fixed: solves H_FF s_F = g_F over the others.
    static func projectedStep(_ g: [Double], _ h: Matrix, held: [Bool]) -> [Double] {
        let free = (0..<g.count).filter { !held[$0] }
        if free.count == g.count { return scoringStep(g, h) }
        var step = [Double](repeating: 0, count: g.count)
        if free.isEmpty { return step }
        var sub = Matrix(rows: free.count, columns: free.count)
        for (r, i) in free.enumerated() { for (c, j) in free.enumerated() { sub[r, c] = h[i, j] } }
        let s = scoringStep(free.map { g[$0] }, sub)
        for (r, i) in free.enumerated() { step[i] = s[r] }
        return step
    }

    /// The largest component of the projected scoring step at `item` with these expected counts: how
    /// far one more exact M-step would still move the item. At an EM fixed point the counts' gradient
    /// is the marginal gradient (Fisher's identity), so this is the bound-respecting first-order
    /// condition of the marginal likelihood in parameter units.
    static func remainingStep(_ item: ItemParameters, counts: [Double], nodes: [Double], prior: BetaPrior?) -> Double {
        let eval = evaluate(item, counts: counts, nodes: nodes, prior: prior)
        let x = item.freeParameters
        let bounds = ParameterBounds(item)
        let held = bounds.held(x, gradient: eval.gradient)
        let step = projectedStep(eval.gradient, eval.information, held: held)
        var largest = 0.0
        for k in 0..<x.count where !held[k] {
            // A step that runs into a bound only counts up to the bound.
            var target = x[k] + step[k]
            target = min(max(target, bounds.lower[k]), bounds.upper[k])
            largest = max(largest, abs(target - x[k]))
        }
        return largest.isFinite ? largest : .infinity
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
}
