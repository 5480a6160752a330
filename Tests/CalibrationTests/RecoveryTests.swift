import Foundation
import MentorCertTestSupport
import Testing
import IRTModels
import MathCore
import ResponseData
@testable import Calibration

/// Root mean square error of paired values.
func rmse(_ a: [Double], _ b: [Double]) -> Double {
    (zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(a.count)).squareRoot()
}

/// Seeded recovery: simulate from known parameters, calibrate, compare. Tolerances are stated per
/// model; they are several times the RMSE seen at these sizes, not tuned to one seed.
@Suite("Recovery: seeded parameter recovery", .tags(.recovery), .releaseStudy)
struct RecoveryTests {
    func fit(_ model: ItemModel, persons: Int, items: Int, seed: UInt64, categories: Int = 5,
             configure: (inout CalibrationConfiguration) -> Void = { _ in }) throws
        -> (CalibrationResult, [ItemParameters]) {
        let sim = Simulation.generate(model: model, persons: persons, items: items, categories: categories, seed: seed)
        var cfg = CalibrationConfiguration(model: model)
        cfg.computeStandardErrors = false
        configure(&cfg)
        return (try Calibrator(configuration: cfg).calibrate(sim.data), sim.parameters)
    }

    @Test("2PL at 5,000 × 30: RMSE of a and b below 0.1")
    func twoPL() throws {
        let (r, truth) = try fit(.twoPL, persons: 5000, items: 30, seed: 11)
        #expect(r.converged)
        #expect(rmse(r.items.map(\.discrimination), truth.map(\.discrimination)) < 0.1)
        #expect(rmse(r.items.map(\.difficulty), truth.map(\.difficulty)) < 0.1)
    }

    @Test("Rasch at 3,000 × 20 (θ ~ N(0, 1)): RMSE of b below 0.08, variance within 0.1")
    func rasch() throws {
        let (r, truth) = try fit(.rasch, persons: 3000, items: 20, seed: 12)
        #expect(r.converged)
        #expect(rmse(r.items.map(\.difficulty), truth.map(\.difficulty)) < 0.08)
        #expect(abs(r.latent.variance - 1) < 0.1)
        #expect(r.latent.varianceEstimated)
    }

    @Test("3PL at 10,000 × 30 with the Beta(6, 16) prior: RMSE a < 0.2, b < 0.15, c < 0.06")
    func threePL() throws {
        let (r, truth) = try fit(.threePL, persons: 10000, items: 30, seed: 13)
        #expect(r.converged)
        #expect(rmse(r.items.map(\.discrimination), truth.map(\.discrimination)) < 0.2)
        #expect(rmse(r.items.map(\.difficulty), truth.map(\.difficulty)) < 0.15)
        #expect(rmse(r.items.map(\.guessing), truth.map(\.guessing)) < 0.06)
    }

    @Test("4PL at 20,000 × 20: RMSE b < 0.2, c and u < 0.08")
    func fourPL() throws {
        let (r, truth) = try fit(.fourPL, persons: 20000, items: 20, seed: 14)
        #expect(rmse(r.items.map(\.difficulty), truth.map(\.difficulty)) < 0.2)
        #expect(rmse(r.items.map(\.guessing), truth.map(\.guessing)) < 0.08)
        #expect(rmse(r.items.map(\.upperAsymptote), truth.map(\.upperAsymptote)) < 0.08)
    }

    @Test("Graded response model at 3,000 × 15, 5 categories: RMSE a < 0.1, thresholds < 0.1")
    func graded() throws {
        let (r, truth) = try fit(.graded, persons: 3000, items: 15, seed: 15)
        #expect(r.converged)
        #expect(rmse(r.items.map(\.discrimination), truth.map(\.discrimination)) < 0.1)
        #expect(rmse(r.items.flatMap(\.thresholds), truth.flatMap(\.thresholds)) < 0.1)
    }

