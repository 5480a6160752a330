import Foundation
import IRTModels
import MathCore
import Scoring
import Testing

@Suite("EAP scoring (Bock & Mislevy 1982)")
struct EAPTests {
    /// Posterior mean and SD by a 4001-point trapezoid rule on [−10, 10] with the N(μ, σ²) density,
    /// written from the definition and independent of the scorer's grid.
    static func trapezoid(_ items: [ItemParameters], _ x: [UInt8], mean mu: Double = 0, variance: Double = 1)
        -> (mean: Double, sd: Double) {
        let n = 4001, lo = -10.0, hi = 10.0
        let h = (hi - lo) / Double(n - 1)
        var m0 = 0.0, m1 = 0.0, m2 = 0.0
        for i in 0..<n {
            let theta = lo + Double(i) * h
            var f = exp(-0.5 * (theta - mu) * (theta - mu) / variance)
            for (item, r) in zip(items, x) { f *= item.probabilities(at: theta)[Int(r)] }
            let w = (i == 0 || i == n - 1) ? 0.5 : 1.0
            m0 += w * f; m1 += w * f * theta; m2 += w * f * theta * theta
        }
        let mean = m1 / m0
        return (mean, (m2 / m0 - mean * mean).squareRoot())
    }

    @Test("one 2PL item: posterior mean and SD agree with a fine trapezoid integral", arguments: [UInt8(0), 1])
    func oneItemAgainstIntegral(response: UInt8) {
        let item = ItemParameters.dichotomous(.twoPL, discrimination: 1.5, difficulty: 0.4)
        let score = PersonScorer(items: [item], method: .eap).score([response])
        let reference = Self.trapezoid([item], [response])
        #expect(abs((score.theta ?? .nan) - reference.mean) < 1e-6)
        #expect(abs((score.standardError ?? .nan) - reference.sd) < 1e-6)
        #expect(score.itemsAnswered == 1)
    }

    @Test("a non-standard latent distribution is used as the prior")
    func latentDistributionIsThePrior() {
        let items = [ItemParameters.dichotomous(.twoPL, discrimination: 1.2, difficulty: -0.3),
                     .graded(discrimination: 1.1, thresholds: [-0.5, 0.7])]
        let x: [UInt8] = [1, 1]
        let score = PersonScorer(items: items, method: .eap, latentMean: 0.5, latentVariance: 1.44,
                                 quadrature: .normalGrid(count: 121)).score(x.map { $0 })
        let reference = Self.trapezoid(items, x, mean: 0.5, variance: 1.44)
        #expect(abs((score.theta ?? .nan) - reference.mean) < 1e-6)
        #expect(abs((score.standardError ?? .nan) - reference.sd) < 1e-6)
    }

    @Test("the posterior SD shrinks as items are added")
    func standardErrorShrinksWithMoreItems() {
        var g = SeededGenerator(seed: 11)
        let items = Fixture.twoPL(40, &g)
        let responses = items.map { Fixture.response($0, theta: 0.3, &g) }
        var previous = Double.infinity
        for n in [1, 5, 10, 20, 40] {
            let se = PersonScorer(items: Array(items[0..<n]), method: .eap).score(responses[0..<n].map { $0 }).standardError ?? .nan
            #expect(se < previous, "n = \(n)")
            previous = se
        }
        #expect(previous < 0.4)
    }

    @Test("no responses: the prior mean and SD")
    func noResponsesGiveThePrior() {
        let items = [ItemParameters.dichotomous(.twoPL, discrimination: 1, difficulty: 0)]
        let score = PersonScorer(items: items, method: .eap, latentMean: 0.2, latentVariance: 0.81).score([nil])
        #expect(abs((score.theta ?? .nan) - 0.2) < 1e-6)
        #expect(abs((score.standardError ?? .nan) - 0.9) < 1e-4)
        #expect(score.flag == .noResponses)
        #expect(score.itemsAnswered == 0)
    }

    @Test("missing responses are skipped; an out-of-range response is left out and flagged")
    func missingAndInvalid() {
        let items = [ItemParameters.dichotomous(.twoPL, discrimination: 1.3, difficulty: 0.1),
                     .dichotomous(.twoPL, discrimination: 0.9, difficulty: -0.6)]
        let scorer = PersonScorer(items: items, method: .eap)
        let one = PersonScorer(items: [items[0]], method: .eap).score([1])
        let withMissing = scorer.score([1, nil])
        #expect(withMissing.theta == one.theta)
        #expect(withMissing.itemsAnswered == 1)
        #expect(withMissing.flag == .allCorrect)
        let invalid = scorer.score([1, 7])
        #expect(invalid.theta == one.theta)
        #expect(invalid.flag == .invalidResponse)
    }
}
