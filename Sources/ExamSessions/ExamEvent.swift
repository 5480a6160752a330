import AdaptiveTesting
import ExamDesign
import Foundation
import MathCore
import Store

/// The version of the exam engine written into every session it starts (DECISIONS §13: `exam replay`
/// reports a session started by another engine version apart from a mismatch). Change it whenever a
/// change to selection, estimation or stopping could give a stored session another course.
public enum ExamEngineVersion {
    public static let current = "mentorcert-adaptive/1"
}

/// The event types of a session's log (the `type` column of the store's envelope).
public enum ExamEventType: String, Sendable, CaseIterable {
    case created = "session.created"
    case itemSelected = "item.selected"
    case answered = "item.answered"
    case paused = "session.paused"
    case timeExpired = "session.time-expired"
    case finished = "session.finished"
    case abandoned = "session.abandoned"
}

extension ExamEventType {
    /// Life-cycle events (created, paused, time expired, finished, abandoned) get an audit entry
    /// `exam.session.event` in the transaction that stores them; the events of single items do not
    /// (the log itself is their trail).
    public var isLifeCycle: Bool { self != .itemSelected && self != .answered }
}

/// The first event of every session: what the engine needs to replay it.
public struct SessionCreated: Sendable, Equatable, Codable {
    /// ``ExamEngineVersion/current`` of the engine that started the session.
    public var engineVersion: String
    /// The seed of the session's random generator (pretest positions, exposure control, option order).
    public var seed: UInt64
    public var bankVersionID: String
    public var assessment: String
    public var attempt: Int
    /// Items the candidate saw in earlier sessions of this bank version, sorted (the engine's `seen`).
    public var seen: [String]
    /// The engine settings the session runs with (the bank version's, recorded so a resume and a replay
    /// use exactly them).
    public var settings: AdaptiveSettings
    /// The exam's time limit in seconds (the bank's `exam.timeLimitMinutes` when the session started;
    /// nil: no limit). Only the time the exam is open counts (``SessionHistory/secondsUsed``).
    public var timeLimitSeconds: Double?
    /// The items and section bounds of the session's assessment type (nil: the bank version's whole
    /// scored pool and blueprint — sessions started before assessment types existed).
    public var pool: PoolSelection?
    /// Where the start θ of the item selection (`settings.startTheta`) came from (nil: sessions started
    /// before it was recorded — the bank's `exam.startTheta`).
    public var startingTheta: StartingTheta?

    public init(engineVersion: String = ExamEngineVersion.current, seed: UInt64, bankVersionID: String,
                assessment: String, attempt: Int, seen: [String], settings: AdaptiveSettings,
                timeLimitSeconds: Double? = nil, pool: PoolSelection? = nil, startingTheta: StartingTheta? = nil) {
        self.engineVersion = engineVersion; self.seed = seed; self.bankVersionID = bankVersionID
        self.assessment = assessment; self.attempt = attempt; self.seen = seen; self.settings = settings
        self.timeLimitSeconds = timeLimitSeconds
        self.pool = pool; self.startingTheta = startingTheta
    }
}

/// The θ a session's item selection started from, and where it came from (DECISIONS §3): the bank's
/// `exam.startTheta`, or the candidate's latest finished θ̂ of an earlier assessment (entry → continuing
/// → final). It only chooses the first item; it is never the prior of any estimate.
public struct StartingTheta: Sendable, Equatable, Codable {
    /// Where the value came from.
    public enum Source: String, Sendable, Codable {
        /// The bank's `exam.startTheta` (no earlier result, or an entry assessment).
        case bank
        /// The final θ̂ of the candidate's latest finished earlier session.
        case previousResult = "previous-result"
    }
    public var theta: Double
    public var source: Source
    /// The earlier session, its assessment type and bank version (previous-result only).
    public var sessionId: String?
    public var assessment: String?
    public var bankVersionId: String?

