import Foundation
import Testing
@testable import AdaptiveTesting
import IRTModels
import MathCore
import Scoring

/// A seeded pool of dichotomous items spread over `sections` sections of equal share.
func makePool(items: Int = 200, model: ItemModel = .twoPL, sections: Int = 4, seed: UInt64 = 7,
              minItems: Int = 2, maxItems: Int = 12, cuts: [Double] = [-0.5, 0.5, 1.4],
              certificationLevel: Int? = 1) throws -> ItemPool {
    var g = SeededGenerator(seed: seed)
    let parameters = Simulation.parameters(model: model, items: items, generator: &g)
    let pool = parameters.enumerated().map { i, p in
        PoolItem(id: String(format: "I%04d", i), parameters: p, section: sections > 0 ? i % sections : nil)
    }
    let rules = (0..<sections).map {
        ItemPool.Section(id: "S\($0 + 1)", share: 1 / Double(sections), minItems: minItems, maxItems: maxItems)
    }
    return try ItemPool(items: pool, sections: rules, cuts: cuts,
                        levelNames: ["novice", "intermediate", "advanced", "expert"].prefix(cuts.count + 1).map { $0 },
                        certificationLevel: cuts.isEmpty ? nil : certificationLevel)
}

/// Runs one simulated candidate through the engine.
func runExam(_ engine: AdaptiveEngine, theta: Double, seed: UInt64, seen: Set<String> = []) throws -> (AdaptiveState, AdaptiveResult) {
    var answers = SeededGenerator(seed: seed ^ 0x5eed)
    let state = engine.simulateCandidate(theta: theta, generator: SeededGenerator(seed: seed), answers: &answers, seen: seen)
    return (state, engine.result(state))
}

@Suite("Selection criteria against closed forms")
struct SelectionCriteriaTests {
    @Test("Fisher information of 2PL and 3PL items equals a²σ(1−σ) and Lord's 3PL form")
    func fisherInformation() throws {
        let twoPL = ItemParameters.dichotomous(.twoPL, discrimination: 1.5, difficulty: 0.3)
        let threePL = ItemParameters.dichotomous(.threePL, discrimination: 1.2, difficulty: -0.4, guessing: 0.2)
        let pool = try ItemPool(items: [PoolItem(id: "A", parameters: twoPL), PoolItem(id: "B", parameters: threePL)])
        let engine = try AdaptiveEngine(pool: pool, settings: AdaptiveSettings(content: .none))
        for theta in [-2.0, 0.0, 0.3, 1.7] {
            let s = 1 / (1 + exp(-1.5 * (theta - 0.3)))
            #expect(abs(engine.fisherInformation(0, at: theta) - 1.5 * 1.5 * s * (1 - s)) < 1e-12)
            // Lord (1980) eq. 4-43: I = a² (1 − P)/P · ((P − c)/(1 − c))².
            let p = 0.2 + 0.8 / (1 + exp(-1.2 * (theta + 0.4)))
            let lord = 1.2 * 1.2 * (1 - p) / p * pow((p - 0.2) / 0.8, 2)
            #expect(abs(engine.fisherInformation(1, at: theta) - lord) < 1e-12)
        }
    }

    @Test("The tabulated or vectorised information of all candidates equals the one-item form; the k best are the head of the ranking",
          arguments: [SelectionRule.maximumInformation, .kullbackLeibler])
    func vectorisedInformation(selection: SelectionRule) throws {
        var g = SeededGenerator(seed: 4)
        var parameters = Simulation.parameters(model: .fourPL, items: 150, generator: &g)
        parameters += Simulation.parameters(model: .graded, items: 20, generator: &g)
        let pool = try ItemPool(items: parameters.enumerated().map { PoolItem(id: "I\($0.offset)", parameters: $0.element) })
        let engine = try AdaptiveEngine(pool: pool, settings: AdaptiveSettings(selection: selection, content: .none))
        // With maximum information the lattice answers (cubic Hermite, h = 0.05): within 1e-6 of the
        // largest information of the item; otherwise the vectorised closed form, to rounding.
        let tolerance = selection == .maximumInformation ? 1e-6 : 1e-13
        let peak = (0..<pool.batch.count).map { j in stride(from: -6.0, through: 6.0, by: 0.01).map { pool.batch.information(item: j, at: $0) }.max() ?? 1 }
        let state = engine.start(generator: SeededGenerator(seed: 1))
        for theta in [-7.0, -5.999, -1.3, -0.0249, 0, 0.8, 3.3117, 5.5, 6.0] {
            var candidates = engine.eligibleCandidates(state)
            engine.fisherInformation(&candidates, at: theta)
            for c in candidates {
                let one = engine.fisherInformation(c.batch, at: theta)
                #expect(abs(c.value - one) <= tolerance * max(1e-3, peak[c.batch]), "θ \(theta) item \(c.batch): \(c.value) vs \(one)")
            }
            engine.score(&candidates, state: state)
            let sorted = candidates.sorted(by: AdaptiveEngine.better)
            #expect(AdaptiveEngine.best(candidates, 5).map(\.batch) == sorted.prefix(5).map(\.batch))
        }
    }

