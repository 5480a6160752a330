#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif
import IRTModels
import MathCore
import ResponseData

/// The E-step of a Rasch (or common-slope) calibration on the raw score, its sufficient statistic.
///
/// When every item is dichotomous with P_j(θ) = logistic(aθ + d_j) and one slope a shared by all
/// items, the likelihood of a complete response pattern x with raw score s = Σ_j x_j is
/// ```
/// log P(x | θ_q) = Σ_j x_j (aθ_q + d_j) + Σ_j log(1 − P_j(θ_q))
///                = a·s·θ_q + c0_q + Σ_j x_j d_j,          c0_q = Σ_j log(1 − P_j(θ_q))
/// ```
/// so Σ_j x_j d_j does not depend on θ and the posterior of a person depends on the raw score alone
/// (Rasch 1960; used for marginal estimation by Thissen 1982, "Marginal maximum likelihood estimation
/// for the one-parameter logistic model", *Psychometrika* 47:175–186). With n_s persons of score s and
/// the item-by-score table T_js = Σ_{i: s_i = s} x_ij (counted once from the data), the expected counts
/// of Bock & Aitkin's (1981) E-step are exact sums over score groups:
/// ```
/// W_sq = exp(a·s·θ_q + c0_q + log w_q) / Σ_q' exp(a·s·θ_q' + c0_q' + log w_q')
/// r_jq(x = 1) = Σ_i x_ij W_{s_i q} = Σ_s T_js W_sq,     N_q = Σ_s n_s W_sq
/// log L = Σ_s n_s log Σ_q exp(a·s·θ_q + c0_q + log w_q) + Σ_j d_j Σ_s T_js
/// ```
/// Cost per E-step: (J + 1)·Q exponentials and 2·J·(J + 1)·Q flops, against N·Q exponentials and
/// 4·N·J·Q flops over N response patterns. Persons with a response not presented have no such
/// statistic (their score is over a different set of items); they stay on the pattern E-step (see
/// ``EStep``), whose counts are added to these.
struct ScoreGroups: Sendable {
    /// Number of items J.
    let itemCount: Int
    /// n_s: persons (pattern frequencies summed) with raw score s, s = 0..J.
    let persons: [Double]
    /// T, row-major (J + 1) × J: `correct[s * J + j]` = persons of score s who answered item j with 1.
    let correct: [Double]
    /// Σ_s T_js: persons who answered item j with 1 (the θ-free term of the log-likelihood).
    let itemTotals: [Double]

    /// Counts the score groups of the complete patterns of `data` (dichotomous items); the indices of
    /// the patterns with a response not presented are returned beside them for the pattern E-step.
    /// Returns nil when an item is not dichotomous. Cost O(U·J) for U patterns, once.
    static func count(_ data: PreparedData) -> (groups: ScoreGroups, incompletePatterns: [Int])? {
        guard data.categoryCounts.allSatisfy({ $0 == 2 }) else { return nil }
        let j = data.itemCount
        var persons = [Double](repeating: 0, count: j + 1)
        var correct = [Double](repeating: 0, count: (j + 1) * j)
        var incomplete = [Int]()
        // Unsafe buffers: the counts are written once per response, so no per-write uniqueness check.
        data.patterns.withUnsafeBufferPointer { bytes in
            data.frequencies.withUnsafeBufferPointer { frequencies in
                persons.withUnsafeMutableBufferPointer { persons in
                    correct.withUnsafeMutableBufferPointer { correct in
                        for u in 0..<frequencies.count {
                            let row = u * j
                            var score = 0
                            var complete = true
                            for i in 0..<j {
                                let v = bytes[row + i]
                                if v == ResponseMatrix.missing { complete = false; break }
                                score += Int(v)
                            }
                            if !complete { incomplete.append(u); continue }
                            let f = frequencies[u]
                            persons[score] += f
                            let out = score * j
                            for i in 0..<j where bytes[row + i] == 1 { correct[out + i] += f }
                        }
                    }
                }
            }
        }
        var totals = [Double](repeating: 0, count: j)
        for s in 0...j { for i in 0..<j { totals[i] += correct[s * j + i] } }
        return (ScoreGroups(itemCount: j, persons: persons, correct: correct, itemTotals: totals), incomplete)
    }

    /// Persons counted in the score groups.
    var personCount: Double { persons.reduce(0, +) }

    /// The common slope a when every item is a Rasch item without asymptotes (c = 0, u = 1) and all
    /// share one discrimination — the condition under which the raw score is sufficient; nil otherwise
    /// (for example fixed bank items with other slopes), and the caller uses the pattern E-step.
    static func commonSlope(of items: [ItemParameters]) -> Double? {
        guard let a = items.first?.discrimination, a.isFinite else { return nil }
        for item in items {
            guard item.model == .rasch, item.discrimination == a, item.guessing == 0, item.upperAsymptote == 1
            else { return nil }
        }
        return a
    }

    /// The expected counts of the complete-data persons (see the type's formula), for items with the
    /// common slope `slope` (from ``commonSlope(of:)``), the grid `nodes` and the latent log weights
    /// `logPrior`.
    /// - Returns: r1 (J × Q, row-major: persons answering 1 per item and node), N_q, and log L.
    func expectedCounts(items: [ItemParameters], slope a: Double, nodes: [Double], logPrior: [Double])
        -> (correct: [Double], nodeTotals: [Double], logLikelihood: Double) {
        let q = nodes.count, j = itemCount
        // base_q = c0_q + log w_q, with c0_q = Σ_j log(1 − P_j(θ_q)) = −Σ_j softplus(aθ_q + d_j).
        var base = logPrior
        for item in items {
            let d = item.intercept
            for node in 0..<q { base[node] += Logistic.logOneMinusLogistic(a * nodes[node] + d) }
        }
        // W (J + 1) × Q: the normalised posterior of every score group.
        var w = [Double](repeating: 0, count: (j + 1) * q)
        var logLikelihood = 0.0
        var nodeTotals = [Double](repeating: 0, count: q)
        w.withUnsafeMutableBufferPointer { wb in
            for s in 0...j where persons[s] > 0 {
                let row = s * q
                let slopeScore = a * Double(s)
                var mx = -Double.infinity
                for node in 0..<q {
                    let v = slopeScore * nodes[node] + base[node]
                    wb[row + node] = v
                    mx = v > mx ? v : mx
                }
                var sum = 0.0
                for node in 0..<q {
                    let e = exp(wb[row + node] - mx)
                    wb[row + node] = e
                    sum += e
                }
                logLikelihood += persons[s] * (mx + log(sum))
                let inv = 1 / sum
                for node in 0..<q {
                    let v = wb[row + node] * inv
                    wb[row + node] = v
                    nodeTotals[node] += persons[s] * v
                }
            }
        }
        for i in 0..<j { logLikelihood += items[i].intercept * itemTotals[i] }
        // r1 = Tᵀ·W: J × Q, a product of (J × (J + 1)) by ((J + 1) × Q).
        var r1 = [Double](repeating: 0, count: j * q)
        r1.withUnsafeMutableBufferPointer { rb in
            for s in 0...j where persons[s] > 0 {
                let row = s * q
                for i in 0..<j {
                    let t = correct[s * j + i]
                    if t == 0 { continue }
                    let out = i * q
                    for node in 0..<q { rb[out + node] += t * w[row + node] }
                }
            }
        }
        return (r1, nodeTotals, logLikelihood)
    }
}
