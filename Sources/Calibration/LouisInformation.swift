import Dispatch
import IRTModels
import LinearAlgebra
import MathCore
import ResponseData
#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

/// The observed information of the marginal log-posterior in closed form, by Louis's (1982) identity
/// (*JRSS B* 44:226–233), persons being independent given the parameters:
/// ```
/// I(β) = −∂²ℓ/∂β∂βᵀ = Σ_n E_n[−∂²log f(x_n, θ)] − Σ_n Cov_n[s_n(θ)]
///      = B − A + S,   B = Σ_q Σ_{j,k} r_jkq (−H_jkq) + Σ_q N_q (−H^λ_q) − ∂² log prior
///                     A = Σ_n f_n Σ_q p_nq s_nq s_nqᵀ,   S = Σ_n f_n s̄_n s̄_nᵀ,   s̄_n = Σ_q p_nq s_nq
/// ```
/// with p_nq the posterior of pattern n (frequency f_n) at node q, s_nq the complete-data score of the
/// whole pattern at θ_q (the item scores σ_j,x_nj,q of ``LogProbabilityDerivatives`` plus the score
/// λ_q of the normalised latent weights log w_q(μ, σ²)), r and N the expected counts.
///
/// The person-level terms are products over person blocks. With Z the pattern's indicator row
/// (categories 1..K−1 of every item, the presented mask when data are missing, and a constant 1), the
/// score is linear in Z, s_nq = Σ_c Z_nc Δ_cq (Δ_cq = σ_jkq − σ_j0q, σ_j0q or the baseline sum plus λ_q),
/// so
/// ```
/// A = Σ_q Δ_qᵀ G_q Δ_q,   G_q = Zᵀ diag(f ∘ p_·q) Z      (one syrk per node and block)
/// S = S̄ᵀ diag(f) S̄,       S̄ = rows s̄_n                   (one syrk per block)
/// ```
/// Rows whose posterior at a node is below 1e−14 are left out of that node's syrk (their share is
/// below rounding). Blocks run on the E-step's threads, each calling single-threaded BLAS.
/// Cost: Σ_q (rows with weight at q)·C'² + U·P² + 2·U·Q·L flops for U patterns, C' indicator columns,
/// P parameters and L = Σ_c |support of Δ_c|; memory Q·C'² + P² doubles per thread.
///
/// **Linear scores (2PL and Rasch, complete data).** When every free item is a 2PL or Rasch item and no
/// response is missing, the score difference of an item's column is item-independent, Δ_cq = θ_q·e_a(c)
/// + e_d(c) (e the unit vector of the item's slope — or the common slope — and intercept slots). Then
/// ```
/// Σ_q Δ_qᵀ G_q Δ_q = Σ_{c,c'} M2_cc' e_a e_a'ᵀ + M1_cc' (e_a e_d'ᵀ + e_d e_a'ᵀ) + M0_cc' e_d e_d'ᵀ
///                    + Σ_c Σ_q R_cq (θ_q e_a + e_d) δ_qᵀ + (transpose) + Σ_q N_q δ_q δ_qᵀ
/// M_e = Zᵀ diag(f ∘ m_e) Z,   m_e,n = Σ_q p_nq θ_q^e,   R = Zᵀ diag(f) P,   N_q = Σ_n f_n p_nq
/// ```
/// with δ_q the constant column's Δ (baseline scores and λ_q): three moment-weighted Grams over the
/// person blocks instead of one Gram per node (one `dgemm` of C' × 3C' per block instead of ≈ 24 `dsyrk`s
/// of C' × C' at Q = 61), and nothing is left out for small weights.
enum LouisInformation {
    /// Posterior weights below this are skipped in a node's Gram product.
    static let negligibleWeight = 1e-14
    /// Largest per-thread Gram storage (doubles) before the computation is declined.
    static let maximumGramDoubles = 1 << 25

