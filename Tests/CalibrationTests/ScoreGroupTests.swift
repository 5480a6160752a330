import Foundation
import Testing
import IRTModels
import MathCore
import ResponseData
@testable import Calibration

/// The Rasch E-step over raw-score groups (``ScoreGroups``) against the general E-step over response
/// patterns, and both against a marginal likelihood summed person by person in the test.
@Suite("Rasch on sufficient statistics: score-group E-step")
struct ScoreGroupTests {
    /// Rasch data with θ ~ N(0.3, 1.2²); `missing` of the persons (every `missingEvery`-th) lose
    /// `missingPerPerson` responses at seeded positions.
    static func data(persons: Int, items: Int, seed: UInt64, missingEvery: Int = 0, missingPerPerson: Int = 3)
        -> (ResponseMatrix, [ItemParameters]) {
        var g = SeededGenerator(seed: seed)
        let params = Simulation.parameters(model: .rasch, items: items, generator: &g)
        let thetas = (0..<persons).map { _ in 0.3 + 1.2 * g.nextNormal() }
        var data = Simulation.responses(items: params, thetas: thetas, generator: &g)
        if missingEvery > 0 {
            for p in stride(from: 0, to: persons, by: missingEvery) {
                for _ in 0..<missingPerPerson {
                    let i = Int(g.nextUniform() * Double(items)) % items
                    data.responses[p * items + i] = ResponseMatrix.missing
                }
            }
        }
        return (data, params)
    }

    /// Items at which both E-steps are evaluated: Rasch with a common slope `a` and spread intercepts.
    static func items(_ count: Int, slope a: Double) -> [ItemParameters] {
        (0..<count).map { i in
            ItemParameters(model: .rasch, discrimination: a, intercepts: [-1.5 + 3 * Double(i) / Double(max(1, count - 1))])
        }
    }

    /// Largest absolute difference between two count tables.
    static func maxDifference(_ a: ExpectedCounts, _ b: ExpectedCounts) -> Double {
        var out = 0.0
        for (x, y) in zip(a.counts, b.counts) { for (u, v) in zip(x, y) { out = max(out, abs(u - v)) } }
        for (u, v) in zip(a.nodeTotals, b.nodeTotals) { out = max(out, abs(u - v)) }
        return out
    }

    /// log L = Σ_persons log Σ_q w_q Π_j P_j(θ_q)^x (1 − P_j(θ_q))^(1−x), summed person by person with
    /// no pattern collapsing, no products and no score groups (missing responses skipped).
    static func directLogLikelihood(_ data: ResponseMatrix, items: [ItemParameters], nodes: [Double],
                                    logPrior: [Double]) -> Double {
        let j = data.itemCount
        var total = 0.0
        for p in 0..<data.personCount {
            var terms = [Double]()
            for (node, theta) in nodes.enumerated() {
                var l = logPrior[node]
                for i in 0..<j {
                    let x = data.responses[p * j + i]
                    if x == ResponseMatrix.missing { continue }
                    let z = items[i].discrimination * theta + items[i].intercept
                    l += x == 1 ? -log1p(exp(-z)) : -log1p(exp(z))
                }
                terms.append(l)
            }
            let m = terms.max() ?? 0
            total += m + log(terms.reduce(0) { $0 + exp($1 - m) })
        }
        return total
    }

    func engines(_ data: ResponseMatrix) throws -> (byScore: EStep, byPattern: EStep, nodes: [Double], logPrior: [Double]) {
        let prepared = try PreparedData(data, models: [ItemModel](repeating: .rasch, count: data.itemCount),
                                        collapseUnused: false)
        let rule = QuadratureRule.normalGrid(count: 61)
        let logPrior = QuadratureRule.normalLogWeights(at: rule.nodes, mean: 0.2, standardDeviation: 1.3)
        return (EStep(data: prepared, nodes: rule.nodes, threads: 2, blockSize: 256, sufficientStatistics: true),
                EStep(data: prepared, nodes: rule.nodes, threads: 2, blockSize: 256), rule.nodes, logPrior)
    }

