#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

/// A quadrature rule on the θ scale: nodes and weights (weights sum to 1 for a density rule).
public struct QuadratureRule: Sendable, Equatable {
    /// The nodes θ_q.
    public let nodes: [Double]
    /// The weights w_q (normalised to sum to 1).
    public let weights: [Double]

    public init(nodes: [Double], weights: [Double]) {
        precondition(nodes.count == weights.count, "one weight per node")
        self.nodes = nodes
        self.weights = weights
    }

    /// Number of nodes.
    public var count: Int { nodes.count }

    /// An equally spaced grid of `count` nodes on `range` with weights ∝ the N(mean, sd²) density at
    /// each node, normalised to sum to 1. The default (61 nodes on [−6, 6]) is the grid mirt uses with
    /// `quadpts = 61`; with Bock & Aitkin's (1981) EM the grid carries the latent density.
    public static func normalGrid(count: Int = 61, range: ClosedRange<Double> = -6...6,
                                  mean: Double = 0, standardDeviation: Double = 1) -> QuadratureRule {
        precondition(count >= 2, "a grid needs at least two nodes")
        precondition(standardDeviation > 0, "standard deviation must be positive")
        let step = (range.upperBound - range.lowerBound) / Double(count - 1)
        let nodes = (0..<count).map { range.lowerBound + Double($0) * step }
        let logWeights = normalLogWeights(at: nodes, mean: mean, standardDeviation: standardDeviation)
        return QuadratureRule(nodes: nodes, weights: logWeights.map { exp($0) })
    }

    /// log w_q of the N(mean, sd²) density at `nodes`, normalised so that Σ w_q = 1:
    /// ```
    /// log w_q = −½((θ_q − μ)/σ)² − log Σ_r exp(−½((θ_r − μ)/σ)²)
    /// ```
    /// The one computation of normal weights on a grid (calibration priors, scoring posteriors, item
    /// fit, the θ grid). O(Q).
    public static func normalLogWeights(at nodes: [Double], mean: Double, standardDeviation: Double) -> [Double] {
        let raw = nodes.map { -0.5 * pow(($0 - mean) / standardDeviation, 2) }
        let norm = logSumExp(raw)
        return raw.map { $0 - norm }
    }

    /// Gauss–Hermite rule for the standard normal density (probabilists' form):
    /// ∫ f(θ) φ(θ) dθ ≈ Σ w_q f(θ_q), exact for polynomials of degree ≤ 2n − 1.
    ///
    /// Nodes are the roots of the physicists' Hermite polynomial H_n found by Newton's method from
    /// the classic asymptotic starting values (Press et al., *Numerical Recipes* §4.6), then scaled by
    /// √2 with weights divided by √π.
    public static func gaussHermite(count n: Int) -> QuadratureRule {
        precondition(n >= 1 && n <= 200, "Gauss–Hermite supports 1...200 nodes")
        let pim4 = 1 / pow(Double.pi, 0.25)
        var x = [Double](repeating: 0, count: n)
        var w = [Double](repeating: 0, count: n)
        let m = (n + 1) / 2
        var z = 0.0
        for i in 0..<m {
            switch i {
            case 0: z = (Double(2 * n + 1)).squareRoot() - 1.85575 * pow(Double(2 * n + 1), -0.16667)
            case 1: z -= 1.14 * pow(Double(n), 0.426) / z
            case 2: z = 1.86 * z - 0.86 * x[0]
            case 3: z = 1.91 * z - 0.91 * x[1]
            default: z = 2 * z - x[i - 2]
            }
            var pp = 0.0
            for _ in 0..<100 {
                var p1 = pim4, p2 = 0.0
                for j in 0..<n {
                    let p3 = p2
                    p2 = p1
                    p1 = z * (2.0 / Double(j + 1)).squareRoot() * p2 - (Double(j) / Double(j + 1)).squareRoot() * p3
                }
                pp = (2 * Double(n)).squareRoot() * p2
                let z1 = z
                z = z1 - p1 / pp
                if abs(z - z1) <= 1e-14 { break }
            }
            x[i] = z
            x[n - 1 - i] = -z
            w[i] = 2 / (pp * pp)
            w[n - 1 - i] = w[i]
        }
        let scale = 2.0.squareRoot()
        let nodes = x.reversed().map { $0 * scale }
        let norm = Double.pi.squareRoot()
        let weights = w.reversed().map { $0 / norm }
        return QuadratureRule(nodes: nodes, weights: weights)
    }
}
