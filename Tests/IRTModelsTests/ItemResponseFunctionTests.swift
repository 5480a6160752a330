import Foundation
import Testing
@testable import IRTModels

/// Closed forms and finite-difference checks of the item response functions.
@Suite("Item response functions")
struct ItemResponseFunctionTests {
    static let models: [ItemParameters] = [
        ItemParameters(model: .rasch, discrimination: 1, intercepts: [0.4]),
        .dichotomous(.twoPL, discrimination: 1.3, difficulty: -0.5),
        .dichotomous(.threePL, discrimination: 1.7, difficulty: 0.3, guessing: 0.2),
        .dichotomous(.fourPL, discrimination: 1.1, difficulty: 0.1, guessing: 0.15, upperAsymptote: 0.92),
        .graded(discrimination: 1.4, thresholds: [-1.2, -0.1, 0.8, 1.9]),
        .partialCredit(discrimination: 0.9, stepDifficulties: [-0.6, 0.9, 0.2]),
    ]

    @Test("2PL probability is the logistic of a·θ + d")
    func twoPLClosedForm() {
        let item = ItemParameters.dichotomous(.twoPL, discrimination: 1.5, difficulty: 0.4)
        for theta in [-3.0, -0.2, 0.4, 2.5] {
            let expected = 1 / (1 + exp(-1.5 * (theta - 0.4)))
            #expect(abs(item.probabilities(at: theta)[1] - expected) < 1e-14)
        }
        #expect(abs(item.probabilities(at: 0.4)[1] - 0.5) < 1e-15)
    }

    @Test("3PL and 4PL asymptotes: P → c at −∞ and → u at +∞; P(b) = (c + u)/2")
    func asymptotes() {
        let item = ItemParameters.dichotomous(.fourPL, discrimination: 2, difficulty: 0.5, guessing: 0.2, upperAsymptote: 0.9)
        #expect(abs(item.probabilities(at: -40)[1] - 0.2) < 1e-12)
        #expect(abs(item.probabilities(at: 40)[1] - 0.9) < 1e-12)
        #expect(abs(item.probabilities(at: 0.5)[1] - 0.55) < 1e-14)
    }

    @Test("Graded model: category probabilities are differences of cumulative logistics")
    func gradedClosedForm() {
        let item = ItemParameters.graded(discrimination: 1.2, thresholds: [-1, 0.5])
        let theta = 0.3
        let s1 = 1 / (1 + exp(-1.2 * (theta + 1))), s2 = 1 / (1 + exp(-1.2 * (theta - 0.5)))
        let p = item.probabilities(at: theta)
        #expect(abs(p[0] - (1 - s1)) < 1e-14)
        #expect(abs(p[1] - (s1 - s2)) < 1e-14)
        #expect(abs(p[2] - s2) < 1e-14)
    }

    @Test("GPCM: adjacent-category log-odds are a(θ − b_v)")
    func gpcmClosedForm() {
        let item = ItemParameters.partialCredit(discrimination: 0.8, stepDifficulties: [-0.5, 1.0])
        let theta = 0.2
        let p = item.probabilities(at: theta)
        #expect(abs(log(p[1] / p[0]) - 0.8 * (theta + 0.5)) < 1e-12)
        #expect(abs(log(p[2] / p[1]) - 0.8 * (theta - 1.0)) < 1e-12)
    }

    @Test("Probabilities sum to 1 and stay finite at |θ| = 800", arguments: models)
    func normalised(item: ItemParameters) {
        for theta in [-800.0, -6, 0, 6, 800] {
            let lp = item.logProbabilities(at: theta)
            #expect(lp.allSatisfy { !$0.isNaN })
            let s = lp.reduce(0) { $0 + exp($1) }
            #expect(abs(s - 1) < 1e-12)
        }
    }

    @Test("∂P/∂θ and ∂P/∂β agree with central finite differences", arguments: models)
    func derivatives(item: ItemParameters) {
        let h = 1e-6
        for theta in [-2.0, -0.3, 0.7, 2.2] {
            let d = item.derivatives(at: theta)
            let pp = item.probabilities(at: theta + h), pm = item.probabilities(at: theta - h)
            for k in 0..<item.categoryCount {
                #expect(abs(d.dTheta[k] - (pp[k] - pm[k]) / (2 * h)) < 1e-7)
            }
            let x = item.freeParameters
            for i in 0..<x.count {
                var xp = x, xm = x
                xp[i] += h; xm[i] -= h
                let qp = item.with(freeParameters: xp).probabilities(at: theta)
                let qm = item.with(freeParameters: xm).probabilities(at: theta)
                for k in 0..<item.categoryCount {
                    #expect(abs(d.dParameters[k][i] - (qp[k] - qm[k]) / (2 * h)) < 1e-7,
                            "\(item.model) parameter \(item.parameterNames[i]) category \(k)")
                }
            }
        }
    }

    @Test("Information: 2PL a²PQ and 3PL a²(P − c)²Q / ((1 − c)²P) (Lord 1980, eq. 5-9)")
    func informationClosedForms() {
        let two = ItemParameters.dichotomous(.twoPL, discrimination: 1.6, difficulty: 0.2)
        let three = ItemParameters.dichotomous(.threePL, discrimination: 1.6, difficulty: 0.2, guessing: 0.25)
        for theta in [-2.0, 0.2, 1.5] {
            let p = two.probabilities(at: theta)[1]
            #expect(abs(two.information(at: theta) - 1.6 * 1.6 * p * (1 - p)) < 1e-12)
            let p3 = three.probabilities(at: theta)[1]
            let expected = 1.6 * 1.6 * pow(p3 - 0.25, 2) * (1 - p3) / (pow(0.75, 2) * p3)
            #expect(abs(three.information(at: theta) - expected) < 1e-12)
        }
    }

    @Test("GPCM information equals a² times the conditional variance of the score (Muraki 1993)")
    func gpcmInformation() {
        let item = ItemParameters.partialCredit(discrimination: 1.3, stepDifficulties: [-0.4, 0.3, 1.1])
        for theta in [-1.0, 0.5] {
            let p = item.probabilities(at: theta)
            let mean = p.enumerated().reduce(0) { $0 + Double($1.offset) * $1.element }
            let variance = p.enumerated().reduce(0) { $0 + pow(Double($1.offset) - mean, 2) * $1.element }
            #expect(abs(item.information(at: theta) - 1.69 * variance) < 1e-12)
        }
    }

    @Test("IRT and slope/intercept forms round-trip: b = −d/a, d_k = −a·b_k")
    func parameterisations() {
        let g = ItemParameters.graded(discrimination: 2, thresholds: [-1, 0, 1.5])
        #expect(g.intercepts == [2, 0, -3])
        #expect(g.thresholds == [-1, 0, 1.5])
        #expect(g.isValid)
        var bad = g
        bad.intercepts = [0, 1, -1]
        #expect(!bad.isValid)
    }
}