    @Test("one E-step, complete data: score groups give the pattern E-step's counts and log-likelihood",
          arguments: [1.0, 1.37])
    func completeData(slope: Double) throws {
        let (data, _) = Self.data(persons: 1500, items: 12, seed: 2101)
        let (byScore, byPattern, nodes, logPrior) = try engines(data)
        let items = Self.items(12, slope: slope)
        let a = byScore.run(items: items, logPrior: logPrior)
        let b = byPattern.run(items: items, logPrior: logPrior)
        #expect(byScore.scoreGroupRuns == 1)
        #expect(byPattern.scoreGroupRuns == 0)
        #expect(Self.maxDifference(a, b) < 1e-10)
        #expect(abs(a.logLikelihood - b.logLikelihood) < 1e-10 * abs(b.logLikelihood))
        let direct = Self.directLogLikelihood(data, items: items, nodes: nodes, logPrior: logPrior)
        #expect(abs(a.logLikelihood - direct) < 1e-9 * abs(direct))
        // Every person is in some node: Σ_q N_q = N.
        #expect(abs(a.nodeTotals.reduce(0, +) - 1500) < 1e-9)
    }

    @Test("one E-step, missing data: score groups for complete persons plus patterns for the others")
    func missingData() throws {
        let (data, _) = Self.data(persons: 1500, items: 12, seed: 2102, missingEvery: 4)
        let (byScore, byPattern, nodes, logPrior) = try engines(data)
        let items = Self.items(12, slope: 0.9)
        let a = byScore.run(items: items, logPrior: logPrior)
        let b = byPattern.run(items: items, logPrior: logPrior)
        #expect(byScore.scoreGroupRuns == 1)
        #expect(Self.maxDifference(a, b) < 1e-10)
        #expect(abs(a.logLikelihood - b.logLikelihood) < 1e-10 * abs(b.logLikelihood))
        let direct = Self.directLogLikelihood(data, items: items, nodes: nodes, logPrior: logPrior)
        #expect(abs(a.logLikelihood - direct) < 1e-9 * abs(direct))
        // Item totals: Σ_q (r0 + r1) = the item's respondents.
        let q = nodes.count
        for i in 0..<12 {
            let respondents = (0..<1500).filter { data.responses[$0 * 12 + i] != ResponseMatrix.missing }.count
            #expect(abs(a.counts[i][0..<(2 * q)].reduce(0, +) - Double(respondents)) < 1e-9)
        }
    }

    @Test("items with different slopes leave the score groups for the pattern E-step")
    func differentSlopesFallBack() throws {
        let (data, _) = Self.data(persons: 600, items: 8, seed: 2103)
        let (byScore, byPattern, _, logPrior) = try engines(data)
        var items = Self.items(8, slope: 1)
        items[3].discrimination = 1.2
        let a = byScore.run(items: items, logPrior: logPrior)
        let b = byPattern.run(items: items, logPrior: logPrior)
        #expect(byScore.scoreGroupRuns == 0)
        #expect(Self.maxDifference(a, b) == 0)
        #expect(a.logLikelihood == b.logLikelihood)
    }

    @Test("the score table counts persons by raw score: n_s and T_js by hand")
    func scoreTable() throws {
        // 5 persons × 3 items: scores 2, 0, 3, 2, (missing) → n = [1, 0, 2, 1], T by hand.
        var data = ResponseMatrix(personIDs: ["a", "b", "c", "d", "e"], itemIDs: ["I1", "I2", "I3"],
                                  categoryCounts: [2, 2, 2])
        data.responses = [1, 1, 0,  0, 0, 0,  1, 1, 1,  0, 1, 1,  1, ResponseMatrix.missing, 0]
        let prepared = try PreparedData(data, models: [.rasch, .rasch, .rasch], collapseUnused: false)
        let counted = try #require(ScoreGroups.count(prepared))
        #expect(counted.groups.persons == [1, 0, 2, 1])
        // T rows by score: s = 2: persons a (1,1,0) and d (0,1,1) → (1, 2, 1); s = 3: (1, 1, 1).
        #expect(counted.groups.correct == [0, 0, 0,  0, 0, 0,  1, 2, 1,  1, 1, 1])
        #expect(counted.groups.itemTotals == [2, 3, 2])
        #expect(counted.incompletePatterns.count == 1)
    }

    func calibrate(_ data: ResponseMatrix, byScore: Bool, standardErrors: Bool = false,
                   configure: (inout CalibrationConfiguration) -> Void = { _ in }) throws -> CalibrationResult {
        var cfg = CalibrationConfiguration(model: .rasch)
        cfg.computeStandardErrors = standardErrors
        cfg.sufficientStatistics = byScore
        configure(&cfg)
        return try Calibrator(configuration: cfg).calibrate(data)
    }