    public init(theta: Double, source: Source, sessionId: String? = nil, assessment: String? = nil, bankVersionId: String? = nil) {
        self.theta = theta; self.source = source; self.sessionId = sessionId; self.assessment = assessment
        self.bankVersionId = bankVersionId
    }
}

/// An item chosen by the engine, committed before it is shown (DECISIONS §6 resume rule).
public struct ItemSelected: Sendable, Equatable, Codable {
    /// 1-based position among the items given (pretest items included).
    public var position: Int
    public var itemId: String
    /// The engine's generator state right after the selection.
    public var generator: SeededGenerator
    /// The order in which the item's choices are shown: indices into its authored options (multiple
    /// choice: always in authored order) or categories (graded: a random order, drawn once and stored).
    public var choiceOrder: [Int]
}

/// The candidate's answer to the item last selected.
public struct ItemAnswered: Sendable, Equatable, Codable {
    public var position: Int
    public var itemId: String
    /// The label the candidate typed (`A`, `B`, …, as shown).
    public var choice: String
    /// The scored response category the engine records (0/1 for multiple choice, the category's score
    /// for a graded item).
    public var response: Int
    /// Seconds the item was on screen before this answer, counted from when it was shown or, after a
    /// resume, from the resume (nil: not timed — a simulated candidate, or a log of an earlier release).
    public var seconds: Double?

    public init(position: Int, itemId: String, choice: String, response: Int, seconds: Double? = nil) {
        self.position = position; self.itemId = itemId; self.choice = choice; self.response = response
        self.seconds = seconds
    }
}

/// The candidate left the exam (end of input, interrupt); the session resumes with the same command.
public struct SessionPaused: Sendable, Equatable, Codable {
    public var reason: String
    /// Seconds the waiting item was on screen in the sitting that ends here (nil: no item waited, or
    /// not timed); they count toward the time limit like an answer's.
    public var seconds: Double?

    public init(reason: String, seconds: Double? = nil) { self.reason = reason; self.seconds = seconds }
}

/// The exam's time limit ran out: the exam stops with reason `time` and is scored on the items
/// answered; the item on screen, if any, stays unanswered. Stored so that a replay needs no clock.
public struct SessionTimeExpired: Sendable, Equatable, Codable {
    /// The limit, and the time the exam had been open when it ran out (seconds).
    public var limitSeconds: Double
    public var usedSeconds: Double
    /// The position of the item on screen, unanswered (nil: none was).
    public var unansweredPosition: Int?
}

/// The exam stopped; the result the candidate was shown.
public struct SessionFinished: Sendable, Equatable, Codable {
    public var result: AdaptiveResult
}

/// The session was ended without a result.
public struct SessionAbandoned: Sendable, Equatable, Codable {
    public var reason: String
}

/// One event of a session's log, decoded.
public enum ExamEvent: Sendable, Equatable {
    case created(SessionCreated)
    case itemSelected(ItemSelected)
    case answered(ItemAnswered)
    case paused(SessionPaused)
    case timeExpired(SessionTimeExpired)
    case finished(SessionFinished)
    case abandoned(SessionAbandoned)

    public var type: ExamEventType {
        switch self {
        case .created: .created
        case .itemSelected: .itemSelected
        case .answered: .answered
        case .paused: .paused
        case .timeExpired: .timeExpired
        case .finished: .finished
        case .abandoned: .abandoned
        }
    }