    @Test("GPCM at 3,000 × 15, 4 categories: RMSE a < 0.1, step difficulties < 0.15")
    func gpcm() throws {
        let (r, truth) = try fit(.gpcm, persons: 3000, items: 15, seed: 16, categories: 4)
        #expect(r.converged)
        #expect(rmse(r.items.map(\.discrimination), truth.map(\.discrimination)) < 0.1)
        #expect(rmse(r.items.flatMap(\.thresholds), truth.flatMap(\.thresholds)) < 0.15)
    }

    @Test("Missing responses (30% not presented) are handled by the likelihood: 2PL RMSE still < 0.12")
    func missingData() throws {
        var sim = Simulation.generate(model: .twoPL, persons: 6000, items: 20, seed: 17)
        var g = SeededGenerator(seed: 99)
        for i in 0..<sim.data.responses.count where g.nextUniform() < 0.3 { sim.data.responses[i] = ResponseMatrix.missing }
        var cfg = CalibrationConfiguration(model: .twoPL)
        cfg.computeStandardErrors = false
        let r = try Calibrator(configuration: cfg).calibrate(sim.data)
        #expect(r.converged)
        #expect(rmse(r.items.map(\.discrimination), sim.parameters.map(\.discrimination)) < 0.12)
        #expect(rmse(r.items.map(\.difficulty), sim.parameters.map(\.difficulty)) < 0.12)
    }

    @Test("Mixed dichotomous and graded items in one calibration")
    func mixed() throws {
        var g = SeededGenerator(seed: 18)
        let dich = Simulation.parameters(model: .twoPL, items: 10, generator: &g)
        let poly = Simulation.parameters(model: .graded, items: 5, categories: 4, generator: &g)
        let items = dich + poly
        let thetas = (0..<4000).map { _ in g.nextNormal() }
        let data = Simulation.responses(items: items, thetas: thetas, generator: &g)
        var cfg = CalibrationConfiguration(model: .twoPL)
        cfg.itemModels = items.map(\.model)
        cfg.computeStandardErrors = false
        let r = try Calibrator(configuration: cfg).calibrate(data)
        #expect(r.converged)
        #expect(r.items.map(\.model) == items.map(\.model))
        #expect(rmse(r.items.map(\.discrimination), items.map(\.discrimination)) < 0.12)
    }

