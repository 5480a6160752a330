import IRTModels
import MathCore
import Scoring
import Testing

@Suite("Extreme patterns and the fence")
struct ExtremePatternTests {
    static let items: [ItemParameters] = [
        .dichotomous(.twoPL, discrimination: 1.2, difficulty: -1),
        .dichotomous(.twoPL, discrimination: 0.9, difficulty: 0),
        .dichotomous(.twoPL, discrimination: 1.6, difficulty: 0.8),
        .dichotomous(.twoPL, discrimination: 1.1, difficulty: 1.5),
    ]

    @Test("ML: all correct → +6, all wrong → −6, finite SE, flagged")
    func maximumLikelihoodIsFenced() throws {
        let scorer = PersonScorer(items: Self.items, method: .ml)
        let top = scorer.score([1, 1, 1, 1])
        #expect(top.theta == 6)
        #expect(top.flag == .allCorrect)
        let se = try #require(top.standardError)
        #expect(se.isFinite && se > 1)
        let bottom = scorer.score([0, 0, 0, 0])
        #expect(bottom.theta == -6)
        #expect(bottom.flag == .allIncorrect)
        #expect(bottom.standardError?.isFinite == true)
    }

    @Test("WLE: extreme patterns are finite inside the fence, satisfy Warm's equation and are flagged")
    func warmIsFiniteForExtremes() throws {
        let scorer = PersonScorer(items: Self.items, method: .wle)
        for (x, flag) in [([UInt8?](repeating: 1, count: 4), ScoreFlag.allCorrect), ([UInt8?](repeating: 0, count: 4), .allIncorrect)] {
            let s = scorer.score(x)
            let theta = try #require(s.theta)
            #expect(abs(theta) < 6)
            #expect(s.flag == flag)
            #expect(abs(Fixture.warmFunction(Self.items, x, theta: theta)) < 1e-7)
        }
        // All correct lies above every ordinary pattern's estimate.
        let top = try #require(scorer.score([1, 1, 1, 1]).theta)
        let almost = try #require(scorer.score([1, 1, 1, 0]).theta)
        #expect(top > almost)
    }

    @Test("WLE beyond a narrow fence is held at the fence")
    func warmBeyondTheFence() throws {
        let scorer = PersonScorer(items: Self.items, method: .wle, fence: -0.25...0.25)
        let top = scorer.score([1, 1, 1, 1])
        #expect(top.theta == 0.25)
        #expect(top.flag == .allCorrect)
        // A non-extreme pattern whose root lies beyond the fence: flagged `fenced`.
        let high = scorer.score([1, 1, 1, 0])
        #expect(high.theta == 0.25)
        #expect(high.flag == .fenced)
        let low = scorer.score([1, 0, 0, 0])
        #expect(low.theta == -0.25)
        #expect(low.flag == .fenced)
    }

    @Test("EAP and MAP stay finite and inside the fence for extreme patterns, and flag them")
    func bayesianExtremes() throws {
        for method in [ScoringMethod.eap, .map] {
            let s = PersonScorer(items: Self.items, method: method).score([1, 1, 1, 1])
            let theta = try #require(s.theta)
            #expect(theta > 0.5 && theta < 6)
            #expect(s.flag == .allCorrect)
        }
    }

    @Test("graded items: every response in the top category is all correct")
    func gradedExtremes() {
        let items = [ItemParameters.graded(discrimination: 1.2, thresholds: [-1, 0, 1]),
                     .partialCredit(discrimination: 1, stepDifficulties: [-0.5, 0.5])]
        let ml = PersonScorer(items: items, method: .ml)
        #expect(ml.score([3, 2]).theta == 6)
        #expect(ml.score([3, 2]).flag == .allCorrect)
        #expect(ml.score([0, 0]).theta == -6)
        #expect(ml.score([0, 0]).flag == .allIncorrect)
        #expect(ml.score([3, 1]).flag == nil)
    }

    @Test("ML and WLE without responses give no estimate; MAP gives the prior")
    func noResponses() {
        for method in [ScoringMethod.ml, .wle] {
            let s = PersonScorer(items: Self.items, method: method).score([nil, nil, nil, nil])
            #expect(s.theta == nil && s.standardError == nil)
            #expect(s.flag == .noResponses)
        }
        let map = PersonScorer(items: Self.items, method: .map, latentMean: 0.4, latentVariance: 0.25).score([nil, nil, nil, nil])
        #expect(map.theta.map { abs($0 - 0.4) < 1e-9 } == true)
        #expect(map.standardError.map { abs($0 - 0.5) < 1e-9 } == true)
        #expect(map.flag == .noResponses)
    }
}
