import AdaptiveTesting
import Foundation
import ItemBanking
import ResponseData
import Store

/// A stored session read back: its row, its bank version, its engine and its replayed history.
public struct StoredSession: Sendable {
    public var summary: ExamSessionSummary
    public var bank: ItemBank
    public var engine: AdaptiveEngine
    public var history: SessionHistory
}

/// One row of `exam list` (DECISIONS §6 keys).
public struct SessionOverview: Sendable, Equatable, Codable {
    public var sessionId: String
    public var candidate: String
    public var bankVersionId: String
    public var assessment: String
    public var attempt: Int
    /// `in-progress`, `finished` or `abandoned`.
    public var state: String
    public var itemsAnswered: Int
    public var startedAt: String
    public var finishedAt: String?
    /// True for a simulated candidate's session (`exam simulate --record`).
    public var simulated: Bool = false
}

/// Reading stored sessions for results, lists and replays (staff views; nothing here is shown to a
/// candidate during the exam).
public enum SessionArchive {
    /// The full id of a session given its id or a unique prefix (at least 6 characters).
    public static func resolve(_ idOrPrefix: String, store: any RecordStore) throws(ExamSessionError) -> String {
        do {
            if let whole = try? store.session(idOrPrefix) { return whole.id }
            let matches = try store.listSessions().map(\.id).filter { $0.hasPrefix(idOrPrefix) }
            guard idOrPrefix.count >= StoreLimits.minimumPrefixLength, matches.count == 1, let id = matches.first else {
                throw StoreError(matches.count > 1 ? .ambiguousID(idOrPrefix, matches: matches) : .unknownExamSession(idOrPrefix))
            }
            return id
        } catch { throw .store("\(error)") }
    }

    /// Loads a session and replays its events through the engine of its stored bank version and
    /// settings.
    public static func load(_ idOrPrefix: String, store: any RecordStore) throws(ExamSessionError) -> StoredSession {
        let id = try resolve(idOrPrefix, store: store)
        let summary: ExamSessionSummary, events: [SessionEvent], bank: ItemBank
        do {
            summary = try store.session(id)
            events = try store.events(of: id)
            bank = try store.bank(of: summary.bankVersionID)
        } catch { throw .store("\(error)") }
        let created = try SessionHistory.createdEvent(sessionID: id, events: events)
        let engine = try ExamSessionRunner.engine(bank: bank, settings: created.settings, pool: created.pool)
        let history = try SessionHistory.rebuild(sessionID: id, events: events, engine: engine)
        return StoredSession(summary: summary, bank: bank, engine: engine, history: history)
    }

    /// A finished session and its stored result.
    /// - Throws: ``ExamSessionError/abandoned(session:reason:)`` for an abandoned session (with the
    ///   stored reason), ``ExamSessionError/notFinished(session:state:)`` for one in progress.
    public static func result(_ idOrPrefix: String, store: any RecordStore) throws(ExamSessionError) -> (StoredSession, AdaptiveResult) {
        let id = try resolve(idOrPrefix, store: store)
        let summary: ExamSessionSummary, events: [SessionEvent]
        do {
            summary = try store.session(id)
            events = try store.events(of: id)
        } catch { throw .store("\(error)") }
        if summary.state == .abandoned {
            var reason = "no reason given"
            if let last = events.last(where: { $0.type == ExamEventType.abandoned.rawValue }),
               case .abandoned(let abandoned) = try ExamEvent(last) { reason = abandoned.reason }
            throw .abandoned(session: id, reason: reason)
        }
        let stored = try load(id, store: store)
        guard let result = stored.history.storedResult else {
            throw .notFinished(session: id, state: summary.state.rawValue)
        }
        return (stored, result)
    }

    /// The sessions of `exam list`, oldest first, optionally a candidate's and/or a bank version's.
    public static func overview(store: any RecordStore, candidate: String?, bankVersion: String?) throws(ExamSessionError) -> [SessionOverview] {
        do {
            return try store.listSessions(candidate: candidate, bankVersion: bankVersion).map { s throws(StoreError) in
                let events = try store.events(of: s.id)
                return SessionOverview(
                    sessionId: s.id, candidate: s.candidate, bankVersionId: s.bankVersionID, assessment: s.assessment,
                    attempt: s.attempt, state: s.state.rawValue,
                    itemsAnswered: events.filter { $0.type == ExamEventType.answered.rawValue }.count,
                    startedAt: s.startedAt,
                    finishedAt: events.last { $0.type == ExamEventType.finished.rawValue }?.recordedAt,
                    simulated: s.simulated)
            }
        } catch { throw .store("\(error)") }
    }
}

extension SessionArchive {
    /// The responses of a bank version's finished sessions as a response matrix (DECISIONS §2: how
    /// seeded pretest items get their calibration data): one row per session (person id = session id,
    /// groups `candidate` and `assessment`), one column per item given in any of them (bank order), the
    /// scored category of each answer; items a session did not give are not presented.
    /// - Throws: ``ExamSessionError/store(_:)`` when the version has no finished session.
    /// - Complexity: O(events + sessions × items).
    public static func responseMatrix(store: any RecordStore, bankVersion: String) throws(ExamSessionError) -> ResponseMatrix {
        let sessions: [ExamSessionSummary]
        let bank: ItemBank
        var answers: [[String: Int]] = []
        do {
            let version = try store.resolveBankVersion(bankVersion)
            bank = try store.bank(of: version)
            sessions = try store.listSessions(candidate: nil, bankVersion: version).filter { $0.state == .finished }
            for session in sessions {
                var row: [String: Int] = [:]
                for stored in try store.events(of: session.id) where stored.type == ExamEventType.answered.rawValue {
                    guard case .answered(let answer) = try? ExamEvent(stored) else {
                        throw StoreError(.corrupt("session \(session.id), event \(stored.sequence): the answer cannot be read"))
                    }
                    row[answer.itemId] = answer.response
                }
                answers.append(row)
            }
        } catch { throw .store("\(error)") }
        guard !sessions.isEmpty else {
            throw .store("bank version \(bankVersion) has no finished exam session; sessions are recorded by `exam take`")
        }
        let given = Set(answers.flatMap(\.keys))
        // Unscored items (self-assessment Likert items of an entry assessment) are not on the
        // certification scale: they never enter calibration data (DECISIONS §3).
        let items = bank.items.filter { $0.scored && given.contains($0.id) }
        var cells = [UInt8](repeating: ResponseMatrix.missing, count: sessions.count * items.count)
        for (p, row) in answers.enumerated() {
            for (j, item) in items.enumerated() {
                if let r = row[item.id], r >= 0, r < Int(ResponseMatrix.missing) { cells[p * items.count + j] = UInt8(r) }
            }
        }
        do {
            return try ResponseMatrix(personIDs: sessions.map(\.id), itemIDs: items.map(\.id), responses: cells,
                                      categoryCounts: items.map(\.categoryCount),
                                      groups: ["candidate": sessions.map(\.candidate), "assessment": sessions.map(\.assessment)])
        } catch { throw .store("the sessions' responses do not form a response matrix: \(error)") }
    }
}
