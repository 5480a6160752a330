import IRTModels

/// The fence grid on which ML, MAP and WLE look for every local maximum of their criterion, with the
/// item terms of the estimating function tabulated once, so that scanning a person costs additions.
///
/// Nodes θ_g = lower + g·h, g = 0…cells, span the fence with h = width/cells ≤ min(0.1, 1/(4·a_max))
/// (a_max the steepest item; at most ``maxCells`` cells), so that every item term is nearly linear
/// within a cell. As in ``PosteriorGrid``, category 0 is the baseline:
/// ```
/// f(θ_g) = base[g] + Σ_{answered, x > 0} (S_jx − S_j0)(θ_g) − Σ_{not answered} S_j0(θ_g)    ML, MAP
/// base[g] = Σ_j S_j0(θ_g)  (− (θ_g − μ)/σ² for MAP),   S_jk = ∂ log P_jk/∂θ
/// WLE: f = S + J/(2I), with I(θ_g) = Σ_j I_j(θ_g) and J(θ_g) = Σ_j J_j(θ_g) over the answered items
///      (response-free: the totals minus the rows of the items not answered)
/// ```
/// When fewer items are answered than not (an adaptive test on a large bank) the answered items' rows
/// are summed instead of subtracting the others from the totals.
/// Memory: (cells + 1)·(Σ_j K_j + 2·items) doubles for WLE, (cells + 1)·Σ_j K_j otherwise (121 nodes
/// for slopes up to 2.5). Immutable after `init`, so shared across threads.
///
/// `@unchecked Sendable` is justified: every stored property is a `let`, and the buffers they point to
/// are written only in `init` and read-only afterwards, so any number of threads may read them.
final class ScanGrid: @unchecked Sendable {
    /// Fence cells are at most this wide (θ units)…
    static let maxStep = 0.1
    /// …and at most 1/(4·a_max).
    static let cellsPerUnitSlope = 4.0
    /// The most cells (a fence of width 12 with a slope of 30 would need 1,440).
    static let maxCells = 1_200

    let cells: Int
    let lower: Double
    let upper: Double
    let width: Double
    let warm: Bool
    private let prior: UnsafeMutablePointer<Double>
    private let base: UnsafeMutablePointer<Double>
    private let scores: UnsafeMutablePointer<Double>
    private let offsets: UnsafeMutablePointer<Int>
    private let informationTotal: UnsafeMutablePointer<Double>
    private let warmTotal: UnsafeMutablePointer<Double>
    private let information: UnsafeMutablePointer<Double>
    private let warmTerms: UnsafeMutablePointer<Double>

    /// The number of nodes, cells + 1.
    var count: Int { cells + 1 }

