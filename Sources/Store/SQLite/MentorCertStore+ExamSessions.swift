import Foundation
import GRDB

/// `ExamSessionRepository` on SQLite (conformance declared with the class, see `RecordStore`).
extension MentorCertStore {
    public func createSession(_ session: NewExamSession) throws(StoreError) -> ExamSessionSummary {
        for (field, value) in [("id", session.id), ("candidate", session.candidate), ("assessment", session.assessment)]
        where value.isEmpty {
            throw StoreError(.invalidInput("exam session: the \(field) is empty; give a non-empty \(field)"))
        }
        guard session.attempt >= 1 else {
            throw StoreError(.invalidInput("exam session \(session.id): attempt \(session.attempt) is not a positive number; the first attempt is 1"))
        }
        return try write { db in
            if try ExamSessionRecord.exists(db, key: session.id) {
                throw StoreError(.alreadyExists(what: "exam session", id: session.id))
            }
            let versionID = try resolveVersion(db, session.bankVersionID)
            let now = Self.now()
            let record = ExamSessionRecord(id: session.id, candidate: session.candidate, bankVersionId: versionID,
                                           assessment: session.assessment, attempt: session.attempt,
                                           state: SessionState.inProgress.rawValue, startedAt: now, updatedAt: now,
                                           simulated: session.simulated)
            try record.insert(db)
            try audit(db, action: "exam.session", subject: session.id, detail: [
                "candidate": session.candidate, "bankVersion": versionID, "assessment": session.assessment,
                "attempt": String(session.attempt), "simulated": String(session.simulated),
            ])
            return try Self.summary(record, eventCount: 0)
        }
    }

    public func session(_ id: String) throws(StoreError) -> ExamSessionSummary {
        try read { db in
            let record = try sessionRecord(db, id)
            return try Self.summary(record, eventCount: try eventCount(db, id))
        }
    }

    public func listSessions(candidate: String?, bankVersion: String?) throws(StoreError) -> [ExamSessionSummary] {
        try read { db in
            var request = ExamSessionRecord.all()
            if let candidate { request = request.filter(Column("candidate") == candidate) }
            if let bankVersion { request = request.filter(Column("bank_version_id") == (try resolveVersion(db, bankVersion))) }
            let counts = try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: """
                SELECT session_id, count(*) AS n FROM exam_session_event GROUP BY session_id
                """).map { row in (try row.decode(String.self, forColumn: "session_id"), try row.decode(Int.self, forColumn: "n")) })
            return try request.order(Column("started_at"), Column("id")).fetchAll(db).map { record in
                try Self.summary(record, eventCount: counts[record.id] ?? 0)
            }
        }
    }

    public func appendEvents(_ events: [NewSessionEvent], to sessionID: String, expectedSequence: Int,
                             newState: SessionState?) throws(StoreError) -> [SessionEvent] {
        for (offset, event) in events.enumerated() {
            guard String(data: event.payload, encoding: .utf8) != nil,
                  (try? JSONSerialization.jsonObject(with: event.payload, options: .fragmentsAllowed)) != nil else {
                throw StoreError(.invalidInput("session `\(sessionID)`, event \(expectedSequence + offset) (\(event.type)): "
                    + "the payload is not UTF-8 JSON; nothing was appended"))
            }
        }
        return try write { db in
            var record = try sessionRecord(db, sessionID)
            let next = try eventCount(db, sessionID)
            guard next == expectedSequence else {
                throw StoreError(.sequenceConflict(session: sessionID, expected: expectedSequence, next: next))
            }
            let now = Self.now()
            var stored: [SessionEvent] = []
            for (offset, event) in events.enumerated() {
                let row = SessionEventRecord(sessionId: sessionID, sequence: next + offset, type: event.type,
                                             payload: String(decoding: event.payload, as: UTF8.self), recordedAt: now)
                try row.insert(db)
                if event.audited {
                    try audit(db, action: "exam.session.event", subject: sessionID,
                              detail: ["type": event.type, "sequence": String(next + offset)])
                }
                stored.append(row.event)
            }
            record.updatedAt = now
            if let newState, newState.rawValue != record.state {
                try audit(db, action: "exam.session.state", subject: sessionID,
                          detail: ["from": record.state, "to": newState.rawValue, "sequence": String(next + events.count)])
                record.state = newState.rawValue
            }
            try record.update(db)
            return stored
        }
    }

    public func events(of sessionID: String) throws(StoreError) -> [SessionEvent] {
        try read { db in
            _ = try sessionRecord(db, sessionID)
            return try SessionEventRecord.filter(Column("session_id") == sessionID).order(Column("sequence"))
                .fetchAll(db).map(\.event)
        }
    }

    // MARK: - Helpers

    private func sessionRecord(_ db: Database, _ id: String) throws -> ExamSessionRecord {
        guard let record = try ExamSessionRecord.fetchOne(db, key: id) else { throw StoreError(.unknownExamSession(id)) }
        return record
    }

    private func eventCount(_ db: Database, _ sessionID: String) throws -> Int {
        try SessionEventRecord.filter(Column("session_id") == sessionID).fetchCount(db)
    }

    private static func summary(_ record: ExamSessionRecord, eventCount: Int) throws(StoreError) -> ExamSessionSummary {
        guard let state = SessionState(rawValue: record.state) else {
            throw StoreError(.corrupt("exam session \(record.id) has the unknown state `\(record.state)`"))
        }
        return ExamSessionSummary(id: record.id, candidate: record.candidate, bankVersionID: record.bankVersionId,
                                  assessment: record.assessment, attempt: record.attempt, state: state,
                                  eventCount: eventCount, startedAt: record.startedAt, updatedAt: record.updatedAt,
                                  simulated: record.simulated)
    }
}
