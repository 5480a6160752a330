/// The spread of the panelists' cuts in one level and round.
///
/// ```
/// mean = Σ x_j / n,   SD = √(Σ (x_j − mean)² / (n − 1)),   SE = SD / √n
/// ```
/// The SE is the standard error of the panel's mean cut when the panelists are a sample of possible
/// panelists (Hambleton & Pitoniak 2006; Cizek & Bunch 2007, ch. 3); with one panelist SD and SE do not
/// exist (nil). The median is given beside the mean because Bookmark panels often report it (Mitzel,
/// Lewis, Patz & Green 2001).
public struct CutSpread: Sendable, Equatable, Codable {
    /// The number of panelists with a cut.
    public var count: Int
    public var mean: Double
    /// Sample standard deviation across panelists (n − 1); nil for one panelist.
    public var standardDeviation: Double?
    /// SD / √n; nil for one panelist.
    public var standardError: Double?
    public var minimum: Double
    public var maximum: Double
    public var median: Double


    /// Every key is written, a missing value as null (DECISIONS §8), so readers can rely on the keys.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(count, forKey: .count)
        try c.encode(mean, forKey: .mean)
        try c.encode(standardDeviation, forKey: .standardDeviation)
        try c.encode(standardError, forKey: .standardError)
        try c.encode(minimum, forKey: .minimum)
        try c.encode(maximum, forKey: .maximum)
        try c.encode(median, forKey: .median)
    }
    /// The spread of `values`; nil when there is none.
    public init?(_ values: [Double]) {
        guard !values.isEmpty else { return nil }
        let n = Double(values.count)
        count = values.count
        mean = values.reduce(0, +) / n
        if values.count > 1 {
            let m = mean
            let sd = (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / (n - 1)).squareRoot()
            standardDeviation = sd
            standardError = sd / n.squareRoot()
        } else {
            standardDeviation = nil; standardError = nil
        }
        let sorted = values.sorted()
        minimum = sorted[0]; maximum = sorted[sorted.count - 1]
        median = sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}
