#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif
import MathCore

/// Category probabilities, their log-derivatives and item information.
///
/// References: Lord (1980) *Applications of IRT*, ch. 5 (information, 3PL); Samejima (1969) for the
/// graded model; Muraki (1992) for the GPCM; Baker & Kim (2004) *Item Response Theory: Parameter
/// Estimation Techniques*, ch. 6–9, for the derivatives.
extension ItemParameters {
    /// log P(X = k | θ) for k = 0..K−1, computed in log space (finite at |θ| = 6 and large a).
    public func logProbabilities(at theta: Double) -> [Double] {
        var out = [Double](repeating: 0, count: categoryCount)
        logProbabilities(at: theta, into: &out)
        return out
    }

    /// log P(X = k | θ) written into `out` (K values).
    public func logProbabilities(at theta: Double, into out: inout [Double]) {
        let a = discrimination
        switch model {
        case .rasch, .twoPL, .threePL, .fourPL:
            let z = a * theta + intercept
            let c = guessing, u = upperAsymptote
            if c == 0 && u == 1 {
                out[1] = Logistic.logLogistic(z)
                out[0] = Logistic.logLogistic(-z)
            } else {
                // P = c + (u − c)σ(z); 1 − P = (1 − u) + (u − c)σ(−z).
                out[1] = log(c + (u - c) * Logistic.logistic(z))
                out[0] = log((1 - u) + (u - c) * Logistic.logistic(-z))
            }
        case .graded:
            // P_k = σ(z_k) − σ(z_{k+1}) with σ(z_0) = 1, σ(z_K) = 0.
            let kMax = intercepts.count
            out[0] = Logistic.logLogistic(-(a * theta + intercepts[0]))
            out[kMax] = Logistic.logLogistic(a * theta + intercepts[kMax - 1])
            if kMax >= 2 {
                for k in 1..<kMax {
                    let z1 = a * theta + intercepts[k - 1], z2 = a * theta + intercepts[k]
                    // σ(z1) − σ(z2) = σ(z1)σ(−z2)(1 − e^{z2−z1}); stable for z1 > z2.
                    out[k] = Logistic.logLogistic(z1) + Logistic.logLogistic(-z2) + log(-expm1(z2 - z1))
                }
            }
        case .gpcm:
            var s = 0.0
            out[0] = 0
            for k in 1...intercepts.count {
                s += a * theta + intercepts[k - 1]
                out[k] = s
            }
            let norm = logSumExp(out)
            for k in 0..<out.count { out[k] -= norm }
        }
    }

    /// P(X = k | θ), k = 0..K−1.
    public func probabilities(at theta: Double) -> [Double] { logProbabilities(at: theta).map { exp($0) } }

    /// Expected item score E[X | θ] = Σ k·P_k (the item characteristic curve of polytomous items).
    public func expectedScore(at theta: Double) -> Double {
        probabilities(at: theta).enumerated().reduce(0) { $0 + Double($1.offset) * $1.element }
    }

    /// The category probabilities, ∂P_k/∂θ and ∂P_k/∂β for the free parameters β (order of
    /// `parameterNames`). `dTheta[k]`, `dParameters[k][i]`.
    public func derivatives(at theta: Double) -> (probabilities: [Double], dTheta: [Double], dParameters: [[Double]]) {
        let a = discrimination
        let npar = parameterNames.count
        let kCount = categoryCount
        var p = [Double](repeating: 0, count: kCount)
        var dT = [Double](repeating: 0, count: kCount)
        var dB = [[Double]](repeating: [Double](repeating: 0, count: npar), count: kCount)
        switch model {
        case .rasch, .twoPL, .threePL, .fourPL:
            let z = a * theta + intercept
            let s = Logistic.logistic(z)
            let sp = s * (1 - s)
            let c = guessing, u = upperAsymptote
            let p1 = c + (u - c) * s
            p[1] = p1; p[0] = 1 - p1
            dT[1] = (u - c) * sp * a; dT[0] = -dT[1]
            var g = [Double](repeating: 0, count: npar)
            switch model {
            case .rasch: g[0] = (u - c) * sp
            case .twoPL: g[0] = (u - c) * sp * theta; g[1] = (u - c) * sp
            case .threePL: g[0] = (u - c) * sp * theta; g[1] = (u - c) * sp; g[2] = 1 - s
            default: g[0] = (u - c) * sp * theta; g[1] = (u - c) * sp; g[2] = 1 - s; g[3] = s
            }
            dB[1] = g; dB[0] = g.map { -$0 }
        case .graded, .gpcm:
            var flat = [Double](repeating: 0, count: kCount * npar)
            var work = [Double](repeating: 0, count: kCount + 2)
            polytomousDerivatives(at: theta, probabilities: &p, dParameters: &flat, dTheta: &dT, work: &work)
            for k in 0..<kCount { dB[k] = Array(flat[(k * npar)..<((k + 1) * npar)]) }
        }
        return (p, dT, dB)
    }

