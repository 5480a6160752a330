import Foundation
import IRTModels
import MathCore
import Scoring
import Testing

/// EAP and WLE scores of given items against mirt 1.2.0 from PyPI (`mirt.fscores`), written by
/// `Tests/Fixtures/mirt/make_fixtures.py` with its version and settings: 300 persons per model
/// (2PL with 10 items, GRM and GPCM with 8 items of 4 categories), 5 % of responses not presented,
/// one all-lowest and one all-highest pattern. No Python is needed to run these tests.
///
/// EAP: mirt integrated with 61 Gauss–Hermite nodes for the N(0, 1) prior; the engine is given the
/// same rule (`QuadratureRule.gaussHermite(count: 61)`), so θ̂ and the posterior SD are the same sums:
/// ``eapTolerance``. WLE: both solve Warm's equation inside [−6, 6] to their own stopping rules;
/// θ̂ and SE = 1/√I(θ̂) agree to ``wleTolerance``. Persons whose WLE lies at the fence (extreme
/// patterns with no interior root) are compared there too.
@Suite("Reference fixtures: mirt 1.2.0 EAP and WLE scores")
struct MirtScoringReferenceTests {
    /// The same sums on the same nodes: measured agreement 5·10⁻¹⁵.
    static let eapTolerance = 1e-10
    /// Two root finders with different stopping rules (ours steps below 1e−9): measured 3·10⁻⁷.
    static let wleTolerance = 1e-5

    static var folder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/mirt")
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var file: String
        var model: ItemModel
        var testDescription: String { "\(model.displayName) (\(file))" }
    }

    static let cases = [Case(file: "scores-2pl.json", model: .twoPL),
                        Case(file: "scores-grm.json", model: .graded),
                        Case(file: "scores-gpcm.json", model: .gpcm)]

    struct Fixture {
        var items: [ItemParameters]
        var responses: [[UInt8?]]
        var scores: [String: (theta: [Double], standardError: [Double])]
    }

    static func load(_ c: Case) throws -> Fixture {
        let data = try Data(contentsOf: folder.appendingPathComponent(c.file))
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let items = try #require(document["items"] as? [String: Any])
        let a = try #require(items["discrimination"] as? [Double])
        let parameters: [ItemParameters]
        switch c.model {
        case .graded:
            let b = try #require(items["thresholds"] as? [[Double]])
            parameters = zip(a, b).map { .graded(discrimination: $0, thresholds: $1) }
        case .gpcm:
            let b = try #require(items["steps"] as? [[Double]])
            parameters = zip(a, b).map { .partialCredit(discrimination: $0, stepDifficulties: $1) }
        default:
            let b = try #require(items["difficulty"] as? [Double])
            parameters = zip(a, b).map { .dichotomous(.twoPL, discrimination: $0, difficulty: $1) }
        }
        let rows = try #require(document["responses"] as? [String])
        let responses = rows.map { row in row.map { $0 == "." ? nil : UInt8(String($0)) } }
        var scores: [String: (theta: [Double], standardError: [Double])] = [:]
        for method in ["eap", "wle"] {
            let s = try #require(document[method] as? [String: Any])
            scores[method] = (try #require(s["theta"] as? [Double]), try #require(s["standardError"] as? [Double]))
        }
        return Fixture(items: parameters, responses: responses, scores: scores)
    }

    func compare(_ c: Case, method: ScoringMethod, scorer: PersonScorer, tolerance: Double) throws {
        let fixture = try Self.load(c)
        let reference = try #require(fixture.scores[method.rawValue])
        #expect(reference.theta.count == fixture.responses.count)
        var worstTheta = 0.0, worstSE = 0.0, worstPerson = 0
        for (p, responses) in fixture.responses.enumerated() {
            let score = scorer.score(responses)
            let theta = try #require(score.theta, "person \(p + 1): no θ̂ (flag \(String(describing: score.flag)))")
            let se = try #require(score.standardError, "person \(p + 1): no SE")
            let d = abs(theta - reference.theta[p])
            if d > worstTheta { worstTheta = d; worstPerson = p + 1 }
            worstSE = max(worstSE, abs(se - reference.standardError[p]))
        }
        #expect(worstTheta <= tolerance, "largest |θ̂ − mirt| \(worstTheta) (person \(worstPerson))")
        #expect(worstSE <= tolerance, "largest |SE − mirt| \(worstSE)")
    }

    @Test("EAP θ̂ and posterior SD on 61 Gauss–Hermite nodes agree with mirt's", arguments: cases)
    func eap(_ c: Case) throws {
        let items = try Self.load(c).items
        try compare(c, method: .eap, scorer: PersonScorer(items: items, method: .eap, quadrature: .gaussHermite(count: 61)),
                    tolerance: Self.eapTolerance)
    }

    @Test("WLE θ̂ and SE in [−6, 6] agree with mirt's", arguments: cases)
    func wle(_ c: Case) throws {
        let items = try Self.load(c).items
        try compare(c, method: .wle, scorer: PersonScorer(items: items, method: .wle, fence: -6...6),
                    tolerance: Self.wleTolerance)
    }
}
