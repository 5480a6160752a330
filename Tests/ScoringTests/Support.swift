import Foundation
import IRTModels
import MathCore

/// Helpers shared by the scoring tests: seeded simulation written here (independent of the
/// calibration module) and reference computations from the public item functions.
enum Fixture {
    /// Draws one category of `item` at θ by inverting the category cdf.
    static func response(_ item: ItemParameters, theta: Double, _ g: inout SeededGenerator) -> UInt8 {
        let p = item.probabilities(at: theta)
        let u = g.nextUniform()
        var cumulative = 0.0
        for (k, pk) in p.enumerated() {
            cumulative += pk
            if u < cumulative { return UInt8(k) }
        }
        return UInt8(p.count - 1)
    }

    /// 2PL items with a ~ U(0.8, 2), b ~ N(0, 1).
    static func twoPL(_ n: Int, _ g: inout SeededGenerator) -> [ItemParameters] {
        (0..<n).map { _ in
            .dichotomous(.twoPL, discrimination: 0.8 + 1.2 * g.nextUniform(), difficulty: g.nextNormal())
        }
    }

    /// One item of every model (graded and GPCM with four categories).
    static let everyModel: [ItemParameters] = [
        .dichotomous(.rasch, discrimination: 1, difficulty: 0.3),
        .dichotomous(.twoPL, discrimination: 1.4, difficulty: -0.5),
        .dichotomous(.threePL, discrimination: 1.7, difficulty: 0.4, guessing: 0.2),
        .dichotomous(.fourPL, discrimination: 1.2, difficulty: -0.2, guessing: 0.15, upperAsymptote: 0.92),
        .graded(discrimination: 1.3, thresholds: [-1.2, 0.1, 1.0]),
        .partialCredit(discrimination: 0.9, stepDifficulties: [-0.8, 0.6, 0.2]),
    ]

    /// ∂ log P_x/∂θ of one item by its public derivatives.
    static func scoreFunction(_ item: ItemParameters, theta: Double, response x: Int) -> Double {
        let d = item.derivatives(at: theta)
        return d.dTheta[x] / d.probabilities[x]
    }

    /// Warm's estimating function Σ ∂ log P/∂θ + J/(2I) computed from the public item functions.
    static func warmFunction(_ items: [ItemParameters], _ responses: [UInt8?], theta: Double) -> Double {
        var score = 0.0, info = 0.0, j = 0.0
        for (item, x) in zip(items, responses) {
            guard let x else { continue }
            score += scoreFunction(item, theta: theta, response: Int(x))
            info += item.information(at: theta)
            let d = item.derivatives(at: theta)
            let second = item.secondDerivatives(at: theta)
            for k in 0..<item.categoryCount { j += d.dTheta[k] * second[k] / d.probabilities[k] }
        }
        return score + j / (2 * info)
    }

    static func testInformation(_ items: [ItemParameters], _ responses: [UInt8?], theta: Double) -> Double {
        zip(items, responses).reduce(0) { $0 + ($1.1 == nil ? 0 : $1.0.information(at: theta)) }
    }
}
