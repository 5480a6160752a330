/// The Benjamini–Hochberg (1995, *JRSS B* 57:289–300) adjustment of m p-values, which controls the
/// false-discovery rate across the items tested:
/// ```
/// p_(1) ≤ … ≤ p_(m) sorted;   p̃_(i) = min_{j ≥ i} min(1, m · p_(j) / j)
/// ```
/// A nil p-value (no test) stays nil and does not count in m. Complexity O(m log m).
public enum BenjaminiHochberg {
    public static func adjust(_ pValues: [Double?]) -> [Double?] {
        let tested = pValues.indices.compactMap { i in pValues[i].map { (i, $0) } }.sorted { $0.1 < $1.1 }
        let m = Double(tested.count)
        var out = [Double?](repeating: nil, count: pValues.count)
        var running = 1.0
        for rank in stride(from: tested.count - 1, through: 0, by: -1) {
            let (i, p) = tested[rank]
            running = min(running, min(1, m * p / Double(rank + 1)))
            out[i] = running
        }
        return out
    }
}
