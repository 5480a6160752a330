import Foundation
import IRTModels
import MathCore
import Scoring
import Testing

@Suite("ML, MAP and WLE estimating equations")
struct LikelihoodEstimatorTests {
    static func pattern(seed: UInt64, items n: Int, theta: Double) -> ([ItemParameters], [UInt8?]) {
        var g = SeededGenerator(seed: seed)
        let items = Fixture.twoPL(n, &g)
        var x: [UInt8?] = items.map { Fixture.response($0, theta: theta, &g) }
        if Set(x.compactMap { $0 }).count < 2 { x[0] = x[0] == 1 ? 0 : 1 }
        return (items, x)
    }

    @Test("ML on the 2PL solves Σ a_j (x_j − P_j) = 0; SE = 1/√(Σ a²PQ)", arguments: [UInt64(1), 2, 3, 4])
    func maximumLikelihoodEquation(seed: UInt64) throws {
        let (items, x) = Self.pattern(seed: seed, items: 25, theta: Double(seed) - 2.5)
        let s = PersonScorer(items: items, method: .ml).score(x)
        let theta = try #require(s.theta)
        var equation = 0.0, info = 0.0
        for (item, r) in zip(items, x) {
            let p = item.probabilities(at: theta)[1]
            equation += item.discrimination * (Double(r ?? 0) - p)
            info += item.discrimination * item.discrimination * p * (1 - p)
        }
        #expect(abs(equation) < 1e-7)
        #expect(abs((s.standardError ?? .nan) - 1 / info.squareRoot()) < 1e-7)
        #expect(s.flag == nil)
    }

    @Test("MAP on the 2PL solves Σ a_j (x_j − P_j) − (θ − μ)/σ² = 0; SE = 1/√(I + 1/σ²)")
    func posteriorModeEquation() throws {
        let (items, x) = Self.pattern(seed: 9, items: 15, theta: 0.8)
        let mu = 0.3, variance = 0.64
        let s = PersonScorer(items: items, method: .map, latentMean: mu, latentVariance: variance).score(x)
        let theta = try #require(s.theta)
        var equation = -(theta - mu) / variance, info = 0.0
        for (item, r) in zip(items, x) {
            let p = item.probabilities(at: theta)[1]
            equation += item.discrimination * (Double(r ?? 0) - p)
            info += item.discrimination * item.discrimination * p * (1 - p)
        }
        #expect(abs(equation) < 1e-7)
        #expect(abs((s.standardError ?? .nan) - 1 / (info + 1 / variance).squareRoot()) < 1e-7)
    }

    @Test("WLE satisfies Warm's equation for every model")
    func warmEquation() throws {
        var g = SeededGenerator(seed: 21)
        var items: [ItemParameters] = []
        for _ in 0..<4 { items += Fixture.everyModel }
        for trueTheta in [-1.5, 0.0, 1.2] {
            let x: [UInt8?] = items.map { Fixture.response($0, theta: trueTheta, &g) }
            let s = PersonScorer(items: items, method: .wle).score(x)
            let theta = try #require(s.theta)
            #expect(abs(Fixture.warmFunction(items, x, theta: theta)) < 1e-7, "θ = \(trueTheta)")
            #expect(abs((s.standardError ?? .nan) - 1 / Fixture.testInformation(items, x, theta: theta).squareRoot()) < 1e-7)
            // ML on the same pattern: its score function vanishes instead.
            let ml = PersonScorer(items: items, method: .ml).score(x)
            let mlTheta = try #require(ml.theta)
            let mlScore = zip(items, x).reduce(0.0) { $0 + Fixture.scoreFunction($1.0, theta: mlTheta, response: Int($1.1 ?? 0)) }
            #expect(abs(mlScore) < 1e-6)
        }
    }

    @Test("Rasch ML with equal difficulties is b + log(r/(n − r))", arguments: [1, 3, 5, 9])
    func raschClosedForm(correct r: Int) throws {
        let n = 10, b = 0.35
        let items = [ItemParameters](repeating: .dichotomous(.rasch, discrimination: 1, difficulty: b), count: n)
        let x: [UInt8?] = (0..<n).map { $0 < r ? 1 : 0 }
        let s = PersonScorer(items: items, method: .ml).score(x)
        #expect(abs(try #require(s.theta) - (b + log(Double(r) / Double(n - r)))) < 1e-8)
        // I = n·P·Q with P = r/n at the estimate.
        let p = Double(r) / Double(n)
        #expect(abs((s.standardError ?? .nan) - 1 / (Double(n) * p * (1 - p)).squareRoot()) < 1e-8)
    }

    @Test("Rasch WLE with equal difficulties is b + log((r + ½)/(n − r + ½)), finite for r = 0 and r = n",
          arguments: [0, 2, 5, 10])
    func raschWarmClosedForm(correct r: Int) throws {
        // With I = nPQ and J = nPQ(Q − P), Warm's equation r − nP + (Q − P)/2 = 0 gives P = (r + ½)/(n + 1).
        let n = 10, b = -0.4
        let items = [ItemParameters](repeating: .dichotomous(.rasch, discrimination: 1, difficulty: b), count: n)
        let x: [UInt8?] = (0..<n).map { $0 < r ? 1 : 0 }
        let s = PersonScorer(items: items, method: .wle).score(x)
        #expect(abs(try #require(s.theta) - (b + log((Double(r) + 0.5) / (Double(n - r) + 0.5)))) < 1e-8)
        #expect(s.flag == (r == n ? .allCorrect : r == 0 ? .allIncorrect : nil))
    }

    @Test("ML for the 3PL and the graded model: the score function vanishes at the estimate")
    func otherModelsScoreFunction() throws {
        let items = [ItemParameters.dichotomous(.threePL, discrimination: 1.5, difficulty: -0.4, guessing: 0.2),
                     .dichotomous(.threePL, discrimination: 1.1, difficulty: 0.5, guessing: 0.15),
                     .graded(discrimination: 1.3, thresholds: [-1, 0, 1]),
                     .partialCredit(discrimination: 0.8, stepDifficulties: [-0.5, 0.5])]
        let x: [UInt8?] = [1, 0, 2, 1]
        for method in [ScoringMethod.ml, .map, .wle] {
            let s = PersonScorer(items: items, method: method).score(x)
            let theta = try #require(s.theta)
            let score = zip(items, x).reduce(0.0) { $0 + Fixture.scoreFunction($1.0, theta: theta, response: Int($1.1 ?? 0)) }
            switch method {
            case .ml: #expect(abs(score) < 1e-6)
            case .map: #expect(abs(score - theta) < 1e-6)
            default: #expect(abs(Fixture.warmFunction(items, x, theta: theta)) < 1e-6)
            }
        }
    }
}
