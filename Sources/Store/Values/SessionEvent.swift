import Foundation

/// An event the exam engine appends to a session's log. The store treats the type and payload as
/// opaque: the adaptive-exam issues define the events and their JSON.
public struct NewSessionEvent: Sendable, Equatable {
    /// The event type (e.g. `item.presented`); not empty.
    public var type: String
    /// The event's JSON document, UTF-8.
    public var payload: Data
    /// True for a life-cycle event (created, paused, time expired, finished, abandoned): the store adds
    /// an audit entry `exam.session.event` (session, type, sequence) in the same transaction. Events of
    /// single items are not audited; the log itself is their trail.
    public var audited: Bool

    /// An event to append; the store checks that `type` is not empty and that `payload` is JSON.
    public init(type: String, payload: Data, audited: Bool = false) {
        self.type = type
        self.payload = payload
        self.audited = audited
    }
}

/// One stored event of a session's append-only log (the envelope: session, sequence, type, payload,
/// time). Events are never changed or deleted.
public struct SessionEvent: Sendable, Equatable {
    /// The session the event belongs to.
    public var sessionID: String
    /// 0 for the first event of the session, then 1, 2, … without gaps.
    public var sequence: Int
    /// The event type.
    public var type: String
    /// The event's JSON document, UTF-8, as appended.
    public var payload: Data
    /// ISO 8601, UTC: when the store recorded the event.
    public var recordedAt: String
}
