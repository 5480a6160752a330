import Foundation
import IRTModels
import ItemBanking
import MathCore
import MentorCertTestSupport
import ResponseData
import Scoring
import Testing
@testable import Reliability

/// The classification indices against what a simulation achieves when the true θ are known
/// (issue 18): 5,000 candidates, the estimate within 0.02 or 3 binomial SEs of the achieved share.
@Suite("Classification indices recover the simulated truth (release study)", .tags(.recovery), .releaseStudy)
struct ClassificationRecoveryStudy {
    static let candidates = 5_000
    static let cuts = [-0.5, 0.5, 1.4]

    /// A 40-item fixed form: 2PL and 3PL items spread over the scale.
    static func form() -> ParameterSet {
        var g = SeededGenerator(seed: 2026)
        let items = (0..<40).map { j -> ParameterSet.Item in
            let a = 0.8 + 1.0 * g.nextUniform()
            let b = -2 + 4 * Double(j) / 39
            let p: IRTModels.ItemParameters = j % 3 == 0
                ? .dichotomous(.threePL, discrimination: a, difficulty: b, guessing: 0.15)
                : .dichotomous(.twoPL, discrimination: a, difficulty: b)
            return ParameterSet.Item(id: String(format: "I%02d", j + 1), parameters: p)
        }
        return ParameterSet(items: items)
    }

    static func level(_ x: Double, _ cuts: [Double]) -> Int { cuts.reduce(0) { $0 + (x >= $1 ? 1 : 0) } }

    /// |estimate − achieved| within 0.02 or three binomial standard errors of the achieved share.
    static func close(_ estimate: Double, _ achieved: Double, n: Int = candidates) -> Bool {
        let se = (achieved * (1 - achieved) / Double(n)).squareRoot()
        return abs(estimate - achieved) <= max(0.02, 3 * se)
    }

    @Test("Rudner, Lee and Livingston–Lewis on a fixed form: accuracy and consistency per cut and over the levels")
    func fixedForm() throws {
        let set = Self.form()
        var g = SeededGenerator(seed: 99)
        let thetas = (0..<Self.candidates).map { _ in g.nextNormal() }
        let first = Simulation.responses(from: set, thetas: thetas, generator: &g)
        let second = Simulation.responses(from: set, thetas: thetas, generator: &g)
        let model = try ReliabilityModel(parameterSet: set, cuts: Self.cuts)
        let report = try ReliabilityAnalysis.run(responses: first, model: model)
        let rudner = try #require(report.classification)
        let lee = try #require(report.leeClassification)
        let ll = try #require(report.livingstonLewisClassification)

        // Rudner: WLE category (the final estimator) against the true category; consistency against a retest.
        let scorer = PersonScorer(items: set.items.map(\.parameters), method: .wle)
        let w1 = try scorer.scoreAll(responses: first.responses, itemCount: first.itemCount).map { $0.theta ?? 0 }
        let w2 = try scorer.scoreAll(responses: second.responses, itemCount: second.itemCount).map { $0.theta ?? 0 }
        // Summed scores for Lee and Livingston–Lewis.
        let j = first.itemCount
        let s1 = (0..<Self.candidates).map { p in (0..<j).reduce(0) { $0 + Int(first.responses[p * j + $1]) } }
        let s2 = (0..<Self.candidates).map { p in (0..<j).reduce(0) { $0 + Int(second.responses[p * j + $1]) } }
        let scoreCuts = try #require(lee.cuts.map(\.summedScoreCut) as? [Int])
        let n = Double(Self.candidates)

        func check(_ name: String, _ method: ClassificationReport, observed1: [Double], observed2: [Double], cuts: [Double]) {
            for (c, cut) in method.cuts.enumerated() {
                let truth = thetas.map { $0 >= Self.cuts[c] }
                let pass1 = observed1.map { $0 >= cuts[c] }, pass2 = observed2.map { $0 >= cuts[c] }
                let accuracy = Double(zip(truth, pass1).filter { $0 == $1 }.count) / n
                let consistency = Double(zip(pass1, pass2).filter { $0 == $1 }.count) / n
                let falsePass = Double(zip(truth, pass1).filter { !$0 && $1 }.count) / n
                #expect(Self.close(cut.accuracy, accuracy), "\(name) \(cut.level): accuracy \(cut.accuracy) vs achieved \(accuracy)")
                #expect(Self.close(cut.consistency, consistency), "\(name) \(cut.level): consistency \(cut.consistency) vs achieved \(consistency)")
                #expect(Self.close(cut.falsePass, falsePass), "\(name) \(cut.level): false pass \(cut.falsePass) vs achieved \(falsePass)")
            }
            let levels1 = observed1.map { Self.level($0, cuts) }, levels2 = observed2.map { Self.level($0, cuts) }
            let accuracy = Double(zip(thetas.map { Self.level($0, Self.cuts) }, levels1).filter { $0 == $1 }.count) / n
            let consistency = Double(zip(levels1, levels2).filter { $0 == $1 }.count) / n
            #expect(Self.close(method.levels.accuracy, accuracy), "\(name) levels: accuracy \(method.levels.accuracy) vs achieved \(accuracy)")
            #expect(Self.close(method.levels.consistency, consistency), "\(name) levels: consistency \(method.levels.consistency) vs achieved \(consistency)")
        }
        check("rudner", rudner, observed1: w1, observed2: w2, cuts: Self.cuts)
        let summedCuts = scoreCuts.map(Double.init)
        check("lee", lee, observed1: s1.map(Double.init), observed2: s2.map(Double.init), cuts: summedCuts)
        check("livingston-lewis", ll, observed1: s1.map(Double.init), observed2: s2.map(Double.init), cuts: summedCuts)
    }

    @Test("the adaptive exam of the bundled bank: Rudner's accuracy on the simulated θ̂ and SE vs the accuracy achieved")
    func adaptive() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let validation = ItemBank.validate(directory: root.appendingPathComponent("itembanks/mentorcert").path)
        let bank = try #require(validation.bank)
        let model = try ReliabilityModel(bank: bank)
        // The responses only feed the classical part here; the adaptive figures come from the simulation.
        var g = SeededGenerator(seed: 5)
        let set = try #require(try bank.parameterSet())
        let responses = Simulation.responses(from: set, thetas: (0..<50).map { _ in g.nextNormal() }, generator: &g)
        let report = try ReliabilityAnalysis.run(responses: responses, model: model,
                                                 options: ReliabilityOptions(simulatedExaminees: Self.candidates, seed: 17))
        let adaptive = try #require(report.adaptive)
        let estimated = try #require(adaptive.classification)
        let achieved = try #require(adaptive.achievedClassification)
        for (e, a) in zip(estimated.cuts, achieved.cuts) {
            #expect(Self.close(e.accuracy, a.accuracy), "\(e.level): Rudner \(e.accuracy) vs achieved \(a.accuracy)")
            #expect(Self.close(e.falsePass, a.falsePass), "\(e.level): false pass \(e.falsePass) vs \(a.falsePass)")
            #expect(Self.close(e.falseFail, a.falseFail), "\(e.level): false fail \(e.falseFail) vs \(a.falseFail)")
        }
        #expect(Self.close(estimated.levels.accuracy, achieved.levels), "levels: Rudner \(estimated.levels.accuracy) vs achieved \(achieved.levels)")
        // The simulation's empirical reliability against the true-score reliability it achieved.
        let empirical = try #require(adaptive.empiricalReliability), truth = try #require(adaptive.trueScoreReliability)
        #expect(abs(empirical - truth) < 0.02, "empirical \(empirical) vs cor(θ̂, θ)² \(truth)")
    }
}
