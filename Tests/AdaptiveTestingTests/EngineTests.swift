import Foundation
import Testing
@testable import AdaptiveTesting
import IRTModels
import MathCore
import Scoring

@Suite("Adaptive engine: rules that always hold")
struct EngineRuleTests {
    /// A pool with enemies, sets of three and pretest items.
    func constrainedPool() throws -> ItemPool {
        var g = SeededGenerator(seed: 11)
        let parameters = Simulation.parameters(model: .threePL, items: 120, generator: &g)
        var items = parameters.enumerated().map { i, p in
            PoolItem(id: "I\(i)", parameters: p, section: i % 4)
        }
        // Enemy pairs (declared on one side only) and sets of three within a section.
        for i in stride(from: 0, to: 40, by: 4) { items[i].enemies = [i + 40] }
        for k in 0..<5 {
            let base = 80 + 8 * k
            for m in [base, base + 4, base + 8] where m < 120 { items[m].set = "set\(k)" }
        }
        for k in 0..<6 {
            items.append(PoolItem(id: "P\(k)", role: .pretest, parameters: nil, section: k % 4))
        }
        let sections = (0..<4).map { ItemPool.Section(id: "S\($0 + 1)", share: 0.25, minItems: 3, maxItems: 8) }
        return try ItemPool(items: items, sections: sections, cuts: [-0.5, 0.5, 1.4],
                            levelNames: ["novice", "intermediate", "advanced", "expert"], certificationLevel: 1)
    }

