import AdaptiveTesting
import ExamDesign
import Foundation
import IRTModels
import ItemBanking
import MathCore
import Scoring
import Store
import Testing
@testable import ExamSessions

/// The programme's assessments on the session engine (issue 20, DECISIONS §3, §11, §13): a later
/// assessment starts from the candidate's previous θ̂ (recorded, replayed), recorded simulations keep
/// the θ file's ids, and self-assessment items are given but never scored.
@Suite struct AssessmentProgrammeTests {
    /// Records one assessment of `ids` with true θ `thetas` through the session engine.
    static func record(_ type: AssessmentType, ids: [String], thetas: [Double], seed: UInt64, bank: ItemBank,
                       store: MentorCertStore, version: String) throws -> [String] {
        let plan = bank.manifest.assessment(type)
        let engine = try AdaptiveEngine(pool: try ItemPool(bank: bank, selection: PoolSelection(plan: plan)),
                                        settings: AdaptiveSettings(bank: bank, plan: plan))
        let study = try SimulationStudy(engine: engine, examinees: ids.count, seed: seed, thetas: .values(thetas))
        return try RecordedSimulation.record(study: study, store: store, bankVersionID: version, assessment: type.rawValue,
                                             candidates: ids).sessions
    }

    /// Entry → continuing → final for three simulated mentors: each later session records as its starting
    /// θ the θ̂ of the candidate's latest finished earlier session (and uses it as the engine's start θ);
    /// entry starts at the bank's start θ; every session replays exactly; the reported θ̂ is the final
    /// estimator of the scored responses alone (an independent WLE), so the start is not a prior.
    @Test func laterAssessmentsStartFromThePreviousResult() throws {
        let store = try temporaryStore()
        let bank = try bundledBank()
        let version = try store.importBank(bank).versionID
        let ids = ["mentor-a", "mentor-b", "mentor-c"]
        let entry = try Self.record(.entry, ids: ids, thetas: [-1, 0, 1], seed: 5, bank: bank, store: store, version: version)
        let continuing = try Self.record(.continuing, ids: ids, thetas: [-0.6, 0.4, 1.4], seed: 6, bank: bank, store: store, version: version)
        let final = try Self.record(.final, ids: ids, thetas: [-0.2, 0.8, 1.8], seed: 7, bank: bank, store: store, version: version)
        let items = Dictionary(bank.items.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for (c, id) in ids.enumerated() {
            let e = try SessionArchive.load(entry[c], store: store)
            let k = try SessionArchive.load(continuing[c], store: store)
            let f = try SessionArchive.load(final[c], store: store)
            #expect([e, k, f].allSatisfy { $0.summary.candidate == id && $0.summary.simulated && $0.history.matches })
            #expect(e.history.created.startingTheta == StartingTheta(theta: bank.manifest.exam.startTheta, source: .bank))
            let entryTheta = try #require(e.history.storedResult?.theta)
            let continuingTheta = try #require(k.history.storedResult?.theta)
            #expect(k.history.created.startingTheta == StartingTheta(theta: entryTheta, source: .previousResult, sessionId: entry[c],
                                                                     assessment: "entry", bankVersionId: version))
            #expect(k.history.created.settings.startTheta == entryTheta)
            #expect(f.history.created.startingTheta?.theta == continuingTheta)
            #expect(f.history.created.startingTheta?.sessionId == continuing[c])
            // The first item of the continuing session is the one an engine started at the entry θ̂ selects.
            var probe = k.engine.start(generator: SeededGenerator(seed: k.history.created.seed), seen: Set(k.history.created.seen))
            guard case .administer(let first) = k.engine.next(&probe) else { Issue.record("no first item"); continue }
            #expect(k.history.storedResult?.items.first?.itemId == k.engine.pool.items[first].id)
            // Not a prior: θ̂ is the WLE of the scored responses (computed here without the engine).
            let result = try #require(k.history.storedResult)
            let scored = result.items.filter(\.scored)
            var parameters: [IRTModels.ItemParameters] = []
            for step in scored {
                let item = try #require(items[step.itemId])
                parameters.append(try #require(try item.modelParameters()))
            }
            let wle = PersonScorer(items: parameters, method: .wle).score(scored.map { UInt8($0.response) })
            #expect(abs(try #require(wle.theta) - result.theta) < 1e-6)
        }
        // The entry sessions gave the bank's six self-assessment items first, unscored.
        let selfAssessment = bank.items.filter { !$0.scored && $0.status == .operational && $0.tags.use.contains("entry") }.map(\.id)
        #expect(selfAssessment.count == 6)
        let entryResult = try #require(try SessionArchive.load(entry[0], store: store).history.storedResult)
        #expect(entryResult.items.prefix(6).map(\.itemId) == selfAssessment)
        #expect(entryResult.items.prefix(6).allSatisfy { !$0.scored })
        #expect(entryResult.length == entryResult.items.filter(\.scored).count)
        let finalResult = try #require(try SessionArchive.load(final[0], store: store).history.storedResult)
        #expect(!finalResult.items.contains { selfAssessment.contains($0.itemId) })
    }

