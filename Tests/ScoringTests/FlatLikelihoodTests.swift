import Foundation
import IRTModels
import MathCore
import Scoring
import Testing

/// Hand-picked flat and multimodal criteria (issue 13, part 3), each checked against the argmax of an
/// independent closed-form criterion on a grid of step 0.001 over the fence. The seeded study of
/// several hundred patterns is ``FlatLikelihoodRecoveryTests`` (release).
@Suite("Flat and multimodal likelihoods")
struct FlatLikelihoodTests {
    typealias Item = FlatLikelihoodOracle.Item

    /// The kind of case issue 13 describes: six 3PL items with low slopes and high guessing, whose
    /// likelihood is nearly flat over [−4, −2] with one maximum near −3.19. The former Fisher-scoring
    /// iteration stopped at −2.72, flagged `notConverged` (log-likelihood 0.016 short).
    static let issueItems: [Item] = [
        Item(a: 0.457, b: 0.361, c: 0.331), Item(a: 0.390, b: -2.047, c: 0.214), Item(a: 0.485, b: -0.387, c: 0.342),
        Item(a: 0.595, b: 2.622, c: 0.223), Item(a: 0.790, b: -0.582, c: 0.305), Item(a: 0.685, b: 0.082, c: 0.214),
    ]
    static let issueResponses: [UInt8] = [0, 1, 1, 0, 0, 0]

    /// Eight items, one maximum near −2.64 on a likelihood flat to 0.01 over half a logit (the former
    /// iteration stopped 0.0096 short of it, `notConverged`).
    static let shallowItems: [Item] = [
        Item(a: 0.506, b: 0.751, c: 0.277), Item(a: 0.300, b: 0.835, c: 0.240), Item(a: 0.306, b: -0.986, c: 0.228),
        Item(a: 0.540, b: 0.005, c: 0.222), Item(a: 0.543, b: 1.006, c: 0.302), Item(a: 0.715, b: 0.385, c: 0.280),
        Item(a: 0.435, b: 0.773, c: 0.239), Item(a: 0.706, b: 2.608, c: 0.300),
    ]
    static let shallowResponses: [UInt8] = [0, 1, 1, 0, 0, 0, 1, 0]

    /// Eight items whose likelihood has an interior local maximum near −1.557 but keeps rising towards
    /// the guessing floor: within the fence the maximum is at −6 (the interior one is 0.05 lower).
    static let risingItems: [Item] = [
        Item(a: 0.335, b: 0.526, c: 0.203), Item(a: 0.686, b: 1.382, c: 0.238), Item(a: 0.791, b: 0.022, c: 0.218),
        Item(a: 0.747, b: 1.137, c: 0.222), Item(a: 0.657, b: -0.272, c: 0.334), Item(a: 0.775, b: 0.673, c: 0.318),
        Item(a: 0.532, b: 0.493, c: 0.246), Item(a: 0.404, b: -1.319, c: 0.210),
    ]
    static let risingResponses: [UInt8] = [0, 0, 1, 0, 1, 1, 0, 0]

    static func check(_ oracle: FlatLikelihoodOracle, _ comment: Comment) throws -> (theta: Double, flag: ScoreFlag?) {
        let score = PersonScorer(items: oracle.parameters, method: oracle.method).score(oracle.responses.map { $0 })
        let theta = try #require(score.theta, comment)
        let r = oracle.compare(estimate: theta)
        #expect(score.flag != .notConverged, comment)
        #expect(r.deficit < 1e-6, "\(comment): θ̂ \(theta), grid argmax \(r.gridArgmax), short by \(r.deficit)")
        #expect(abs(theta - r.gridArgmax) < 0.002, "\(comment): θ̂ \(theta), grid argmax \(r.gridArgmax)")
        return (theta, score.flag)
    }

