import Dispatch
import Synchronization
import LinearAlgebra
import ResponseData

/// How persons with missing responses enter the item covariance matrix (DECISIONS §7).
public enum MissingDataRule: String, Sendable, Codable, CaseIterable {
    /// Only persons who answered every item (the default).
    case listwise
    /// Each covariance on the persons who answered both items, as R's `cov(use = "pairwise")` and
    /// `psych::alpha` (whose default it is).
    case pairwise
}

/// The J × J item covariance matrix of a response set (n − 1 divisor) and the persons behind it.
///
/// ```
/// listwise:  C = Zᵀ Z / (n_c − 1),   Z = the complete rows centred at their item means
/// pairwise:  C_jk = (S_jk − T_jk T_kj / N_jk) / (N_jk − 1)
///            S = X̃ᵀ X̃,  T = X̃ᵀ M,  N = Mᵀ M    (X̃ = x − x̄_j where present, 0 where missing; M the mask)
/// ```
/// The cross products are BLAS `dsyrk`/`dgemm` calls on blocks of ``blockRows`` persons converted from
/// the one-byte responses, so memory stays O(block · J + J²) and the work O(N · J²) runs at BLAS speed,
/// the person blocks split over the available cores. Pre-centring at the item means keeps the uncentred
/// pairwise sums free of cancellation (covariances are shift invariant).
public struct ItemCovariance: Sendable, Equatable {
    /// Items (J).
    public let itemCount: Int
    /// Row-major J × J covariances (n − 1 divisor). Entries with fewer than two persons are 0.
    public let covariance: [Double]
    /// Item means over the persons used (listwise: the complete rows; pairwise: all who answered).
    public let means: [Double]
    /// Listwise: the complete rows for every pair; pairwise: N_jk, persons who answered both j and k.
    public let pairCounts: [Int]
    /// Persons who answered every item.
    public let completeCount: Int
    /// The rule used.
    public let rule: MissingDataRule

    /// Persons converted per BLAS call.
    public static let blockRows = 2048

    /// Smallest number of persons behind one covariance entry.
    public var minimumPairCount: Int { pairCounts.min() ?? 0 }

    /// Computes the covariance matrix of `data` under `rule`.
    /// - Complexity: O(N · J²) flops in BLAS (listwise: one `dsyrk`; pairwise: two `dsyrk` and one
    ///   `dgemm`), O(N · J) to read the bytes.
    public init(_ data: ResponseMatrix, rule: MissingDataRule, maxConcurrency: Int = 2) {
        let n = data.personCount, j = data.itemCount
        self.itemCount = j
        self.rule = rule
        var complete: [Int] = []
        complete.reserveCapacity(n)
        var sums = [Double](repeating: 0, count: j)
        var answered = [Int](repeating: 0, count: j)
        data.responses.withUnsafeBufferPointer { r in
            for p in 0..<n {
                var isComplete = true
                let row = p * j
                for i in 0..<j {
                    let v = r[row + i]
                    if v == ResponseMatrix.missing { isComplete = false } else { sums[i] += Double(v); answered[i] += 1 }
                }
                if isComplete { complete.append(p) }
            }
        }
        self.completeCount = complete.count
        switch rule {
        case .listwise:
            var means = [Double](repeating: 0, count: j)
            if complete.count == n {
                for i in 0..<j { means[i] = n > 0 ? sums[i] / Double(n) : 0 }
            } else {
                data.responses.withUnsafeBufferPointer { r in
                    for p in complete { for i in 0..<j { means[i] += Double(r[p * j + i]) } }
                }
                if !complete.isEmpty { for i in 0..<j { means[i] /= Double(complete.count) } }
            }
            self.means = means
            var c = Self.crossProducts(data, rows: complete.count == n ? nil : complete, means: means, masked: false,
                                       maxConcurrency: maxConcurrency).s
            let divisor = Double(max(complete.count - 1, 1))
            for a in 0..<j { for b in a..<j { c[a * j + b] /= divisor; c[b * j + a] = c[a * j + b] } }
            self.covariance = complete.count >= 2 ? c : [Double](repeating: 0, count: j * j)
            self.pairCounts = [Int](repeating: complete.count, count: j * j)
        case .pairwise:
            var means = [Double](repeating: 0, count: j)
            for i in 0..<j { means[i] = answered[i] > 0 ? sums[i] / Double(answered[i]) : 0 }
            self.means = means
            let products = Self.crossProducts(data, rows: nil, means: means, masked: true, maxConcurrency: maxConcurrency)
            var c = [Double](repeating: 0, count: j * j)
            var counts = [Int](repeating: 0, count: j * j)
            for a in 0..<j {
                for b in a..<j {
                    let nab = products.n[a * j + b]
                    let count = Int(nab.rounded())
                    counts[a * j + b] = count; counts[b * j + a] = count
                    guard count >= 2 else { continue }
                    let v = (products.s[a * j + b] - products.t[a * j + b] * products.t[b * j + a] / nab) / (nab - 1)
                    c[a * j + b] = v; c[b * j + a] = v
                }
            }
            self.covariance = c
            self.pairCounts = counts
        }
    }

