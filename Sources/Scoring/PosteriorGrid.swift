#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif
import IRTModels
import MathCore

/// The quadrature grid of EAP scoring with a precomputed table of log-probabilities, laid out so that
/// one response adds one contiguous row of Q values to the person's log-posterior.
///
/// As in the calibration E-step (DECISIONS §5), category 0 is the baseline: the log-posterior starts
/// from `base[q] = log w_q + Σ_j log P_j0(θ_q)` over all items, a response k > 0 adds the row
/// `table[offset_j + k·Q + q] = log P_jk(θ_q) − log P_j0(θ_q)`, and an item not answered subtracts
/// `table[offset_j + q] = log P_j0(θ_q)`. A response in category 0 costs nothing, which halves the work
/// of dichotomous data. The nodes and log-weights are those of a ``IRTModels/ThetaGrid`` (the one θ grid
/// of the engine; for EAP, a standard rule carried onto the latent N(μ, σ²) by `ThetaGrid.scaling`).
/// Memory: Q·Σ_j K_j doubles. Immutable after `init`.
///
/// Why a table of its own: EAP scores every person of a file with the same items, so log P_jk(θ_q)
/// (`ItemParameters.logProbabilities`, the one computation of category probabilities) is tabulated
/// once, laid out as contiguous rows, and each person costs only additions and Q exponentials —
/// 10–50× less than evaluating the items per person.
///
/// `@unchecked Sendable` is justified: every stored property is a `let`, and the buffers they point to
/// are written only in `init` and read-only afterwards, so any number of threads may read them.
final class PosteriorGrid: @unchecked Sendable {
    /// Floor of a table entry, so that a category probability that underflows to 0 at an extreme node
    /// never turns a whole posterior into NaN (e^(−10⁶) is 0 after normalisation anyway).
    static let logFloor = -1e6

    let q: Int
    let nodes: UnsafeMutablePointer<Double>
    let logPrior: UnsafeMutablePointer<Double>
    let base: UnsafeMutablePointer<Double>
    let table: UnsafeMutablePointer<Double>
    let offsets: UnsafeMutablePointer<Int>

    init(items: [ItemParameters], grid: ThetaGrid) {
        q = grid.count
        nodes = .allocate(capacity: max(1, q))
        logPrior = .allocate(capacity: max(1, q))
        base = .allocate(capacity: max(1, q))
        for i in 0..<q {
            nodes[i] = grid.nodes[i]
            logPrior[i] = grid.weights[i] > 0 ? grid.logWeights[i] : Self.logFloor
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
                for k in 0..<kCount { lp[k] = lp[k].isNaN ? Self.logFloor : max(lp[k], Self.logFloor) }
                table[offsets[j] + node] = lp[0]
                for k in 1..<kCount { table[offsets[j] + k * q + node] = lp[k] - lp[0] }
            }
        }
        for node in 0..<q {
            var sum = logPrior[node]
            for j in 0..<items.count { sum += table[offsets[j] + node] }
            base[node] = sum
        }
    }

    deinit {
        nodes.deallocate(); logPrior.deallocate(); base.deallocate(); table.deallocate(); offsets.deallocate()
    }

    /// Posterior mean and SD for the answered items `items[0..<n]` with categories `responses`; the
    /// items `skipped[0..<m]` (not answered) are taken out of the baseline. `work` (Q doubles) is
    /// scratch. Complexity O((answered in k > 0 + skipped)·Q) additions and Q exponentials.
    @inline(__always)
    func posterior(items: UnsafePointer<Int32>, responses: UnsafePointer<UInt8>, count n: Int,
                   skipped: UnsafePointer<Int32>, skippedCount m: Int,
                   work: UnsafeMutablePointer<Double>) -> (mean: Double, sd: Double) {
        let q = self.q
        work.update(from: base, count: q)
        for i in 0..<n where responses[i] != 0 {
            let row = UnsafePointer(table + offsets[Int(items[i])] + Int(responses[i]) * q)
            for node in 0..<q { work[node] += row[node] }
        }
        for i in 0..<m {
            let row = UnsafePointer(table + offsets[Int(skipped[i])])
            for node in 0..<q { work[node] -= row[node] }
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
