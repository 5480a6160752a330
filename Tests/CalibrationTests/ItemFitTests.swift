import Testing
import IRTModels
import MathCore
import ResponseData
@testable import Calibration
#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

@Suite("Item fit: S-X² and mean squares")
struct ItemFitTests {
    /// Calibrates a 2PL without standard errors.
    private func calibrate2PL(_ data: ResponseMatrix) throws -> CalibrationResult {
        var cfg = CalibrationConfiguration(model: .twoPL)
        cfg.computeStandardErrors = false
        return try Calibrator(configuration: cfg).calibrate(data)
    }

    @Test("S-X² on data from the fitted 2PL model: few items significant at .05 (2,000 × 20)")
    func wellFitting() throws {
        let sim = Simulation.generate(model: .twoPL, persons: 2000, items: 20, seed: 2024)
        let result = try calibrate2PL(sim.data)
        let fit = try ItemFit.sx2(calibration: result, data: sim.data)
        #expect(fit.count == 20)
        let significant = fit.filter { ($0.p ?? 1) < 0.05 }.count
        print("S-X² well-fitting: \(significant)/20 with p < .05; p = \(fit.map { $0.p ?? -1 })")
        #expect(fit.allSatisfy { $0.sx2 != nil && $0.df != nil && ($0.df ?? 0) > 0 })
        #expect(Double(significant) / 20 < 0.15)
        #expect(fit.allSatisfy { ($0.rmsea ?? 1) < 0.05 })
    }

    @Test("S-X² flags a 3PL item with c = 0.35 and a non-monotone item fitted by the 2PL")
    func misfittingItems() throws {
        var g = SeededGenerator(seed: 77)
        let items = Simulation.parameters(model: .twoPL, items: 20, generator: &g)
        let thetas = (0..<2000).map { _ in g.nextNormal() }
        var data = Simulation.responses(items: items, thetas: thetas, generator: &g)
        let guessing = ItemParameters.dichotomous(.threePL, discrimination: 2.0, difficulty: 1.0, guessing: 0.35)
        for p in 0..<thetas.count {
            data.responses[p * 20 + 0] = Simulation.response(guessing, theta: thetas[p], generator: &g)
            // Non-monotone: most likely correct in the middle of the scale.
            let pMid = Logistic.logistic(1.0 - 1.5 * thetas[p] * thetas[p])
            data.responses[p * 20 + 1] = g.nextUniform() < pMid ? 1 : 0
        }
        let result = try calibrate2PL(data)
        let fit = try ItemFit.sx2(calibration: result, data: data)
        print("S-X² 3PL item: \(fit[0]); non-monotone item: \(fit[1])")
        #expect((fit[0].p ?? 1) < 0.001)
        #expect((fit[1].p ?? 1) < 0.001)
        let others = fit[2...].filter { ($0.p ?? 1) < 0.05 }.count
        #expect(others <= 4)
    }

    @Test("degrees of freedom on a hand-checkable case: two 2PL items and one 3-category graded item")
    func degreesOfFreedom() throws {
        // Summed scores 0…4; groups s = 1, 2, 3 after dropping the extremes. With 20,000 persons no
        // cell is below 1, so nothing is collapsed.
        // 2PL items: 3 groups × (2 − 1) − 2 parameters = 1.
        // Graded item: 3 × 3 cells minus 2 impossible ones (category 2 at s = 1, category 0 at s = 3,
        // since the two 2PL items total at most 2) = 7 cells; 7 − 3 groups − 3 parameters = 1.
        let items: [ItemParameters] = [
            .dichotomous(.twoPL, discrimination: 1.2, difficulty: -0.3),
            .dichotomous(.twoPL, discrimination: 0.9, difficulty: 0.4),
            .graded(discrimination: 1.5, thresholds: [-0.6, 0.7]),
        ]
        var g = SeededGenerator(seed: 5)
        let thetas = (0..<20_000).map { _ in g.nextNormal() }
        let data = Simulation.responses(items: items, thetas: thetas, generator: &g)
        let fit = try ItemFit.sx2(items: items, data: data)
        let tables = try ItemFit.sx2Tables(items: items, data: data)
        #expect(tables.map { $0.groupLowerScores } == [[1, 2, 3], [1, 2, 3], [1, 2, 3]])
        #expect(fit.map { $0.df } == [1, 1, 1])
        #expect(tables[2].expected[0][2] == 0)
        #expect(tables[2].expected[2][0] == 0)
        #expect(fit.allSatisfy { $0.sx2Persons == 20_000 })
        // True parameters, so the p-values are uniform; none should be extreme.
        #expect(fit.allSatisfy { ($0.p ?? 0) > 0.001 })
    }

