import Foundation
import ItemBanking
import Store

/// The cohort report of `cohort report` (issue 20): for the candidates a ``CohortSelection`` picks, on
/// one bank version,
/// - per assessment type (entry, continuing, final …; each candidate's latest attempt of the type), the
///   distribution of levels overall and per section (with the sections of insufficient evidence
///   counted apart), the pass count, and the comparison with the reference population
///   (``ReferenceComparison``);
/// - the progression from entry to final (each candidate's latest attempt of each): the mean growth
///   with its SE, the change of each candidate with its z and the counts of significant gains and
///   declines (``ProgressionStep``), the same per section, and the mean θ at every occasion
///   (assessment type × attempt number) for the timeline;
/// - the sector labels earned at the final assessment (``SectorLabelSource``).
///
/// ```
/// growth_i = θ̂_final,i − θ̂_entry,i,   mean growth ḡ = Σ growth_i / n,   SE(ḡ) = sd(growth)/√n
/// ```
/// SE(ḡ) is the SE of a mean of paired differences (it holds both the spread of true growth and the
/// measurement error of both occasions).
public struct CohortReport: Sendable, Equatable, Codable {
    public struct LevelCount: Sendable, Equatable, Codable {
        public var level: String
        public var count: Int
        public var share: Double?
    }
    public struct SectionDistribution: Sendable, Equatable, Codable {
        public var id: String
        public var title: String
        /// Candidates with sufficient evidence in the section, by level.
        public var levels: [LevelCount]
        /// Candidates whose section showed "not enough evidence".
        public var insufficientEvidence: Int
    }
    public struct AssessmentSummary: Sendable, Equatable, Codable {
        public var assessment: String
        public var candidates: Int
        public var passed: Int
        public var levels: [LevelCount]
        public var sections: [SectionDistribution]
        public var reference: ReferenceComparison
    }
    public struct CandidateGrowth: Sendable, Equatable, Codable {
        public var candidate: String
        public var entrySessionId: String
        public var finalSessionId: String
        public var entryTheta: Double?
        public var finalTheta: Double?
        public var change: Double?
        public var standardError: Double?
        public var z: Double?
        public var exceedsMeasurementError: Bool?
    }
    public struct SectionGrowth: Sendable, Equatable, Codable {
        public var id: String
        public var title: String
        public var candidates: Int
        public var meanGrowth: Double?
        public var standardError: Double?
    }
    public struct Occasion: Sendable, Equatable, Codable {
        public var assessment: String
        public var attempt: Int
        public var candidates: Int
        public var meanTheta: Double?
        public var standardError: Double?
    }
    public struct Progression: Sendable, Equatable, Codable {
        public var from: String
        public var to: String
        public var candidates: Int
        public var meanGrowth: Double?
        public var standardDeviation: Double?
        public var standardError: Double?
        public var significantGain: Int
        public var significantDecline: Int
        public var withinMeasurementError: Int
        public var sections: [SectionGrowth]
        public var perCandidate: [CandidateGrowth]
    }

    public var schemaVersion = 1
    public var bankVersionId: String
    public var bankName: String
    public var cohort: String
    public var selectors: [CohortSelection.Selector]
    /// Candidates matching the cohort, and how many of them have a finished session of the version.
    public var candidates: Int
    public var candidatesWithResults: Int
    /// True when any attempt is simulated (simulated candidates or parameters).
    public var simulated: Bool
    public var levels: [String]
    public var cutScores: [Double]
    public var latentMean: Double
    public var latentStandardDeviation: Double
    public var assessments: [AssessmentSummary]
    public var occasions: [Occasion]
    public var progression: Progression?
    public var sectorLabels: [SectorLabelSummary]
    public var warnings: [String]

    /// The assessment types whose entry → final change is the progression.
    public static let progressionFrom = "entry", progressionTo = "final"

    /// Builds the report from the store.
    /// - Throws: ``CandidatesError`` for an unknown column, an empty cohort, a cohort without finished
    ///   sessions of the version, or a store that cannot be read.
    public static func build(store: any RecordStore & CandidateRepository, bankVersion: String, selection: CohortSelection,
                             labels: any SectorLabelSource = NoSectorLabels()) throws(CandidatesError) -> CohortReport {
        let versionID: String, manifest: BankManifest, all: [StoredCandidate], sessions: [ExamSessionSummary]
        do {
            versionID = try store.resolveBankVersion(bankVersion)
            manifest = try store.bankVersion(versionID).manifest
            all = try store.listCandidates()
            sessions = try store.listSessions(candidate: nil, bankVersion: versionID)
        } catch { throw .store("\(error)") }
        let members = try selection.members(of: all)
        guard !members.isEmpty else { throw .emptyCohort(selection.text) }
        let ids = Set(members.map(\.id))
        let mine = sessions.filter { ids.contains($0.candidate) && $0.state == .finished }
        guard !mine.isEmpty else { throw .noSessions(cohort: selection.text, bankVersion: versionID) }
        let attempts = try CandidateAttempts.load(mine, store: store)
        return try CohortReport(manifest: manifest, versionID: versionID, selection: selection, members: members.count,
                                attempts: attempts, labels: labels)
    }

