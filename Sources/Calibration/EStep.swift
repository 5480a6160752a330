import Dispatch
import Foundation
import IRTModels
import LinearAlgebra
import MathCore
import ResponseData
#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

/// Expected counts of one E-step: for item j, `counts[j][k * Q + q]` = Σ_n f_n P(θ_q | x_n)·1[x_nj = k].
struct ExpectedCounts: Sendable {
    var counts: [[Double]]
    /// N_q = Σ_n f_n P(θ_q | x_n).
    var nodeTotals: [Double]
    /// Marginal log-likelihood Σ_n f_n log Σ_q w_q P(x_n | θ_q).
    var logLikelihood: Double
}

/// The E-step of Bock & Aitkin's (1981) MML-EM as BLAS matrix products on person blocks.
///
/// With one-hot indicators X (patterns × Σ_j (K_j − 1), category 0 as baseline), the log-likelihood
/// of every pattern at every node is one product plus a per-node constant:
/// ```
/// log L = X · D + 1 · c0ᵀ,   D[(j,k), q] = log P_jk(θ_q) − log P_j0(θ_q),   c0_q = Σ_j log P_j0(θ_q)
/// ```
/// and with missing responses the constant becomes a second product M · B0 with the presented-mask M
/// (B0[j, q] = log P_j0(θ_q)). Rows are normalised by their maximum before `exp` (no underflow), the
/// posterior W (times the pattern frequency) gives the expected counts as a second product
/// R = Xᵀ · W (and Mᵀ · W for the per-item totals when data are missing).
///
/// Patterns are split into blocks of `blockSize` rows; the indicator block is built from the bytes
/// on the fly, so memory holds one byte per response plus one Double block per thread. Blocks run on
/// `threads` workers, each calling single-threaded BLAS, and their partial sums are added.
/// Cost per E-step: 4·U·C·Q flops (+ 4·U·J·Q with missing data) and U·Q exponentials.
///
/// Created with `sufficientStatistics`, an engine over dichotomous items also counts the complete
/// patterns by raw score (``ScoreGroups``): whenever the items are Rasch items sharing one slope, the
/// complete-data persons run over J + 1 score groups and only the patterns with a response not
/// presented go through the pattern products (a second engine over those patterns alone); otherwise
/// (other slopes at some run) every pattern goes through the products as above.
///
/// `@unchecked Sendable` is justified by an invariant the code enforces: the per-thread scratch and the
/// counters are mutated only inside `run`, and `run` holds `exclusive` for its whole duration, so two
/// callers can never use the scratch at once (the workers inside one `run` each own their block).
final class EStep: @unchecked Sendable {
    /// Serialises `run`: the scratch buffers belong to one E-step at a time.
    private let exclusive = NSLock()
    let data: PreparedData
    let nodes: [Double]
    let threads: Int
    let blockSize: Int
    private let q: Int
    private let c: Int
    private let j: Int
    // Per-thread scratch, allocated once.
    private var xBlocks: [UnsafeMutablePointer<Double>] = []
    private var mBlocks: [UnsafeMutablePointer<Double>] = []
    private var llBlocks: [UnsafeMutablePointer<Double>] = []
    private var rParts: [UnsafeMutablePointer<Double>] = []
    private var r0Parts: [UnsafeMutablePointer<Double>] = []
    private var nParts: [UnsafeMutablePointer<Double>] = []
    private var rowMaxBlocks: [UnsafeMutablePointer<Double>] = []
    private let llParts: UnsafeMutablePointer<Double>
    /// Per-thread seconds in [indicators, products, posterior] since creation (3 per worker).
    private let timeParts: UnsafeMutablePointer<Double>
    /// Floating-point operations of the BLAS products since creation (this engine's pattern runs).
    private var patternFlops: Double = 0
    /// The complete patterns by raw score (nil: the pattern E-step only).
    private let scoreGroups: ScoreGroups?
    /// The pattern E-step over the patterns left out of `scoreGroups` (nil when there are none).
    private let incompletePart: EStep?
    /// Floating-point operations of the BLAS products since creation.
    var productFlops: Double { patternFlops + (incompletePart?.productFlops ?? 0) }
    /// E-steps run over score groups.
    private(set) var scoreGroupRuns = 0
    /// Wall seconds inside `run` since creation.
    private(set) var wallSeconds: Double = 0
    /// Number of E-steps run.
    private(set) var runs = 0
    private let dTable: UnsafeMutablePointer<Double>
    private let b0Table: UnsafeMutablePointer<Double>
    private let c0Table: UnsafeMutablePointer<Double>
    private let priorTable: UnsafeMutablePointer<Double>

