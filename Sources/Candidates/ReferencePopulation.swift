import Foundation
import ItemBanking
import MathCore

/// The bank version's reference population: the latent N(μ, σ²) of its θ scale (DECISIONS §4; the
/// `scale` block, else N(0, 1)) and its three cut scores, which give the share of each level one
/// expects in that population:
///
/// ```
/// p_k = Φ((c_{k+1} − μ)/σ) − Φ((c_k − μ)/σ),   c_0 = −∞, c_1..c_3 = the cuts, c_4 = +∞
/// ```
public struct ReferencePopulation: Sendable, Equatable, Codable {
    public var latentMean: Double
    public var latentStandardDeviation: Double
    /// intermediate, advanced, expert.
    public var cuts: [Double]
    /// The level names, novice … expert.
    public var levels: [String]

    public init(manifest: BankManifest) {
        let latent = manifest.latentDistribution
        latentMean = latent.mean
        latentStandardDeviation = latent.variance.squareRoot()
        cuts = [manifest.cutScores.intermediate, manifest.cutScores.advanced, manifest.cutScores.expert]
        levels = MentorLevel.allCases.map(\.rawValue)
    }

    /// The expected share of each level (sums to 1).
    public var expectedShares: [Double] {
        let cdf = cuts.map { SpecialFunctions.normalCDF(($0 - latentMean) / latentStandardDeviation) }
        let bounds = [0.0] + cdf + [1.0]
        return (0..<levels.count).map { bounds[$0 + 1] - bounds[$0] }
    }

    /// The index of the level of `theta` (the highest level whose cut θ reaches, DECISIONS §3).
    public func levelIndex(theta: Double) -> Int { cuts.filter { theta >= $0 }.count }
}

/// Observed level counts against the reference population's expected shares, and the cohort's mean θ
/// against μ.
///
/// ```
/// X² = Σ_k (O_k − n p_k)² / (n p_k),  df = levels − 1        (Pearson 1900 goodness of fit)
/// z  = (mean θ̂ − μ) / (sd(θ̂)/√n)
/// ```
/// The θ̂ carry measurement error, so even a sample of the reference population shows more extreme
/// levels than `p_k` (the estimates are spread wider than the latent θ); read X² as a description,
/// not a test of the population.
public struct ReferenceComparison: Sendable, Equatable, Codable {
    public struct Level: Sendable, Equatable, Codable {
        public var level: String
        public var observed: Int
        public var observedShare: Double?
        public var expectedShare: Double
        public var expected: Double
    }
    public var candidates: Int
    public var latentMean: Double
    public var latentStandardDeviation: Double
    public var meanTheta: Double?
    public var standardDeviation: Double?
    /// SE of the mean θ̂: sd/√n (`nil` below two candidates).
    public var standardErrorOfMean: Double?
    /// (mean θ̂ − μ) / SE.
    public var z: Double?
    public var levels: [Level]
    public var chiSquare: Double?
    public var degreesOfFreedom: Int
    public var pValue: Double?

    public init(thetas: [Double], levelCounts: [Int], reference: ReferencePopulation) {
        let n = levelCounts.reduce(0, +)
        candidates = thetas.count
        latentMean = reference.latentMean
        latentStandardDeviation = reference.latentStandardDeviation
        let m = Moments(thetas)
        meanTheta = m.mean
        standardDeviation = m.standardDeviation
        standardErrorOfMean = m.standardErrorOfMean
        z = zip(m.mean, m.standardErrorOfMean).flatMap { mean, se in se > 0 ? (mean - reference.latentMean) / se : nil }
        let expected = reference.expectedShares
        levels = reference.levels.indices.map { k in
            Level(level: reference.levels[k], observed: levelCounts[k],
                  observedShare: n > 0 ? Double(levelCounts[k]) / Double(n) : nil,
                  expectedShare: expected[k], expected: Double(n) * expected[k])
        }
        degreesOfFreedom = reference.levels.count - 1
        if n > 0, expected.allSatisfy({ $0 > 0 }) {
            let x2 = levels.reduce(0.0) { $0 + (Double($1.observed) - $1.expected) * (Double($1.observed) - $1.expected) / $1.expected }
            chiSquare = finite(x2)
            pValue = chiSquare.map { SpecialFunctions.chiSquaredSurvival($0, degreesOfFreedom: Double(degreesOfFreedom)) }
        }
    }
}

private func zip(_ a: Double?, _ b: Double?) -> (Double, Double)? {
    guard let a, let b else { return nil }
    return (a, b)
}

/// Mean, sample standard deviation (n − 1) and the SE of the mean, `nil` where undefined.
struct Moments: Sendable, Equatable {
    var count: Int
    var mean: Double?
    var standardDeviation: Double?
    var standardErrorOfMean: Double? {
        standardDeviation.map { $0 / Double(count).squareRoot() }
    }

    init(_ xs: [Double]) {
        count = xs.count
        guard !xs.isEmpty else { return }
        let m = xs.reduce(0, +) / Double(xs.count)
        mean = m
        guard xs.count > 1 else { return }
        let ss = xs.reduce(0) { $0 + ($1 - m) * ($1 - m) }
        standardDeviation = (ss / Double(xs.count - 1)).squareRoot()
    }
}