    @Test("No item twice, no enemies together, sets whole, sections within bounds, pretest items seeded unscored",
          arguments: [(ContentControl.weightedDeviation, ExposureControl.randomesque(3)), (.shadow, .randomesque(3)),
                      (.none, .randomesque(3)), (.weightedDeviation, .sympsonHetter), (.shadow, .sympsonHetter)])
    func invariants(content: ContentControl, exposure: ExposureControl) throws {
        var pool = try constrainedPool()
        if exposure == .sympsonHetter {
            // Low Sympson–Hetter parameters on every item, so that lotteries are lost often (sets included).
            var g = SeededGenerator(seed: 5)
            pool = try ItemPool(items: pool.items.map { var item = $0; item.exposureControl = 0.2 + 0.5 * g.nextUniform(); return item },
                                sections: pool.sections, cuts: pool.cuts, levelNames: pool.levelNames, certificationLevel: 1)
        }
        let settings = AdaptiveSettings(exposure: exposure, content: content, targetSE: 0.3,
                                        minLength: 16, maxLength: 24, pretestItems: 2)
        let engine = try AdaptiveEngine(pool: pool, settings: settings)
        for seed in 0..<40 {
            let (state, result) = try runExam(engine, theta: Double(seed % 7) - 3, seed: UInt64(seed))
            let given = result.items.map(\.poolIndex)
            #expect(Set(given).count == given.count, "an item was given twice")
            let set = Set(given)
            for i in given { #expect(pool.mutualEnemies[i].allSatisfy { !set.contains($0) }, "enemies together") }
            for members in pool.sets where members.contains(where: set.contains) {
                #expect(members.allSatisfy(set.contains), "a set was given in part")
            }
            var counts = [Int](repeating: 0, count: 4)
            for step in result.items where step.scored { counts[pool.items[step.poolIndex].section ?? 0] += 1 }
            for (s, c) in counts.enumerated() { #expect((3...8).contains(c), "section \(s) has \(c) items") }
            #expect(result.length >= 16 && result.length <= 24)
            #expect(result.length == result.items.filter(\.scored).count)
            let pretest = result.items.filter { !$0.scored }
            #expect(pretest.count == 2)
            #expect(pretest.allSatisfy { pool.items[$0.poolIndex].role == .pretest })
            #expect(state.isFinished)
        }
    }

    @Test("The shadow test takes the most informative eligible item when the blueprint does not bind")
    func shadowWithoutConstraints() throws {
        let pool = try makePool(items: 60, sections: 0)
        let plain = try AdaptiveEngine(pool: pool, settings: AdaptiveSettings(content: .none, maxLength: 12))
        let shadow = try AdaptiveEngine(pool: pool, settings: AdaptiveSettings(content: .shadow, maxLength: 12))
        let a = try runExam(plain, theta: 0.4, seed: 3).1.items.map(\.poolIndex)
        let b = try runExam(shadow, theta: 0.4, seed: 3).1.items.map(\.poolIndex)
        #expect(a == b)
    }

    @Test("The incremental posterior gives the same EAP as scoring the whole pattern from scratch")
    func incrementalPosterior() throws {
        let pool = try makePool(items: 100, sections: 0)
        let engine = try AdaptiveEngine(pool: pool, settings: AdaptiveSettings(content: .none, maxLength: 15))
        let (state, _) = try runExam(engine, theta: 0.7, seed: 5)
        let scorer = PersonScorer(items: pool.batch.items, method: .eap)
        var pattern = [UInt8?](repeating: nil, count: pool.batch.count)
        for step in state.steps { pattern[pool.batchIndex[step.poolIndex] ?? 0] = UInt8(step.response) }
        let direct = scorer.score(pattern)
        #expect(abs((direct.theta ?? .nan) - state.theta) < 1e-6)
        #expect(abs((direct.standardError ?? .nan) - (state.standardError ?? .nan)) < 1e-6)
    }

    @Test("An exam continued from a copy of its state mid-way gives exactly the same items and result")
    func resumeIsDeterministic() throws {
        let pool = try constrainedPool()
        let engine = try AdaptiveEngine(pool: pool, settings: AdaptiveSettings(exposure: .randomesque(4),
                                                                                minLength: 16, maxLength: 24, pretestItems: 2))
        var state = engine.start(generator: SeededGenerator(seed: 99))
        var answers = SeededGenerator(seed: 1)
        var copy: AdaptiveState?
        var copyAnswers: SeededGenerator?
        var trace: [Int] = []
        while case .administer(let i) = engine.next(&state) {
            if trace.count == 7 { copy = state; copyAnswers = answers }  // killed after selecting, before the answer
            trace.append(i)
            let p = pool.items[i].parameters
            try engine.record(&state, response: p.map { Int(Simulation.response($0, theta: 0.2, generator: &answers)) } ?? 1)
        }
        guard var resumed = copy, var resumedAnswers = copyAnswers else { Issue.record("exam too short"); return }
        var resumedTrace = Array(trace.prefix(7))
        while case .administer(let i) = engine.next(&resumed) {
            resumedTrace.append(i)
            let p = pool.items[i].parameters
            try engine.record(&resumed, response: p.map { Int(Simulation.response($0, theta: 0.2, generator: &resumedAnswers)) } ?? 1)
        }
        #expect(resumedTrace == trace)
        #expect(engine.result(resumed) == engine.result(state))
    }

    @Test("Items seen in an earlier attempt are not given again while the blueprint can be met without them")
    func seenItems() throws {
        let pool = try makePool(items: 120, sections: 4, minItems: 3, maxItems: 10)
        let engine = try AdaptiveEngine(pool: pool, settings: AdaptiveSettings(minLength: 12, maxLength: 20))
        let (_, first) = try runExam(engine, theta: 0.3, seed: 1)
        let seen = Set(first.items.map(\.itemId))
        let (_, second) = try runExam(engine, theta: 0.3, seed: 2, seen: seen)
        #expect(second.items.allSatisfy { !seen.contains($0.itemId) })
        // A pool too small to meet the minimum length without the seen items lets them back.
        let small = try makePool(items: 16, sections: 0)
        let smallEngine = try AdaptiveEngine(pool: small, settings: AdaptiveSettings(content: .none, minLength: 12, maxLength: 12))
        let (_, again) = try runExam(smallEngine, theta: 0, seed: 3, seen: Set(small.items.prefix(8).map(\.id)))
        #expect(again.length == 12)
    }

    @Test("Level probabilities sum to one and favour the level of θ̂; sections without evidence have no level")
    func resultShape() throws {
        let pool = try makePool(items: 200, sections: 4, minItems: 2, maxItems: 15)
        let engine = try AdaptiveEngine(pool: pool, settings: AdaptiveSettings(targetSE: 0.25, minLength: 20, maxLength: 50,
                                                                                sectionMaxSE: 0.5))
        let (_, result) = try runExam(engine, theta: 1.0, seed: 8)
        #expect(abs(result.levelProbabilities.reduce(0, +) - 1) < 1e-9)
        #expect(result.levelProbabilities.count == 4)
        if let level = result.level, abs(result.theta - 0.5) > 0.3, abs(result.theta - 1.4) > 0.3 {
            #expect(result.levelProbabilities.indices.max { result.levelProbabilities[$0] < result.levelProbabilities[$1] } == level)
        }
        #expect(result.pass == (result.theta >= -0.5))
        for section in result.sections {
            #expect(section.sufficientEvidence == (section.standardError <= 0.5))
            #expect((section.level != nil) == section.sufficientEvidence)
            #expect(abs(section.levelProbabilities.reduce(0, +) - 1) < 1e-9)
        }
        #expect(result.sections.map(\.items).reduce(0, +) == result.length)
    }

    @Test("Bad responses and bad settings are refused with what to change")
    func refusals() throws {
        let pool = try makePool(items: 20, sections: 0)
        let engine = try AdaptiveEngine(pool: pool, settings: AdaptiveSettings(content: .none))
        var state = engine.start(generator: SeededGenerator(seed: 1))
        #expect(throws: AdaptiveTestingError.self) { try engine.record(&state, response: 1) }
        _ = engine.next(&state)
        #expect(throws: AdaptiveTestingError.self) { try engine.record(&state, response: 2) }
        #expect(throws: AdaptiveTestingError.self) {
            _ = try AdaptiveEngine(pool: pool, settings: AdaptiveSettings(minLength: 10, maxLength: 5))
        }
        let noCuts = try makePool(items: 20, sections: 0, cuts: [])
        #expect(throws: AdaptiveTestingError.self) {
            _ = try AdaptiveEngine(pool: noCuts, settings: AdaptiveSettings(stop: .defaultSPRT))
        }
        #expect(throws: AdaptiveTestingError.self) {
            _ = try ItemPool(items: [PoolItem(id: "X", parameters: nil)])
        }
        let sectioned = try makePool(items: 40, sections: 4, minItems: 3)
        #expect(throws: AdaptiveTestingError.self) {
            _ = try AdaptiveEngine(pool: sectioned, settings: AdaptiveSettings(minLength: 5, maxLength: 10))
        }
    }
}