    /// An entry exam answered twice with the same scored responses but opposite self-assessment answers
    /// (all lowest vs all highest category): the same items, θ̂, SE, level probabilities and skill card.
    @Test func selfAssessmentAnswersNeverChangeTheta() throws {
        let bank = try bundledBank()
        let plan = bank.manifest.assessment(.entry)
        let engine = try AdaptiveEngine(pool: try ItemPool(bank: bank, selection: PoolSelection(plan: plan)),
                                        settings: AdaptiveSettings(bank: bank, plan: plan))
        func run(selfAnswer: (PoolItem) -> Int) throws -> AdaptiveResult {
            var state = engine.start(generator: SeededGenerator(seed: 99))
            var answers = SeededGenerator(seed: 100)
            while case .administer(let i) = engine.next(&state) {
                let item = engine.pool.items[i]
                if let b = engine.pool.batchIndex[i] {
                    try engine.record(&state, response: Int(Simulation.response(engine.pool.batch.items[b], theta: 0.3, generator: &answers)))
                } else if item.role == .selfAssessment {
                    let before = (state.theta, state.standardError)
                    try engine.record(&state, response: selfAnswer(item))
                    #expect(state.theta == before.0 && state.standardError == before.1)
                } else {
                    try engine.record(&state, response: 0)
                }
            }
            return engine.result(state)
        }
        let low = try run { _ in 0 }
        let high = try run { ($0.categoryCount ?? 2) - 1 }
        #expect(low.items.filter { !$0.scored }.count == 6)
        #expect(low.items.map(\.itemId) == high.items.map(\.itemId))
        #expect(low.theta == high.theta && low.standardError == high.standardError)
        #expect(low.levelProbabilities == high.levelProbabilities && low.sections == high.sections && low.pass == high.pass)
        #expect(low.items.filter { !$0.scored }.map(\.response) != high.items.filter { !$0.scored }.map(\.response))
        // A response outside the item's categories is refused.
        var state = engine.start(generator: SeededGenerator(seed: 1))
        guard case .administer(let i) = engine.next(&state) else { Issue.record("no item"); return }
        #expect(engine.pool.items[i].role == .selfAssessment)
        #expect(throws: AdaptiveTestingError.self) { try engine.record(&state, response: 5) }
    }

    /// On screen, a self-assessment scale keeps its authored order (a rating, not a keyed choice), and
    /// the letter typed is stored as that category.
    @Test func selfAssessmentScaleKeepsItsOrder() throws {
        let store = try temporaryStore()
        let bank = try bundledBank()
        let version = try store.importBank(bank).versionID
        let runner = try ExamSessionRunner.open(store: store, bankVersionID: version, candidate: "likert", assessment: "entry",
                                                options: ExamSessionOptions(seed: 8, clock: nil))
        defer { runner.close() }
        guard case .item(let shown) = try runner.nextScreen() else { Issue.record("no item"); return }
        let shownID = try #require(runner.history.presented?.itemId)
        let item = try #require(bank.item(shownID))
        #expect(!item.scored)
        #expect(shown.choices.map(\.text) == item.categories.map(\.text))
        #expect(try runner.answer("D") == .accepted)
        #expect(runner.history.state.steps.last?.response == item.categories[3].score)
        #expect(runner.history.state.steps.last?.scored == false)
    }

    /// A type's own time limit and lengths reach the session (recorded in `session.created`); a type
    /// without settings keeps the bank's (no limit).
    @Test func typeSettingsReachTheSession() throws {
        let store = try temporaryStore()
        var bank = try bundledBank()
        bank.manifest.assessments = AssessmentTypes(entry: AssessmentSettings(minLength: 12, maxLength: 40, timeLimitMinutes: 2))
        let version = try store.importBank(bank).versionID
        let clock = ManualClock()
        let entry = try ExamSessionRunner.open(store: store, bankVersionID: version, candidate: "t", assessment: "entry",
                                               options: ExamSessionOptions(seed: 2, clock: clock.clock))
        defer { entry.close() }
        #expect(entry.timeLimitSeconds == 120)
        #expect(entry.history.created.settings.minLength == 12 && entry.history.created.settings.maxLength == 40)
        #expect(entry.history.created.pool?.selfAssessmentItems == true)
        let final = try ExamSessionRunner.open(store: store, bankVersionID: version, candidate: "t", assessment: "final",
                                               options: ExamSessionOptions(seed: 3, clock: clock.clock))
        defer { final.close() }
        #expect(final.timeLimitSeconds == nil)
        #expect(final.history.created.settings.maxLength == bank.manifest.exam.maxLength)
        #expect(final.history.created.pool?.selfAssessmentItems == false)
    }

    /// A retake of the final on its own starts from the previous final; a candidate with no earlier
    /// result, or on another bank, starts at the bank's θ.
    @Test func startingThetaOnlyFromTheSameBankAndEarlierTypes() throws {
        let store = try temporaryStore()
        var bank = try bundledBank()
        let version = try store.importBank(bank).versionID
        let firstFinal = try Self.record(.final, ids: ["x"], thetas: [1.2], seed: 3, bank: bank, store: store, version: version)
        let entry = try Self.record(.entry, ids: ["x"], thetas: [1.2], seed: 4, bank: bank, store: store, version: version)
        #expect(try SessionArchive.load(entry[0], store: store).history.created.startingTheta?.source == .bank)
        let retake = try Self.record(.final, ids: ["x"], thetas: [1.2], seed: 5, bank: bank, store: store, version: version)
        let stored = try SessionArchive.load(retake[0], store: store)
        // The latest finished earlier session is the entry (recorded after the first final).
        #expect(stored.history.created.startingTheta?.sessionId == entry[0])
        #expect(stored.summary.attempt == 2 && firstFinal[0] != retake[0])
        bank.manifest.name = "other-bank"
        let otherVersion = try store.importBank(bank).versionID
        let other = try Self.record(.continuing, ids: ["x"], thetas: [1.2], seed: 6, bank: bank, store: store, version: otherVersion)
        #expect(try SessionArchive.load(other[0], store: store).history.created.startingTheta?.source == .bank)
    }
}
