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
        case .graded:
            let m = intercepts.count
            // Cumulative P*_k = σ(a θ + d_k), k = 1..m; P*_0 = 1, P*_{m+1} = 0.
            var star = [Double](repeating: 0, count: m + 2)
            var w = [Double](repeating: 0, count: m + 2)
            star[0] = 1
            for k in 1...m {
                star[k] = Logistic.logistic(a * theta + intercepts[k - 1])
                w[k] = star[k] * (1 - star[k])
            }
            for k in 0...m {
                p[k] = star[k] - star[k + 1]
                dT[k] = a * (w[k] - w[k + 1])
                dB[k][0] = theta * (w[k] - w[k + 1])
                if k >= 1 { dB[k][k] += w[k] }           // ∂/∂d_k
                if k + 1 <= m { dB[k][k + 1] -= w[k + 1] } // ∂/∂d_{k+1}
            }
        case .gpcm:
            let lp = logProbabilities(at: theta)
            for k in 0..<kCount { p[k] = exp(lp[k]) }
            let meanK = (0..<kCount).reduce(0.0) { $0 + Double($1) * p[$1] }
            // P(X ≥ v) for v = 1..K−1.
            var tail = [Double](repeating: 0, count: kCount + 1)
            for k in stride(from: kCount - 1, through: 0, by: -1) { tail[k] = tail[k + 1] + p[k] }
            for k in 0..<kCount {
                dT[k] = p[k] * a * (Double(k) - meanK)
                dB[k][0] = p[k] * theta * (Double(k) - meanK)
                for v in 1..<kCount { dB[k][v] = p[k] * ((k >= v ? 1 : 0) - tail[v]) }
            }
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