    @Test("expected proportions sum to 1 in every score group (mixed dichotomous and polytomous)")
    func expectedProportionsSumToOne() throws {
        let items: [ItemParameters] = [
            .dichotomous(.threePL, discrimination: 1.3, difficulty: 0.2, guessing: 0.2),
            .graded(discrimination: 1.1, thresholds: [-1, 0, 1.2]),
            .partialCredit(discrimination: 0.8, stepDifficulties: [0.5, -0.2]),
            .dichotomous(.rasch, discrimination: 1, difficulty: -0.7),
        ]
        for j in 0..<items.count {
            let e = try ItemFit.expectedProportions(items: items, item: j, latentMean: 0.3, latentVariance: 1.4)
            #expect(e.count == 1 + 1 + 3 + 2 + 1)
            for row in e { #expect(abs(row.reduce(0, +) - 1) < 1e-12) }
            // At score 0 only category 0 is possible.
            #expect(abs(e[0][0] - 1) < 1e-12)
        }
    }

    @Test("collapsing follows mirt: first group into the second, last into the one before, inner into the smaller neighbour")
    func collapsingRule() throws {
        typealias G = (lo: Int, hi: Int, o: [Double], e: [Double])
        let groups: [G] = [
            (1, 1, [2, 0], [1.5, 0.5]),     // small expected → into group 2
            (2, 2, [5, 3], [4.5, 3.5]),
            (3, 3, [0, 0], [0.2, 0.1]),     // nobody observed → dropped
            (4, 4, [6, 6], [6.2, 5.8]),
            (5, 5, [1, 2], [0.8, 2.2]),     // inner small: neighbours have 12 and (6 + 7) 11 persons → into 6–7
            (6, 6, [3, 7], [3.1, 6.9]),
            (7, 7, [0, 1], [0.4, 0.6]),     // a single person → into the group before
        ]
        let out = ItemFit.collapse(groups, minimum: 1)
        #expect(out.map(\.lo) == [1, 4, 5])
        #expect(out.map(\.hi) == [2, 4, 7])
        #expect(out[0].o == [7, 3])
        #expect(out[2].o == [4, 10])
        #expect(abs(out[2].e[0] - 4.3) < 1e-12)
    }

    @Test("S-X² needs complete cases: persons with a missing response are left out and said so")
    func completeCases() throws {
        let sim = Simulation.generate(model: .twoPL, persons: 300, items: 6, seed: 3)
        var data = sim.data
        for p in 0..<50 { data.responses[p * 6 + p % 6] = ResponseMatrix.missing }
        let fit = try ItemFit.sx2(items: sim.parameters, data: data)
        #expect(fit.allSatisfy { $0.sx2Persons == 250 })
        #expect(fit[0].warnings.contains { $0.contains("250 of 300") })
    }

    @Test("infit/outfit ≈ 1 for Rasch data and > 1.3 for a noisy item")
    func meanSquares() throws {
        var g = SeededGenerator(seed: 99)
        let items = Simulation.parameters(model: .rasch, items: 20, generator: &g)
        let thetas = (0..<2000).map { _ in g.nextNormal() }
        var data = Simulation.responses(items: items, thetas: thetas, generator: &g)
        // Item 0 is scored as a Rasch item at b = 1.5 but answered at random (coin flips).
        var scored = items
        scored[0] = .dichotomous(.rasch, discrimination: 1, difficulty: 1.5)
        for p in 0..<thetas.count { data.responses[p * 20] = g.nextUniform() < 0.5 ? 1 : 0 }
        let ms = try ItemFit.raschMeanSquares(items: scored, data: data, thetas: thetas)
        print("noisy item: \(ms[0])")
        #expect((ms[0].outfit ?? 0) > 1.3)
        #expect((ms[0].infit ?? 0) > 1.3)
        #expect((ms[0].infitZ ?? 0) > 3)
        for st in ms[1...] {
            #expect(abs((st.infit ?? 0) - 1) < 0.1)
            #expect(abs((st.outfit ?? 0) - 1) < 0.2)
            #expect(abs(st.infitZ ?? 99) < 4)
        }
        // The same with WLE person estimates (DECISIONS §7), as the CLI computes them.
        let wle = try ItemFit.raschMeanSquares(items: scored, data: data)
        print("WLE mean squares: infit \(wle.map { $0.infit ?? -1 }), outfit \(wle.map { $0.outfit ?? -1 })")
        #expect((wle[0].outfit ?? 0) > 1.3)
        #expect((wle[0].infit ?? 0) > 1.3)
        for st in wle[1...] {
            #expect(abs((st.infit ?? 0) - 1) < 0.15)
            #expect(abs((st.outfit ?? 0) - 1) < 0.25)
        }
        let combined = try ItemFit.statistics(items: scored, data: data, thetas: thetas)
        #expect(combined[0].infit == ms[0].infit)
        #expect(combined[0].sx2 != nil)
    }

    @Test("infit/outfit by hand: 3 persons × 2 Rasch items")
    func meanSquaresByHand() throws {
        // Rasch: z² = exp(−(θ − b)) for x = 1 and exp(θ − b) for x = 0; W = P(1 − P).
        // Item 1 (b = 0): θ = −0.5, 0.5, 1.0; x = 1, 0, 1
        //   z² = e^{0.5}, e^{0.5}, e^{−1} = 1.648721, 1.648721, 0.367879 → outfit = 3.665321 / 3 = 1.221774
        //   P = 0.377541, 0.622459, 0.731059; (x − P)² = 0.387455, 0.387455, 0.072329 (sum 0.847239)
        //   W = 0.235004, 0.235004, 0.196612 (sum 0.666620) → infit = 1.270951
        // Item 2 (b = 1): x = 0, 1, 0
        //   z² = e^{−1.5}, e^{0.5}, e^{0} = 0.223130, 1.648721, 1 → outfit = 0.957284
        //   P = 0.182426, 0.377541, 0.5; (x − P)² = 0.033279, 0.387455, 0.25 (sum 0.670734)
        //   W = 0.149146, 0.235004, 0.25 (sum 0.634150) → infit = 1.057691
        // ZSTD (Wilson–Hilferty with C = P Q (Q³ + P³)): item 1 outfit 0.632193, infit 0.760565;
        // item 2 outfit 0.115595, infit 0.274990.
        let items: [ItemParameters] = [
            .dichotomous(.rasch, discrimination: 1, difficulty: 0),
            .dichotomous(.rasch, discrimination: 1, difficulty: 1),
        ]
        let data = try ResponseMatrix(personIDs: ["a", "b", "c"], itemIDs: ["I1", "I2"],
                                  responses: [1, 0, 0, 1, 1, 0], categoryCounts: [2, 2])
        let ms = try ItemFit.raschMeanSquares(items: items, data: data, thetas: [-0.5, 0.5, 1.0])
        let expected: [(Double, Double, Double, Double)] = [
            (1.221774, 1.270951, 0.632193, 0.760565), (0.957284, 1.057691, 0.115595, 0.274990),
        ]
        for j in 0..<2 {
            #expect(abs((ms[j].outfit ?? 0) - expected[j].0) < 1e-6)
            #expect(abs((ms[j].infit ?? 0) - expected[j].1) < 1e-6)
            #expect(abs((ms[j].outfitZ ?? 0) - expected[j].2) < 1e-6)
            #expect(abs((ms[j].infitZ ?? 0) - expected[j].3) < 1e-6)
            #expect(ms[j].meanSquareResponses == 3)
        }
    }

    @Test("extreme-score persons are left out of the mean squares")
    func extremePersons() throws {
        let items: [ItemParameters] = [
            .dichotomous(.rasch, discrimination: 1, difficulty: 0),
            .dichotomous(.rasch, discrimination: 1, difficulty: 1),
        ]
        let data = try ResponseMatrix(personIDs: ["a", "b", "c", "d"], itemIDs: ["I1", "I2"],
                                  responses: [1, 0, 0, 1, 1, 0, 1, 1], categoryCounts: [2, 2])
        let ms = try ItemFit.raschMeanSquares(items: items, data: data, thetas: [-0.5, 0.5, 1.0, 6])
        #expect(ms[0].meanSquareResponses == 3)
        #expect(abs((ms[0].outfit ?? 0) - 1.221774) < 1e-6)
        #expect(ms[0].warnings.contains { $0.contains("extreme") })
    }
}

/// Items, responses and person estimates that do not fit each other are a typed error (issue 14).
@Suite struct ItemFitInputTests {
    let items: [ItemParameters] = [.dichotomous(.twoPL, discrimination: 1, difficulty: 0),
                                   .dichotomous(.twoPL, discrimination: 1.3, difficulty: 0.4)]

