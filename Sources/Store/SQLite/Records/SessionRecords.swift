import Foundation
import GRDB

/// A row of `exam_session`: who takes which assessment on which version, and its current state.
struct ExamSessionRecord: StoreRecord {
    static let databaseTableName = "exam_session"
    var id: String
    var candidate: String
    var bankVersionId: String
    var assessment: String
    var attempt: Int
    var state: String
    var startedAt: String
    var updatedAt: String
    /// 1 for a session of a simulated candidate (`v4-exam-session-simulated`).
    var simulated: Bool
}

/// A row of `exam_session_event`: the envelope of one event of a session's append-only log.
struct SessionEventRecord: StoreRecord {
    static let databaseTableName = "exam_session_event"
    var sessionId: String
    var sequence: Int
    var type: String
    var payload: String
    var recordedAt: String

    var event: SessionEvent {
        SessionEvent(sessionID: sessionId, sequence: sequence, type: type, payload: Data(payload.utf8),
                     recordedAt: recordedAt)
    }
}