    /// - Parameter sufficientStatistics: also count the complete patterns by raw score, so that Rasch
    ///   items with one common slope run their E-step over score groups (exact; see ``ScoreGroups``).
    init(data: PreparedData, nodes: [Double], threads: Int, blockSize: Int, sufficientStatistics: Bool = false) {
        self.data = data
        if sufficientStatistics, let counted = ScoreGroups.count(data) {
            scoreGroups = counted.groups
            incompletePart = counted.incompletePatterns.isEmpty ? nil
                : EStep(data: data.subset(patterns: counted.incompletePatterns), nodes: nodes, threads: threads,
                        blockSize: blockSize)
        } else {
            scoreGroups = nil
            incompletePart = nil
        }
        self.nodes = nodes
        self.q = nodes.count
        self.c = data.indicatorColumns
        self.j = data.itemCount
        let workers = max(1, min(threads, (data.patternCount + 255) / 256))
        self.threads = workers
        self.blockSize = max(64, min(blockSize, data.patternCount))
        self.llParts = .allocate(capacity: workers)
        llParts.initialize(repeating: 0, count: workers)
        timeParts = .allocate(capacity: 3 * workers)
        timeParts.initialize(repeating: 0, count: 3 * workers)
        dTable = .allocate(capacity: max(1, c * q))
        dTable.initialize(repeating: 0, count: max(1, c * q))
        b0Table = .allocate(capacity: j * q)
        c0Table = .allocate(capacity: q)
        priorTable = .allocate(capacity: q)
        for _ in 0..<workers {
            xBlocks.append(.allocate(capacity: self.blockSize * c))
            mBlocks.append(.allocate(capacity: data.hasMissing ? self.blockSize * j : 1))
            llBlocks.append(.allocate(capacity: self.blockSize * q))
            rParts.append(.allocate(capacity: c * q))
            r0Parts.append(.allocate(capacity: data.hasMissing ? j * q : 1))
            nParts.append(.allocate(capacity: q))
            rowMaxBlocks.append(.allocate(capacity: self.blockSize))
        }
    }

    deinit {
        for p in xBlocks + mBlocks + llBlocks + rParts + r0Parts + nParts + rowMaxBlocks { p.deallocate() }
        for p in [llParts, timeParts, dTable, b0Table, c0Table, priorTable] { p.deallocate() }
    }

    /// Thread-seconds spent building indicator blocks, in the BLAS products and in the posterior
    /// (normalisation and exponentials), summed over workers.
    var threadSeconds: (indicators: Double, products: Double, posterior: Double) {
        var out = (0.0, 0.0, 0.0)
        for t in 0..<threads { out.0 += timeParts[3 * t]; out.1 += timeParts[3 * t + 1]; out.2 += timeParts[3 * t + 2] }
        if let part = incompletePart?.threadSeconds { out.0 += part.0; out.1 += part.1; out.2 += part.2 }
        return out
    }

    /// Fills the log-probability tables D (C × Q), B0 (J × Q) and c0 (Q) for the current parameters.
    private func fillTables(_ items: [ItemParameters]) {
        var lp = [Double](repeating: 0, count: 8)
        c0Table.initialize(repeating: 0, count: q)
        for i in 0..<j {
            let kCount = data.categoryCounts[i]
            if lp.count != kCount { lp = [Double](repeating: 0, count: kCount) }
            let off = data.columnOffset[i]
            for node in 0..<q {
                items[i].logProbabilities(at: nodes[node], into: &lp)
                b0Table[i * q + node] = lp[0]
                c0Table[node] += lp[0]
                for k in 1..<kCount { dTable[(off + k - 1) * q + node] = lp[k] - lp[0] }
            }
        }
    }

