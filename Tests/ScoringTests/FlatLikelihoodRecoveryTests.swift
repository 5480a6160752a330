import Foundation
import IRTModels
import MathCore
import Scoring
import MentorCertTestSupport
import Testing

/// ML, MAP and WLE reach the global maximum of their criterion within the fence on several hundred
/// flat 3PL likelihoods (issue 13, part 3), checked against an argmax on a grid of step 0.001 over
/// [−6, 6] computed by an independent closed-form oracle (``FlatLikelihoodOracle``).
///
/// A second set of 300 patterns on tests whose difficulties form two clusters (2PL and 3PL) gives
/// Warm's criterion and the 3PL likelihood two maxima. A heavy study (tag `recovery`, run by the
/// release step of `make test`, DECISIONS §10): the grids cost 12,001 × 5–20 item evaluations per
/// pattern and method, ~3 min in a debug build, 5 s in release.
@Suite("Recovery: ML, MAP and WLE reach the maximum of flat 3PL likelihoods", .tags(.recovery), .releaseStudy)
struct FlatLikelihoodRecoveryTests {
    typealias Case = (items: [FlatLikelihoodOracle.Item], responses: [UInt8])

    static let flatCases = FlatLikelihoodOracle.flatThreePLCases(tests: 120, patternsPerTest: 5, seed: 1313)
    static let twoClusterCases = FlatLikelihoodOracle.twoClusterCases(tests: 60, patternsPerTest: 5, seed: 1314)

    /// Scores every case and lists those whose criterion at θ̂ is more than 1e−6 below the grid
    /// maximum, whose θ̂ is more than 0.002 from the grid argmax without being a tie (two separate
    /// maxima within 1e−6), or that are flagged `notConverged`.
    static func failures(_ cases: [Case], method: ScoringMethod) -> [String] {
        var failures: [String] = []
        for (index, c) in cases.enumerated() {
            let oracle = FlatLikelihoodOracle(items: c.items, responses: c.responses, method: method)
            let score = PersonScorer(items: oracle.parameters, method: method).score(c.responses.map { $0 })
            guard let theta = score.theta else {
                failures.append("#\(index): no estimate (flag \(String(describing: score.flag)))")
                continue
            }
            let r = oracle.compare(estimate: theta)
            if r.deficit > 1e-6 || (abs(theta - r.gridArgmax) > 0.002 && abs(r.deficit) > 1e-6) || score.flag == .notConverged {
                failures.append("#\(index): θ̂ \(theta) (flag \(String(describing: score.flag)), gradient \(r.gradientAtEstimate)), grid argmax \(r.gridArgmax), criterion short by \(r.deficit)")
            }
        }
        return failures
    }

    @Test("600 flat 3PL patterns (5–15 items, a 0.3–0.8, c 0.2–0.35): the criterion at θ̂ is the fine-grid maximum",
          arguments: [ScoringMethod.ml, .map, .wle])
    func flatThreePL(method: ScoringMethod) {
        let failures = Self.failures(Self.flatCases, method: method)
        #expect(failures.isEmpty, "\(failures.count) of \(Self.flatCases.count):\n\(failures.prefix(12).joined(separator: "\n"))")
    }

    @Test("300 patterns on two clusters of difficulty (2PL and 3PL): the criterion at θ̂ is the fine-grid maximum",
          arguments: [ScoringMethod.ml, .map, .wle])
    func twoClusters(method: ScoringMethod) {
        let failures = Self.failures(Self.twoClusterCases, method: method)
        #expect(failures.isEmpty, "\(failures.count) of \(Self.twoClusterCases.count):\n\(failures.prefix(12).joined(separator: "\n"))")
    }
}
