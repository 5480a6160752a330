import LinearAlgebra

/// Summed-score distributions by the Lord–Wingersky recursion.
///
/// Lord, F. M. & Wingersky, M. S. (1984). Comparison of IRT true-score and equipercentile observed-score
/// "equatings". *Applied Psychological Measurement* 8:453–461; extended to polytomous items by
/// Thissen, Pommerich, Billeaud & Williams (1995), *Applied Psychological Measurement* 19:39–49.
///
/// For items j = 1..J with K_j categories scored 0..K_j − 1 and, at one θ, category probabilities
/// P_jk(θ), the distribution of the summed score X = Σ_j X_j is built one item at a time:
/// ```
/// f_1(s) = P_1s(θ)
/// f_j(s) = Σ_{k=0}^{K_j−1} f_{j−1}(s − k) · P_jk(θ),   s = 0 … Σ_{i≤j} (K_i − 1)
/// ```
/// Local independence makes f_J(s) = P(X = s | θ) exact; every term is a product of probabilities, so
/// no cancellation occurs and the result sums to 1 up to rounding.
///
/// Complexity: O(S · Σ_j K_j) per θ, S = Σ_j (K_j − 1) + 1 the number of summed scores.
public enum LordWingersky {
    /// P(X = s | θ), s = 0 … S − 1, from the category probabilities of each item at one θ
    /// (`categoryProbabilities[j][k]` = P_jk(θ)). An empty item list gives [1] (X = 0 surely).
    public static func distribution(categoryProbabilities: [[Double]]) -> [Double] {
        let maxScore = categoryProbabilities.reduce(0) { $0 + max(0, $1.count - 1) }
        var current = [Double](repeating: 0, count: maxScore + 1)
        var next = current
        current[0] = 1
        var top = 0  // highest score reachable so far
        for p in categoryProbabilities {
            recurse(current: current, top: top, probabilities: p, into: &next)
            top += max(0, p.count - 1)
            swap(&current, &next)
        }
        return current
    }

    /// P(X = s | θ) for `items` at one θ.
    public static func distribution(items: [ItemParameters], theta: Double) -> [Double] {
        distribution(categoryProbabilities: items.map { $0.probabilities(at: theta) })
    }

    /// The summed-score distribution at every node: a `nodes.count × S` row-major matrix whose row q
    /// is P(X = s | θ_q), s = 0 … S − 1, S = Σ_j (K_j − 1) + 1.
    ///
    /// Complexity: O(Q · S · Σ_j K_j) for Q nodes.
    public static func distributions(items: [ItemParameters], nodes: [Double]) -> Matrix {
        let scoreCount = items.reduce(0) { $0 + $1.categoryCount - 1 } + 1
        var out = Matrix(rows: nodes.count, columns: scoreCount)
        for (q, theta) in nodes.enumerated() {
            let row = distribution(items: items, theta: theta)
            for s in 0..<scoreCount { out.storage[q * scoreCount + s] = row[s] }
        }
        return out
    }

    /// One step of the recursion: `next[s] = Σ_k current[s − k] · p[k]` for s = 0 … top + K − 1, where
    /// `current` is non-zero only on 0 … `top`. `next` must be at least as long as needed; entries
    /// beyond the new top are set to 0.
    static func recurse(current: [Double], top: Int, probabilities p: [Double], into next: inout [Double]) {
        let kCount = p.count
        let newTop = top + max(0, kCount - 1)
        for s in 0..<next.count { next[s] = 0 }
        guard kCount > 0 else {
            for s in 0...top { next[s] = current[s] }
            return
        }
        for s in 0...top {
            let f = current[s]
            if f == 0 { continue }
            for k in 0..<kCount where s + k <= newTop { next[s + k] += f * p[k] }
        }
    }
}
