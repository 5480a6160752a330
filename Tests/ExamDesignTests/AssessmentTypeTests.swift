import Foundation
import Testing
import AdaptiveTesting
import ItemBanking
import IRTModels
import MathCore
@testable import ExamDesign

/// The bundled bank with settings of its own for the entry and continuing assessments and a tourism
/// module (in memory: the bundled bank's files and hash stay as they are).
func programmeBank() throws -> ItemBank {
    var bank = try bundledBank()
    let oneEach = Dictionary(uniqueKeysWithValues: bank.manifest.blueprint.sections.map { ($0.id, SectionBounds(minItems: 1, maxItems: 3)) })
    bank.manifest.assessments = AssessmentTypes(
        entry: AssessmentSettings(minLength: 10, maxLength: 14, targetSE: 0.2, sections: oneEach),
        continuing: AssessmentSettings(minLength: 16, maxLength: 20, stop: .classification, use: ["continuing"],
                                       sections: oneEach))
    bank.manifest.sectorModules = [SectorModule(id: "tourism", title: "Tourism sector", sector: "tourism", cut: 0.2, maxSE: 0.9)]
    return bank
}

@Suite("Assessment types and sector modules on the bundled bank")
struct AssessmentTypeTests {
    /// Each type's simulated exams keep its own lengths and section bounds; the continuing pool holds
    /// only items tagged for it; entry gives the self-assessment items on top of its length.
    @Test func simulatedTypesKeepTheirSettings() throws {
        let bank = try programmeBank()
        var lengths: [AssessmentType: [Int]] = [:]
        for type in AssessmentType.allCases {
            let plan = bank.manifest.assessment(type)
            let pool = try ItemPool(bank: bank, selection: PoolSelection(plan: plan))
            let engine = try AdaptiveEngine(pool: pool, settings: AdaptiveSettings(bank: bank, plan: plan))
            let outcomes = try SimulationStudy(engine: engine, examinees: 40, seed: 21).run(maxConcurrency: 1)
            let report = SimulationReport(outcomes: outcomes, pool: pool)
            #expect(report.sectionViolations == 0, "\(type)")
            for o in outcomes {
                let length = o.result.length
                // The maximum always holds; the minimum unless the restricted pool ran out.
                #expect(length <= plan.exam.maxLength)
                #expect(length >= plan.exam.minLength || o.result.stopReason == .poolExhausted, "\(type)")
                #expect(o.result.items.filter { !$0.scored }.count == (type == .entry ? 6 : 0) + o.result.items.filter {
                    pool.items[$0.poolIndex].role == .pretest }.count)
            }
            if type == .continuing {
                let given = Set(outcomes.flatMap { $0.result.items.map(\.itemId) })
                #expect(given.allSatisfy { bank.item($0)?.tags.use.contains("continuing") == true })
                #expect(AdaptiveSettings(bank: bank, plan: plan).stop == .classification(confidence: 0.95))
            }
            lengths[type] = outcomes.map(\.result.length)
        }
        let mean = { (xs: [Int]) in Double(xs.reduce(0, +)) / Double(xs.count) }
        #expect(mean(lengths[.entry] ?? []) <= 14 && mean(lengths[.final] ?? []) >= 30)
        // Without settings a type is the bank's exam: final = the bank's settings and whole scored pool.
        let final = bank.manifest.assessment(.final)
        #expect(AdaptiveSettings(bank: bank, plan: final) == AdaptiveSettings(bank: bank))
        #expect(try ItemPool(bank: bank, selection: PoolSelection(plan: final)).items.map(\.id) == (try ItemPool(bank: bank)).items.map(\.id))
    }

    /// The tourism label is the EAP of the scored tourism items given, under the bank's N(0, 1), computed
    /// here by an independent quadrature (801 equally spaced nodes on [−8, 8], the 2PL/GRM/GPCM
    /// probabilities from the items' own parameters); the label follows the cut and maxSE; the level and
    /// the pass are those of the result without modules.
    @Test func sectorLabelIsAnIndependentEAP() throws {
        let bank = try programmeBank()
        var plain = bank
        plain.manifest.sectorModules = nil
        let engine = try AdaptiveEngine(pool: try ItemPool(bank: bank), settings: AdaptiveSettings(bank: bank))
        let plainEngine = try AdaptiveEngine(pool: try ItemPool(bank: plain), settings: AdaptiveSettings(bank: plain))
        var checked = 0
        for c in 0..<12 {
            var answers = SeededGenerator(seed: UInt64(500 + c))
            let theta = -1.5 + Double(c) * 0.25
            let state = engine.simulateCandidate(theta: theta, generator: SeededGenerator(seed: UInt64(c)), answers: &answers)
            let result = engine.result(state)
            var answers2 = SeededGenerator(seed: UInt64(500 + c))
            #expect(plainEngine.result(plainEngine.simulateCandidate(theta: theta, generator: SeededGenerator(seed: UInt64(c)),
                                                                      answers: &answers2)) == result)
            let label = try #require(SectorModuleResult.evaluate(bank: bank, administered: result.items).first)
            let tourism = result.items.filter { $0.scored && bank.item($0.itemId)?.tags.sector.contains("tourism") == true }
            #expect(label.items == tourism.count)
            guard !tourism.isEmpty else {
                #expect(label.theta == nil && label.label == .insufficientEvidence && label.passed == nil)
                continue
            }
            // Independent EAP: posterior ∝ φ(θ) Π P_j(x_j | θ) on a fine grid.
            var w0 = 0.0, w1 = 0.0, w2 = 0.0
            for q in 0...800 {
                let t = -8 + Double(q) * 0.02
                var logL = -t * t / 2
                for step in tourism {
                    let p = try #require(try bank.item(step.itemId)?.modelParameters())
                    logL += log(Self.probability(p, category: step.response, theta: t))
                }
                let w = exp(logL)
                w0 += w; w1 += w * t; w2 += w * t * t
            }
            let mean = w1 / w0, sd = (w2 / w0 - mean * mean).squareRoot()
            #expect(abs(try #require(label.theta) - mean) < 2e-3, "candidate \(c)")
            #expect(abs(try #require(label.standardError) - sd) < 2e-3, "candidate \(c)")
            let expected: SectorModuleResult.Label = sd > 0.9 ? .insufficientEvidence : (mean >= 0.2 ? .passed : .notPassed)
            if abs(sd - 0.9) > 0.01 && abs(mean - 0.2) > 0.01 { #expect(label.label == expected) }
            checked += 1
        }
        #expect(checked >= 6)
    }

    /// P(X = k | θ) written out here from the model definitions (DECISIONS §4), not from IRTModels.
    static func probability(_ p: IRTModels.ItemParameters, category k: Int, theta: Double) -> Double {
        let logistic = { (x: Double) in 1 / (1 + exp(-x)) }
        let a = p.discrimination
        switch p.model {
        case .graded:
            let d = p.intercepts
            let upper = k == 0 ? 1 : logistic(a * theta + d[k - 1])
            let lower = k == d.count ? 0 : logistic(a * theta + d[k])
            return upper - lower
        case .gpcm:
            // intercepts = −a·b_v per step: z_k = Σ_{v ≤ k} (aθ + d_v)
            var z = [0.0]
            for d in p.intercepts { z.append(z[z.count - 1] + a * theta + d) }
            let top = z.max() ?? 0
            let total = z.reduce(0) { $0 + exp($1 - top) }
            return exp(z[k] - top) / total
        default:
            let c = p.guessing, u = p.upperAsymptote
            let p1 = c + (u - c) * logistic(a * theta + p.intercept)
            return k == 1 ? p1 : 1 - p1
        }
    }
}