    /// Runs one E-step. `logPrior[q]` = log w_q of the (normalised) latent density on the grid.
    func run(items: [ItemParameters], logPrior: [Double]) -> ExpectedCounts {
        exclusive.lock()
        defer { exclusive.unlock() }
        let started = DispatchTime.now().uptimeNanoseconds
        defer {
            wallSeconds += Double(DispatchTime.now().uptimeNanoseconds - started) * 1e-9
            runs += 1
        }
        if let groups = scoreGroups, let slope = ScoreGroups.commonSlope(of: items) {
            scoreGroupRuns += 1
            let counts = runByScore(groups, slope: slope, items: items, logPrior: logPrior)
            timeParts[2] += Double(DispatchTime.now().uptimeNanoseconds - started) * 1e-9
            return counts
        }
        patternFlops += Double(data.patternCount) * Double(q) * 4 * Double(c + (data.hasMissing ? j : 0))
        fillTables(items)
        for node in 0..<q { priorTable[node] = logPrior[node] }
        let blockCount = (data.patternCount + blockSize - 1) / blockSize
        let workers = threads
        BLAS.setThreads(1)
        // Each worker writes only its own scratch (index t); the shared tables and the response bytes
        // (read in place, never copied: at 10⁶ × 100 they are 100 MB) are read-only here.
        // The frequencies are read in place as well (no per-engine copy: 8 MB at 10⁶ persons).
        data.patterns.withUnsafeBufferPointer { patterns in
            data.frequencies.withUnsafeBufferPointer { frequencies in
                // The addresses travel as integers (a pointer is not Sendable); they stay valid for the
                // whole closure, which outlives every worker.
                guard let address = patterns.baseAddress.map({ UInt(bitPattern: $0) }),
                      let weights = frequencies.baseAddress.map({ UInt(bitPattern: $0) }) else { return }
                DispatchQueue.concurrentPerform(iterations: workers) { t in
                    guard let bytes = UnsafePointer<UInt8>(bitPattern: address),
                          let frequencies = UnsafePointer<Double>(bitPattern: weights) else { return }
                    self.work(thread: t, workers: workers, blockCount: blockCount, patterns: bytes,
                              frequencies: frequencies)
                }
            }
        }
        // Reduce the partial sums.
        var r = [Double](repeating: 0, count: c * q)
        var r0 = [Double](repeating: 0, count: data.hasMissing ? j * q : 0)
        var nq = [Double](repeating: 0, count: q)
        var ll = 0.0
        for t in 0..<workers {
            for x in 0..<(c * q) { r[x] += rParts[t][x] }
            if data.hasMissing { for x in 0..<(j * q) { r0[x] += r0Parts[t][x] } }
            for x in 0..<q { nq[x] += nParts[t][x] }
            ll += llParts[t]
        }
        var counts = [[Double]]()
        counts.reserveCapacity(j)
        for i in 0..<j {
            let kCount = data.categoryCounts[i]
            let off = data.columnOffset[i]
            var item = [Double](repeating: 0, count: kCount * q)
            for node in 0..<q {
                var rest = data.hasMissing ? r0[i * q + node] : nq[node]
                for k in 1..<kCount {
                    let v = r[(off + k - 1) * q + node]
                    item[k * q + node] = v
                    rest -= v
                }
                item[node] = max(0, rest)
            }
            counts.append(item)
        }
        return ExpectedCounts(counts: counts, nodeTotals: nq, logLikelihood: ll)
    }

    /// The E-step with the complete patterns over score groups and the others (if any) over patterns:
    /// item i's counts are r1 = Σ_s T_is W_sq plus the pattern part's, category 0 the rest of N_q.
    private func runByScore(_ groups: ScoreGroups, slope: Double, items: [ItemParameters], logPrior: [Double])
        -> ExpectedCounts {
        let scored = groups.expectedCounts(items: items, slope: slope, nodes: nodes, logPrior: logPrior)
        let rest = incompletePart?.run(items: items, logPrior: logPrior)
        var nodeTotals = scored.nodeTotals
        if let rest { for node in 0..<q { nodeTotals[node] += rest.nodeTotals[node] } }
        var counts = [[Double]]()
        counts.reserveCapacity(j)
        for i in 0..<j {
            var item = [Double](repeating: 0, count: 2 * q)
            for node in 0..<q {
                let r1 = scored.correct[i * q + node]
                item[q + node] = r1
                item[node] = max(0, scored.nodeTotals[node] - r1)
            }
            if let rest {
                for x in 0..<(2 * q) { item[x] += rest.counts[i][x] }
            }
            counts.append(item)
        }
        return ExpectedCounts(counts: counts, nodeTotals: nodeTotals,
                              logLikelihood: scored.logLikelihood + (rest?.logLikelihood ?? 0))
    }