    func kind(_ body: () throws(CalibrationError) -> Void) -> CalibrationError.Kind? {
        do { try body(); return nil } catch { return error.kind }
    }

    @Test("more items than response columns, θ per person, an item index, invalid parameters")
    func mismatches() throws {
        let data = try ResponseMatrix(personIDs: ["a", "b"], itemIDs: ["I1"], responses: [1, 0], categoryCounts: [2])
        let one = try ResponseMatrix(personIDs: ["a", "b"], itemIDs: ["I1", "I2"], responses: [1, 0, 0, 1], categoryCounts: [2, 2])
        #expect(kind { () throws(CalibrationError) in _ = try ItemFit.sx2(items: items, data: data) }
            == .mismatchedInput(reason: "2 items for 1 response columns"))
        #expect(kind { () throws(CalibrationError) in _ = try ItemFit.raschMeanSquares(items: items, data: one, thetas: [0]) }
            == .mismatchedInput(reason: "1 θ values for 2 persons"))
        #expect(kind { () throws(CalibrationError) in _ = try ItemFit.expectedProportions(items: items, item: 5) }
            == .mismatchedInput(reason: "item 5 is not one of the 2 items"))
        var invalid = items
        invalid[1].discrimination = .nan
        #expect(kind { () throws(CalibrationError) in _ = try ItemFit.raschMeanSquares(items: invalid, data: one) }
            == .mismatchedInput(reason: "item I2 has invalid parameters"))
        let e = CalibrationError(.mismatchedInput(reason: "x"))
        #expect(e.description.contains("one item per response column"))
    }
}
