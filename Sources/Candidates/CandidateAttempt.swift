import AdaptiveTesting
import ExamSessions
import Foundation
import ItemBanking
import Store

/// One section of an attempt's skill card: the section's θ and SE as `exam result` reports them (the
/// EAP of the section's items, DECISIONS §13), and its level, or none when the evidence is
/// insufficient (SE above the bank's `sectionMaxSE`).
public struct SectionCard: Sendable, Equatable, Codable {
    public var id: String
    public var title: String
    /// Scored items of this section in the attempt.
    public var items: Int
    /// `nil` when not finite (no item of the section).
    public var theta: Double?
    public var standardError: Double?
    /// The level name, `nil` when the evidence is insufficient.
    public var level: String?
    /// `sufficient` or `insufficient`, as in `exam result`.
    public var evidence: String
}

/// One exam session of a candidate with, when finished, the result `exam result` shows — read from the
/// session's stored `session.finished` event (the engine's own ``AdaptiveResult``), never recomputed.
public struct CandidateAttempt: Sendable, Equatable, Codable {
    public var sessionId: String
    public var candidate: String
    public var assessment: String
    public var attempt: Int
    public var bankVersionId: String
    /// `finished`, `in-progress` or `abandoned`.
    public var state: String
    public var startedAt: String
    /// When the result was recorded (ISO 8601 UTC); `nil` unless finished.
    public var finishedAt: String?
    public var theta: Double?
    public var standardError: Double?
    public var level: String?
    public var pass: Bool?
    public var scaleScore: Double?
    public var csem: Double?
    /// Scored items given.
    public var length: Int?
    /// A simulated candidate's session, or a bank version whose parameters are simulated.
    public var simulated: Bool
    public var sections: [SectionCard]

    /// Whether a result exists.
    public var isFinished: Bool { state == SessionState.finished.rawValue }
}

/// Reading attempts from the store.
public enum CandidateAttempts {
    /// The canonical order of assessment types (DECISIONS §11); other types follow by name.
    public static let assessmentOrder = ["entry", "continuing", "final"]

    /// Sorts assessment type names: entry, continuing, final, then the others alphabetically.
    public static func ordered(_ types: some Sequence<String>) -> [String] {
        Set(types).sorted { a, b in
            let i = assessmentOrder.firstIndex(of: a) ?? assessmentOrder.count
            let j = assessmentOrder.firstIndex(of: b) ?? assessmentOrder.count
            return i != j ? i < j : a < b
        }
    }

    /// The attempts of `sessions` in time order (start time, then the store's order).
    /// - Complexity: one read of each session's events; manifests are read once per bank version.
    public static func load(_ sessions: [ExamSessionSummary], store: any RecordStore) throws(CandidatesError) -> [CandidateAttempt] {
        var manifests: [String: BankManifest] = [:]
        var attempts: [CandidateAttempt] = []
        for s in sessions {
            var attempt = CandidateAttempt(
                sessionId: s.id, candidate: s.candidate, assessment: s.assessment, attempt: s.attempt, bankVersionId: s.bankVersionID,
                state: s.state.rawValue, startedAt: s.startedAt, finishedAt: nil, theta: nil, standardError: nil, level: nil,
                pass: nil, scaleScore: nil, csem: nil, length: nil, simulated: s.simulated, sections: [])
            if s.state == .finished {
                let manifest: BankManifest
                do {
                    if let known = manifests[s.bankVersionID] { manifest = known } else {
                        manifest = try store.bankVersion(s.bankVersionID).manifest
                        manifests[s.bankVersionID] = manifest
                    }
                } catch { throw .store("\(error)") }
                let (result, finishedAt) = try storedResult(of: s, store: store)
                attempt.finishedAt = finishedAt
                attempt.theta = finite(result.theta)
                attempt.standardError = finite(result.standardError)
                attempt.level = result.levelName
                attempt.pass = result.pass
                attempt.scaleScore = result.scaleScore.flatMap(finite)
                attempt.csem = result.csem.flatMap(finite)
                attempt.length = result.length
                attempt.simulated = s.simulated || manifest.parameterSource?.source == .simulated
                let names = MentorLevel.allCases.map(\.rawValue)
                attempt.sections = result.sections.map { section in
                    SectionCard(id: section.id, title: manifest.blueprint.section(section.id)?.title ?? section.id, items: section.items,
                                theta: finite(section.theta), standardError: finite(section.standardError),
                                level: section.sufficientEvidence ? section.level.flatMap { names.indices.contains($0) ? names[$0] : nil } : nil,
                                evidence: section.sufficientEvidence ? "sufficient" : "insufficient")
                }
            }
            attempts.append(attempt)
        }
        return attempts
    }

    /// The result stored by the session's `session.finished` event (what `exam result` prints) and when
    /// it was recorded.
    static func storedResult(of session: ExamSessionSummary, store: any RecordStore) throws(CandidatesError) -> (AdaptiveResult, String) {
        let events: [SessionEvent]
        do { events = try store.events(of: session.id) } catch { throw .store("\(error)") }
        guard let stored = events.last(where: { $0.type == ExamEventType.finished.rawValue }) else {
            throw .session("session \(session.id) is marked finished but has no session.finished event; run `mentorcert exam replay \(session.id)`")
        }
        let event: ExamEvent
        do { event = try ExamEvent(stored) } catch { throw .session("\(error)") }
        guard case .finished(let finished) = event else {
            throw .session("session \(session.id): event \(stored.sequence) is not a result")
        }
        return (finished.result, stored.recordedAt)
    }
}

/// A finite number or `nil` (JSON never holds NaN or ∞).
func finite(_ x: Double) -> Double? { x.isFinite ? x : nil }