    static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        // An SE may be infinite (an all-wrong pattern under ML); kept exactly, never lost.
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return e
    }

    static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return d
    }

    /// The store's envelope of this event.
    public func envelope() throws(ExamSessionError) -> NewSessionEvent {
        let e = Self.encoder()
        do {
            let data: Data
            switch self {
            case .created(let v): data = try e.encode(v)
            case .itemSelected(let v): data = try e.encode(v)
            case .answered(let v): data = try e.encode(v)
            case .paused(let v): data = try e.encode(v)
            case .timeExpired(let v): data = try e.encode(v)
            case .finished(let v): data = try e.encode(v)
            case .abandoned(let v): data = try e.encode(v)
            }
            return NewSessionEvent(type: type.rawValue, payload: data, audited: type.isLifeCycle)
        } catch {
            throw .corruptLog(session: "-", sequence: -1, "a \(type.rawValue) event cannot be encoded: \(error)")
        }
    }

    /// Decodes a stored event.
    public init(_ stored: SessionEvent) throws(ExamSessionError) {
        guard let type = ExamEventType(rawValue: stored.type) else {
            throw .corruptLog(session: stored.sessionID, sequence: stored.sequence,
                              "unknown event type `\(stored.type)`; a newer engine wrote it — use that engine")
        }
        let d = Self.decoder()
        do {
            switch type {
            case .created: self = .created(try d.decode(SessionCreated.self, from: stored.payload))
            case .itemSelected: self = .itemSelected(try d.decode(ItemSelected.self, from: stored.payload))
            case .answered: self = .answered(try d.decode(ItemAnswered.self, from: stored.payload))
            case .paused: self = .paused(try d.decode(SessionPaused.self, from: stored.payload))
            case .timeExpired: self = .timeExpired(try d.decode(SessionTimeExpired.self, from: stored.payload))
            case .finished: self = .finished(try d.decode(SessionFinished.self, from: stored.payload))
            case .abandoned: self = .abandoned(try d.decode(SessionAbandoned.self, from: stored.payload))
            }
        } catch {
            throw .corruptLog(session: stored.sessionID, sequence: stored.sequence,
                              "the \(type.rawValue) payload cannot be read: \(error)")
        }
    }
}

/// The one error of the exam-session module: what failed, which session, and what to do.
public enum ExamSessionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The session's log cannot be read or does not make sense.
    case corruptLog(session: String, sequence: Int, String)
    /// A finished session exists; a new attempt must be asked for.
    case alreadyFinished(session: String, candidate: String)
    /// The candidate's last attempt was abandoned; a new attempt must be asked for.
    case alreadyAbandoned(session: String, candidate: String)
    /// The session is being taken in another process (its lock file is held).
    case openElsewhere(session: String, candidate: String)
    /// The session was abandoned: it has no result.
    case abandoned(session: String, reason: String)
    /// Another process wrote to the session meanwhile.
    case concurrentWriter(session: String)
    /// The stored events do not replay on this engine (resume refused).
    case diverged(session: String, position: Int, detail: String)
    /// The session has no result yet.
    case notFinished(session: String, state: String)
    /// The bank version cannot run an adaptive exam.
    case engine(String)
    /// The store refused.
    case store(String)

    public var description: String {
        switch self {
        case .corruptLog(let s, let n, let detail):
            return "session \(s), event \(n): \(detail)"
        case .alreadyFinished(let s, let c):
            return "candidate \(c) has finished this exam (session \(s)); see it with `exam result \(s)`, "
                + "or start another attempt with --new-attempt"
        case .alreadyAbandoned(let s, let c):
            return "candidate \(c) abandoned the last attempt at this exam (session \(s)); start another attempt with --new-attempt"
        case .openElsewhere(let s, let c):
            return "session \(s) of candidate \(c) is open in another terminal; "
                + "finish or close that one first (Ctrl-C pauses it), then run this command again."
        case .abandoned(let s, let reason):
            return "session \(s) was abandoned (\(reason)) and has no result; the candidate's later attempts are listed by `exam list --candidate`"
        case .concurrentWriter(let s):
            return "session \(s) was changed by another process at the same time; only one terminal may take an exam — close the other one and run the command again"
        case .diverged(let s, let p, let detail):
            return "session \(s) cannot continue on this engine: at item \(p) \(detail); run `exam replay \(s)` to see every step"
        case .notFinished(let s, let state):
            return "session \(s) has no result yet (it is \(state)); resume it with `exam take` and the same options"
        case .engine(let detail):
            return detail
        case .store(let detail):
            return detail
        }
    }
}
