/// The latent (ability) distribution of a scale: N(mean, variance) (DECISIONS §4). A calibration
/// estimates it or fixes it; scoring, information-weighted statistics and the θ grid use it.
public struct LatentDistribution: Sendable, Equatable, Hashable, Codable {
    public var mean: Double
    public var variance: Double
    /// Whether the mean was estimated (fixed otherwise).
    public var meanEstimated: Bool
    /// Whether the variance was estimated (fixed otherwise).
    public var varianceEstimated: Bool

    public init(mean: Double, variance: Double, meanEstimated: Bool = false, varianceEstimated: Bool = false) {
        self.mean = mean
        self.variance = variance
        self.meanEstimated = meanEstimated
        self.varianceEstimated = varianceEstimated
    }

    /// N(0, 1), fixed: the reference scale of free-slope models.
    public static let standard = LatentDistribution(mean: 0, variance: 1)

    /// The standard deviation √variance.
    public var standardDeviation: Double { variance.squareRoot() }

    /// Whether the distribution can be used: finite mean, finite positive variance.
    public var isValid: Bool { mean.isFinite && variance.isFinite && variance > 0 }
}
