import IRTModels

/// The test characteristic curve of a form: the expected raw score at θ, and its inverse.
///
/// ```
/// T(θ) = Σ_i E[X_i | θ] = Σ_i Σ_k k · P_i(X = k | θ)      (dichotomous: E[X | θ] = P(θ))
/// θ_cut = T⁻¹(raw cut)     found by bisection on [−fence, fence]
/// ```
/// T is strictly increasing for positive slopes, so the inverse is unique where it exists: between
/// T(−fence) (for 3PL items the sum of the guessing floors, nearly) and T(fence). A raw cut outside that
/// range has no θ on the reported scale and gives nil (the caller warns), never a number at the fence
/// that would look like a result. Lord (1980), *Applications of Item Response Theory*, §4.3 (the test
/// characteristic function); its use for Angoff cuts: Kane (1987) and Hambleton & Pitoniak (2006).
public struct TestCharacteristicCurve: Sendable, Equatable {
    /// The scored θ range, as the scoring fence of ML and WLE (DECISIONS §5).
    public static let fence = 6.0
    /// Bisection stops when the bracket is narrower than this (θ units): far below any reported digit.
    public static let tolerance = 1e-10

    /// The items of the form.
    public var items: [ItemParameters]

    public init(items: [ItemParameters]) { self.items = items }

    /// The highest raw score of the form, Σ (K_i − 1).
    public var maximumScore: Double { items.reduce(0) { $0 + Double($1.categoryCount - 1) } }

    /// T(θ). Complexity: O(Σ K_i).
    public func expectedScore(at theta: Double) -> Double { items.reduce(0) { $0 + $1.expectedScore(at: theta) } }

    /// θ with T(θ) = `rawScore`, or nil when `rawScore` is not strictly between T(−fence) and T(fence).
    /// Complexity: about 40 evaluations of T (bisection of a 12-wide bracket to 1e-10).
    public func theta(atExpectedScore rawScore: Double) -> Double? {
        var low = -Self.fence, high = Self.fence
        guard rawScore.isFinite, !items.isEmpty, expectedScore(at: low) < rawScore, rawScore < expectedScore(at: high) else { return nil }
        while high - low > Self.tolerance {
            let mid = (low + high) / 2
            if expectedScore(at: mid) < rawScore { low = mid } else { high = mid }
        }
        return (low + high) / 2
    }
}