    /// The P × P information at `s` (packed order of the layout), or nil when the per-node Gram
    /// matrices would need more than `maximumGramDoubles` doubles (the caller then differentiates
    /// numerically). `linearScores: false` keeps the per-node Grams even where the linear-score path
    /// applies (the tests compare the two).
    static func information(problem: EMProblem, at s: EMState, linearScores: Bool = true) -> Matrix? {
        let layout = problem.layout
        let p = layout.count
        let nodes = problem.nodes
        let j = s.items.count
        // Slot of each local parameter of every item (−1 when not free).
        var base = [Int](repeating: -1, count: j)
        var pos = layout.commonSlope ? 1 : 0
        for i in layout.freeItems { base[i] = pos; pos += layout.itemParameterCount(i) }
        let latentStart = pos
        var localSlots = [[Int]](repeating: [], count: j)
        for i in 0..<j {
            let item = s.items[i]
            let l = item.model.isDichotomous ? 4 : item.categoryCount
            guard base[i] >= 0 else { localSlots[i] = [Int](repeating: -1, count: l); continue }
            let b = base[i]
            switch item.model {
            case .rasch: localSlots[i] = [layout.commonSlope ? 0 : -1, b, -1, -1]
            case .twoPL: localSlots[i] = [b, b + 1, -1, -1]
            case .threePL: localSlots[i] = [b, b + 1, b + 2, -1]
            case .fourPL: localSlots[i] = [b, b + 1, b + 2, b + 3]
            case .graded, .gpcm: localSlots[i] = Array(b..<(b + l))
            }
        }
        // Derivatives of every item at every node.
        let derivatives: [[LogProbabilityDerivatives]] = (0..<j).map { i in
            base[i] < 0 ? [] : nodes.map { LogProbabilityDerivatives(s.items[i], theta: $0) }
        }

        var info = Matrix(rows: p, columns: p)
        // Item complete-data term B (from the counts of each group) and the person terms.
        for (g, engine) in problem.engines.enumerated() {
            let latent = s.latent(g)
            var latentSlots = [Int]()
            if g == 0 {
                var at = latentStart
                if layout.estimateMean { latentSlots.append(at); at += 1 } else { latentSlots.append(-1) }
                latentSlots.append(layout.estimateVariance ? at : -1)
            } else {
                let at = p - 2 * layout.focalGroups + 2 * (g - 1)
                latentSlots = [at, at + 1]
            }
            guard let part = GroupTerms(problem: problem, engine: engine, items: s.items, latent: latent,
                                        latentSlots: latentSlots, localSlots: localSlots,
                                        derivatives: derivatives, parameterCount: p,
                                        linearScores: linearScores) else { return nil }
            part.accumulate(into: &info)
        }
        // Guessing priors: −∂² log prior.
        for i in layout.freeItems where s.items[i].model.hasGuessing {
            if let prior = problem.priors[i] {
                let slot = localSlots[i][2]
                info[slot, slot] -= prior.curvature(s.items[i].guessing)
            }
        }
        for r in 0..<p { for c in 0..<r { let v = 0.5 * (info[r, c] + info[c, r]); info[r, c] = v; info[c, r] = v } }
        return info
    }
}

/// The terms of one group (one E-step engine): its Gram matrices per node and its expected-score
/// cross-product, turned into B − A + S by `accumulate`.
private struct GroupTerms {
    let q: Int
    let p: Int
    /// Indicator columns of Z: C (categories ≥ 1), J (mask, only with missing data), 1 (constant).
    let zColumns: Int
    /// Support (slots) and values (Q × |support|, row-major) of Δ_c for each column of Z.
    let supports: [[Int]]
    let values: [[Double]]
    /// Σ over blocks of G_q, Q × C' × C' (upper triangles, mirrored before use); with `collapsed`, the
    /// moment Grams [M0 | M1 | M2] (C' × 3C', full) followed by R (C' × Q, the constant row = N).
    let grams: [Double]
    /// The linear-score path (2PL and Rasch with complete data, see ``LouisInformation``).
    let collapsed: Bool
    /// With `collapsed`: the slope and intercept slot of every indicator column (−1 when not free), and
    /// the nodes.
    let slopeSlots: [Int]
    let interceptSlots: [Int]
    let nodes: [Double]
    /// S (P × P, upper triangle).
    let cross: [Double]
    /// Complete-data B of this group (P × P, full).
    var complete: [Double]