    /// Tabulates the items' terms on the fence; `prior` (MAP) is the latent N(μ, σ²).
    /// Complexity O(nodes·Σ_j K_j) evaluations of the item functions.
    init(items: [ItemParameters], kernel: ItemKernel, fence: ClosedRange<Double>, warm: Bool,
         prior priorDistribution: (mean: Double, variance: Double)?) {
        lower = fence.lowerBound
        upper = fence.upperBound
        self.warm = warm
        let steepest = items.reduce(0) { max($0, $1.discrimination) }
        let step = min(Self.maxStep, 1 / (Self.cellsPerUnitSlope * max(steepest, 1e-12)))
        cells = max(1, min(Self.maxCells, Int(((upper - lower) / step).rounded(.up))))
        width = (upper - lower) / Double(cells)
        let q = cells + 1
        offsets = .allocate(capacity: max(1, items.count))
        var total = 0
        for (j, item) in items.enumerated() { offsets[j] = total; total += item.categoryCount * q }
        scores = .allocate(capacity: max(1, total))
        base = .allocate(capacity: q)
        prior = .allocate(capacity: q)
        prior.initialize(repeating: 0, count: q)
        let tableSize = warm ? max(1, items.count * q) : 1
        information = .allocate(capacity: tableSize)
        warmTerms = .allocate(capacity: tableSize)
        informationTotal = .allocate(capacity: q)
        warmTotal = .allocate(capacity: q)
        informationTotal.initialize(repeating: 0, count: q)
        warmTotal.initialize(repeating: 0, count: q)
        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: 2 * kernel.maxCategories + 4)
        defer { scratch.deallocate() }
        for g in 0..<q {
            let theta = g == cells ? upper : lower + Double(g) * width
            if let latent = priorDistribution { prior[g] = -(theta - latent.mean) / latent.variance }
            base[g] = prior[g]
            for j in 0..<items.count {
                let row = scores + offsets[j] + g
                let first = kernel.evaluate(j, theta: theta, response: 0, warm: warm, scratch: scratch)
                row[0] = first.score
                base[g] += first.score
                for k in 1..<items[j].categoryCount {
                    row[k * q] = kernel.evaluate(j, theta: theta, response: k, warm: false, scratch: scratch).score - first.score
                }
                if warm {
                    information[j * q + g] = first.information
                    warmTerms[j * q + g] = first.warm
                    informationTotal[g] += first.information
                    warmTotal[g] += first.warm
                }
            }
        }
    }

    deinit {
        prior.deallocate(); base.deallocate(); scores.deallocate(); offsets.deallocate(); informationTotal.deallocate()
        warmTotal.deallocate(); information.deallocate(); warmTerms.deallocate()
    }

    /// Node g (the last is the upper fence end exactly).
    @inline(__always)
    func node(_ g: Int) -> Double { g == cells ? upper : lower + Double(g) * width }

    /// The estimating function f(θ_g) at every node into `f`, for the answered items `items[0..<n]`
    /// with categories `responses` and the items `skipped[0..<m]` not answered. `work` holds 2·count
    /// doubles (WLE). Complexity O((answered in k > 0 + min(skipped, answered))·nodes) additions
    /// (+ 2·min(skipped, answered)·nodes and nodes divisions for WLE).
    @inline(__always)
    func estimatingFunction(items: UnsafePointer<Int32>, responses: UnsafePointer<UInt8>, count n: Int,
                            skipped: UnsafePointer<Int32>, skippedCount m: Int,
                            into f: UnsafeMutablePointer<Double>, work: UnsafeMutablePointer<Double>) {
        let q = count
        let subtract = m <= n
        f.update(from: subtract ? base : prior, count: q)
        for i in 0..<n {
            let first = scores + offsets[Int(items[i])]
            if !subtract {
                for g in 0..<q { f[g] += first[g] }
            }
            guard responses[i] != 0 else { continue }
            let row = UnsafePointer(first + Int(responses[i]) * q)
            for g in 0..<q { f[g] += row[g] }
        }
        if subtract {
            for i in 0..<m {
                let row = UnsafePointer(scores + offsets[Int(skipped[i])])
                for g in 0..<q { f[g] -= row[g] }
            }
        }
        guard warm else { return }
        let info = work, jSum = work + q
        if subtract {
            info.update(from: informationTotal, count: q)
            jSum.update(from: warmTotal, count: q)
            for i in 0..<m {
                let j = Int(skipped[i])
                let rowI = UnsafePointer(information + j * q), rowJ = UnsafePointer(warmTerms + j * q)
                for g in 0..<q { info[g] -= rowI[g]; jSum[g] -= rowJ[g] }
            }
        } else {
            info.initialize(repeating: 0, count: q)
            jSum.initialize(repeating: 0, count: q)
            for i in 0..<n {
                let j = Int(items[i])
                let rowI = UnsafePointer(information + j * q), rowJ = UnsafePointer(warmTerms + j * q)
                for g in 0..<q { info[g] += rowI[g]; jSum[g] += rowJ[g] }
            }
        }
        for g in 0..<q where info[g] > 0 { f[g] += jSum[g] / (2 * info[g]) }
    }
}
