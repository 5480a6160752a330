#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif
import MathCore

/// A grid on the θ scale with the weights of a latent distribution: the one θ grid of the engine
/// (calibration priors, EAP, item fit, CSEM and reliability curves, plots).
///
/// - `equallySpaced`: Q nodes on [lo, hi] with w_q ∝ the N(μ, σ²) density at the node, normalised
///   (Bock & Aitkin 1981; mirt's rectangular quadrature).
/// - `gaussHermite`: θ_q = μ + σ·x_q with the probabilists' Gauss–Hermite nodes and weights
///   (exact for polynomials of degree ≤ 2Q − 1 under the normal density).
public struct ThetaGrid: Sendable, Equatable {
    /// The nodes θ_q (increasing).
    public let nodes: [Double]
    /// The weights w_q, summing to 1.
    public let weights: [Double]
    /// log w_q.
    public let logWeights: [Double]
    /// The distribution the weights represent.
    public let latent: LatentDistribution

    /// An equally spaced grid (default 61 nodes on [−6, 6], the calibration's grid).
    /// - Throws: ``IRTModelError`` when `count` < 2, the range is empty or the distribution invalid.
    public static func equallySpaced(count: Int = 61, range: ClosedRange<Double> = -6...6,
                                     latent: LatentDistribution = .standard) throws(IRTModelError) -> ThetaGrid {
        guard count >= 2, range.upperBound > range.lowerBound, range.lowerBound.isFinite, range.upperBound.isFinite else {
            throw IRTModelError.invalidGrid(reason: "an equally spaced grid needs at least 2 nodes on a finite, non-empty range")
        }
        guard latent.isValid else { throw IRTModelError.invalidLatentDistribution(latent) }
        let step = (range.upperBound - range.lowerBound) / Double(count - 1)
        return try normal(at: (0..<count).map { range.lowerBound + Double($0) * step }, latent: latent)
    }

    /// The given nodes (a calibration's grid, for instance) with the normalised N(μ, σ²) density of
    /// `latent` as weights (`QuadratureRule.normalLogWeights`, the one computation of normal weights).
    /// - Throws: ``IRTModelError`` when there is no node, a node is not finite, or the distribution is
    ///   invalid. O(Q).
    public static func normal(at nodes: [Double], latent: LatentDistribution) throws(IRTModelError) -> ThetaGrid {
        guard !nodes.isEmpty, nodes.allSatisfy(\.isFinite) else {
            throw IRTModelError.invalidGrid(reason: "a grid needs at least one node, and every node must be finite")
        }
        guard latent.isValid else { throw IRTModelError.invalidLatentDistribution(latent) }
        let logWeights = QuadratureRule.normalLogWeights(at: nodes, mean: latent.mean,
                                                         standardDeviation: latent.standardDeviation)
        return ThetaGrid(nodes: nodes, weights: logWeights.map { exp($0) }, logWeights: logWeights, latent: latent)
    }

    /// A rule for the **standard** normal (nodes x_q, weights w_q: `QuadratureRule.normalGrid`,
    /// `QuadratureRule.gaussHermite`) carried onto `latent`: θ_q = μ + σ·x_q, weights w_q / Σ_r w_r
    /// (a change of variables, so the weights do not change but for the normalisation).
    /// - Throws: ``IRTModelError`` when the rule has no positive weight or the distribution is invalid.
    ///   O(Q).
    public static func scaling(_ rule: QuadratureRule, to latent: LatentDistribution) throws(IRTModelError) -> ThetaGrid {
        guard latent.isValid else { throw IRTModelError.invalidLatentDistribution(latent) }
        let total = rule.weights.reduce(0, +)
        guard rule.count > 0, total > 0, total.isFinite else {
            throw IRTModelError.invalidGrid(reason: "the quadrature rule has no positive weight")
        }
        let weights = rule.weights.map { $0 / total }
        return ThetaGrid(nodes: rule.nodes.map { latent.mean + latent.standardDeviation * $0 }, weights: weights,
                         logWeights: weights.map { log($0) }, latent: latent)
    }

    /// A Gauss–Hermite grid of `count` nodes (1…200) for `latent`.
    public static func gaussHermite(count: Int, latent: LatentDistribution = .standard) throws(IRTModelError) -> ThetaGrid {
        guard (1...200).contains(count) else {
            throw IRTModelError.invalidGrid(reason: "Gauss–Hermite grids have 1 to 200 nodes, not \(count)")
        }
        guard latent.isValid else { throw IRTModelError.invalidLatentDistribution(latent) }
        let rule = QuadratureRule.gaussHermite(count: count)
        let nodes = rule.nodes.map { latent.mean + latent.standardDeviation * $0 }
        return ThetaGrid(nodes: nodes, weights: rule.weights, logWeights: rule.weights.map { log($0) }, latent: latent)
    }

    /// Number of nodes.
    public var count: Int { nodes.count }

    /// Σ_q w_q f(θ_q): the expectation of f under the grid's distribution.
    public func expectation(_ f: (Double) -> Double) -> Double {
        zip(nodes, weights).reduce(0) { $0 + $1.1 * f($1.0) }
    }
}

/// Errors of the item-response module: what is wrong and what to do.
public enum IRTModelError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidGrid(reason: String)
    case invalidLatentDistribution(LatentDistribution)

    public var description: String {
        switch self {
        case let .invalidGrid(reason): return "Invalid θ grid: \(reason)."
        case let .invalidLatentDistribution(d):
            return "The latent distribution N(\(d.mean), \(d.variance)) is not usable: the mean must be finite and the "
                + "variance finite and positive."
        }
    }
}
