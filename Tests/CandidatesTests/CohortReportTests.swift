import Candidates
import ExamDesign
import ExamSessions
import Foundation
import ItemBanking
import Store
import Testing

/// Candidates with recorded sessions (the real session engine): `candidate show` and the cohort report
/// against the results read independently through `exam result`'s route (``SessionArchive/result``).
@Suite(.serialized) struct CohortReportTests {
    static let entry: [Double] = [-1.5, -1.0, -0.5, 0.0, 0.5, 1.0, -1.2, 0.3]
    static let growth = 0.8

    /// One store for the suite's tests: 8 candidates, entry then final (θ + 0.8), attributes imported.
    static let fixture: Result<(MentorCertStore, String, ItemBank), any Error> = Result(catching: {
        let store = try temporaryStore()
        let bank = try bundledBank()
        let version = try store.importBank(bank).versionID
        try record(entry, seed: 31, assessment: "entry", bank: bank, store: store, version: version)
        try record(entry.map { $0 + growth }, seed: 31, assessment: "final", bank: bank, store: store, version: version)
        var csv = "candidate,programme,sector\n"
        for n in 1...entry.count { csv += "sim-31-\(n),\(n <= 5 ? "p1" : "p2"),\(n % 2 == 0 ? "fintech;tourism" : "agro")\n" }
        _ = try CandidateDirectory.importFile(try temporaryFile(csv), store: store)
        return (store, version, bank)
    })

    @Test func candidateShowHasEveryAttemptAndItsProgression() throws {
        let (store, _, _) = try Self.fixture.get()
        let record = try CandidateRecord.load("sim-31-2", store: store)
        #expect(record.imported && record.attributes == ["programme": "p1", "sector": "fintech;tourism"])
        #expect(record.attempts.map(\.assessment) == ["entry", "final"])
        for a in record.attempts {
            let (stored, result) = try SessionArchive.result(a.sessionId, store: store)
            #expect(a.theta == result.theta && a.standardError == result.standardError && a.level == result.levelName && a.pass == result.pass)
            #expect(a.bankVersionId == stored.summary.bankVersionID && a.simulated)
            #expect(a.sections.map(\.id) == result.sections.map(\.id))
            for (card, s) in zip(a.sections, result.sections) {
                #expect(card.theta == s.theta && (card.level == nil) == !s.sufficientEvidence)
            }
        }
        let step = try #require(record.progression.steps.first)
        let t1 = try #require(record.attempts[0].theta), t2 = try #require(record.attempts[1].theta)
        let s1 = try #require(record.attempts[0].standardError), s2 = try #require(record.attempts[1].standardError)
        #expect(abs(step.z! - (t2 - t1) / (s1 * s1 + s2 * s2).squareRoot()) < 1e-12)
        #expect(record.sections.count == record.attempts[0].sections.count)
        #expect(throws: CandidatesError.unknownCandidate("nobody")) { try CandidateRecord.load("nobody", store: store) }
    }