    /// Fisher information I(θ) = Σ_k (∂P_k/∂θ)² / P_k (Lord 1980, eq. 5-9; Samejima 1969 for graded
    /// items). For the 2PL it reduces to a²·P·Q; for the 3PL to a²(P − c)²Q / ((1 − c)²P).
    public func information(at theta: Double) -> Double {
        let d = derivatives(at: theta)
        var info = 0.0
        for k in 0..<categoryCount where d.probabilities[k] > 1e-300 {
            info += d.dTheta[k] * d.dTheta[k] / d.probabilities[k]
        }
        return info
    }
}

extension ItemParameters {
    /// P_k(θ) and ∂P_k/∂β of a graded or GPCM item written into preallocated buffers, for hot loops
    /// (the M-step): `probabilities` has K values, `dParameters` is K × K flat (row k: ∂P_k/∂a,
    /// ∂P_k/∂d_1 … ∂P_k/∂d_{K−1}), `work` has at least K + 2 values. Samejima (1969) for the graded
    /// model, Muraki (1992) for the GPCM; `dTheta` (K values) receives ∂P_k/∂θ. `derivatives(at:)`
    /// returns the same values as arrays.
    public func polytomousDerivatives(at theta: Double, probabilities p: inout [Double], dParameters dp: inout [Double],
                                      dTheta dt: inout [Double], work: inout [Double]) {
        let kCount = categoryCount
        let npar = kCount
        let a = discrimination
        for i in 0..<dp.count { dp[i] = 0 }
        if model == .graded {
            let m = kCount - 1
            // work[k] = P*_k (k = 0..m+1) = P(X ≥ k); w_k = P*_k (1 − P*_k).
            work[0] = 1
            work[m + 1] = 0
            for k in 1...m { work[k] = Logistic.logistic(a * theta + intercepts[k - 1]) }
            for k in 0...m {
                let wk = work[k] * (1 - work[k]), wk1 = work[k + 1] * (1 - work[k + 1])
                p[k] = work[k] - work[k + 1]
                dt[k] = a * (wk - wk1)
                dp[k * npar] = theta * (wk - wk1)
                if k >= 1 { dp[k * npar + k] += wk }
                if k + 1 <= m { dp[k * npar + k + 1] -= wk1 }
            }
        } else {
            // GPCM: z_k = Σ_{v ≤ k} (aθ + c_v), P_k = exp(z_k)/Σ exp(z_j).
            var s = 0.0, mx = 0.0
            work[0] = 0
            for k in 1..<kCount { s += a * theta + intercepts[k - 1]; work[k] = s; mx = max(mx, s) }
            var total = 0.0
            for k in 0..<kCount { p[k] = exp(work[k] - mx); total += p[k] }
            var mean = 0.0
            for k in 0..<kCount { p[k] /= total; mean += Double(k) * p[k] }
            // work[v] = P(X ≥ v).
            var tail = 0.0
            for k in stride(from: kCount - 1, through: 0, by: -1) { tail += p[k]; work[k] = tail }
            for k in 0..<kCount {
                dt[k] = p[k] * a * (Double(k) - mean)
                dp[k * npar] = p[k] * theta * (Double(k) - mean)
                for v in 1..<kCount { dp[k * npar + v] = p[k] * ((k >= v ? 1 : 0) - work[v]) }
            }
        }
    }
}