    /// The report from finished attempts already read (time order).
    public init(manifest: BankManifest, versionID: String, selection: CohortSelection, members: Int, attempts: [CandidateAttempt],
                labels: any SectorLabelSource = NoSectorLabels()) throws(CandidatesError) {
        let reference = ReferencePopulation(manifest: manifest)
        let names = reference.levels
        bankVersionId = versionID; bankName = manifest.name; cohort = selection.text; selectors = selection.selectors
        candidates = members
        candidatesWithResults = Set(attempts.map(\.candidate)).count
        simulated = attempts.contains(where: \.simulated)
        levels = names; cutScores = reference.cuts
        latentMean = reference.latentMean; latentStandardDeviation = reference.latentStandardDeviation
        warnings = []

        // The latest attempt of each (candidate, assessment).
        var latest: [String: [String: CandidateAttempt]] = [:]
        for a in attempts where a.isFinished {
            if let known = latest[a.assessment]?[a.candidate], known.attempt > a.attempt { continue }
            latest[a.assessment, default: [:]][a.candidate] = a
        }
        let types = CandidateAttempts.ordered(latest.keys)
        func counts(_ levelNames: [String?]) -> [LevelCount] {
            let total = levelNames.compactMap { $0 }.count
            return names.map { name in
                let c = levelNames.filter { $0 == name }.count
                return LevelCount(level: name, count: c, share: total > 0 ? Double(c) / Double(total) : nil)
            }
        }
        assessments = types.map { type in
            let group = (latest[type] ?? [:]).values.sorted { $0.candidate < $1.candidate }
            let sections = manifest.blueprint.sections.map { section in
                let cards = group.compactMap { $0.sections.first { $0.id == section.id } }
                return SectionDistribution(id: section.id, title: section.title, levels: counts(cards.map(\.level)),
                                           insufficientEvidence: cards.filter { $0.level == nil }.count)
            }
            let overall = counts(group.map(\.level))
            return AssessmentSummary(
                assessment: type, candidates: group.count, passed: group.filter { $0.pass == true }.count, levels: overall,
                sections: sections,
                reference: ReferenceComparison(thetas: group.compactMap(\.theta), levelCounts: overall.map(\.count), reference: reference))
        }

        // Occasions: assessment type × attempt number, in programme order.
        var byOccasion: [String: [Int: [Double]]] = [:]
        for a in attempts where a.isFinished { if let t = a.theta { byOccasion[a.assessment, default: [:]][a.attempt, default: []].append(t) } }
        occasions = CandidateAttempts.ordered(byOccasion.keys).flatMap { type in
            (byOccasion[type] ?? [:]).keys.sorted().map { attempt in
                let m = Moments(byOccasion[type]?[attempt] ?? [])
                return Occasion(assessment: type, attempt: attempt, candidates: m.count, meanTheta: m.mean, standardError: m.standardErrorOfMean)
            }
        }

        // Progression entry → final.
        if let entries = latest[Self.progressionFrom], let finals = latest[Self.progressionTo] {
            let paired = entries.keys.filter { finals[$0] != nil }.sorted()
            let growth: [CandidateGrowth] = paired.compactMap { id in
                guard let e = entries[id], let f = finals[id] else { return nil }
                let c = ProgressionStep.change(from: (e.theta, e.standardError), to: (f.theta, f.standardError))
                return CandidateGrowth(candidate: id, entrySessionId: e.sessionId, finalSessionId: f.sessionId, entryTheta: e.theta,
                                       finalTheta: f.theta, change: c.change, standardError: c.standardError, z: c.z,
                                       exceedsMeasurementError: c.z.map { abs($0) > ProgressionStep.criticalZ })
            }
            let m = Moments(growth.compactMap(\.change))
            let sectionGrowth = manifest.blueprint.sections.map { section in
                let changes = paired.compactMap { id -> Double? in
                    guard let t1 = entries[id]?.sections.first(where: { $0.id == section.id })?.theta,
                          let t2 = finals[id]?.sections.first(where: { $0.id == section.id })?.theta else { return nil }
                    return t2 - t1
                }
                let s = Moments(changes)
                return SectionGrowth(id: section.id, title: section.title, candidates: s.count, meanGrowth: s.mean, standardError: s.standardErrorOfMean)
            }
            progression = Progression(
                from: Self.progressionFrom, to: Self.progressionTo, candidates: growth.count, meanGrowth: m.mean,
                standardDeviation: m.standardDeviation, standardError: m.standardErrorOfMean,
                significantGain: growth.filter { ($0.z ?? 0) > ProgressionStep.criticalZ }.count,
                significantDecline: growth.filter { ($0.z ?? 0) < -ProgressionStep.criticalZ }.count,
                withinMeasurementError: growth.filter { $0.exceedsMeasurementError == false }.count,
                sections: sectionGrowth, perCandidate: growth)
        } else {
            progression = nil
            warnings.append("no progression: the cohort needs both `\(Self.progressionFrom)` and `\(Self.progressionTo)` results "
                + "(found: \(types.joined(separator: ", ")))")
        }

        // Sector labels at the final assessment.
        var labelCounts: [String: (assessed: Int, earned: Int)] = [:]
        var labelOrder: [String] = []
        for a in (latest[Self.progressionTo] ?? [:]).values.sorted(by: { $0.candidate < $1.candidate }) {
            for outcome in try labels.labels(for: a) {
                if labelCounts[outcome.label] == nil { labelOrder.append(outcome.label); labelCounts[outcome.label] = (0, 0) }
                if let earned = outcome.earned {
                    labelCounts[outcome.label]?.assessed += 1
                    if earned { labelCounts[outcome.label]?.earned += 1 }
                }
            }
        }
        sectorLabels = labelOrder.map { SectorLabelSummary(label: $0, assessed: labelCounts[$0]?.assessed ?? 0, earned: labelCounts[$0]?.earned ?? 0) }
        if simulated { warnings.append("SIMULATED: some results rest on simulated parameters or simulated candidates; not evidence about real mentors") }
    }
}
