import Foundation
import Testing
import AdaptiveTesting
import MentorCertTestSupport
import ItemBanking
import IRTModels
@testable import ExamDesign

/// The bundled bank.
func bundledBank() throws -> ItemBank {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return try ItemBank.load(directory: root.appendingPathComponent("itembanks/mentorcert").path)
}

@Suite("The bundled bank as an adaptive exam")
struct BankPoolTests {
    @Test("The pool holds the scored operational items with parameters, the pretest items, the blueprint and the cuts")
    func pool() throws {
        let bank = try bundledBank()
        let pool = try ItemPool(bank: bank)
        let operational = bank.items.filter { $0.scored && $0.status == .operational && $0.parameters != nil }
        #expect(pool.operationalCount == operational.count)
        #expect(pool.items.filter { $0.role == .pretest }.count == bank.items.filter { $0.scored && $0.status == .pretest }.count)
        #expect(pool.sections.map(\.id) == bank.manifest.blueprint.sections.map(\.id))
        #expect(pool.cuts == [bank.manifest.cutScores.intermediate, bank.manifest.cutScores.advanced, bank.manifest.cutScores.expert])
        #expect(pool.certificationCut == bank.manifest.cutScores.intermediate)
        #expect(!pool.items.contains { item in bank.item(item.id).map { !$0.scored } ?? true })
        let settings = AdaptiveSettings(bank: bank)
        #expect(settings.maxLength == bank.manifest.exam.maxLength && settings.targetSE == bank.manifest.exam.targetSE)
        #expect(settings.finalEstimator == .wle && settings.exposure == .randomesque(5))
    }

    @Test("Simulated exams on the bundled bank keep every rule: sections within bounds, no enemies, sets whole")
    func rulesHold() throws {
        let bank = try bundledBank()
        let pool = try ItemPool(bank: bank)
        var settings = AdaptiveSettings(bank: bank)
        settings.pretestItems = 2
        let study = try SimulationStudy(engine: try AdaptiveEngine(pool: pool, settings: settings), examinees: 120, seed: 42)
        let report = SimulationReport(outcomes: study.run(), pool: pool)
        #expect(report.sectionViolations == 0)
        #expect(report.enemyViolations == 0)
        #expect(report.setViolations == 0)
        #expect(report.minLength >= settings.minLength && report.maxLength <= settings.maxLength)
        #expect(report.exposure.filter(\.pretest).reduce(0) { $0 + $1.rate } > 1.9)
        #expect(report.correlation > 0.9)
    }

    @Test("A study is reproducible: the same seed gives the same exams, whatever the concurrency")
    func reproducible() throws {
        let pool = try ItemPool(bank: try bundledBank())
        let engine = try AdaptiveEngine(pool: pool, settings: AdaptiveSettings(exposure: .randomesque(3), minLength: 27, maxLength: 30))
        let study = try SimulationStudy(engine: engine, examinees: 30, seed: 9)
        #expect(study.run(maxConcurrency: 1) == study.run(maxConcurrency: 2))
    }

    @Test("The report's overlap rate is Σ m(m − 1)/(N(N − 1)L̄), checked on exams counted by hand")
    func overlap() throws {
        let pool = try ItemPool(bank: try bundledBank())
        let engine = try AdaptiveEngine(pool: pool, settings: AdaptiveSettings(minLength: 27, maxLength: 30))
        let outcomes = try SimulationStudy(engine: engine, examinees: 12, seed: 5).run()
        let report = SimulationReport(outcomes: outcomes, pool: pool)
        var shared = 0.0, pairs = 0.0
        for a in outcomes.indices { for b in outcomes.indices where a != b {
            let sa = Set(outcomes[a].result.items.filter(\.scored).map(\.poolIndex))
            let sb = Set(outcomes[b].result.items.filter(\.scored).map(\.poolIndex))
            shared += Double(sa.intersection(sb).count); pairs += 1
        } }
        #expect(abs(report.overlapRate - shared / pairs / report.meanLength) < 1e-12, "\(report.overlapRate) \(shared) \(pairs) \(report.meanLength) \(report.rmse) \(report.stopReasons)")
    }
}

@Suite("Simulation studies of the bundled bank (2,000 candidates)", .tags(.recovery), .releaseStudy)
struct BankSimulationStudies {
    @Test("RMSE within 10% of the mean reported SE; the CAT beats a random blueprint form of equal length")
    func precisionAndFixedForm() throws {
        let bank = try bundledBank()
        let pool = try ItemPool(bank: bank)
        let settings = AdaptiveSettings(bank: bank)
        let study = try SimulationStudy(engine: try AdaptiveEngine(pool: pool, settings: settings), examinees: 2_000, seed: 2026)
        let report = SimulationReport(outcomes: study.run(), pool: pool)
        #expect(abs(report.rmse - report.meanSE) <= 0.1 * report.meanSE, "RMSE \(report.rmse) vs mean SE \(report.meanSE)")
        let form = try FixedFormComparison(pool: pool, length: Int(report.meanLength.rounded()), estimator: .wle,
                                           truth: study.trueThetas(), seed: 2026)
        #expect(report.rmse < form.rmse, "CAT \(report.rmse) vs fixed form \(form.rmse)")
        let catAccuracy = report.classificationAccuracy?.cuts.first?.accuracy ?? 0
        #expect(catAccuracy >= (form.certificationAccuracy ?? 1) - 0.01)
        #expect(report.sectionViolations == 0 && report.enemyViolations == 0 && report.setViolations == 0)
    }

    @Test("Sympson–Hetter parameters from iterated simulation keep the maximum exposure at or below the target + 0.03")
    func sympsonHetter() throws {
        let bank = try bundledBank()
        let pool = try ItemPool(bank: bank)
        let settings = AdaptiveSettings(bank: bank)
        let calibration = try ExposureCalibration(target: 0.25).run(pool: pool, settings: settings, examinees: 1_000, seed: 7)
        var controlled = settings
        controlled.exposure = .sympsonHetter
        // Fresh candidates, not those the parameters were computed on.
        let study = try SimulationStudy(engine: try AdaptiveEngine(pool: try pool.withExposureControl(calibration.parameters),
                                                                   settings: controlled), examinees: 2_000, seed: 8)
        let report = SimulationReport(outcomes: study.run(), pool: pool)
        #expect(report.maxExposure <= 0.25 + 0.03, "max exposure \(report.maxExposure)")
        #expect(report.sectionViolations == 0)
    }
}