    @Test("Fixed-parameter calibration puts pretest items on the bank scale and estimates the latent N(μ, σ²)")
    func fixedParameters() throws {
        var g = SeededGenerator(seed: 19)
        let items = Simulation.parameters(model: .twoPL, items: 25, generator: &g)
        // Candidates are abler and more spread than the calibration sample: N(0.5, 1.2²).
        let thetas = (0..<6000).map { _ in 0.5 + 1.2 * g.nextNormal() }
        let data = Simulation.responses(items: items, thetas: thetas, generator: &g)
        var cfg = CalibrationConfiguration(model: .twoPL)
        cfg.computeStandardErrors = false
        for i in 0..<20 { cfg.fixedItems[i] = items[i] }
        let r = try Calibrator(configuration: cfg).calibrate(data)
        #expect(r.converged)
        for i in 0..<20 { #expect(r.items[i] == items[i]) }
        #expect(abs(r.latent.mean - 0.5) < 0.08)
        #expect(abs(r.latent.variance.squareRoot() - 1.2) < 0.08)
        let pretest = Array(20..<25)
        #expect(rmse(pretest.map { r.items[$0].difficulty }, pretest.map { items[$0].difficulty }) < 0.12)
        #expect(rmse(pretest.map { r.items[$0].discrimination }, pretest.map { items[$0].discrimination }) < 0.15)
    }

    @Test("SQUAREM reaches the plain-EM solution in fewer E-steps")
    func acceleration() throws {
        let sim = Simulation.generate(model: .twoPL, persons: 3000, items: 20, seed: 20)
        var cfg = CalibrationConfiguration(model: .twoPL)
        cfg.computeStandardErrors = false
        cfg.tolerance = 1e-6
        cfg.acceleration = .none
        let plain = try Calibrator(configuration: cfg).calibrate(sim.data)
        cfg.acceleration = .squarem
        let fast = try Calibrator(configuration: cfg).calibrate(sim.data)
        #expect(plain.converged && fast.converged)
        #expect(fast.iterations < plain.iterations)
        #expect(abs(fast.logLikelihood - plain.logLikelihood) < 1e-3)
        for i in 0..<20 { #expect(abs(fast.items[i].discrimination - plain.items[i].discrimination) < 1e-3) }
    }

    /// Standard errors against the empirical spread over replications (2PL, 800 × 8, 50 samples).
    /// The SD of 50 estimates has a relative standard error near 10%, so each parameter's ratio of
    /// mean reported SE to empirical SD must lie in [0.7, 1.4] and the average ratio in [0.88, 1.12].
    @Test("Standard errors agree with the spread of estimates over 50 replications")
    func standardErrorsMatchReplications() throws {
        var g = SeededGenerator(seed: 21)
        let items = Simulation.parameters(model: .twoPL, items: 8, generator: &g)
        var estimates = [[Double]]()
        var reported = [[Double]]()
        for rep in 0..<50 {
            var rg = SeededGenerator(seed: 1000 + UInt64(rep))
            let thetas = (0..<800).map { _ in rg.nextNormal() }
            let data = Simulation.responses(items: items, thetas: thetas, generator: &rg)
            let r = try Calibrator(configuration: CalibrationConfiguration(model: .twoPL)).calibrate(data)
            estimates.append(r.items.flatMap(\.freeParameters))
            reported.append(r.standardErrors.flatMap { $0 ?? [] })
        }
        let p = estimates[0].count
        #expect(reported.allSatisfy { $0.count == p })
        var ratios = [Double]()
        for k in 0..<p {
            let values = estimates.map { $0[k] }
            let mean = values.reduce(0, +) / 50
            let sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 49).squareRoot()
            let se = reported.map { $0[k] }.reduce(0, +) / 50
            ratios.append(se / sd)
        }
        for r in ratios { #expect(r > 0.7 && r < 1.4, "SE / SD = \(r)") }
        let average = ratios.reduce(0, +) / Double(p)
        #expect(average > 0.88 && average < 1.12, "average SE / SD = \(average)")
    }
}

// Release-only before issue 14 because its file name contains `Recovery` (the old name filter matched
// the source location in the test id); kept there by the tag. Its 4PL standard-error test fails in a
// debug build (a standard error not finite or negative with u at its bound), reported in issue 14.
@Suite("Degenerate data gives clear errors", .tags(.recovery), .releaseStudy)
struct DegenerateDataTests {
    func matrix(_ rows: [[UInt8]], categories: [Int]? = nil) throws -> ResponseMatrix {
        let j = rows.first?.count ?? 0
        return try ResponseMatrix(personIDs: rows.indices.map { "p\($0)" }, itemIDs: (0..<j).map { "Q\($0 + 1)" },
                              responses: rows.flatMap { $0 }, categoryCounts: categories ?? [Int](repeating: 2, count: j))
    }

    @Test("An item everybody answered correctly is named")
    func allCorrect() throws {
        let data = try matrix([[1, 0], [1, 1], [1, 0], [1, 1]])
        #expect(throws: CalibrationError(.constantItem(item: "Q1", category: 1))) {
            try Calibrator(configuration: CalibrationConfiguration(model: .twoPL)).calibrate(data)
        }
    }

    @Test("Fewer than two respondents")
    func onePerson() {
        #expect(throws: CalibrationError(.tooFewPersons(found: 1))) {
            try Calibrator(configuration: CalibrationConfiguration(model: .twoPL)).calibrate(try matrix([[1, 0]]))
        }
    }

