import Foundation

/// The life-cycle state of an exam session (DECISIONS §6, `exam list`).
public enum SessionState: String, Sendable, Codable, CaseIterable {
    /// Started and not yet ended.
    case inProgress = "in-progress"
    /// Ended by a stopping rule; a result exists.
    case finished
    /// Ended without a result (time-out, withdrawal).
    case abandoned
}

/// What the exam engine gives the store to open a session.
public struct NewExamSession: Sendable, Equatable {
    /// The session id, chosen by the caller (unique in the store).
    public var id: String
    /// The candidate's id.
    public var candidate: String
    /// The bank version the session draws from (id or unique prefix of at least 6 characters).
    public var bankVersionID: String
    /// The assessment type (e.g. `certification`, `entry`).
    public var assessment: String
    /// 1 for a first attempt, 2 for the first retake …
    public var attempt: Int
    /// True for a simulated candidate's session (`exam simulate --record`).
    public var simulated: Bool

    /// A session to create; the store checks the values when it is written.
    public init(id: String, candidate: String, bankVersionID: String, assessment: String, attempt: Int,
                simulated: Bool = false) {
        self.simulated = simulated
        self.id = id
        self.candidate = candidate
        self.bankVersionID = bankVersionID
        self.assessment = assessment
        self.attempt = attempt
    }
}

/// A stored exam session: who, what, and where it stands. Its history is its event log
/// (`ExamSessionRepository.events(of:)`), from which the exam engine rebuilds the session value.
public struct ExamSessionSummary: Sendable, Equatable, Codable {
    /// The session id.
    public var id: String
    /// The candidate's id.
    public var candidate: String
    /// The full id of the bank version the session draws from.
    public var bankVersionID: String
    /// The assessment type.
    public var assessment: String
    /// 1 for a first attempt, 2 for the first retake …
    public var attempt: Int
    /// The state the exam engine last recorded.
    public var state: SessionState
    /// The number of events in the session's log; the next event's sequence number.
    public var eventCount: Int
    /// ISO 8601, UTC.
    public var startedAt: String
    /// ISO 8601, UTC: when the last event or state change was written.
    public var updatedAt: String
    /// True for a simulated candidate's session.
    public var simulated: Bool = false
}