    /// Both calibrations took the same E-steps and agree to 1e-10 in every estimate.
    func expectSame(_ a: CalibrationResult, _ b: CalibrationResult, standardErrors: Double = 1e-10) {
        #expect(a.iterations == b.iterations)
        #expect(a.converged && b.converged)
        #expect(a.profile?.scoreGroupESteps == a.profile?.eSteps)
        #expect((b.profile?.scoreGroupESteps ?? 1) == 0)
        for (x, y) in zip(a.items, b.items) {
            #expect(abs(x.intercept - y.intercept) < 1e-10)
            #expect(abs(x.discrimination - y.discrimination) < 1e-10)
        }
        #expect(abs(a.latent.mean - b.latent.mean) < 1e-10)
        #expect(abs(a.latent.variance - b.latent.variance) < 1e-10)
        #expect(abs(a.logLikelihood - b.logLikelihood) < 1e-10 * abs(b.logLikelihood))
        for (x, y) in zip(a.standardErrors, b.standardErrors) {
            for (u, v) in zip(x ?? [], y ?? []) { #expect(abs(u - v) < standardErrors * max(1, v)) }
        }
    }

    @Test("Rasch calibration (slope 1, variance estimated), complete data: the same estimates to 1e-10")
    func calibrationComplete() throws {
        let (data, _) = Self.data(persons: 2000, items: 15, seed: 2104)
        let a = try calibrate(data, byScore: true), b = try calibrate(data, byScore: false)
        #expect(a.latent.varianceEstimated)
        expectSame(a, b)
    }

    @Test("Rasch calibration, missing data (mixed path): the same estimates to 1e-10")
    func calibrationMissing() throws {
        let (data, _) = Self.data(persons: 2000, items: 15, seed: 2105, missingEvery: 3)
        let a = try calibrate(data, byScore: true), b = try calibrate(data, byScore: false)
        expectSame(a, b)
    }

    @Test("common-slope Rasch (variance 1), complete and missing data: the same estimates to 1e-10")
    func calibrationCommonSlope() throws {
        for every in [0, 5] {
            let (data, _) = Self.data(persons: 2000, items: 15, seed: 2106, missingEvery: every)
            let common: (inout CalibrationConfiguration) -> Void = { $0.raschSlopeFixed = false }
            let a = try calibrate(data, byScore: true, configure: common)
            let b = try calibrate(data, byScore: false, configure: common)
            #expect(abs(a.items[0].discrimination - 1.2) < 0.15)
            expectSame(a, b)
        }
    }

    @Test("standard errors through score-group E-steps match the pattern path's")
    func standardErrors() throws {
        let (data, _) = Self.data(persons: 2000, items: 10, seed: 2107, missingEvery: 7)
        let a = try calibrate(data, byScore: true, standardErrors: true)
        let b = try calibrate(data, byScore: false, standardErrors: true)
        #expect(a.standardErrors.allSatisfy { $0 != nil })
        // Forward differences with step 1e-5 turn the E-steps' 1e-13 rounding into ≈ 1e-8 relative.
        expectSame(a, b, standardErrors: 1e-6)
    }

    @Test("two groups: each group's engine runs over its own score groups; the same estimates to 1e-10")
    func multipleGroups() throws {
        let (data, _) = Self.data(persons: 2400, items: 12, seed: 2108, missingEvery: 6)
        let labels = (0..<2400).map { $0 % 3 == 0 ? "focal" : "reference" }
        let groups: (inout CalibrationConfiguration) -> Void = { cfg in
            cfg.groups = try? GroupAssignment(labels: labels, reference: "reference")
        }
        let a = try calibrate(data, byScore: true, configure: groups)
        let b = try calibrate(data, byScore: false, configure: groups)
        #expect(a.groups.count == 2)
        expectSame(a, b)
        for (x, y) in zip(a.groups, b.groups) {
            #expect(abs(x.mean - y.mean) < 1e-10)
            #expect(abs(x.variance - y.variance) < 1e-10)
        }
    }

    @Test("the pattern E-step is kept for other models (2PL never uses score groups)")
    func otherModelsUsePatterns() throws {
        let sim = Simulation.generate(model: .twoPL, persons: 800, items: 8, seed: 2109)
        var cfg = CalibrationConfiguration(model: .twoPL)
        cfg.computeStandardErrors = false
        let r = try Calibrator(configuration: cfg).calibrate(sim.data)
        #expect(r.profile?.scoreGroupESteps == 0)
    }
}