    @Test("An unused category is an error unless collapsing is asked for")
    func unusedCategory() throws {
        var rows = [[UInt8]]()
        for i in 0..<40 {
            let first: UInt8 = i % 2 == 0 ? 0 : 3
            let second: UInt8 = i % 3 == 0 ? 1 : 0
            let third = UInt8(i % 4)
            rows.append([first, second, third])
        }
        let data = try matrix(rows, categories: [4, 2, 4])
        #expect(throws: CalibrationError(.unusedCategory(item: "Q1", category: 1, categories: 4))) {
            var cfg = CalibrationConfiguration(model: .graded)
            cfg.itemModels = [.graded, .twoPL, .graded]
            return try Calibrator(configuration: cfg).calibrate(data)
        }
        var cfg = CalibrationConfiguration(model: .graded)
        cfg.itemModels = [.graded, .twoPL, .graded]
        cfg.collapseUnusedCategories = true
        cfg.computeStandardErrors = false
        let r = try Calibrator(configuration: cfg).calibrate(data)
        #expect(r.items[0].categoryCount == 2)
        #expect(r.warnings.contains { $0.contains("Q1") && $0.contains("merged") })
    }

    @Test("Polytomous responses under a dichotomous model")
    func tooManyCategories() throws {
        let data = try matrix([[0, 1], [2, 0], [1, 1]], categories: [3, 2])
        #expect(throws: CalibrationError.self) {
            try Calibrator(configuration: CalibrationConfiguration(model: .twoPL)).calibrate(data)
        }
    }

    @Test("A near-Guttman item gives finite numbers, the slope bound and a warning naming it")
    func guttmanItem() throws {
        // Q1 splits persons perfectly by their score on Q2..Q4: its slope MLE is infinite.
        var rows = [[UInt8]]()
        for i in 0..<300 {
            let able = i % 2 == 0
            rows.append([able ? 1 : 0, able ? 1 : UInt8(i % 3 == 0 ? 1 : 0), UInt8(i % 4 == 0 ? 0 : 1), able ? UInt8(i % 5 == 0 ? 0 : 1) : 0])
        }
        var cfg = CalibrationConfiguration(model: .twoPL)
        cfg.computeStandardErrors = false
        let r = try Calibrator(configuration: cfg).calibrate(try matrix(rows))
        #expect(r.logLikelihood.isFinite)
        #expect(r.items.allSatisfy { $0.discrimination.isFinite && $0.discrimination <= 30 })
        #expect(r.warnings.contains { $0.contains("Q1") && $0.contains("bound") })
    }

    @Test("4PL standard errors exist although u sits on its bound of 1 (one-sided differences there)")
    func fourPLStandardErrors() throws {
        let sim = Simulation.generate(model: .fourPL, persons: 2000, items: 12, seed: 31)
        let r = try Calibrator(configuration: CalibrationConfiguration(model: .fourPL)).calibrate(sim.data)
        #expect(r.standardErrors.allSatisfy { $0 != nil })
        // Issue 13: a parameter on its bound (u = 1) has no SE and is named; every other SE is finite.
        for (j, se) in r.standardErrors.enumerated() {
            let bounded = Set(r.boundedParameters[j])
            for (name, v) in zip(r.items[j].parameterNames, se ?? []) where !bounded.contains(name) {
                #expect(v.isFinite && v >= 0, "\(r.itemIDs[j]).\(name) = \(v)")
            }
            for name in bounded { #expect(r.warnings.contains { $0.contains(r.itemIDs[j]) } || name == "a1") }
        }
        #expect(!r.warnings.contains { $0.contains("Standard errors not available") })
    }

    @Test("One item is refused: the latent trait is not identified")
    func oneItem() {
        #expect(throws: CalibrationError(.tooFewItems(found: 1))) {
            try Calibrator(configuration: CalibrationConfiguration(model: .twoPL)).calibrate(try matrix([[1], [0], [1], [0]]))
        }
    }

    @Test("Error messages name the item and say what to do")
    func messages() {
        let e = CalibrationError(.constantItem(item: "S1-004", category: 0))
        #expect(e.description.contains("S1-004"))
        #expect(e.description.contains("Drop the item"))
    }
}