    init?(problem: EMProblem, engine: EStep, items: [ItemParameters], latent: (mean: Double, variance: Double),
          latentSlots: [Int], localSlots: [[Int]], derivatives: [[LogProbabilityDerivatives]], parameterCount p: Int,
          linearScores: Bool) {
        let data = engine.data
        let nodes = problem.nodes
        let q = nodes.count
        let j = data.itemCount
        let c = data.indicatorColumns
        let missing = data.hasMissing
        let cz = c + (missing ? j : 0) + 1
        let constant = cz - 1
        self.q = q
        self.p = p
        zColumns = cz
        var workers = max(1, engine.threads)
        // The linear-score path: every free item 2PL or Rasch without asymptotes (c = 0, u = 1: only then is
        // the score difference θ_q·e_a + e_d), nothing missing.
        let linear = linearScores && !missing && (0..<j).allSatisfy { i in
            derivatives[i].isEmpty || ((items[i].model == .twoPL || items[i].model == .rasch)
                && items[i].guessing == 0 && items[i].upperAsymptote == 1)
        }
        collapsed = linear
        self.nodes = nodes
        var slopeSlots = [Int](repeating: -1, count: cz), interceptSlots = [Int](repeating: -1, count: cz)
        if linear {
            for i in 0..<j where !derivatives[i].isEmpty {
                slopeSlots[data.columnOffset[i]] = localSlots[i][0]
                interceptSlots[data.columnOffset[i]] = localSlots[i][1]
            }
        }
        self.slopeSlots = slopeSlots
        self.interceptSlots = interceptSlots
        let gramSize = linear ? 3 * cz * cz + cz * q : q * cz * cz
        if gramSize > LouisInformation.maximumGramDoubles { return nil }
        if gramSize * workers > LouisInformation.maximumGramDoubles { workers = 1 }

        // Latent score λ_q and Hessian of log w_q(μ, σ²) (normalised on the grid).
        let logW = problem.logPrior(mean: latent.mean, variance: latent.variance)
        let w = logW.map { exp($0) }
        let mu = latent.mean, v = latent.variance
        let dm = nodes.map { ($0 - mu) / v }
        let dv = nodes.map { pow($0 - mu, 2) / (2 * v * v) }
        let mdm = zip(w, dm).reduce(0) { $0 + $1.0 * $1.1 }, mdv = zip(w, dv).reduce(0) { $0 + $1.0 * $1.1 }
        let lambda = (0..<q).map { [dm[$0] - mdm, dv[$0] - mdv] }
        // h_q = ∂² log φ_q; ∂² log w_q = h_q − E_w h − Cov_w(d).
        let h = nodes.map { t -> [Double] in
            [-1 / v, -(t - mu) / (v * v), 1 / (2 * v * v) - pow(t - mu, 2) / (v * v * v)]
        }
        var meanH = [0.0, 0.0, 0.0], covD = [0.0, 0.0, 0.0]
        for node in 0..<q {
            for x in 0..<3 { meanH[x] += w[node] * h[node][x] }
            covD[0] += w[node] * lambda[node][0] * lambda[node][0]
            covD[1] += w[node] * lambda[node][0] * lambda[node][1]
            covD[2] += w[node] * lambda[node][1] * lambda[node][1]
        }
        let latentHessian = (0..<q).map { node in (0..<3).map { h[node][$0] - meanH[$0] - covD[$0] } }

        // Δ for every column of Z.
        var supports = [[Int]](repeating: [], count: cz)
        var values = [[Double]](repeating: [], count: cz)
        for i in 0..<j where !derivatives[i].isEmpty {
            let slots = localSlots[i]
            let kept = slots.indices.filter { slots[$0] >= 0 }
            let support = kept.map { slots[$0] }
            let l = slots.count
            let kCount = data.categoryCounts[i]
            for k in 1..<kCount {
                let col = data.columnOffset[i] + k - 1
                supports[col] = support
                var vals = [Double](repeating: 0, count: q * support.count)
                for node in 0..<q {
                    let d = derivatives[i][node].scores
                    for (x, local) in kept.enumerated() { vals[node * support.count + x] = d[k * l + local] - d[local] }
                }
                values[col] = vals
            }
            if missing {
                let col = c + i
                supports[col] = support
                var vals = [Double](repeating: 0, count: q * support.count)
                for node in 0..<q {
                    let d = derivatives[i][node].scores
                    for (x, local) in kept.enumerated() { vals[node * support.count + x] = d[local] }
                }
                values[col] = vals
            }
        }
        // The constant column: λ_q, plus every item's baseline score when data are complete.
        do {
            var dense = [Double](repeating: 0, count: q * p)
            var used = [Bool](repeating: false, count: p)
            for node in 0..<q {
                for (x, slot) in latentSlots.enumerated() where slot >= 0 {
                    dense[node * p + slot] += lambda[node][x]; used[slot] = true
                }
            }
            if !missing {
                for i in 0..<j where !derivatives[i].isEmpty {
                    let slots = localSlots[i]
                    for node in 0..<q {
                        let d = derivatives[i][node].scores
                        for (local, slot) in slots.enumerated() where slot >= 0 {
                            dense[node * p + slot] += d[local]; used[slot] = true
                        }
                    }
                }
            }
            let support = (0..<p).filter { used[$0] }
            supports[constant] = support
            var vals = [Double](repeating: 0, count: q * support.count)
            for node in 0..<q { for (x, slot) in support.enumerated() { vals[node * support.count + x] = dense[node * p + slot] } }
            values[constant] = vals
        }
        self.supports = supports
        self.values = values

        // Table D' (C' × Q): log-likelihood of a row of Z at each node, prior included.
        var table = [Double](repeating: 0, count: cz * q)
        var lp = [Double](repeating: 0, count: 8)
        for i in 0..<j {
            let kCount = data.categoryCounts[i]
            if lp.count != kCount { lp = [Double](repeating: 0, count: kCount) }
            for node in 0..<q {
                items[i].logProbabilities(at: nodes[node], into: &lp)
                for k in 1..<kCount { table[(data.columnOffset[i] + k - 1) * q + node] = lp[k] - lp[0] }
                if missing { table[(c + i) * q + node] = lp[0] } else { table[constant * q + node] += lp[0] }
            }
        }
        for node in 0..<q { table[constant * q + node] += logW[node] }
        // Expected-score table (Q × L): Δ's values of all columns side by side.
        var columnStart = [Int](repeating: 0, count: cz + 1)
        for col in 0..<cz { columnStart[col + 1] = columnStart[col] + supports[col].count }
        let lTotal = columnStart[cz]
        var scoreTable = [Double](repeating: 0, count: max(1, q * lTotal))
        for col in 0..<cz {
            let n = supports[col].count
            for node in 0..<q { for x in 0..<n { scoreTable[node * lTotal + columnStart[col] + x] = values[col][node * n + x] } }
        }

        // Person blocks on `workers` threads.
        let rowsTotal = data.patternCount
        let blockSize = max(64, min(engine.blockSize, rowsTotal))
        let blockCount = (rowsTotal + blockSize - 1) / blockSize
        let gramParts = UnsafeMutablePointer<Double>.allocate(capacity: workers * gramSize)
        gramParts.initialize(repeating: 0, count: workers * gramSize)
        let crossParts = UnsafeMutablePointer<Double>.allocate(capacity: workers * p * p)
        crossParts.initialize(repeating: 0, count: workers * p * p)
        defer { gramParts.deallocate(); crossParts.deallocate() }
        // Justified `nonisolated(unsafe)`: worker t writes only its own slices of the two buffers.
        nonisolated(unsafe) let gramOut = gramParts, crossOut = crossParts
        BLAS.setThreads(1)
        let threadCount = workers, starts = columnStart, columnSupports = supports
        data.patterns.withUnsafeBufferPointer { patternBuffer in
            data.frequencies.withUnsafeBufferPointer { frequencyBuffer in
                table.withUnsafeBufferPointer { tableBuffer in
                    scoreTable.withUnsafeBufferPointer { scoreBuffer in
                        nonisolated(unsafe) let patterns = patternBuffer, frequencies = frequencyBuffer
                        nonisolated(unsafe) let tab = tableBuffer, scores = scoreBuffer
                        DispatchQueue.concurrentPerform(iterations: threadCount) { t in
                            Self.work(thread: t, workers: threadCount, collapsed: linear, nodes: nodes,
                                      blockCount: blockCount, blockSize: blockSize,
                                      rowsTotal: rowsTotal, patterns: patterns, frequencies: frequencies,
                                      table: tab, scoreTable: scores, columnStart: starts, supports: columnSupports,
                                      data: data, cz: cz, q: q, p: p, lTotal: lTotal,
                                      gram: gramOut + t * gramSize, cross: crossOut + t * p * p)
                        }
                    }
                }
            }
        }
        var grams = [Double](repeating: 0, count: gramSize)
        var cross = [Double](repeating: 0, count: p * p)
        for t in 0..<workers {
            for x in 0..<gramSize { grams[x] += gramParts[t * gramSize + x] }
            for x in 0..<(p * p) { cross[x] += crossParts[t * p * p + x] }
        }
        self.grams = grams
        self.cross = cross

        // B: Σ_q Σ_k r_jkq (−H_jkq) with r from the Gram diagonals, and Σ_q N_q (−H^λ_q).
        var complete = [Double](repeating: 0, count: p * p)
        // The expected count of column `col` at `node` (Z is 0/1, so G_q's diagonal is R's column q).
        func gramDiagonal(_ node: Int, _ col: Int) -> Double {
            linear ? grams[3 * cz * cz + col * q + node] : grams[node * cz * cz + col * cz + col]
        }
        for i in 0..<j where !derivatives[i].isEmpty {
            let slots = localSlots[i]
            let l = slots.count
            let kCount = data.categoryCounts[i]
            for node in 0..<q {
                let total = gramDiagonal(node, missing ? c + i : constant)
                var rest = total
                let hess = derivatives[i][node].hessians
                for k in 0..<kCount {
                    let r: Double
                    if k == 0 { r = 0 } else { r = gramDiagonal(node, data.columnOffset[i] + k - 1); rest -= r }
                    if k > 0 { Self.addHessian(&complete, p: p, weight: r, hess, offset: k * l * l, slots: slots) }
                }
                Self.addHessian(&complete, p: p, weight: max(0, rest), hess, offset: 0, slots: slots)
            }
        }
        for node in 0..<q {
            let n = gramDiagonal(node, constant)
            let hh = latentHessian[node]
            let m = [[hh[0], hh[1]], [hh[1], hh[2]]]
            for x in 0..<2 where latentSlots[x] >= 0 {
                for y in 0..<2 where latentSlots[y] >= 0 { complete[latentSlots[x] * p + latentSlots[y]] -= n * m[x][y] }
            }
        }
        self.complete = complete
    }