    @Test("Kullback–Leibler index matches a dense trapezoid integral of Σ P(θ̂) log(P(θ̂)/P(θ))")
    func kullbackLeibler() throws {
        let item = ItemParameters.graded(discrimination: 1.3, thresholds: [-1, 0.2, 1.1])
        let pool = try ItemPool(items: [PoolItem(id: "G", parameters: item)])
        let engine = try AdaptiveEngine(pool: pool, settings: AdaptiveSettings(selection: .kullbackLeibler, content: .none))
        let center = 0.4, delta = 3 / 2.0.squareRoot()
        let p0 = item.probabilities(at: center)
        func kl(_ t: Double) -> Double {
            let p = item.probabilities(at: t)
            return zip(p0, p).reduce(0) { $0 + $1.0 * log($1.0 / $1.1) }
        }
        let steps = 20_000
        let h = 2 * delta / Double(steps)
        var reference = 0.0
        for m in 0...steps { reference += (m == 0 || m == steps ? 0.5 : 1) * kl(center - delta + Double(m) * h) }
        reference *= h
        let value = engine.kullbackLeiblerInformation(0, at: center, halfWidth: delta)
        #expect(abs(value - reference) / reference < 1e-4)
        #expect(value > 0)
    }

    @Test("Posterior-weighted information is the information averaged over the posterior on the grid")
    func posteriorWeighted() throws {
        let pool = try makePool(items: 40, sections: 0)
        let engine = try AdaptiveEngine(pool: pool, settings: AdaptiveSettings(selection: .posteriorWeightedInformation,
                                                                                content: .none, maxLength: 5))
        var state = engine.start(generator: SeededGenerator(seed: 1))
        guard case .administer(let first) = engine.next(&state) else { Issue.record("no item"); return }
        try engine.record(&state, response: 1)
        let weights = engine.posteriorWeights(state.logLikelihood)
        var candidates = engine.eligibleCandidates(state)
        engine.evaluate(&candidates, state: state)
        #expect(!candidates.contains { $0.batch == pool.batchIndex[first] })
        for c in candidates.prefix(5) {
            let direct = zip(engine.grid.nodes, weights).reduce(0) { $0 + $1.1 * pool.batch.information(item: c.batch, at: $1.0) }
            #expect(abs(c.value - direct) < 1e-12)
        }
    }

    @Test("a-stratification with b-blocking puts the k-th smallest slope of each difficulty block in stratum k")
    func stratification() {
        let slopes = [0.5, 2.0, 1.0, 1.5, 0.8, 1.2]
        let difficulties = [0.0, 0.1, 1.0, 1.1, -1.0, -0.9]
        // Blocks by difficulty: {4, 5}, {0, 1}, {2, 3}; within each the smaller slope goes to stratum 0.
        let strata = AdaptiveEngine.stratify(slopes: slopes, difficulties: difficulties, strata: 2)
        #expect(strata == [0, 1, 0, 1, 0, 1])
    }
}

@Suite("Content balancing and exposure control")
struct ContentAndExposureTests {
    @Test("Weighted deviations prefer the under-represented section unless its information falls far short")
    func weightedDeviation() throws {
        let a = ItemParameters.dichotomous(.twoPL, discrimination: 2.0, difficulty: 0)
        let b = ItemParameters.dichotomous(.twoPL, discrimination: 1.6, difficulty: 0)
        let filler = ItemParameters.dichotomous(.twoPL, discrimination: 1.0, difficulty: 3)
        let items = [PoolItem(id: "A", parameters: a, section: 0), PoolItem(id: "B", parameters: b, section: 1),
                     PoolItem(id: "F1", parameters: filler, section: 0), PoolItem(id: "F2", parameters: filler, section: 0)]
        let sections = [ItemPool.Section(id: "S1", share: 0.5, minItems: 0, maxItems: 10),
                        ItemPool.Section(id: "S2", share: 0.5, minItems: 0, maxItems: 10)]
        let pool = try ItemPool(items: items, sections: sections)
        let engine = try AdaptiveEngine(pool: pool, settings: AdaptiveSettings(content: .weightedDeviation, maxLength: 10))
        var state = engine.start(generator: SeededGenerator(seed: 3))
        // Two items of S1 given: counts (2, 0), targets for the third item 1.5 and 1.5.
        state.available[2] = false; state.available[3] = false
        state.sectionCounts = [2, 0]; state.scoredCount = 2
        var candidates = engine.eligibleCandidates(state)
        engine.evaluate(&candidates, state: state)
        engine.rank(&candidates, state: state)
        // D_A = |3 − 1.5| + |0 − 1.5| = 3, D_B = |2 − 1.5| + |1 − 1.5| = 1; u_A = 1, u_B = 0:
        // W_A = 0 + 2 = 2, W_B = 1 + 0 = 1, so B comes first although A is more informative.
        #expect(candidates.map(\.batch) == [1, 0])
        #expect(abs(candidates[0].score - 1) < 1e-12 && abs(candidates[1].score - 2) < 1e-12)
    }

