/// One person's estimate of θ with its standard error.
///
/// `theta` and `standardError` are `nil` only when the method gives no value: ML and WLE for a person
/// with no responses (flag `noResponses`), or an SE where the test information is zero. Encoded JSON
/// writes those as `null` (never NaN or ∞, DECISIONS §8).
public struct PersonScore: Sendable, Codable, Equatable, Hashable {
    /// The estimate θ̂ on the scale of the item parameters.
    public var theta: Double?
    /// Its standard error: the posterior SD (EAP), 1/√(I(θ̂) + 1/σ²) (MAP) or 1/√I(θ̂) (ML, WLE).
    public var standardError: Double?
    /// The method that produced the estimate.
    public var method: ScoringMethod
    /// A note on the pattern or the estimation (see ``ScoreFlag``), `nil` when there is none.
    public var flag: ScoreFlag?
    /// The number of items with a valid response.
    public var itemsAnswered: Int

    public init(theta: Double?, standardError: Double?, method: ScoringMethod, flag: ScoreFlag?, itemsAnswered: Int) {
        self.theta = theta
        self.standardError = standardError
        self.method = method
        self.flag = flag
        self.itemsAnswered = itemsAnswered
    }

    private enum CodingKeys: String, CodingKey { case theta, standardError, method, flag, itemsAnswered }

    /// Encodes every key, with `null` for a missing value (DECISIONS §8).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(theta, forKey: .theta)
        try c.encode(standardError, forKey: .standardError)
        try c.encode(method, forKey: .method)
        try c.encode(flag, forKey: .flag)
        try c.encode(itemsAnswered, forKey: .itemsAnswered)
    }
}