    @Test("the issue's flat 3PL likelihood: ML, MAP and WLE reach the single maximum", arguments: [ScoringMethod.ml, .map, .wle])
    func issueCase(method: ScoringMethod) throws {
        let oracle = FlatLikelihoodOracle(items: Self.issueItems, responses: Self.issueResponses, method: method)
        let result = try Self.check(oracle, "\(method)")
        #expect(result.flag == nil)
        if method == .ml { #expect(abs(result.theta - -3.186) < 0.002) }
    }

    @Test("a likelihood flat to 0.01 over half a logit: the maximum, not a point on the slope", arguments: [ScoringMethod.ml, .map, .wle])
    func shallowMaximum(method: ScoringMethod) throws {
        let oracle = FlatLikelihoodOracle(items: Self.shallowItems, responses: Self.shallowResponses, method: method)
        _ = try Self.check(oracle, "\(method)")
    }

    @Test("a 3PL likelihood that rises towards the guessing floor: ML is held at the fence, flagged `fenced`")
    func risingToTheFence() throws {
        let oracle = FlatLikelihoodOracle(items: Self.risingItems, responses: Self.risingResponses, method: .ml)
        let result = try Self.check(oracle, "ML")
        #expect(result.theta == -6)
        #expect(result.flag == .fenced)
        // A fence that excludes the rise keeps the interior maximum, a root of the score function
        // whose log-likelihood is 0.05 below the value at −6.
        let narrow = PersonScorer(items: oracle.parameters, method: .ml, fence: -2...2).score(Self.risingResponses.map { $0 })
        #expect(narrow.flag == nil)
        let interior = try #require(narrow.theta)
        let inside = oracle.compare(estimate: interior, fence: -2...2)
        #expect(abs(interior - inside.gridArgmax) < 0.002 && abs(inside.gradientAtEstimate) < 1e-6)
        #expect(abs(interior - -1.557) < 0.002)
        #expect(oracle.compare(estimate: interior).deficit > 0.04)
    }

    /// Guttman pattern with a gap: seven easy items (b = −3.5) right, five hard ones (b = 2.5) wrong.
    /// Warm's criterion log L + ½ log I of the 2PL has two maxima, −1.677 (global) and 0.881 (0.018
    /// lower), with a minimum at −0.381; Newton from 0 climbs to the lower one.
    @Test("2PL with a gap in difficulty: WLE takes the global maximum of log L + ½ log I")
    func bimodalWarmCriterion() throws {
        let items = [Item](repeating: Item(a: 1.5, b: -3.5, c: 0), count: 7) + [Item](repeating: Item(a: 1.5, b: 2.5, c: 0), count: 5)
        let x: [UInt8] = [1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0]
        let oracle = FlatLikelihoodOracle(items: items, responses: x, method: .wle)
        let result = try Self.check(oracle, "WLE")
        #expect(result.flag == nil)
        // The oracle integrates Warm's function; for the 2PL it equals log L + ½ log I (Warm 1989).
        func jeffreys(_ theta: Double) -> Double {
            let t = oracle.terms(theta)
            return t.logL + 0.5 * log(t.info)
        }
        var best = -6.0
        for g in 0...12000 {
            let theta = -6 + Double(g) * 0.001
            if jeffreys(theta) > jeffreys(best) { best = theta }
        }
        #expect(abs(result.theta - best) < 0.002)
        #expect(abs(result.theta - -1.677) < 0.002)
        // ML of the same pattern has one maximum (the 2PL log-likelihood is concave).
        _ = try Self.check(FlatLikelihoodOracle(items: items, responses: x, method: .ml), "ML")
    }

    /// Every model in one test (3PL and 4PL items among them, so ML and MAP scan too), with few and
    /// with most items missing. The criterion is written from the public item functions: log L from
    /// `logProbabilities(at:)`, W' from ``Fixture/warmFunction(_:_:theta:)``. A grid of step 0.01 finds
    /// each local maximum of the criterion; the estimate must be at least as high as every one, W
    /// differences taken by composite Gauss–Legendre between the two points.
    @Test("mixed models with missing responses: the estimate is the highest maximum", arguments: [ScoringMethod.ml, .map, .wle])
    func mixedModels(method: ScoringMethod) throws {
        var g = SeededGenerator(seed: 1315)
        let items = Fixture.everyModel + Fixture.everyModel
        let scorer = PersonScorer(items: items, method: method)
        func logCriterion(_ x: [UInt8?], _ theta: Double) -> Double {
            var sum = method == .map ? -theta * theta / 2 : 0
            for (item, r) in zip(items, x) { if let r { sum += item.logProbabilities(at: theta)[Int(r)] } }
            return sum
        }
        func gradient(_ x: [UInt8?], _ theta: Double) -> Double {
            let h = 1e-5
            return method == .wle ? Fixture.warmFunction(items, x, theta: theta)
                : (logCriterion(x, theta + h) - logCriterion(x, theta - h)) / (2 * h)
        }
        /// ∫_a^b W' by 5-point Gauss–Legendre on 200 pieces.
        func warmIntegral(_ x: [UInt8?], _ a: Double, _ b: Double) -> Double {
            let nodes = [0.0, -0.538469310105683, 0.538469310105683, -0.906179845938664, 0.906179845938664]
            let weights = [0.568888888888889, 0.478628670499366, 0.478628670499366, 0.236926885056189, 0.236926885056189]
            let pieces = 200, h = (b - a) / Double(pieces)
            var total = 0.0
            for k in 0..<pieces {
                let mid = a + (Double(k) + 0.5) * h
                for (t, w) in zip(nodes, weights) { total += w * h / 2 * Fixture.warmFunction(items, x, theta: mid + t * h / 2) }
            }
            return total
        }
        for missing in [0.15, 0.7] {
            for pattern in 0..<4 {
                let theta = 1.5 * g.nextNormal()
                var x: [UInt8?] = []
                repeat {
                    x = items.map { g.nextUniform() < missing ? nil : Fixture.response($0, theta: theta, &g) }
                } while Set(x.enumerated().compactMap { j, r in r.map { Int($0) == items[j].categoryCount - 1 ? 2 : Int($0) == 0 ? 0 : 1 } }).count < 2
                let s = scorer.score(x)
                let estimate = try #require(s.theta)
                #expect(s.flag != .notConverged)
                // Local maxima of the criterion on the grid (W by the trapezoid rule, for locating only).
                let step = 0.01, count = 1201
                var values = [Double](repeating: 0, count: count)
                var previous = 0.0
                for k in 0..<count {
                    let t = -6 + Double(k) * step
                    if method == .wle {
                        let f = gradient(x, t)
                        values[k] = k == 0 ? 0 : values[k - 1] + step * (previous + f) / 2
                        previous = f
                    } else {
                        values[k] = logCriterion(x, t)
                    }
                }
                for k in 0..<count where (k == 0 || values[k] >= values[k - 1]) && (k == count - 1 || values[k] >= values[k + 1]) {
                    let t = -6 + Double(k) * step
                    let gain = method == .wle ? warmIntegral(x, estimate, t) : logCriterion(x, t) - logCriterion(x, estimate)
                    #expect(gain < 1e-6, "missing \(missing), pattern \(pattern): θ̂ \(estimate) (\(String(describing: s.flag))), grid maximum at \(t) higher by \(gain)")
                }
                if s.flag == nil { #expect(abs(gradient(x, estimate)) < 1e-5) }
            }
        }
    }
}
