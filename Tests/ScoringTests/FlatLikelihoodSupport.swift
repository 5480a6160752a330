import Foundation
import IRTModels
import MathCore
import Scoring

/// An independent oracle for ML, MAP and WLE on dichotomous items: the 3PL/2PL response function
/// written out in closed form here (not through the library), and a fine grid over the fence.
///
/// ```
/// P = c + (1 − c)·σ,  σ = 1/(1 + e^(−a(θ − b))),  P' = (1 − c)·a·σ(1 − σ),  P'' = P'·a·(1 − 2σ)
/// log L = Σ x log P + (1 − x) log(1 − P)
/// I = Σ P'²/(P(1 − P)),  J = Σ P'P''/(P(1 − P))            (Warm 1989)
/// ML   maximises log L
/// MAP  maximises log L − (θ − μ)²/(2σ²)
/// WLE  maximises Warm's weighted log-likelihood W(θ) = log L + log w(θ) with (log w)' = J/(2I),
///      i.e. W' = ∂ log L/∂θ + J/(2I) (Warm's estimating function). For the 2PL log w = ½ log I;
///      for the 3PL it is not (Magis & Raîche 2012), so W is the integral of Warm's function.
/// ```
/// On the grid θ_g = lower + g·h, W is accumulated by the trapezoid rule (error O(h²) in a smooth
/// function of θ, the same at every point to 1e−8, so comparisons of W at two points are exact
/// to well below the tolerances used).
struct FlatLikelihoodOracle {
    struct Item { var a: Double, b: Double, c: Double }

    let items: [Item]
    let responses: [UInt8]
    let method: ScoringMethod
    let latentMean: Double
    let latentVariance: Double

    init(items: [Item], responses: [UInt8], method: ScoringMethod, latentMean: Double = 0, latentVariance: Double = 1) {
        self.items = items
        self.responses = responses
        self.method = method
        self.latentMean = latentMean
        self.latentVariance = latentVariance
    }

    var parameters: [ItemParameters] {
        items.map {
            $0.c == 0 ? .dichotomous(.twoPL, discrimination: $0.a, difficulty: $0.b)
                : .dichotomous(.threePL, discrimination: $0.a, difficulty: $0.b, guessing: $0.c)
        }
    }

    /// (log L, ∂ log L/∂θ, I, J) at θ.
    func terms(_ theta: Double) -> (logL: Double, score: Double, info: Double, warm: Double) {
        var logL = 0.0, score = 0.0, info = 0.0, warm = 0.0
        for (item, x) in zip(items, responses) {
            let z = item.a * (theta - item.b)
            let s = 1 / (1 + exp(-z)), s1 = 1 / (1 + exp(z))
            let p = item.c + (1 - item.c) * s
            let q = (1 - item.c) * s1
            let d1 = (1 - item.c) * item.a * s * s1
            let d2 = d1 * item.a * (s1 - s)
            logL += x == 1 ? log(p) : log(q)
            score += x == 1 ? d1 / p : -d1 / q
            info += d1 * d1 / (p * q)
            warm += d1 * d2 / (p * q)
        }
        return (logL, score, info, warm)
    }

    /// The derivative of the maximised criterion.
    func gradient(_ theta: Double) -> Double {
        let t = terms(theta)
        switch method {
        case .map: return t.score - (theta - latentMean) / latentVariance
        case .wle: return t.score + t.warm / (2 * t.info)
        case .ml, .eap: return t.score
        }
    }

    /// The criterion on the grid `lower + g·step`, g = 0…count−1 (WLE: up to an additive constant).
    func gridValues(lower: Double, step: Double, count: Int) -> [Double] {
        var values = [Double](repeating: 0, count: count)
        var previousGradient = 0.0
        for g in 0..<count {
            let theta = lower + Double(g) * step
            switch method {
            case .wle:
                let f = gradient(theta)
                values[g] = g == 0 ? 0 : values[g - 1] + 0.5 * step * (previousGradient + f)
                previousGradient = f
            case .map:
                values[g] = terms(theta).logL - (theta - latentMean) * (theta - latentMean) / (2 * latentVariance)
            case .ml, .eap:
                values[g] = terms(theta).logL
            }
        }
        return values
    }