    @Test("A section is forced once the remaining slots equal its unmet minimum; a full section is closed")
    func forcedSections() throws {
        let pool = try makePool(items: 40, sections: 2, minItems: 3, maxItems: 4)
        let engine = try AdaptiveEngine(pool: pool, settings: AdaptiveSettings(content: .none, minLength: 5, maxLength: 6))
        var state = engine.start(generator: SeededGenerator(seed: 3))
        state.sectionCounts = [3, 0]; state.scoredCount = 3
        let candidates = engine.eligibleCandidates(state)
        #expect(!candidates.isEmpty)
        #expect(candidates.allSatisfy { pool.items[pool.operationalIndex[$0.batch]].section == 1 })
        state.sectionCounts = [4, 1]; state.scoredCount = 5
        #expect(engine.eligibleCandidates(state).allSatisfy { pool.items[pool.operationalIndex[$0.batch]].section == 1 })
    }

    @Test("Randomesque chooses among the k best only; Sympson–Hetter never gives an item whose k is 0 while others pass")
    func exposure() throws {
        let pool = try makePool(items: 60, sections: 0)
        let randomesque = try AdaptiveEngine(pool: pool, settings: AdaptiveSettings(exposure: .randomesque(3), content: .none))
        var firsts = Set<Int>()
        for seed in 0..<60 {
            var state = randomesque.start(generator: SeededGenerator(seed: UInt64(seed)))
            if case .administer(let i) = randomesque.next(&state) { firsts.insert(i) }
        }
        var state = randomesque.start(generator: SeededGenerator(seed: 0))
        var candidates = randomesque.eligibleCandidates(state)
        randomesque.evaluate(&candidates, state: state)
        randomesque.rank(&candidates, state: state)
        let best3 = Set(candidates.prefix(3).map { pool.operationalIndex[$0.batch] })
        #expect(firsts == best3)
        _ = randomesque.next(&state)

        let bestItem = pool.operationalIndex[candidates[0].batch]
        var items = pool.items
        items[bestItem].exposureControl = 0
        let controlled = try ItemPool(items: items, cuts: pool.cuts, levelNames: pool.levelNames, certificationLevel: 1)
        let sh = try AdaptiveEngine(pool: controlled, settings: AdaptiveSettings(exposure: .sympsonHetter, content: .none))
        for seed in 0..<30 {
            var s = sh.start(generator: SeededGenerator(seed: UInt64(seed)))
            guard case .administer(let i) = sh.next(&s) else { Issue.record("no item"); continue }
            #expect(i != bestItem)
            #expect(s.lotteryItems.first == bestItem)
        }
    }
}

@Suite("Stopping rules")
struct StoppingRuleTests {
    @Test("SPRT decides at Wald's bounds log((1−β)/α) and log(β/(1−α))")
    func sprt() {
        let upper = log(0.95 / 0.05)
        #expect(AdaptiveEngine.sprtDecision(logLikelihoodRatio: upper + 1e-9, alpha: 0.05) == true)
        #expect(AdaptiveEngine.sprtDecision(logLikelihoodRatio: upper - 1e-6, alpha: 0.05) == nil)
        #expect(AdaptiveEngine.sprtDecision(logLikelihoodRatio: -upper - 1e-9, alpha: 0.05) == false)
        #expect(AdaptiveEngine.sprtDecision(logLikelihoodRatio: 0, alpha: 0.05) == nil)
        #expect(AdaptiveEngine.sprtDecision(logLikelihoodRatio: 2.3, alpha: 0.1) == true)  // log 9 = 2.197
    }

