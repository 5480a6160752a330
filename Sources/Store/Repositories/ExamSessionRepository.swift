/// Exam sessions as append-only event logs. A session row says who takes which assessment on which
/// bank version and where it stands; its history is a sequence of opaque events (type + JSON payload)
/// numbered 0, 1, 2, … without gaps, from which the exam engine rebuilds a pure session value.
///
/// **Optimistic concurrency.** A writer appends with the sequence number it expects to be next (the
/// `eventCount` it last read). The check and the insert are one transaction, so of two writers that
/// both expect sequence n exactly one succeeds; the other gets `StoreError.Kind.sequenceConflict` and
/// must read the log again.
///
/// Every method is one transaction; a failed write leaves the store unchanged and throws `StoreError`.
public protocol ExamSessionRepository: Sendable {
    /// Opens a session in state `in-progress` with an empty event log.
    func createSession(_ session: NewExamSession) throws(StoreError) -> ExamSessionSummary

    /// A session's summary (whole id).
    func session(_ id: String) throws(StoreError) -> ExamSessionSummary

    /// Sessions, oldest first, optionally only a candidate's and/or a bank version's (id or prefix).
    func listSessions(candidate: String?, bankVersion: String?) throws(StoreError) -> [ExamSessionSummary]

    /// Appends `events` to a session's log as sequences `expectedSequence`, `expectedSequence + 1`, …,
    /// and, when `newState` is given, records the session's new state, all in one transaction.
    /// - Throws: `sequenceConflict` when the log's next sequence is not `expectedSequence`;
    ///   `unknownExamSession`; `invalidInput` when a payload is not UTF-8 JSON; `database` when the
    ///   storage refuses an event (an empty type). In every case nothing is written.
    /// - Returns: the stored events.
    func appendEvents(_ events: [NewSessionEvent], to sessionID: String, expectedSequence: Int,
                      newState: SessionState?) throws(StoreError) -> [SessionEvent]

    /// A session's events in sequence order.
    func events(of sessionID: String) throws(StoreError) -> [SessionEvent]
}

extension ExamSessionRepository {
    /// Appends one event (see `appendEvents(_:to:expectedSequence:newState:)`).
    public func appendEvent(_ event: NewSessionEvent, to sessionID: String, expectedSequence: Int,
                            newState: SessionState? = nil) throws(StoreError) -> SessionEvent {
        let stored = try appendEvents([event], to: sessionID, expectedSequence: expectedSequence, newState: newState)
        guard let first = stored.first else {
            throw StoreError(.database("appending one event to session `\(sessionID)` stored none"))
        }
        return first
    }

    /// All sessions, oldest first.
    public func listSessions() throws(StoreError) -> [ExamSessionSummary] {
        try listSessions(candidate: nil, bankVersion: nil)
    }
}
