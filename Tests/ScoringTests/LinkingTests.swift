import Foundation
import IRTModels
import MathCore
import Scoring
import Testing

@Suite("Scale linking (Kolen & Brennan 2014, ch. 6)")
struct LinkingTests {
    static let truth = ScaleTransformation(slope: 1.3, intercept: -0.4)

    /// Form items of every kind; the bank items are their exact transformation.
    static func exactPairs() -> [CommonItem] {
        var g = SeededGenerator(seed: 314)
        var form: [ItemParameters] = Fixture.twoPL(8, &g)
        form += [.dichotomous(.threePL, discrimination: 1.4, difficulty: 0.3, guessing: 0.2),
                 .graded(discrimination: 1.1, thresholds: [-1.1, 0.2, 1.3]),
                 .partialCredit(discrimination: 0.9, stepDifficulties: [-0.6, 0.9])]
        return form.map { CommonItem(form: $0, bank: truth.transform($0)) }
    }

    @Test("every method recovers A and B from exactly transformed items", arguments: LinkingMethod.allCases)
    func exactRecovery(method: LinkingMethod) throws {
        let result = try ScaleLinking.link(Self.exactPairs(), method: method)
        #expect(abs(result.transformation.slope - 1.3) < 1e-6)
        #expect(abs(result.transformation.intercept + 0.4) < 1e-6)
        #expect(result.commonItemCount == 11)
        #expect(result.converged)
    }

    @Test("under noise Haebara and Stocking–Lord stay within 0.05 of A and B",
          arguments: [LinkingMethod.haebara, .stockingLord])
    func noisyRecovery(method: LinkingMethod) throws {
        var g = SeededGenerator(seed: 99)
        var pairs: [CommonItem] = []
        for _ in 0..<30 {
            let form = ItemParameters.dichotomous(.twoPL, discrimination: 0.8 + 1.2 * g.nextUniform(), difficulty: g.nextNormal())
            let exact = Self.truth.transform(form)
            // Estimation error: multiplicative on a, additive on b.
            let a = exact.discrimination * exp(0.08 * g.nextNormal())
            let b = exact.difficulty + 0.08 * g.nextNormal()
            pairs.append(CommonItem(form: form, bank: .dichotomous(.twoPL, discrimination: a, difficulty: b)))
        }
        let result = try ScaleLinking.link(pairs, method: method)
        #expect(abs(result.transformation.slope - 1.3) < 0.05)
        #expect(abs(result.transformation.intercept + 0.4) < 0.05)
        // The minimum is a minimum: nearby transformations do worse.
        let criterion: (ScaleTransformation) -> Double = method == .haebara
            ? { ScaleLinking.haebaraCriterion(pairs, transformation: $0) }
            : { ScaleLinking.stockingLordCriterion(pairs, transformation: $0) }
        let best = criterion(result.transformation)
        for (dA, dB) in [(0.01, 0.0), (-0.01, 0.0), (0.0, 0.01), (0.0, -0.01)] {
            let t = ScaleTransformation(slope: result.transformation.slope + dA, intercept: result.transformation.intercept + dB)
            #expect(criterion(t) > best)
        }
    }

    @Test("mean/sigma and mean/mean by hand")
    func momentMethodsByHand() throws {
        // b_form = −1, 0, 1 (mean 0, sd √(2/3)); b_bank = −1.5, 0.5, 2.5 (mean 0.5, sd √(8/3)):
        // mean/sigma A = 2, B = 0.5. Slopes 1, 1.5, 2 against 0.5, 0.75, 1: mean/mean A = 1.5/0.75 = 2,
        // B = 0.5 − 2·0 = 0.5.
        let pairs = [
            CommonItem(form: .dichotomous(.twoPL, discrimination: 1, difficulty: -1),
                       bank: .dichotomous(.twoPL, discrimination: 0.5, difficulty: -1.5)),
            CommonItem(form: .dichotomous(.twoPL, discrimination: 1.5, difficulty: 0),
                       bank: .dichotomous(.twoPL, discrimination: 0.75, difficulty: 0.5)),
            CommonItem(form: .dichotomous(.twoPL, discrimination: 2, difficulty: 1),
                       bank: .dichotomous(.twoPL, discrimination: 1, difficulty: 2.5)),
        ]
        let sigma = try ScaleLinking.link(pairs, method: .meanSigma).transformation
        #expect(abs(sigma.slope - 2) < 1e-12 && abs(sigma.intercept - 0.5) < 1e-12)
        let mean = try ScaleLinking.link(pairs, method: .meanMean).transformation
        #expect(abs(mean.slope - 2) < 1e-12 && abs(mean.intercept - 0.5) < 1e-12)

        // Unequal spreads: b_form = 0, 1, 3 (mean 4/3, sd √(14/9)); b_bank = 1, 2, 2 (mean 5/3, sd √(2/9)).
        let uneven = zip([0.0, 1, 3], [1.0, 2, 2]).map {
            CommonItem(form: .dichotomous(.twoPL, discrimination: 1, difficulty: $0.0),
                       bank: .dichotomous(.twoPL, discrimination: 1, difficulty: $0.1))
        }
        let t = try ScaleLinking.link(uneven, method: .meanSigma).transformation
        let a = (2.0 / 14).squareRoot()
        #expect(abs(t.slope - a) < 1e-12)
        #expect(abs(t.intercept - (5.0 / 3 - a * 4 / 3)) < 1e-12)
    }

    @Test("the transformation keeps every category probability: P*(Aθ + B) = P(θ)", arguments: Fixture.everyModel)
    func transformationInvariance(item: ItemParameters) {
        let t = ScaleTransformation(slope: 0.8, intercept: 0.6)
        let moved = t.transform(item)
        #expect(moved.guessing == item.guessing && moved.upperAsymptote == item.upperAsymptote)
        #expect(abs(moved.discrimination - item.discrimination / 0.8) < 1e-12)
        for theta in [-2.0, 0, 1.3] {
            for (p, q) in zip(item.probabilities(at: theta), moved.probabilities(at: t.theta(theta))) {
                #expect(abs(p - q) < 1e-12)
            }
        }
        for (b, bStar) in zip(item.thresholds, moved.thresholds) { #expect(abs(bStar - (0.8 * b + 0.6)) < 1e-12) }
    }

    @Test("no common items, mismatched categories and no spread are errors")
    func errors() {
        #expect(throws: LinkingError.self) { try ScaleLinking.link([], method: .stockingLord) }
        let mismatch = CommonItem(form: .dichotomous(.twoPL, discrimination: 1, difficulty: 0),
                                  bank: .graded(discrimination: 1, thresholds: [-1, 1]))
        #expect(throws: LinkingError.self) { try ScaleLinking.link([mismatch], method: .haebara) }
        let models = CommonItem(form: .graded(discrimination: 1, thresholds: [-1, 1]),
                                bank: .partialCredit(discrimination: 1, stepDifficulties: [-1, 1]))
        #expect(throws: LinkingError.self) { try ScaleLinking.link([models], method: .meanMean) }
        let same = CommonItem(form: .dichotomous(.twoPL, discrimination: 1, difficulty: 0.5),
                              bank: .dichotomous(.twoPL, discrimination: 1, difficulty: 0.5))
        #expect(throws: LinkingError.self) { try ScaleLinking.link([same, same], method: .meanSigma) }
        #expect((try? ScaleLinking.link([same, same], method: .meanMean)) != nil)
    }
}
