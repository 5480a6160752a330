import MathCore

/// Everything an adaptive exam has done so far: a plain value that the engine's roles read and
/// return changed. It holds the random generator, so an exam rebuilt from its recorded steps and
/// generator state continues exactly as it would have (DECISIONS §6 resume rule).
public struct AdaptiveState: Sendable, Equatable {
    /// The items given, in order, with their responses.
    public internal(set) var steps: [AdministeredItem]
    /// The item selected and not yet answered (shown again on resume), as a pool index.
    public internal(set) var awaiting: Int?
    /// The interim estimate after the last scored response (the start θ before any) and its SE
    /// (nil before the first response).
    public internal(set) var theta: Double
    public internal(set) var standardError: Double?
    /// The final estimator's θ̂ and SE when the stopping rule last judged them.
    public internal(set) var finalTheta: Double?
    public internal(set) var finalStandardError: Double?
    /// Why the exam stopped, once it has.
    public internal(set) var stopReason: StopReason?
    /// The generator of every random choice (pretest positions, randomesque, Sympson–Hetter).
    public internal(set) var generator: SeededGenerator
    /// Pool items offered to the Sympson–Hetter lottery, in order (exposure calibration counts them).
    public internal(set) var lotteryItems: [Int]

    // Bookkeeping, rebuilt from `steps` and the pool.
    /// Whether a pool item may still be given (not given, no enemy given, not set aside).
    var available: [Bool]
    /// Items seen in earlier attempts: excluded while the blueprint can still be met without them.
    var seenBefore: [Bool]
    /// Scored operational items given per section.
    var sectionCounts: [Int]
    /// Scored operational items given.
    public internal(set) var scoredCount: Int
    /// Members of a started set still to give, in order.
    var pendingSet: [Int]
    /// Scored counts after which a pretest item is seeded (sorted, consumed from the front).
    var pretestAfter: [Int]
    /// Self-assessment items still to give (pool order, consumed from the front; all come first).
    var pendingSelfAssessment: [Int]
    /// Σ log P(x_j | θ_q) over the scored responses, on the engine's grid.
    var logLikelihood: [Double]
    /// The scored responses by batch index (255 = not given), for the point estimators.
    var batchResponses: [UInt8]

    /// The number of items given (scored or not).
    public var itemsGiven: Int { steps.count }
    /// True once the exam has stopped.
    public var isFinished: Bool { stopReason != nil }
}

/// One item given in an exam.
public struct AdministeredItem: Sendable, Equatable, Codable {
    /// 1-based position in the exam.
    public var position: Int
    /// Pool index and id of the item.
    public var poolIndex: Int
    public var itemId: String
    /// The response category.
    public var response: Int
    /// True for a scored operational item (false for pretest items).
    public var scored: Bool
    /// The interim θ̂ and SE after this response.
    public var theta: Double
    public var standardError: Double
}

/// The engine's answer to "what next?".
public enum AdaptiveStep: Sendable, Equatable {
    /// Give this pool item (again, if it was selected and not answered).
    case administer(Int)
    /// The exam has stopped.
    case finished(StopReason)
}
