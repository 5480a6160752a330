/// One stratum of persons matched on the total score: how many persons of each group answered the
/// studied item in each category (0..K−1).
///
/// For a dichotomous item this is the 2×2 table of Holland & Thayer (1988):
/// ```
///              right (1)   wrong (0)
/// reference    A_k         B_k
/// focal        C_k         D_k          T_k = A_k + B_k + C_k + D_k
/// ```
public struct DIFStratum: Sendable, Equatable {
    /// Reference-group counts by category.
    public var reference: [Double]
    /// Focal-group counts by category.
    public var focal: [Double]

    /// A stratum from counts by category (both arrays of the same length K ≥ 2).
    public init(reference: [Double], focal: [Double]) {
        precondition(reference.count == focal.count && reference.count >= 2,
                     "DIFStratum: give reference and focal counts for the same K ≥ 2 categories")
        self.reference = reference
        self.focal = focal
    }

    /// The 2×2 table of a dichotomous item: `A` reference right, `B` reference wrong, `C` focal right, `D` focal wrong.
    public init(referenceRight a: Double, referenceWrong b: Double, focalRight c: Double, focalWrong d: Double) {
        self.init(reference: [b, a], focal: [d, c])
    }

    /// Reference persons n_Rk.
    public var referenceTotal: Double { reference.reduce(0, +) }
    /// Focal persons n_Fk.
    public var focalTotal: Double { focal.reduce(0, +) }
    /// All persons T_k.
    public var total: Double { referenceTotal + focalTotal }
    /// Whether the stratum can inform a comparison: both groups present and at least two persons.
    public var isInformative: Bool { referenceTotal > 0 && focalTotal > 0 && total >= 2 }

    /// Strata of one item from per-person data: `score[p]` the item score, `matching[p]` the matching
    /// (total) score, `isFocal[p]` the group; one stratum per distinct matching score, in increasing order.
    /// Complexity O(persons + strata · K).
    public static func strata(score: [Int], matching: [Int], isFocal: [Bool], categories: Int) -> [DIFStratum] {
        var byScore: [Int: DIFStratum] = [:]
        for p in score.indices {
            var s = byScore[matching[p]] ?? DIFStratum(reference: [Double](repeating: 0, count: categories),
                                                        focal: [Double](repeating: 0, count: categories))
            if isFocal[p] { s.focal[score[p]] += 1 } else { s.reference[score[p]] += 1 }
            byScore[matching[p]] = s
        }
        return byScore.keys.sorted().compactMap { byScore[$0] }
    }
}
