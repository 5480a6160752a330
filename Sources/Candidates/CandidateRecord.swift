import Foundation
import Store

/// What `candidate show` reports: the candidate's attributes, every attempt with its result and skill
/// card, and the progression overall and per section over the finished attempts.
public struct CandidateRecord: Sendable, Equatable, Codable {
    public var schemaVersion = 1
    public var candidate: String
    /// `false` for a candidate known only from exam sessions (never imported).
    public var imported: Bool
    public var attributes: [String: String]
    /// Every session, in time order (unfinished ones without a result).
    public var attempts: [CandidateAttempt]
    /// Overall θ over the finished attempts, in time order.
    public var progression: ProgressionTrack
    /// One track per section (bank order of the first attempt that has it).
    public var sections: [ProgressionTrack]

    /// The record of `id`.
    /// - Throws: ``CandidatesError/unknownCandidate(_:)`` when the store knows the id neither as an
    ///   imported candidate nor from a session.
    public static func load(_ id: String, store: any RecordStore & CandidateRepository) throws(CandidatesError) -> CandidateRecord {
        let stored: StoredCandidate?
        let sessions: [ExamSessionSummary]
        do {
            stored = try store.candidate(id)
            sessions = try store.listSessions(candidate: id, bankVersion: nil)
        } catch { throw .store("\(error)") }
        guard stored != nil || !sessions.isEmpty else { throw .unknownCandidate(id) }
        let attempts = try CandidateAttempts.load(sessions, store: store)
        return CandidateRecord(candidate: id, imported: stored != nil, attributes: stored?.attributes ?? [:], attempts: attempts)
    }

    /// A record from attempts already read (in time order).
    public init(candidate: String, imported: Bool, attributes: [String: String], attempts: [CandidateAttempt]) {
        self.candidate = candidate; self.imported = imported; self.attributes = attributes; self.attempts = attempts
        let finished = attempts.filter(\.isFinished)
        progression = ProgressionTrack(scope: "overall", title: "Overall", points: finished.map { a in
            ProgressionPoint(sessionId: a.sessionId, assessment: a.assessment, attempt: a.attempt, date: a.finishedAt ?? a.startedAt,
                             theta: a.theta, standardError: a.standardError, level: a.level)
        })
        var sectionIDs: [String] = []
        var titles: [String: String] = [:]
        for a in finished {
            for s in a.sections where titles[s.id] == nil { sectionIDs.append(s.id); titles[s.id] = s.title }
        }
        sections = sectionIDs.map { id in
            ProgressionTrack(scope: id, title: titles[id] ?? id, points: finished.compactMap { a in
                guard let s = a.sections.first(where: { $0.id == id }) else { return nil }
                return ProgressionPoint(sessionId: a.sessionId, assessment: a.assessment, attempt: a.attempt,
                                        date: a.finishedAt ?? a.startedAt, theta: s.theta, standardError: s.standardError, level: s.level)
            })
        }
    }
}
