import Foundation
import Testing
import MathCore
@testable import IRTModels

/// `ItemBatch` against independent checks: probabilities against `ItemParameters.probabilities(at:)`,
/// first and second θ-derivatives and the derivative of information against central differences,
/// information against the model's known closed forms and against `ItemParameters.information(at:)`,
/// for every model.
@Suite("ItemBatch: probabilities, derivatives and information")
struct ItemBatchTests {
    static let items: [ItemParameters] = [
        .dichotomous(.rasch, discrimination: 1, difficulty: 0.4),
        .dichotomous(.twoPL, discrimination: 1.7, difficulty: -0.6),
        .dichotomous(.threePL, discrimination: 1.3, difficulty: 0.2, guessing: 0.22),
        .dichotomous(.fourPL, discrimination: 2.1, difficulty: 0.9, guessing: 0.1, upperAsymptote: 0.93),
        .graded(discrimination: 1.4, thresholds: [-1.2, -0.1, 0.8, 1.9]),
        .partialCredit(discrimination: 0.9, stepDifficulties: [0.5, -0.4, 1.1]),
    ]
    static let thetas: [Double] = [-3.1, -1.2, -0.3, 0, 0.45, 1.7, 3.3]

    func values(_ batch: ItemBatch, _ i: Int, _ theta: Double) -> ([Double], [Double], [Double]) {
        let k = batch.items[i].categoryCount
        var p = [Double](repeating: 0, count: k), d1 = p, d2 = p
        p.withUnsafeMutableBufferPointer { pp in
            d1.withUnsafeMutableBufferPointer { a in
                d2.withUnsafeMutableBufferPointer { b in batch.evaluate(item: i, at: theta, probabilities: pp, first: a, second: b) }
            }
        }
        return (p, d1, d2)
    }

    @Test("probabilities, P' and P'' (central differences, h = 1e-5)", arguments: 0..<items.count)
    func derivatives(item i: Int) {
        let batch = ItemBatch(Self.items)
        let h = 1e-5
        for t in Self.thetas {
            let (p, d1, d2) = values(batch, i, t)
            let reference = Self.items[i].probabilities(at: t)
            for k in p.indices {
                #expect(abs(p[k] - reference[k]) < 1e-12)
                let (pPlus, d1Plus, _) = values(batch, i, t + h), (pMinus, d1Minus, _) = values(batch, i, t - h)
                #expect(abs(d1[k] - (pPlus[k] - pMinus[k]) / (2 * h)) < 1e-7, "P' item \(i) k \(k) θ \(t)")
                #expect(abs(d2[k] - (d1Plus[k] - d1Minus[k]) / (2 * h)) < 1e-7, "P'' item \(i) k \(k) θ \(t)")
            }
            #expect(abs(p.reduce(0, +) - 1) < 1e-12)
            #expect(abs(d1.reduce(0, +)) < 1e-12 && abs(d2.reduce(0, +)) < 1e-10)
        }
    }

    @Test("information equals the IRF's information and I' its central difference", arguments: 0..<items.count)
    func information(item i: Int) {
        let batch = ItemBatch(Self.items)
        let h = 1e-5
        for t in Self.thetas {
            let info = batch.information(item: i, at: t)
            #expect(abs(info - Self.items[i].information(at: t)) < 1e-10 * max(1, info))
            let numeric = (batch.information(item: i, at: t + h) - batch.information(item: i, at: t - h)) / (2 * h)
            #expect(abs(batch.informationDerivative(item: i, at: t) - numeric) < 1e-6, "I' item \(i) θ \(t)")
        }
    }

    @Test("closed forms: 2PL a²PQ, 3PL a²(P − c)²Q/((1 − c)²P), GPCM a²·Var(X | θ)")
    func closedForms() {
        let batch = ItemBatch(Self.items)
        for t in Self.thetas {
            let p2 = Logistic.logistic(1.7 * (t + 0.6))
            #expect(abs(batch.information(item: 1, at: t) - 1.7 * 1.7 * p2 * (1 - p2)) < 1e-12)
            let s = Logistic.logistic(1.3 * (t - 0.2)), c = 0.22, p3 = c + (1 - c) * s
            let expected3 = 1.3 * 1.3 * pow(p3 - c, 2) * (1 - p3) / (pow(1 - c, 2) * p3)
            #expect(abs(batch.information(item: 2, at: t) - expected3) < 1e-12)
            let probs = Self.items[5].probabilities(at: t)
            let mean = probs.enumerated().reduce(0) { $0 + Double($1.offset) * $1.element }
            let variance = probs.enumerated().reduce(0) { $0 + pow(Double($1.offset) - mean, 2) * $1.element }
            #expect(abs(batch.information(item: 5, at: t) - 0.81 * variance) < 1e-12)
        }
    }

    @Test("test information sums items; CSEM is 1/√I; grids carry the latent distribution")
    func testInformationAndGrid() throws {
        let batch = ItemBatch(Self.items)
        let grid = try ThetaGrid.equallySpaced(count: 41, range: -4...4, latent: LatentDistribution(mean: 0.5, variance: 1.44))
        #expect(abs(grid.weights.reduce(0, +) - 1) < 1e-12)
        let wide = try ThetaGrid.equallySpaced(count: 151, range: -7...8, latent: LatentDistribution(mean: 0.5, variance: 1.44))
        #expect(abs(wide.expectation { $0 } - 0.5) < 1e-6 && abs(wide.expectation { pow($0 - 0.5, 2) } - 1.44) < 1e-6)
        let tif = batch.testInformation(over: grid)
        let perItem = batch.information(over: grid)
        for q in grid.nodes.indices {
            #expect(abs(tif[q] - perItem.reduce(0) { $0 + $1[q] }) < 1e-12)
        }
        let se = try #require(batch.standardError(at: 0.3))
        #expect(abs(se - 1 / batch.testInformation(at: 0.3).squareRoot()) < 1e-15)
        let gh = try ThetaGrid.gaussHermite(count: 21, latent: LatentDistribution(mean: 0.5, variance: 1.44))
        #expect(abs(gh.expectation { $0 * $0 } - (1.44 + 0.25)) < 1e-10)
        #expect(throws: IRTModelError.self) { try ThetaGrid.equallySpaced(count: 1) }
        #expect(throws: IRTModelError.self) { try ThetaGrid.gaussHermite(count: 5, latent: LatentDistribution(mean: 0, variance: -1)) }
    }
}
