#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif
import IRTModels
import MathCore

/// The quadrature grid of EAP scoring with a precomputed table of log P_jk(θ_q), laid out so that
/// one response adds one contiguous row of Q values to the person's log-posterior.
///
/// `table[offset_j + k·Q + q] = log P_jk(θ_q)`; nodes θ_q = μ + σ·z_q map the standard rule z_q onto
/// the latent N(μ, σ²); `logPrior[q] = log w_q`. Memory: Q·Σ_j K_j doubles. Immutable after `init`.
final class PosteriorGrid: @unchecked Sendable {
    /// Floor of a table entry, so that a category probability that underflows to 0 at an extreme node
    /// never turns a whole posterior into NaN (e^(−10⁶) is 0 after normalisation anyway).
    static let logFloor = -1e6

    let q: Int
    let nodes: UnsafeMutablePointer<Double>
    let logPrior: UnsafeMutablePointer<Double>
    let table: UnsafeMutablePointer<Double>
    let offsets: UnsafeMutablePointer<Int>

    init(items: [ItemParameters], rule: QuadratureRule, mean: Double, variance: Double) {
        q = rule.count
        let sd = variance.squareRoot()
        nodes = .allocate(capacity: q)
        logPrior = .allocate(capacity: q)
        for i in 0..<q {
            nodes[i] = mean + sd * rule.nodes[i]
            logPrior[i] = rule.weights[i] > 0 ? log(rule.weights[i]) : Self.logFloor
        }
        offsets = .allocate(capacity: max(1, items.count))
        var total = 0
        for (j, item) in items.enumerated() { offsets[j] = total; total += item.categoryCount * q }
        table = .allocate(capacity: max(1, total))
        var lp = [Double](repeating: 0, count: 2)
        for (j, item) in items.enumerated() {
            let kCount = item.categoryCount
            if lp.count != kCount { lp = [Double](repeating: 0, count: kCount) }
            for node in 0..<q {
                item.logProbabilities(at: nodes[node], into: &lp)
                for k in 0..<kCount {
                    let v = lp[k]
                    table[offsets[j] + k * q + node] = v.isNaN ? Self.logFloor : max(v, Self.logFloor)
                }
            }
        }
    }

    deinit {
        nodes.deallocate(); logPrior.deallocate(); table.deallocate(); offsets.deallocate()
    }

    /// Posterior mean and SD for the answered items `items[0..<n]` with categories `responses`,
    /// using `work` (Q doubles) as scratch. Complexity O(n·Q) additions and Q exponentials.
    @inline(__always)
    func posterior(items: UnsafePointer<Int32>, responses: UnsafePointer<UInt8>, count n: Int,
                   work: UnsafeMutablePointer<Double>) -> (mean: Double, sd: Double) {
        let q = self.q
        work.update(from: logPrior, count: q)
        for i in 0..<n {
            let row = UnsafePointer(table + offsets[Int(items[i])] + Int(responses[i]) * q)
            for node in 0..<q { work[node] += row[node] }
        }
        var top = -Double.infinity
        for node in 0..<q where work[node] > top { top = work[node] }
        var total = 0.0, first = 0.0
        for node in 0..<q {
            let w = exp(work[node] - top)
            work[node] = w
            total += w
            first += w * nodes[node]
        }
        let mean = first / total
        var second = 0.0
        for node in 0..<q {
            let d = nodes[node] - mean
            second += work[node] * d * d
        }
        return (mean, (second / total).squareRoot())
    }
}
