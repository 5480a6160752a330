import Foundation
import MentorCertTestSupport
import Testing
import IRTModels
import LinearAlgebra
import MathCore
import ResponseData
@testable import Calibration

/// The analytic observed information (Louis 1982) against two independent computations:
/// - the numerical path (central differences of the analytic gradient, `--se-method central`), on the
///   same data and the same estimates: every standard error (items, common slope, latent moments,
///   focal groups) agrees to 1 % relative, for every model, with missing data, multiple groups,
///   fixed items and parameters on a bound;
/// - a closed form: one 2PL item's marginal likelihood depends on the data only through the
///   proportion correct, ℓ = n₁ log π + n₀ log(1 − π) with π(a, d) = Σ_q w_q s(aθ_q + d), so
///   −∂²ℓ = (n₁/π² + n₀/(1 − π)²) ∇π∇πᵀ − (n₁/π − n₀/(1 − π)) ∇²π at any (a, d);
/// - the Hessian of an independent marginal log-likelihood (`MarginalOracle`, its own code) by second
///   differences, for the cross-item terms of a 3PL.
@Suite("Louis observed information")
struct LouisInformationTests {
    /// Relative agreement required between the analytic and the numerical standard errors.
    static let tolerance = 0.01

    /// Fits `data` once with Louis SEs and once with central differences; the estimates are the same
    /// (the SE method does not touch EM), so every covariance diagonal must agree.
    static func compare(_ data: ResponseMatrix, _ configure: (inout CalibrationConfiguration) -> Void,
                        sourceLocation: SourceLocation = #_sourceLocation) throws {
        var cfg = CalibrationConfiguration(model: .twoPL)
        configure(&cfg)
        cfg.standardErrorMethod = .louis
        let analytic = try Calibrator(configuration: cfg).calibrate(data)
        cfg.standardErrorMethod = .centralDifference
        let numerical = try Calibrator(configuration: cfg).calibrate(data)
        #expect(analytic.items == numerical.items, sourceLocation: sourceLocation)
        #expect(analytic.configurationSummary["standardErrors"] == "louis", sourceLocation: sourceLocation)
        #expect(numerical.configurationSummary["standardErrors"] == "central", sourceLocation: sourceLocation)
        let a = try #require(analytic.covariance, sourceLocation: sourceLocation)
        let n = try #require(numerical.covariance, sourceLocation: sourceLocation)
        #expect(a.rows == n.rows && a.rows == analytic.parameterLabels.count, sourceLocation: sourceLocation)
        var compared = 0, largest = 0.0
        for i in 0..<a.rows {
            let label = analytic.parameterLabels[i]
            #expect(a[i, i].isNaN == n[i, i].isNaN, "\(label): bounded in one method only", sourceLocation: sourceLocation)
            if a[i, i].isNaN || n[i, i].isNaN { continue }
            let sa = a[i, i].squareRoot(), sn = n[i, i].squareRoot()
            #expect(abs(sa - sn) <= tolerance * sn, "\(label): Louis SE \(sa), numerical \(sn)",
                    sourceLocation: sourceLocation)
            compared += 1
            largest = max(largest, abs(sa - sn) / sn)
        }
        #expect(compared > 0, sourceLocation: sourceLocation)
        print("Louis vs central differences (\(sourceLocation.line)): \(compared) SEs, largest relative difference \(largest)")
    }

    static func simulate(_ model: ItemModel, persons: Int, items: Int, categories: Int = 4, seed: UInt64)
        -> ResponseMatrix {
        Simulation.generate(model: model, persons: persons, items: items, categories: categories, seed: seed).data
    }

    @Test("2PL", arguments: [false, true])
    func twoPL(missing: Bool) throws {
        var data = Self.simulate(.twoPL, persons: 1500, items: 10, seed: 2101)
        if missing {
            var g = SeededGenerator(seed: 2102)
            for i in data.responses.indices where g.nextUniform() < 0.25 { data.responses[i] = ResponseMatrix.missing }
        }
        try Self.compare(data) { $0.model = .twoPL }
    }

    @Test("3PL with the Beta guessing prior, and without")
    func threePL() throws {
        let data = Self.simulate(.threePL, persons: 2000, items: 10, seed: 2103)
        try Self.compare(data) { $0.model = .threePL }
        try Self.compare(data) { $0.model = .threePL; $0.guessingPrior = nil }
    }

    @Test("4PL with the Beta guessing prior")
    func fourPL() throws {
        let data = Self.simulate(.fourPL, persons: 2000, items: 8, seed: 2104)
        try Self.compare(data) { $0.model = .fourPL }
    }

    @Test("GRM and GPCM, complete and with missing data", arguments: [ItemModel.graded, .gpcm])
    func polytomous(model: ItemModel) throws {
        var data = Self.simulate(model, persons: 1500, items: 6, categories: 4, seed: 2105)
        try Self.compare(data) { $0.model = model }
        var g = SeededGenerator(seed: 2106)
        for i in data.responses.indices where g.nextUniform() < 0.2 { data.responses[i] = ResponseMatrix.missing }
        try Self.compare(data) { $0.model = model }
    }

    @Test("Rasch: slope 1 with the latent variance free, and a common slope")
    func rasch() throws {
        let data = Self.simulate(.rasch, persons: 1500, items: 10, seed: 2107)
        try Self.compare(data) { $0.model = .rasch }
        try Self.compare(data) { $0.model = .rasch; $0.raschSlopeFixed = false }
    }

    @Test("mixed per-item models with missing data")
    func mixed() throws {
        var g = SeededGenerator(seed: 2108)
        let models: [ItemModel] = [.twoPL, .twoPL, .threePL, .threePL, .graded, .graded, .gpcm, .gpcm, .rasch, .rasch]
        let items = models.map { Simulation.parameters(model: $0, items: 1, categories: 4, generator: &g)[0] }
        let thetas = (0..<2000).map { _ in g.nextNormal() }
        var data = Simulation.responses(items: items, thetas: thetas, generator: &g)
        for i in data.responses.indices where g.nextUniform() < 0.15 { data.responses[i] = ResponseMatrix.missing }
        try Self.compare(data) { $0.itemModels = models }
        try Self.compare(data) { $0.itemModels = models; $0.raschSlopeFixed = false }
    }

    @Test("multiple groups: focal means and variances, and an item freed across groups")
    func groups() throws {
        var g = SeededGenerator(seed: 2109)
        let items = Simulation.parameters(model: .twoPL, items: 10, generator: &g)
        let thetas = (0..<1200).map { _ in g.nextNormal() } + (0..<1000).map { _ in 0.5 + 1.2 * g.nextNormal() }
            + (0..<800).map { _ in -0.3 + 0.8 * g.nextNormal() }
        var data = Simulation.responses(items: items, thetas: thetas, generator: &g)
        let labels = [String](repeating: "ref", count: 1200) + [String](repeating: "f1", count: 1000)
            + [String](repeating: "f2", count: 800)
        try Self.compare(data) { $0.groups = try? GroupAssignment(labels: labels, reference: "ref") }
        for i in data.responses.indices where g.nextUniform() < 0.1 { data.responses[i] = ResponseMatrix.missing }
        let freed = data.itemIDs[3]
        try Self.compare(data) { $0.groups = try? GroupAssignment(labels: labels, reference: "ref", freeItems: [freed]) }
    }

    @Test("fixed items: the latent mean and variance are estimated")
    func fixedItems() throws {
        let sim = Simulation.generate(model: .twoPL, persons: 1500, items: 10, seed: 2110)
        var g = SeededGenerator(seed: 2111)
        let thetas = (0..<1500).map { _ in 0.4 + 1.1 * g.nextNormal() }
        let data = Simulation.responses(items: sim.parameters, thetas: thetas, generator: &g)
        try Self.compare(data) { $0.fixedItems = [0: sim.parameters[0], 1: sim.parameters[1], 2: sim.parameters[2]] }
    }

    /// The linear-score path (three moment Grams, 2PL and Rasch with complete data) against the per-node
    /// Grams on the same fit: every covariance entry to 1e−9 relative to its diagonal scale.
    static func compareLinearPath(_ data: ResponseMatrix, _ configure: (inout CalibrationConfiguration) -> Void,
                                  sourceLocation: SourceLocation = #_sourceLocation) throws {
        var cfg = CalibrationConfiguration(model: .twoPL)
        configure(&cfg)
        let collapsed = try Calibrator(configuration: cfg).calibrate(data)
        cfg.louisLinearScores = false
        let perNode = try Calibrator(configuration: cfg).calibrate(data)
        #expect(collapsed.items == perNode.items, sourceLocation: sourceLocation)
        let a = try #require(collapsed.covariance, sourceLocation: sourceLocation)
        let b = try #require(perNode.covariance, sourceLocation: sourceLocation)
        #expect(a.rows == b.rows && a.rows > 0, sourceLocation: sourceLocation)
        var largest = 0.0
        for r in 0..<a.rows {
            for c in 0..<a.rows {
                let scale = (abs(b[r, r]) * abs(b[c, c])).squareRoot()
                if scale.isNaN { continue }
                let difference = abs(a[r, c] - b[r, c]) / scale
                largest = max(largest, difference)
                #expect(difference <= 1e-9, "(\(r), \(c)): \(a[r, c]) vs \(b[r, c])", sourceLocation: sourceLocation)
            }
        }
        print("Louis linear-score vs per-node Grams (\(sourceLocation.line)): largest relative difference \(largest)")
    }

    @Test("2PL and Rasch with complete data: moment Grams equal the per-node Grams")
    func linearScorePath() throws {
        let twoPL = Self.simulate(.twoPL, persons: 1500, items: 12, seed: 2121)
        try Self.compareLinearPath(twoPL) { $0.model = .twoPL }
        let rasch = Self.simulate(.rasch, persons: 1500, items: 12, seed: 2122)
        try Self.compareLinearPath(rasch) { $0.model = .rasch }
        try Self.compareLinearPath(rasch) { $0.model = .rasch; $0.raschSlopeFixed = false }
        // Mixed 2PL and Rasch items in three groups, and with fixed items.
        var g = SeededGenerator(seed: 2123)
        let models: [ItemModel] = [.twoPL, .rasch, .twoPL, .rasch, .twoPL, .twoPL, .rasch, .twoPL, .twoPL, .rasch]
        let items = models.map { Simulation.parameters(model: $0, items: 1, generator: &g)[0] }
        let thetas = (0..<1000).map { _ in g.nextNormal() } + (0..<800).map { _ in 0.4 + 1.2 * g.nextNormal() }
            + (0..<700).map { _ in -0.3 + 0.9 * g.nextNormal() }
        let data = Simulation.responses(items: items, thetas: thetas, generator: &g)
        let labels = [String](repeating: "ref", count: 1000) + [String](repeating: "f1", count: 800)
            + [String](repeating: "f2", count: 700)
        try Self.compareLinearPath(data) {
            $0.itemModels = models
            $0.groups = try? GroupAssignment(labels: labels, reference: "ref")
        }
        try Self.compareLinearPath(data) { $0.itemModels = models; $0.fixedItems = [0: items[0], 1: items[1]] }
    }

    @Test("parameters on a bound are left out as the numerical path leaves them out")
    func bounds() throws {
        // 3PL without a prior on 2PL-like data: several guessing parameters end on c = 0.
        let data = Self.simulate(.twoPL, persons: 1500, items: 10, seed: 2112)
        var cfg = CalibrationConfiguration(model: .threePL)
        cfg.guessingPrior = nil
        cfg.computeStandardErrors = false
        let r = try Calibrator(configuration: cfg).calibrate(data)
        #expect(r.boundedParameters.contains { !$0.isEmpty }, "the test needs at least one parameter on a bound")
        try Self.compare(data) { $0.model = .threePL; $0.guessingPrior = nil }
    }

    @Test("one 2PL item: the information equals its closed form at any (a, d)")
    func closedForm() throws {
        // 300 persons, 110 correct; one item (a, d) = (1.3, −0.4), not the maximum.
        let n1 = 110, n = 300
        let responses = (0..<n).map { $0 < n1 ? UInt8(1) : UInt8(0) }
        let matrix = try ResponseMatrix(personIDs: (0..<n).map { "p\($0)" }, itemIDs: ["i"], responses: responses,
                                        categoryCounts: [2])
        let prepared = try PreparedData(matrix, models: [.twoPL], collapseUnused: false)
        let rule = QuadratureRule.normalGrid(count: 41)
        let engine = EStep(data: prepared, nodes: rule.nodes, threads: 2, blockSize: 64)
        let layout = ParameterLayout(models: [.twoPL], categoryCounts: [2], fixed: [], commonSlope: false,
                                     estimateMean: false, estimateVariance: false)
        let problem = EMProblem(engines: [engine], layout: layout, nodes: rule.nodes, priors: [nil])
        let (a, d) = (1.3, -0.4)
        let state = EMState(items: [ItemParameters(model: .twoPL, discrimination: a, intercepts: [d])], mean: 0, variance: 1)
        let info = try #require(LouisInformation.information(problem: problem, at: state))
        // Closed form.
        let w = problem.logPrior(state).map { exp($0) }
        var pi = 0.0, grad = [0.0, 0.0], hess = [0.0, 0.0, 0.0]
        for (q, t) in rule.nodes.enumerated() {
            let s = 1 / (1 + exp(-(a * t + d))), s1 = s * (1 - s), s2 = s1 * (1 - 2 * s)
            pi += w[q] * s
            grad[0] += w[q] * s1 * t; grad[1] += w[q] * s1
            hess[0] += w[q] * s2 * t * t; hess[1] += w[q] * s2 * t; hess[2] += w[q] * s2
        }
        let f1 = Double(n1), f0 = Double(n - n1)
        let outer = f1 / (pi * pi) + f0 / ((1 - pi) * (1 - pi)), curv = f1 / pi - f0 / (1 - pi)
        let expected = [outer * grad[0] * grad[0] - curv * hess[0], outer * grad[0] * grad[1] - curv * hess[1],
                        outer * grad[1] * grad[1] - curv * hess[2]]
        let got = [info[0, 0], info[0, 1], info[1, 1]]
        for (x, y) in zip(got, expected) { #expect(abs(x - y) <= 1e-9 * max(1, abs(y)), "\(got) vs \(expected)") }
        #expect(abs(info[1, 0] - info[0, 1]) < 1e-12)
    }

    @Test("3PL: the information equals the Hessian of an independent marginal likelihood")
    func oracleHessian() throws {
        let sim = Simulation.generate(model: .threePL, persons: 400, items: 4, seed: 2113)
        let data = sim.data
        let models = [ItemModel](repeating: .threePL, count: 4)
        let prepared = try PreparedData(data, models: models, collapseUnused: false)
        // The oracle's grid: 121 nodes on [−6, 6], normal weights.
        let nodes = (0..<121).map { -6 + 12 * Double($0) / 120 }
        let engine = EStep(data: prepared, nodes: nodes, threads: 2, blockSize: 64)
        let layout = ParameterLayout(models: models, categoryCounts: [2, 2, 2, 2], fixed: [], commonSlope: false,
                                     estimateMean: false, estimateVariance: false)
        let problem = EMProblem(engines: [engine], layout: layout, nodes: nodes, priors: [BetaPrior?](repeating: nil, count: 4))
        let state = EMState(items: sim.parameters, mean: 0, variance: 1)
        let info = try #require(LouisInformation.information(problem: problem, at: state))
        let oracle = MarginalOracle(data, model: .threePL)
        let x0 = layout.pack(state)
        func ll(_ x: [Double]) -> Double {
            var items = [MarginalOracle.Item]()
            for i in 0..<4 {
                let item: MarginalOracle.Item = [x[3 * i], x[3 * i + 1], x[3 * i + 2], 1.0]
                items.append(item)
            }
            return oracle.logLikelihood(items)
        }
        let h = 1e-4
        for r in 0..<x0.count {
            for c in r..<x0.count {
                func at(_ dr: Double, _ dc: Double) -> Double { var v = x0; v[r] += dr; v[c] += dc; return ll(v) }
                let second = (at(h, h) - at(h, -h) - at(-h, h) + at(-h, -h)) / (4 * h * h)
                let scale = max(1, (abs(info[r, r]) * abs(info[c, c])).squareRoot())
                #expect(abs(info[r, c] + second) <= 1e-4 * scale, "(\(r), \(c)): Louis \(info[r, c]), oracle \(-second)")
            }
        }
    }

    @Test("2PL: SE(a) and SE(b) agree with Python mirt's (when a Python with mirt is found)")
    func againstMirt() throws {
        let sim = Simulation.generate(model: .twoPL, persons: 3000, items: 8, seed: 2114)
        let data = sim.data
        var cfg = CalibrationConfiguration(model: .twoPL)
        cfg.tolerance = 1e-6
        let ours = try Calibrator(configuration: cfg).calibrate(data)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("louis-mirt-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: file) }
        let rows = (0..<data.personCount).map { p in
            (0..<data.itemCount).map { String(data.responses[p * data.itemCount + $0]) }.joined(separator: " ")
        }
        try rows.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let script = """
            import numpy as np, mirt
            x = np.loadtxt("\(file.path)", dtype=int)
            r = mirt.fit_mirt(x, model="2PL", n_quadpts=61, tol=1e-6, compute_standard_errors=True)
            se = r.standard_errors
            print(" ".join(repr(float(v)) for v in np.ravel(se["discrimination"])))
            print(" ".join(repr(float(v)) for v in np.ravel(se["difficulty"])))
            """
        guard let output = MirtPython.run(script) else {
            print("LouisInformationTests: no Python with mirt (pip install mirt==1.2.0, or Benchmarks/compare/run.sh); comparison skipped.")
            return
        }
        let lines = output.split(separator: "\n").map { $0.split(separator: " ").compactMap { Double($0) } }
        try #require(lines.count >= 2 && lines[0].count == 8 && lines[1].count == 8, "mirt printed \(output)")
        for i in 0..<8 {
            let named = try #require(ours.namedStandardErrors(item: i))
            let a = try #require(named["a1"]), b = try #require(named["b"])
            // mirt integrates with Gauss–Hermite nodes and its own convergence path: 2 %.
            #expect(abs(a - lines[0][i]) <= 0.02 * lines[0][i], "item \(i + 1) SE(a): ours \(a), mirt \(lines[0][i])")
            #expect(abs(b - lines[1][i]) <= 0.02 * lines[1][i], "item \(i + 1) SE(b): ours \(b), mirt \(lines[1][i])")
        }
    }
}

