/// Why a person's score deserves a second look. At most one flag is reported, in this precedence:
/// `invalidResponse`, `noResponses`, `notConverged`, `allCorrect` / `allIncorrect`, `fenced`.
public enum ScoreFlag: String, Sendable, Codable, CaseIterable, Hashable {
    /// Every answered item is in its highest category. ML has no finite maximum: θ̂ is the upper end of
    /// the fence. WLE is finite for the 2PL (Warm 1989) and is reported unless it lies beyond the fence,
    /// where it is bounded to the fence. EAP and MAP are finite through the prior.
    case allCorrect
    /// Every answered item is in category 0 (the mirror image of `allCorrect`).
    case allIncorrect
    /// No item was answered: EAP and MAP return the prior mean and SD; ML and WLE have no estimate.
    case noResponses
    /// The estimate reached the fence (the bounded search interval) and was held there.
    case fenced
    /// The root refinement of ML, MAP or WLE reached its iteration limit, or met a non-finite value,
    /// before the step or the bracket fell below the tolerance. The bisection safeguard makes this
    /// a sign of a numerical failure, not of a flat likelihood.
    case notConverged
    /// Some response was outside 0..K−1 of its item; it was left out of the estimate.
    case invalidResponse
}