    /// complete[slot_x, slot_y] −= weight · H[offset + x·L + y] over the free local parameters.
    private static func addHessian(_ complete: inout [Double], p: Int, weight: Double, _ hess: [Double], offset: Int,
                                   slots: [Int]) {
        if weight == 0 { return }
        let l = slots.count
        for x in 0..<l where slots[x] >= 0 {
            for y in 0..<l where slots[y] >= 0 {
                complete[slots[x] * p + slots[y]] -= weight * hess[offset + x * l + y]
            }
        }
    }

    /// One worker: blocks t, t + workers, … of the patterns.
    private static func work(thread t: Int, workers: Int, collapsed: Bool, nodes: [Double],
                             blockCount: Int, blockSize: Int, rowsTotal: Int,
                             patterns: UnsafeBufferPointer<UInt8>, frequencies: UnsafeBufferPointer<Double>,
                             table: UnsafeBufferPointer<Double>, scoreTable: UnsafeBufferPointer<Double>,
                             columnStart: [Int], supports: [[Int]], data: PreparedData, cz: Int, q: Int, p: Int,
                             lTotal: Int, gram: UnsafeMutablePointer<Double>, cross: UnsafeMutablePointer<Double>) {
        guard let tab = table.baseAddress, let scoreBase = scoreTable.baseAddress, let pat = patterns.baseAddress
        else { return }
        let j = data.itemCount
        let c = data.indicatorColumns
        let missing = data.hasMissing
        let constant = cz - 1
        let z = UnsafeMutablePointer<Double>.allocate(capacity: blockSize * cz)
        let post = UnsafeMutablePointer<Double>.allocate(capacity: blockSize * q)
        let gathered = UnsafeMutablePointer<Double>.allocate(capacity: collapsed ? 1 : blockSize * cz)
        let expected = UnsafeMutablePointer<Double>.allocate(capacity: blockSize * max(1, lTotal))
        let sBar = UnsafeMutablePointer<Double>.allocate(capacity: blockSize * p)
        let weighted = UnsafeMutablePointer<Double>.allocate(capacity: collapsed ? blockSize * max(3 * cz, q) : 1)
        defer {
            z.deallocate(); post.deallocate(); gathered.deallocate(); expected.deallocate(); sBar.deallocate()
            weighted.deallocate()
        }
        var present = [Int](repeating: 0, count: cz)
        var block = t
        while block < blockCount {
            let start = block * blockSize
            let rows = min(blockSize, rowsTotal - start)
            // Z from the bytes.
            z.initialize(repeating: 0, count: rows * cz)
            for row in 0..<rows {
                let pr = pat + (start + row) * j
                let zr = z + row * cz
                for i in 0..<j {
                    let v = pr[i]
                    if v == ResponseMatrix.missing { continue }
                    if missing { zr[c + i] = 1 }
                    if v > 0 { zr[data.columnOffset[i] + Int(v) - 1] = 1 }
                }
                zr[constant] = 1
            }
            // Posterior p_nq (rows sum to 1).
            BLAS.gemm(transposeA: false, transposeB: false, m: rows, n: q, k: cz, alpha: 1,
                      a: z, lda: cz, b: tab, ldb: q, beta: 0, c: post, ldc: q)
            for row in 0..<rows {
                let lr = post + row * q
                var mx = -Double.infinity
                for node in 0..<q { mx = max(mx, lr[node]) }
                for node in 0..<q { lr[node] -= mx }
            }
            FastExp.expNonPositiveInPlace(post, count: rows * q)
            for row in 0..<rows {
                let lr = post + row * q
                var sum = 0.0
                for node in 0..<q { sum += lr[node] }
                for node in 0..<q { lr[node] /= sum }
            }
            if collapsed {
                // [M0 | M1 | M2] += Zᵀ [diag(f m0) Z | diag(f m1) Z | diag(f m2) Z], then R += Zᵀ diag(f) P.
                let w3 = 3 * cz
                for row in 0..<rows {
                    let pr = post + row * q
                    var m1 = 0.0, m2 = 0.0
                    for node in 0..<q { let v = pr[node] * nodes[node]; m1 += v; m2 += v * nodes[node] }
                    let f = frequencies[start + row]
                    let zr = z + row * cz, wr = weighted + row * w3
                    for x in 0..<cz { let v = zr[x] * f; wr[x] = v; wr[cz + x] = v * m1; wr[2 * cz + x] = v * m2 }
                }
                BLAS.gemm(transposeA: true, transposeB: false, m: cz, n: w3, k: rows, alpha: 1,
                          a: z, lda: cz, b: weighted, ldb: w3, beta: 1, c: gram, ldc: w3)
                for row in 0..<rows {
                    let f = frequencies[start + row]
                    let pr = post + row * q, wr = weighted + row * q
                    for node in 0..<q { wr[node] = pr[node] * f }
                }
                BLAS.gemm(transposeA: true, transposeB: false, m: cz, n: q, k: rows, alpha: 1,
                          a: z, lda: cz, b: weighted, ldb: q, beta: 1, c: gram + w3 * cz, ldc: q)
            }
            // G_q += Zᵀ diag(f p_·q) Z over the rows with weight at q.
            for node in 0..<q where !collapsed {
                var kept = 0
                for row in 0..<rows {
                    let wq = post[row * q + node]
                    if wq < LouisInformation.negligibleWeight { continue }
                    let scale = (frequencies[start + row] * wq).squareRoot()
                    let src = z + row * cz, dst = gathered + kept * cz
                    for x in 0..<cz { dst[x] = src[x] * scale }
                    kept += 1
                }
                if kept > 0 {
                    BLAS.syrkTransposedUpper(n: cz, k: kept, alpha: 1, a: gathered, lda: cz, beta: 1,
                                             c: gram + node * cz * cz, ldc: cz)
                }
            }
            // s̄_n = Σ_c Z_nc (p_n · Δ_c), then S += diag(√f) S̄ syrk.
            if lTotal > 0 {
                BLAS.gemm(transposeA: false, transposeB: false, m: rows, n: lTotal, k: q, alpha: 1,
                          a: post, lda: q, b: scoreBase, ldb: lTotal, beta: 0, c: expected, ldc: lTotal)
            }
            sBar.initialize(repeating: 0, count: rows * p)
            for row in 0..<rows {
                let zr = z + row * cz, er = expected + row * lTotal, sr = sBar + row * p
                var count = 0
                for col in 0..<cz where zr[col] != 0 { present[count] = col; count += 1 }
                for x in 0..<count {
                    let col = present[x]
                    let support = supports[col]
                    let from = er + columnStart[col]
                    for (y, slot) in support.enumerated() { sr[slot] += from[y] }
                }
                let scale = frequencies[start + row].squareRoot()
                for x in 0..<p { sr[x] *= scale }
            }
            BLAS.syrkTransposedUpper(n: p, k: rows, alpha: 1, a: sBar, lda: p, beta: 1, c: cross, ldc: p)
            block += workers
        }
    }