    private struct Sums: Sendable { var s: [Double], t: [Double], n: [Double] }

    /// Upper triangles of S = X̃ᵀX̃ and, when `masked`, full T = X̃ᵀM and upper N = MᵀM, summed over
    /// person blocks; blocks run on up to `maxConcurrency` workers, each with its own sums.
    private static func crossProducts(_ data: ResponseMatrix, rows: [Int]?, means: [Double], masked: Bool,
                                      maxConcurrency: Int) -> (s: [Double], t: [Double], n: [Double]) {
        let j = data.itemCount
        let total = rows?.count ?? data.personCount
        let empty = [Double](repeating: 0, count: j * j)
        guard j > 0, total > 0 else { return (empty, empty, empty) }
        let workers = max(1, min(maxConcurrency, (total + blockRows - 1) / blockRows))
        let collected = Mutex<[Int: Sums]>([:])
        let responses = data.responses
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            responses.withUnsafeBufferPointer { r in
                let start = total * w / workers, end = total * (w + 1) / workers
                var s = empty
                var t = masked ? empty : []
                var nn = masked ? empty : []
                var x = [Double](repeating: 0, count: blockRows * j)
                var m = masked ? [Double](repeating: 0, count: blockRows * j) : []
                var first = start
                while first < end {
                    let count = min(blockRows, end - first)
                    for q in 0..<count {
                        let p = rows.map { $0[first + q] } ?? (first + q)
                        let src = p * j, dst = q * j
                        for i in 0..<j {
                            let v = r[src + i]
                            if v == ResponseMatrix.missing {
                                x[dst + i] = 0
                                if masked { m[dst + i] = 0 }
                            } else {
                                x[dst + i] = Double(v) - means[i]
                                if masked { m[dst + i] = 1 }
                            }
                        }
                    }
                    x.withUnsafeBufferPointer { px in
                        guard let xp = px.baseAddress else { return }
                        s.withUnsafeMutableBufferPointer { ps in
                            guard let sp = ps.baseAddress else { return }
                            BLAS.syrkTransposedUpper(n: j, k: count, alpha: 1, a: xp, lda: j, beta: 1, c: sp, ldc: j)
                        }
                        if masked {
                            m.withUnsafeBufferPointer { pm in
                                guard let mp = pm.baseAddress else { return }
                                t.withUnsafeMutableBufferPointer { pt in
                                    guard let tp = pt.baseAddress else { return }
                                    BLAS.gemm(transposeA: true, transposeB: false, m: j, n: j, k: count, alpha: 1,
                                              a: xp, lda: j, b: mp, ldb: j, beta: 1, c: tp, ldc: j)
                                }
                                nn.withUnsafeMutableBufferPointer { pn in
                                    guard let np = pn.baseAddress else { return }
                                    BLAS.syrkTransposedUpper(n: j, k: count, alpha: 1, a: mp, lda: j, beta: 1, c: np, ldc: j)
                                }
                            }
                        }
                    }
                    first += count
                }
                collected.withLock { $0[w] = Sums(s: s, t: t, n: nn) }
            }
        }
        var s = empty, t = masked ? empty : [], nn = masked ? empty : []
        let partial = collected.withLock { all in (0..<workers).compactMap { all[$0] } }
        for part in partial {
            for e in 0..<(j * j) {
                s[e] += part.s[e]
                if masked { t[e] += part.t[e]; nn[e] += part.n[e] }
            }
        }
        // Mirror the upper triangles of S and N.
        for a in 0..<j {
            for b in (a + 1)..<j {
                s[b * j + a] = s[a * j + b]
                if masked { nn[b * j + a] = nn[a * j + b] }
            }
        }
        return (s, t, nn)
    }
}