    @Test func cohortReportCountsLevelsGrowthAndSelects() throws {
        let (store, version, bank) = try Self.fixture.get()
        let selection = try CohortSelection(parsing: ["programme=p1"])
        let report = try CohortReport.build(store: store, bankVersion: version, selection: selection)
        let members = (1...5).map { "sim-31-\($0)" }
        #expect(report.candidates == 5 && report.candidatesWithResults == 5)
        #expect(report.assessments.map(\.assessment) == ["entry", "final"])
        // Independent: each member's results through exam result's route.
        var entry: [String: Double] = [:], final: [String: Double] = [:], finalLevels: [String] = []
        for s in try store.listSessions() where members.contains(s.candidate) {
            let (_, r) = try SessionArchive.result(s.id, store: store)
            if s.assessment == "entry" { entry[s.candidate] = r.theta } else { final[s.candidate] = r.theta; finalLevels.append(r.levelName ?? "") }
        }
        let finals = try #require(report.assessments.last)
        #expect(finals.candidates == 5)
        for level in MentorLevel.allCases.map(\.rawValue) {
            #expect(finals.levels.first { $0.level == level }?.count == finalLevels.filter { $0 == level }.count)
        }
        #expect(finals.sections.count == bank.manifest.blueprint.sections.count)
        for s in finals.sections { #expect(s.levels.map(\.count).reduce(0, +) + s.insufficientEvidence == 5) }
        let changes = members.map { final[$0]! - entry[$0]! }
        let mean = changes.reduce(0, +) / 5
        let sd = (changes.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 4).squareRoot()
        let p = try #require(report.progression)
        #expect(p.candidates == 5 && abs(p.meanGrowth! - mean) < 1e-12 && abs(p.standardError! - sd / 5.0.squareRoot()) < 1e-12)
        #expect(p.significantGain + p.significantDecline + p.withinMeasurementError == 5)
        #expect(abs(finals.reference.meanTheta! - members.map { final[$0]! }.reduce(0, +) / 5) < 1e-12)
        #expect(report.occasions.map(\.assessment) == ["entry", "final"])

        // Tags: sector=tourism matches the even candidates (fintech;tourism); two values of one column are alternatives.
        let tourism = try CohortReport.build(store: store, bankVersion: version, selection: try CohortSelection(parsing: ["sector=tourism"]))
        #expect(tourism.candidates == 4)
        let either = try CohortReport.build(store: store, bankVersion: version,
                                            selection: try CohortSelection(parsing: ["sector=tourism", "sector=agro", "programme=p2"]))
        #expect(either.candidates == 3)
    }

    @Test func badCohortsAreRefused() throws {
        let (store, version, _) = try Self.fixture.get()
        #expect(throws: CandidatesError.badSelector("programme")) { try CohortSelection(parsing: ["programme"]) }
        #expect(throws: CandidatesError.unknownColumn("region", known: ["programme", "sector"])) {
            try CohortReport.build(store: store, bankVersion: version, selection: try CohortSelection(parsing: ["region=north"]))
        }
        #expect(throws: CandidatesError.self) {
            try CohortReport.build(store: store, bankVersion: version, selection: try CohortSelection(parsing: ["programme=p9"]))
        }
    }

    /// The directory holds the page and the JSON; the page inlines its figures; an occupied directory is refused.
    @Test func writerPutsBothFilesInPlace() throws {
        let (store, version, _) = try Self.fixture.get()
        let report = try CohortReport.build(store: store, bankVersion: version, selection: try CohortSelection(parsing: ["programme=p1"]))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-\(UUID().uuidString)")
        try CohortReportWriter.write(report, to: dir.path)
        let html = try String(contentsOf: dir.appendingPathComponent(CohortReportWriter.htmlName), encoding: .utf8)
        #expect(html.components(separatedBy: "<figure>").count - 1 == report.assessments.count + 2)
        #expect(!html.contains("<script") && !html.contains("http://"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent(CohortReportWriter.jsonName))) as? [String: Any])
        #expect(json["schemaVersion"] as? Int == 1 && json["bankVersionId"] as? String == version)
        #expect((json["progression"] as? [String: Any])?["meanGrowth"] is Double)
        #expect(throws: CandidatesError.self) { try CohortReportWriter.write(report, to: dir.path) }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.deletingLastPathComponent().path).filter { $0.hasPrefix(".\(dir.lastPathComponent)") }
        #expect(leftovers.isEmpty)
    }
}

@Suite struct SectorLabelTests {
    /// A bank version with a tourism module: the report's label counts equal the module evaluated on
    /// each final attempt's responses read through `exam result`'s route.
    @Test func cohortCountsTheBankSectorLabels() throws {
        let store = try temporaryStore()
        var bank = try bundledBank()
        bank.manifest.sectorModules = [SectorModule(id: "tourism", title: "tourism sector", sector: "tourism", cut: 0, maxSE: 1.5)]
        let version = try store.importBank(bank).versionID
        let sessions = try record([-1, -0.5, 0, 0.5, 1, 1.5], seed: 41, assessment: "final", bank: bank, store: store, version: version)
        var csv = "candidate,programme\n"
        for n in 1...6 { csv += "sim-41-\(n),p\n" }
        _ = try CandidateDirectory.importFile(try temporaryFile(csv), store: store)
        let report = try CohortReport.build(store: store, bankVersion: version, selection: try CohortSelection(parsing: ["programme=p"]),
                                            labels: BankSectorLabels(store: store))
        var assessed = 0, earned = 0
        for id in sessions {
            let (stored, result) = try SessionArchive.result(id, store: store)
            for m in SectorModuleResult.evaluate(bank: stored.bank, administered: result.items) {
                if let passed = m.passed { assessed += 1; if passed { earned += 1 } }
            }
        }
        #expect(report.sectorLabels == [SectorLabelSummary(label: "tourism sector", assessed: assessed, earned: earned)])
        #expect(try CohortReport.build(store: store, bankVersion: version, selection: try CohortSelection(parsing: ["programme=p"])).sectorLabels.isEmpty)
    }
}