    /// info += B − A + S for this group.
    func accumulate(into info: inout Matrix) {
        let a = collapsed ? collapsedA() : perNodeA()
        for r in 0..<p {
            for col in 0..<p {
                let s = col >= r ? cross[r * p + col] : cross[col * p + r]
                info[r, col] += complete[r * p + col] - a[r * p + col] + s
            }
        }
    }

    /// A from the moment Grams and R (the linear-score path; formula at ``LouisInformation``).
    private func collapsedA() -> [Double] {
        let cz = zColumns, constant = cz - 1, w3 = 3 * cz, rBase = 3 * cz * cz
        var a = [Double](repeating: 0, count: p * p)
        // Σ_{c,c'} M2 e_a e_a'ᵀ + M1 (e_a e_d'ᵀ + e_d e_a'ᵀ) + M0 e_d e_d'ᵀ.
        for c1 in 0..<constant {
            let a1 = slopeSlots[c1], d1 = interceptSlots[c1]
            if a1 < 0 && d1 < 0 { continue }
            let row = c1 * w3
            for c2 in 0..<constant {
                let a2 = slopeSlots[c2], d2 = interceptSlots[c2]
                if a1 >= 0 && a2 >= 0 { a[a1 * p + a2] += grams[row + 2 * cz + c2] }
                if a1 >= 0 && d2 >= 0 { a[a1 * p + d2] += grams[row + cz + c2] }
                if d1 >= 0 && a2 >= 0 { a[d1 * p + a2] += grams[row + cz + c2] }
                if d1 >= 0 && d2 >= 0 { a[d1 * p + d2] += grams[row + c2] }
            }
        }
        // Σ_c Σ_q R_cq (θ_q e_a + e_d) δ_qᵀ and its transpose; Σ_q N_q δ_q δ_qᵀ.
        let support = supports[constant]
        let n = support.count
        let delta = values[constant]
        if n == 0 { return a }
        var ua = [Double](repeating: 0, count: n), ud = [Double](repeating: 0, count: n)
        for c1 in 0..<constant {
            let a1 = slopeSlots[c1], d1 = interceptSlots[c1]
            if a1 < 0 && d1 < 0 { continue }
            for x in 0..<n { ua[x] = 0; ud[x] = 0 }
            for node in 0..<q {
                let r = grams[rBase + c1 * q + node]
                let rt = r * nodes[node]
                for x in 0..<n { let v = delta[node * n + x]; ua[x] += rt * v; ud[x] += r * v }
            }
            for (x, slot) in support.enumerated() {
                if a1 >= 0 { a[a1 * p + slot] += ua[x]; a[slot * p + a1] += ua[x] }
                if d1 >= 0 { a[d1 * p + slot] += ud[x]; a[slot * p + d1] += ud[x] }
            }
        }
        for node in 0..<q {
            let nq = grams[rBase + constant * q + node]
            for (x, sx) in support.enumerated() {
                let v = nq * delta[node * n + x]
                for (y, sy) in support.enumerated() { a[sx * p + sy] += v * delta[node * n + y] }
            }
        }
        return a
    }