    private func work(thread t: Int, workers: Int, blockCount: Int, patterns: UnsafePointer<UInt8>,
                      frequencies: UnsafePointer<Double>) {
        let d = UnsafePointer(dTable), b0 = UnsafePointer(b0Table), c0 = UnsafePointer(c0Table)
        let logPrior = UnsafePointer(priorTable)
        let x = xBlocks[t], m = mBlocks[t], ll = llBlocks[t]
        let r = rParts[t], r0 = r0Parts[t], nq = nParts[t]
        r.initialize(repeating: 0, count: c * q)
        if data.hasMissing { r0.initialize(repeating: 0, count: j * q) }
        nq.initialize(repeating: 0, count: q)
        var logLik = 0.0
        let missing = data.hasMissing
        let offsets = data.columnOffset
        let dichotomous = c == j
        let rowMax = rowMaxBlocks[t]
        // base_q = c0_q + log w_q (complete data) or log w_q (the mask product carries c0).
        var base = [Double](repeating: 0, count: q)
        for node in 0..<q { base[node] = missing ? logPrior[node] : c0[node] + logPrior[node] }
        var block = t
        var tIndicators = 0.0, tProducts = 0.0, tPosterior = 0.0
        var mark = DispatchTime.now().uptimeNanoseconds
        func lap() -> Double {
            let now = DispatchTime.now().uptimeNanoseconds
            defer { mark = now }
            return Double(now - mark) * 1e-9
        }
        while block < blockCount {
            let start = block * blockSize
            let rows = min(blockSize, data.patternCount - start)
            _ = lap()
            // Indicator block (and presented mask) from the bytes.
            if dichotomous {
                // One column per item: the byte itself (0/1), 0 when not presented.
                for row in 0..<rows {
                    let pat = patterns + (start + row) * j
                    let xr = x + row * c
                    for i in 0..<j { let v = pat[i]; xr[i] = v == 1 ? 1 : 0 }
                    if missing {
                        let mr = m + row * j
                        for i in 0..<j { mr[i] = pat[i] == ResponseMatrix.missing ? 0 : 1 }
                    }
                }
            } else {
            x.initialize(repeating: 0, count: rows * c)
            if missing { m.initialize(repeating: 0, count: rows * j) }
            for row in 0..<rows {
                let pat = patterns + (start + row) * j
                let xr = x + row * c
                for i in 0..<j {
                    let v = pat[i]
                    if v == ResponseMatrix.missing { continue }
                    if missing { m[row * j + i] = 1 }
                    if v > 0 { xr[offsets[i] + Int(v) - 1] = 1 }
                }
            }
            }
            tIndicators += lap()
            // log L = X · D (+ M · B0, or + c0 per node).
            BLAS.gemm(transposeA: false, transposeB: false, m: rows, n: q, k: c, alpha: 1,
                      a: x, lda: c, b: d, ldb: q, beta: 0, c: ll, ldc: q)
            if missing {
                BLAS.gemm(transposeA: false, transposeB: false, m: rows, n: q, k: j, alpha: 1,
                          a: m, lda: j, b: b0, ldb: q, beta: 1, c: ll, ldc: q)
            }
            tProducts += lap()
            // Posterior weights, normalised against underflow, times the pattern frequency.
            for row in 0..<rows {
                let lr = ll + row * q
                var mx = -Double.infinity
                for node in 0..<q {
                    let v = lr[node] + base[node]
                    lr[node] = v
                    mx = v > mx ? v : mx
                }
                rowMax[row] = mx
                for node in 0..<q { lr[node] -= mx }
            }
            FastExp.expNonPositiveInPlace(ll, count: rows * q)
            for row in 0..<rows {
                let lr = ll + row * q
                var s = 0.0
                for node in 0..<q { s += lr[node] }
                let f = frequencies[start + row]
                logLik += f * (rowMax[row] + log(s))
                let scale = f / s
                for node in 0..<q { let w = lr[node] * scale; lr[node] = w; nq[node] += w }
            }
            tPosterior += lap()
            // Expected counts: R += Xᵀ · W (and R0 += Mᵀ · W).
            BLAS.gemm(transposeA: true, transposeB: false, m: c, n: q, k: rows, alpha: 1,
                      a: x, lda: c, b: ll, ldb: q, beta: 1, c: r, ldc: q)
            if missing {
                BLAS.gemm(transposeA: true, transposeB: false, m: j, n: q, k: rows, alpha: 1,
                          a: m, lda: j, b: ll, ldb: q, beta: 1, c: r0, ldc: q)
            }
            tProducts += lap()
            block += workers
        }
        llParts[t] = logLik
        timeParts[3 * t] += tIndicators
        timeParts[3 * t + 1] += tProducts
        timeParts[3 * t + 2] += tPosterior
    }
}
