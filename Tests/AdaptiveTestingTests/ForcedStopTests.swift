import Foundation
import Testing
@testable import AdaptiveTesting
import MathCore

/// The forced stop (the exam's time limit, issue 17): the engine stops with reason `time` wherever it
/// is, the item waiting for its response does not count, and the result is the final estimator on the
/// responses recorded.
@Suite("Adaptive engine: a stop forced from outside")
struct ForcedStopTests {
    @Test("stop(reason: .time) with an item waiting equals the stop before that item was selected", arguments: [3, 7, 12])
    func forcedStopIgnoresTheWaitingItem(answers k: Int) throws {
        let pool = try EngineRuleTests().constrainedPool()
        let engine = try AdaptiveEngine(pool: pool, settings: AdaptiveSettings(targetSE: 0.3, minLength: 16, maxLength: 24))
        var state = engine.start(generator: SeededGenerator(seed: UInt64(k)))
        for n in 0..<k {
            guard case .administer = engine.next(&state) else { Issue.record("stopped after \(n) answers"); return }
            try engine.record(&state, response: n % 3 == 0 ? 0 : 1)
        }
        var before = state
        guard case .administer = engine.next(&state) else { Issue.record("no item to wait"); return }
        #expect(state.awaiting != nil)
        engine.stop(&state, reason: .time)
        engine.stop(&before, reason: .time)
        #expect(state.awaiting == nil)
        #expect(engine.next(&state) == .finished(.time))
        let result = engine.result(state)
        #expect(result.stopReason == .time)
        #expect(result.items.count == k)
        #expect(result.items.map(\.response) == (0..<k).map { $0 % 3 == 0 ? 0 : 1 })
        #expect(result == engine.result(before))
        let estimate = engine.finalEstimate(before)
        #expect(result.theta == estimate.theta && result.standardError == estimate.standardError)
        // A stopped exam stays stopped as it was.
        engine.stop(&state, reason: .maxLength)
        #expect(engine.next(&state) == .finished(.time))
    }
}