    /// A = Σ_q Δ_qᵀ G_q Δ_q through T = G_q Δ_q (C' × P), node by node.
    private func perNodeA() -> [Double] {
        let cz = zColumns
        var a = [Double](repeating: 0, count: p * p)
        var g = [Double](repeating: 0, count: cz * cz)
        var tMatrix = [Double](repeating: 0, count: cz * p)
        for node in 0..<q {
            let off = node * cz * cz
            for r in 0..<cz {
                for col in r..<cz { let v = grams[off + r * cz + col]; g[r * cz + col] = v; g[col * cz + r] = v }
            }
            for x in 0..<(cz * p) { tMatrix[x] = 0 }
            for col in 0..<cz {
                let support = supports[col]
                let n = support.count
                if n == 0 { continue }
                for (y, slot) in support.enumerated() {
                    let v = values[col][node * n + y]
                    if v == 0 { continue }
                    for r in 0..<cz { tMatrix[r * p + slot] += g[r * cz + col] * v }
                }
            }
            for col in 0..<cz {
                let support = supports[col]
                let n = support.count
                if n == 0 { continue }
                for (y, slot) in support.enumerated() {
                    let v = values[col][node * n + y]
                    if v == 0 { continue }
                    for b in 0..<p { a[slot * p + b] += v * tMatrix[col * p + b] }
                }
            }
        }
        return a
    }
}