    struct Comparison {
        /// Best grid point and its criterion value.
        var gridArgmax: Double
        var gridMax: Double
        /// The criterion at the engine's estimate (same additive constant as the grid for WLE).
        var valueAtEstimate: Double
        /// The criterion's derivative at the estimate.
        var gradientAtEstimate: Double
        var deficit: Double { gridMax - valueAtEstimate }
    }

    /// Compares an estimate with the argmax on the grid of step `step` over `fence`.
    func compare(estimate theta: Double, fence: ClosedRange<Double> = -6...6, step: Double = 0.001) -> Comparison {
        let count = Int(((fence.upperBound - fence.lowerBound) / step).rounded()) + 1
        let values = gridValues(lower: fence.lowerBound, step: step, count: count)
        var best = 0
        for g in 1..<count where values[g] > values[best] { best = g }
        let value: Double
        switch method {
        case .wle:
            // W(θ̂) from the nearest node by one trapezoid.
            let g = min(count - 1, max(0, Int(((theta - fence.lowerBound) / step).rounded())))
            let node = fence.lowerBound + Double(g) * step
            value = values[g] + 0.5 * (theta - node) * (gradient(node) + gradient(theta))
        case .map:
            value = terms(theta).logL - (theta - latentMean) * (theta - latentMean) / (2 * latentVariance)
        case .ml, .eap:
            value = terms(theta).logL
        }
        return Comparison(gridArgmax: fence.lowerBound + Double(best) * step, gridMax: values[best],
                          valueAtEstimate: value, gradientAtEstimate: gradient(theta))
    }

    /// Seeded flat 3PL cases: short tests (5–15 items) with a ~ U(0.3, 0.8), b ~ N(0, 1.2²),
    /// c ~ U(0.2, 0.35), and `patternsPerTest` mixed patterns (neither all correct nor all wrong) each
    /// drawn at θ ~ N(0, 1).
    static func flatThreePLCases(tests: Int, patternsPerTest: Int, seed: UInt64) -> [(items: [Item], responses: [UInt8])] {
        var g = SeededGenerator(seed: seed)
        var cases: [(items: [Item], responses: [UInt8])] = []
        for _ in 0..<tests {
            let n = 5 + Int(g.next() % 11)
            let items = (0..<n).map { _ in
                Item(a: 0.3 + 0.5 * g.nextUniform(), b: 1.2 * g.nextNormal(), c: 0.2 + 0.15 * g.nextUniform())
            }
            for _ in 0..<patternsPerTest {
                let theta = g.nextNormal()
                var x: [UInt8] = []
                repeat {
                    x = items.map { item in
                        let p = item.c + (1 - item.c) / (1 + exp(-item.a * (theta - item.b)))
                        return g.nextUniform() < p ? 1 : 0
                    }
                } while !x.contains(0) || !x.contains(1)
                cases.append((items, x))
            }
        }
        return cases
    }

    /// Seeded multimodal cases: tests of 8–20 items in two clusters of difficulty, b ~ N(−2.5, 0.4²)
    /// or N(2.5, 0.4²), a ~ U(0.8, 2), 2PL for even-numbered tests and 3PL with c ~ U(0.1, 0.25) for
    /// odd ones, and `patternsPerTest` mixed patterns drawn at θ ~ N(0, 1.5²). Between the clusters
    /// the likelihood is flat and Warm's criterion often has two maxima.
    static func twoClusterCases(tests: Int, patternsPerTest: Int, seed: UInt64) -> [(items: [Item], responses: [UInt8])] {
        var g = SeededGenerator(seed: seed)
        var cases: [(items: [Item], responses: [UInt8])] = []
        for t in 0..<tests {
            let n = 8 + Int(g.next() % 13)
            let items = (0..<n).map { _ in
                let centre = g.nextUniform() < 0.5 ? -2.5 : 2.5
                return Item(a: 0.8 + 1.2 * g.nextUniform(), b: centre + 0.4 * g.nextNormal(),
                            c: t % 2 == 0 ? 0 : 0.1 + 0.15 * g.nextUniform())
            }
            for _ in 0..<patternsPerTest {
                let theta = 1.5 * g.nextNormal()
                var x: [UInt8] = []
                repeat {
                    x = items.map { item in
                        let p = item.c + (1 - item.c) / (1 + exp(-item.a * (theta - item.b)))
                        return g.nextUniform() < p ? 1 : 0
                    }
                } while !x.contains(0) || !x.contains(1)
                cases.append((items, x))
            }
        }
        return cases
    }
}