    @Test("Multi-cut SPRT: a level is decided when the cut below says above and the cut above says below")
    func levels() {
        #expect(AdaptiveEngine.levelDecided([true, false, false]) == 1)
        #expect(AdaptiveEngine.levelDecided([false, false, false]) == 0)
        #expect(AdaptiveEngine.levelDecided([true, true, true]) == 3)
        #expect(AdaptiveEngine.levelDecided([true, nil, false]) == nil)
        #expect(AdaptiveEngine.levelDecided([nil, false, false]) == nil)
    }

    @Test("GLR's maxima over θ ≥ θ_c + δ and θ ≤ θ_c − δ match a brute-force search of log L")
    func generalisedLikelihoodRatio() throws {
        let pool = try makePool(items: 80, sections: 0)
        let engine = try AdaptiveEngine(pool: pool, settings: AdaptiveSettings(content: .none, stop: .defaultGLR, maxLength: 12))
        for (theta, seed) in [(-1.0, UInt64(1)), (0.3, 2), (1.9, 3)] {
            var state = engine.start(generator: SeededGenerator(seed: seed))
            var answers = SeededGenerator(seed: seed + 100)
            for _ in 0..<12 {
                guard case .administer(let i) = engine.next(&state), let p = pool.items[i].parameters else { break }
                try engine.record(&state, response: Int(Simulation.response(p, theta: theta, generator: &answers)))
            }
            for bound in [-0.7, 0.7] {
                var bestAbove = -Double.infinity, bestBelow = -Double.infinity
                for k in 0...24_000 {
                    let t = -6 + Double(k) * 0.0005
                    let l = engine.logLikelihood(state, at: t)
                    if t >= bound { bestAbove = max(bestAbove, l) }
                    if t <= bound { bestBelow = max(bestBelow, l) }
                }
                // The engine searches the grid nodes (step 0.2) and the bound: exact at a bound maximum,
                // within the curvature over half a grid step otherwise.
                #expect(abs(engine.maximumLogLikelihood(state, above: bound) - bestAbove) < 0.05)
                #expect(abs(engine.maximumLogLikelihood(state, below: bound) - bestBelow) < 0.05)
                #expect(engine.maximumLogLikelihood(state, above: bound) <= bestAbove + 1e-9)
            }
        }
    }

    @Test("Kingsbury–Weiss interval: θ̂ ± 1.96·SE wholly above or below the cut")
    func interval() {
        #expect(AdaptiveEngine.intervalExcludesCut(theta: 1, standardError: 0.4, cut: 0, confidence: 0.95))
        #expect(!AdaptiveEngine.intervalExcludesCut(theta: 0.5, standardError: 0.4, cut: 0, confidence: 0.95))
        #expect(AdaptiveEngine.intervalExcludesCut(theta: -0.8, standardError: 0.4, cut: 0, confidence: 0.95))
        #expect(!AdaptiveEngine.intervalExcludesCut(theta: 3, standardError: .infinity, cut: 0, confidence: 0.95))
    }

    @Test("An SE stop reports the final estimator's SE at or below the target; the maximum length always stops")
    func standardErrorStop() throws {
        let pool = try makePool(items: 300, sections: 0)
        let engine = try AdaptiveEngine(pool: pool, settings: AdaptiveSettings(content: .none, targetSE: 0.35,
                                                                                minLength: 5, maxLength: 40))
        var stopped = 0
        for seed in 0..<20 {
            let (_, result) = try runExam(engine, theta: Double(seed % 5) - 2, seed: UInt64(seed))
            if result.stopReason == .standardError {
                stopped += 1
                #expect(result.standardError <= 0.35)
            } else {
                #expect(result.stopReason == .maxLength && result.length == 40)
            }
            #expect(result.length >= 5 && result.length <= 40)
            #expect(result.estimator == .wle)
        }
        #expect(stopped > 0)
    }

    @Test("SPRT and level stops end earlier for candidates far from the cuts than near them")
    func classificationStops() throws {
        let pool = try makePool(items: 300, sections: 0)
        for stop in [StopRule.defaultSPRT, .defaultGLR, .defaultClassification, .defaultLevels] {
            let engine = try AdaptiveEngine(pool: pool, settings: AdaptiveSettings(content: .none, stop: stop,
                                                                                    minLength: 3, maxLength: 60))
            var far = 0, near = 0
            for seed in 0..<15 {
                far += try runExam(engine, theta: stop == .defaultLevels ? 2.8 : 2.5, seed: UInt64(seed)).1.length
                near += try runExam(engine, theta: -0.45, seed: UInt64(seed)).1.length
            }
            #expect(far < near, "\(stop.name): far \(far) vs near \(near)")
        }
    }
}
