import AdaptiveTesting
import Foundation
import MathCore
import Store

/// One selection of a replayed session: the item stored and what the engine chose again.
public struct ReplayStep: Sendable, Equatable {
    public var position: Int
    /// The item the session stored.
    public var storedItemId: String
    /// The item the engine chose on replay (nil once the replay has diverged or the engine stopped).
    public var replayedItemId: String?
    /// The stored response category (nil while the item waits for its answer).
    public var response: Int?
    /// True when the engine chose the same item and reached the same generator state.
    public var matches: Bool
}

/// A session as a pure value, rebuilt from its events by replaying them through the engine:
///
/// ```
/// state = engine.start(generator: SeededGenerator(seed), seen)
/// item.selected  → engine.next(&state) must give the stored item and generator state
/// item.answered  → engine.record(&state, response)
/// session.time-expired → engine.stop(&state, reason: .time); the item shown, if any, stays unanswered
/// session.finished → engine.next(&state) must stop; engine.result(state) is compared with the stored result
/// ```
/// The time used is read from the events too (``secondsUsed``), so neither a resume nor a replay needs
/// the clock of the sitting.
/// The item selected and not answered is ``presented`` (shown again on resume, counted once).
/// Cost: one engine step per event.
public struct SessionHistory: Sendable {
    public let sessionID: String
    public private(set) var created: SessionCreated
    /// The engine state after the replayed events (up to the first divergence).
    public private(set) var state: AdaptiveState
    /// The item selected and not yet answered.
    public private(set) var presented: ItemSelected?
    public private(set) var answers: [ItemAnswered] = []
    public private(set) var steps: [ReplayStep] = []
    /// The result stored by the `session.finished` event, and the one the replay computed.
    public private(set) var storedResult: AdaptiveResult?
    public private(set) var replayedResult: AdaptiveResult?
    public private(set) var finishedAt: String?
    public private(set) var abandoned = false
    /// The reason stored in `session.abandoned`.
    public private(set) var abandonReason: String?
    public private(set) var pauses = 0
    /// The time the exam has been open, in seconds: the sum of the stored per-item durations (answers
    /// and pauses). The item on screen adds its running time (``ExamSessionRunner/secondsUsed()``).
    ///
    /// ```
    /// used = Σ item.answered.seconds + Σ session.paused.seconds
    /// ```
    public private(set) var secondsUsed: Double = 0
    /// The stored expiry of the time limit (nil: the time did not run out).
    public private(set) var timeExpired: SessionTimeExpired?
    /// The events read (the next event's sequence).
    public private(set) var eventCount: Int
    /// The position of the first step where the engine chose otherwise (nil: none).
    public private(set) var divergedAt: Int?

    /// True when every step and the result replay exactly.
    public var matches: Bool {
        divergedAt == nil && steps.allSatisfy(\.matches) && (storedResult == nil || storedResult == replayedResult)
    }
    /// True when the session was started by another engine version.
    public var otherEngineVersion: Bool { created.engineVersion != ExamEngineVersion.current }

    /// Starts a history from a session's first event.
    public init(sessionID: String, created: SessionCreated, engine: AdaptiveEngine) {
        self.sessionID = sessionID
        self.created = created
        self.state = engine.start(generator: SeededGenerator(seed: created.seed), seen: Set(created.seen))
        self.eventCount = 1
    }

    /// Rebuilds a session from its stored events.
    /// - Parameter engine: built from the stored bank version and the settings of the created event
    ///   (``ExamSessionRunner/engine(bank:settings:)``).
    /// - Throws: ``ExamSessionError/corruptLog(session:sequence:_:)`` when the log is out of order.
    public static func rebuild(sessionID: String, events: [SessionEvent], engine: AdaptiveEngine) throws(ExamSessionError) -> SessionHistory {
        guard let first = events.first else {
            throw .corruptLog(session: sessionID, sequence: 0, "the session has no events")
        }
        guard case .created(let created) = try ExamEvent(first) else {
            throw .corruptLog(session: sessionID, sequence: 0, "the first event is not session.created")
        }
        var history = SessionHistory(sessionID: sessionID, created: created, engine: engine)
        for stored in events.dropFirst() {
            try history.apply(try ExamEvent(stored), engine: engine, recordedAt: stored.recordedAt)
        }
        return history
    }

    /// Reads the settings of a session's first event (to build its engine before the rebuild).
    public static func createdEvent(sessionID: String, events: [SessionEvent]) throws(ExamSessionError) -> SessionCreated {
        guard let first = events.first, case .created(let created) = try ExamEvent(first) else {
            throw .corruptLog(session: sessionID, sequence: 0, "the first event is not session.created")
        }
        return created
    }

    /// Applies the next event of the log.
    public mutating func apply(_ event: ExamEvent, engine: AdaptiveEngine, recordedAt: String) throws(ExamSessionError) {
        let sequence = eventCount
        guard storedResult == nil && !abandoned else {
            throw .corruptLog(session: sessionID, sequence: sequence, "an event follows the end of the session")
        }
        switch event {
        case .created:
            throw .corruptLog(session: sessionID, sequence: sequence, "a second session.created event")
        case .itemSelected(let selected):
            guard presented == nil else {
                throw .corruptLog(session: sessionID, sequence: sequence, "an item is selected before the previous one was answered")
            }
            guard selected.position == steps.count + 1 else {
                throw .corruptLog(session: sessionID, sequence: sequence, "item position \(selected.position), expected \(steps.count + 1)")
            }
            var step = ReplayStep(position: selected.position, storedItemId: selected.itemId, replayedItemId: nil,
                                  response: nil, matches: false)
            if divergedAt == nil {
                var next = state
                if case .administer(let index) = engine.next(&next) {
                    step.replayedItemId = engine.pool.items[index].id
                    step.matches = step.replayedItemId == selected.itemId && next.generator == selected.generator
                }
                if step.matches { state = next } else { divergedAt = selected.position }
            }
            steps.append(step)
            presented = selected
        case .answered(let answer):
            guard let shown = presented, shown.itemId == answer.itemId, shown.position == answer.position else {
                throw .corruptLog(session: sessionID, sequence: sequence,
                                  "an answer to item \(answer.itemId) at position \(answer.position), which is not the item shown")
            }
            if divergedAt == nil {
                do { try engine.record(&state, response: answer.response) } catch {
                    throw .corruptLog(session: sessionID, sequence: sequence, error.description)
                }
            }
            steps[steps.count - 1].response = answer.response
            answers.append(answer)
            secondsUsed += max(0, answer.seconds ?? 0)
            presented = nil
        case .paused(let paused):
            pauses += 1
            secondsUsed += max(0, paused.seconds ?? 0)
        case .timeExpired(let expired):
            guard timeExpired == nil else {
                throw .corruptLog(session: sessionID, sequence: sequence, "a second session.time-expired event")
            }
            timeExpired = expired
            if divergedAt == nil { engine.stop(&state, reason: .time) }
            presented = nil
        case .finished(let finished):
            guard presented == nil else {
                throw .corruptLog(session: sessionID, sequence: sequence, "the session finished while an item waited for its answer")
            }
            storedResult = finished.result
            finishedAt = recordedAt
            if divergedAt == nil {
                var next = state
                if case .finished = engine.next(&next) {
                    state = next
                    replayedResult = engine.result(next)
                } else {
                    divergedAt = steps.count + 1
                }
            }
        case .abandoned(let abandonedEvent):
            abandoned = true
            abandonReason = abandonedEvent.reason
        }
        eventCount += 1
    }
}
