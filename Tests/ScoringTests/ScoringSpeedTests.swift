import Foundation
import IRTModels
import MathCore
import Scoring
import Testing

/// The speed target of DECISIONS §5 / the scoring brief: EAP and WLE of 100,000 persons × 100 items
/// well under two seconds each in a release build. Runs only with `MENTORCERT_BENCH=1`
/// (`MENTORCERT_BENCH=1 swift test -c release --filter ScoringSpeedTests`), since a debug build is
/// an order of magnitude slower.
@Suite("Scoring speed (release, MENTORCERT_BENCH=1)", .serialized,
       .enabled(if: ProcessInfo.processInfo.environment["MENTORCERT_BENCH"] == "1"))
struct ScoringSpeedTests {
    static let persons = 100_000
    static let itemCount = 100

    static let data: (items: [ItemParameters], responses: [UInt8]) = {
        var g = SeededGenerator(seed: 42)
        let items = Fixture.twoPL(itemCount, &g)
        var responses = [UInt8](repeating: 0, count: persons * itemCount)
        for p in 0..<persons {
            let theta = g.nextNormal()
            for j in 0..<itemCount {
                let z = items[j].discrimination * theta + items[j].intercept
                responses[p * itemCount + j] = g.nextUniform() < 1 / (1 + exp(-z)) ? 1 : 0
            }
        }
        return (items, responses)
    }()

    @Test("100,000 persons × 100 items in under 2 s", arguments: ScoringMethod.allCases)
    func scoringSpeed(method: ScoringMethod) {
        let (items, responses) = Self.data
        let scorer = PersonScorer(items: items, method: method)
        let clock = ContinuousClock()
        var scores: [PersonScore] = []
        let cpuStart = processCPUNanoseconds()
        let elapsed = clock.measure { scores = scorer.scoreAll(responses: responses, itemCount: Self.itemCount) }
        let cpu = Double(processCPUNanoseconds() - cpuStart) * 1e-9
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        #expect(scores.count == Self.persons)
        #expect(seconds < 2, "\(method): \(seconds) s")
        print("scoring speed \(method.rawValue): \(String(format: "%.3f", seconds)) s wall, \(String(format: "%.3f", cpu)) s CPU for \(Self.persons) × \(Self.itemCount)")
    }
}

/// Process CPU time in nanoseconds (all threads).
private func processCPUNanoseconds() -> Int {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return t.tv_sec * 1_000_000_000 + t.tv_nsec
}
