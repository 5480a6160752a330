import AdaptiveTesting
import ExamDesign
import Foundation
import ItemBanking
import MathCore
import Store

/// What the candidate sees next.
public enum ExamScreen: Sendable, Equatable {
    case item(PresentedItem)
    case finished(AdaptiveResult)
}

/// An item as the candidate sees it: never its key, score map or parameters.
public struct PresentedItem: Sendable, Equatable {
    /// 1-based position among the items given, and the most items the exam can give.
    public var position: Int
    public var maximumItems: Int
    public var sectionTitle: String
    public var stem: String
    /// The choices in the order shown, labelled A, B, C, ….
    public var choices: [(label: String, text: String)]
    /// The time left when the item is shown, in seconds (nil: the exam has no time limit). Not part of
    /// the item's identity (``==`` ignores it).
    public var secondsLeft: Double? = nil

    public static func == (l: PresentedItem, r: PresentedItem) -> Bool {
        l.position == r.position && l.maximumItems == r.maximumItems && l.sectionTitle == r.sectionTitle && l.stem == r.stem
            && l.choices.map(\.label) == r.choices.map(\.label) && l.choices.map(\.text) == r.choices.map(\.text)
    }
}

/// The outcome of one line of input.
public enum AnswerOutcome: Sendable, Equatable {
    /// The answer was committed.
    case accepted
    /// The line is not one of the choices; nothing was written.
    case invalid(hint: String)
    /// The time limit had run out before the answer came: the answer was not recorded, the expiry was;
    /// the next screen is the result.
    case timeUp
}

/// A monotonic clock in seconds, injected so that tests control the time (``system`` in the terminal).
public struct ExamClock: Sendable {
    public var now: @Sendable () -> Double
    public init(now: @escaping @Sendable () -> Double) { self.now = now }
    /// The system's monotonic clock (seconds since boot; never goes back when the wall clock is set).
    public static let system = ExamClock { ProcessInfo.processInfo.systemUptime }
}

/// How ``ExamSessionRunner/open(store:bankVersionID:candidate:assessment:options:)`` opens a session.
public struct ExamSessionOptions: Sendable {
    /// Start another attempt after a finished or abandoned one (refused without it).
    public var newAttempt = false
    /// When set: the attempt in progress (if any) is abandoned with this reason — a `session.abandoned`
    /// event, state `abandoned` — and the next attempt starts.
    public var abandonReason: String?
    /// The new session's seed (a random one when nil); ignored on resume.
    public var seed: UInt64?
    /// The store's file path: sessions are locked with ``SessionLock`` files beside it (nil: no lock
    /// files; the store's sequence check still refuses a second writer).
    public var storePath: String?
    /// The clock of the time limit and of the per-item durations (nil: not timed — a simulated
    /// candidate; the session then has no time limit).
    public var clock: ExamClock? = .system
    /// Marks the new session as a simulated candidate's.
    public var simulated = false
    /// The engine settings of a new session (nil: the assessment type's, ``AdaptiveSettings/init(bank:plan:)``,
    /// or the bank version's for an assessment that is not one of the types). Their start θ is replaced by
    /// the candidate's previous result when there is one (``startFromPreviousResult``).
    public var settings: AdaptiveSettings?
    /// A later assessment starts its item selection from the candidate's latest finished θ̂ of an
    /// earlier one (DECISIONS §3; ``ItemBanking/AssessmentType/startsFrom``).
    public var startFromPreviousResult = true

    public init(newAttempt: Bool = false, abandonReason: String? = nil, seed: UInt64? = nil, storePath: String? = nil,
                clock: ExamClock? = .system, simulated: Bool = false, settings: AdaptiveSettings? = nil,
                startFromPreviousResult: Bool = true) {
        self.newAttempt = newAttempt; self.abandonReason = abandonReason; self.seed = seed; self.storePath = storePath
        self.clock = clock; self.simulated = simulated; self.settings = settings
        self.startFromPreviousResult = startFromPreviousResult
    }
}

/// A live exam session: opens or resumes the candidate's session, asks the engine for the next item,
/// and commits every event to the store before the next screen (DECISIONS §6, §13). One runner per
/// process; the store's optimistic sequence check refuses a second writer.
public final class ExamSessionRunner {
    public let store: any RecordStore
    public let session: ExamSessionSummary
    public let bank: ItemBank
    public let engine: AdaptiveEngine
    public private(set) var history: SessionHistory
    /// True when an existing session was resumed.
    public let resumed: Bool
    /// The session abandoned on opening (``ExamSessionOptions/abandonReason``), if any.
    public private(set) var abandonedSession: ExamSessionSummary?
    private let items: [String: Item]
    private let clock: ExamClock?
    private let lock: SessionLock?
    /// When the item on screen was shown in this sitting (nil: none is on screen, or not timed).
    private var shownAt: Double?

    /// The engine of a bank version with the given settings and pool selection (nil: the whole scored pool).
    public static func engine(bank: ItemBank, settings: AdaptiveSettings,
                              pool: PoolSelection? = nil) throws(ExamSessionError) -> AdaptiveEngine {
        do {
            return try AdaptiveEngine(pool: try ItemPool(bank: bank, selection: pool), settings: settings)
        } catch {
            throw .engine("bank \(bank.manifest.name) \(bank.manifest.version): \(error.description)")
        }
    }

    private init(store: any RecordStore, session: ExamSessionSummary, bank: ItemBank, engine: AdaptiveEngine,
                 history: SessionHistory, resumed: Bool, clock: ExamClock?, lock: SessionLock?) {
        self.store = store; self.session = session; self.bank = bank; self.engine = engine
        self.history = history; self.resumed = resumed; self.clock = clock; self.lock = lock
        self.items = Dictionary(bank.items.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Opens the candidate's session of (bank version, assessment): resumes the one in progress, or
    /// starts attempt n + 1 — refused after a finished attempt unless `newAttempt`. A new attempt passes
    /// the items the candidate saw in earlier sessions of the version as `seen`.
    /// - Parameter seed: the new session's seed (a random one when nil); ignored on resume.
    public static func open(store: any RecordStore, bankVersionID: String, candidate: String, assessment: String,
                            newAttempt: Bool, seed: UInt64? = nil) throws(ExamSessionError) -> ExamSessionRunner {
        try open(store: store, bankVersionID: bankVersionID, candidate: candidate, assessment: assessment,
                 options: ExamSessionOptions(newAttempt: newAttempt, seed: seed))
    }

    /// Opens the candidate's session of (bank version, assessment) as `options` say: resumes the one in
    /// progress (or abandons it first when ``ExamSessionOptions/abandonReason`` is set), or starts attempt
    /// n + 1 — refused after a finished or abandoned attempt unless a new attempt is asked for. With a
    /// store path the session's lock file is taken (``ExamSessionError/openElsewhere(session:candidate:)``
    /// when another process holds it); ``close()`` releases it.
    public static func open(store: any RecordStore, bankVersionID: String, candidate: String, assessment: String,
                            options: ExamSessionOptions) throws(ExamSessionError) -> ExamSessionRunner {
        let seed = options.seed
        let newAttempt = options.newAttempt || options.abandonReason != nil
        let bank: ItemBank
        let sessions: [ExamSessionSummary]
        do {
            bank = try store.bank(of: bankVersionID)
            sessions = try store.listSessions(candidate: candidate, bankVersion: bankVersionID)
        } catch { throw .store("\(error)") }
        let mine = sessions.filter { $0.candidate == candidate && $0.assessment == assessment }
        var abandoned: ExamSessionSummary?
        if let active = mine.last(where: { $0.state == .inProgress }) {
            if let reason = options.abandonReason {
                try abandon(active, store: store, reason: reason, storePath: options.storePath)
                abandoned = active
            } else {
                return try resume(active, store: store, bank: bank, options: options)
            }
        }
        if let ended = mine.last(where: { $0.state != .inProgress && $0.id != abandoned?.id }), !newAttempt {
            throw ended.state == .abandoned ? .alreadyAbandoned(session: ended.id, candidate: candidate)
                                            : .alreadyFinished(session: ended.id, candidate: candidate)
        }
        var seen = Set<String>()
        for earlier in sessions where earlier.candidate == candidate {
            let events: [SessionEvent]
            do { events = try store.events(of: earlier.id) } catch { throw .store("\(error)") }
            for stored in events where stored.type == ExamEventType.itemSelected.rawValue {
                if case .itemSelected(let s) = try ExamEvent(stored) { seen.insert(s.itemId) }
            }
        }
        let summary: ExamSessionSummary
        do {
            summary = try store.createSession(NewExamSession(
                id: newSessionID(), candidate: candidate, bankVersionID: bankVersionID, assessment: assessment,
                attempt: (mine.map(\.attempt).max() ?? 0) + 1, simulated: options.simulated))
        } catch { throw .store("\(error)") }
        let runner = try resume(summary, store: store, bank: bank, options: options, seen: seen.sorted())
        runner.abandonedSession = abandoned
        return runner
    }

    /// Ends a session in progress without a result: a `session.abandoned` event with the reason, and the
    /// session's state `abandoned`, in one transaction (refused while another process holds its lock).
    private static func abandon(_ summary: ExamSessionSummary, store: any RecordStore, reason: String,
                                storePath: String?) throws(ExamSessionError) {
        let lock = storePath.map { SessionLock(storePath: $0, session: summary.id) }
        if let lock, !lock.acquire() { throw .openElsewhere(session: summary.id, candidate: summary.candidate) }
        defer { lock?.release() }
        do {
            let events = try store.events(of: summary.id)
            _ = try store.appendEvent(try ExamEvent.abandoned(SessionAbandoned(reason: reason)).envelope(), to: summary.id,
                                      expectedSequence: events.count, newState: .abandoned)
        } catch let error as StoreError {
            throw error.kind.isSequenceConflict ? .concurrentWriter(session: summary.id) : .store(error.description)
        } catch let error as ExamSessionError { throw error } catch { throw .store("\(error)") }
    }

    /// Resumes a session: rebuilds it from its events (writing its created event first when a crash
    /// left the session without one) and refuses a log this engine does not replay exactly.
    private static func resume(_ summary: ExamSessionSummary, store: any RecordStore, bank: ItemBank,
                               options: ExamSessionOptions, seen: [String] = []) throws(ExamSessionError) -> ExamSessionRunner {
        let lock = options.storePath.map { SessionLock(storePath: $0, session: summary.id) }
        if let lock, !lock.acquire() { throw .openElsewhere(session: summary.id, candidate: summary.candidate) }
        do {
            return try resume(summary, store: store, bank: bank, options: options, seen: seen, lock: lock)
        } catch {
            lock?.release()
            throw error
        }
    }

    private static func resume(_ summary: ExamSessionSummary, store: any RecordStore, bank: ItemBank,
                               options: ExamSessionOptions, seen: [String], lock: SessionLock?) throws(ExamSessionError) -> ExamSessionRunner {
        var events: [SessionEvent]
        do { events = try store.events(of: summary.id) } catch { throw .store("\(error)") }
        let resumed = !events.isEmpty
        if events.isEmpty {
            var generator = SystemRandomNumberGenerator()
            let plan = AssessmentType(rawValue: summary.assessment).map(bank.manifest.assessment)
            let limitMinutes = plan?.exam.timeLimitMinutes ?? bank.manifest.exam.timeLimitMinutes
            let limit = options.clock == nil ? nil : limitMinutes.map { $0 * 60 }
            var settings = options.settings ?? plan.map { AdaptiveSettings(bank: bank, plan: $0) } ?? AdaptiveSettings(bank: bank)
            var start = StartingTheta(theta: settings.startTheta, source: .bank)
            if options.startFromPreviousResult, let plan,
               let previous = try previousResult(store: store, candidate: summary.candidate, bank: bank, before: summary,
                                                 from: plan.type.startsFrom) {
                start = previous
                settings.startTheta = previous.theta
            }
            let created = SessionCreated(seed: options.seed ?? generator.next(), bankVersionID: summary.bankVersionID,
                                         assessment: summary.assessment, attempt: summary.attempt, seen: seen,
                                         settings: settings, timeLimitSeconds: limit,
                                         pool: plan.map(PoolSelection.init(plan:)), startingTheta: start)
            do {
                events = [try store.appendEvent(try ExamEvent.created(created).envelope(), to: summary.id, expectedSequence: 0)]
            } catch let error as StoreError {
                throw error.kind.isSequenceConflict ? .concurrentWriter(session: summary.id) : .store(error.description)
            } catch let error as ExamSessionError { throw error } catch { throw .store("\(error)") }
        }
        let created = try SessionHistory.createdEvent(sessionID: summary.id, events: events)
        let engine = try engine(bank: bank, settings: created.settings, pool: created.pool)
        let history = try SessionHistory.rebuild(sessionID: summary.id, events: events, engine: engine)
        if let position = history.divergedAt {
            throw .diverged(session: summary.id, position: position,
                            detail: history.otherEngineVersion
                                ? "the session was started by engine \(history.created.engineVersion), this is \(ExamEngineVersion.current)"
                                : "the engine chooses another item than the one stored")
        }
        return ExamSessionRunner(store: store, session: summary, bank: bank, engine: engine, history: history, resumed: resumed,
                                 clock: options.clock, lock: lock)
    }

    /// The candidate's latest finished result of an earlier assessment (types `from`) on the same bank —
    /// any version of the bank's name, whose θ scale it shares — as a starting θ (DECISIONS §3). Latest
    /// = the last `session.finished` event by its time, ties broken by the session order; a non-finite
    /// θ̂ is skipped. Nil when there is none.
    /// - Complexity: one read of the events of each of the candidate's finished sessions.
    static func previousResult(store: any RecordStore, candidate: String, bank: ItemBank, before current: ExamSessionSummary,
                               from types: Set<AssessmentType>) throws(ExamSessionError) -> StartingTheta? {
        guard !types.isEmpty else { return nil }
        var best: (at: String, order: Int, start: StartingTheta)?
        do {
            let names = Dictionary(try store.listBankVersions().map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
            let sessions = try store.listSessions(candidate: candidate, bankVersion: nil)
            for (order, earlier) in sessions.enumerated() where earlier.id != current.id && earlier.state == .finished {
                guard earlier.candidate == candidate, let type = AssessmentType(rawValue: earlier.assessment), types.contains(type),
                      names[earlier.bankVersionID] == bank.manifest.name else { continue }
                guard let stored = try store.events(of: earlier.id).last(where: { $0.type == ExamEventType.finished.rawValue }),
                      case .finished(let finished) = try ExamEvent(stored), finished.result.theta.isFinite else { continue }
                if let b = best, (b.at, b.order) > (stored.recordedAt, order) { continue }
                best = (stored.recordedAt, order, StartingTheta(theta: finished.result.theta, source: .previousResult,
                                                                 sessionId: earlier.id, assessment: earlier.assessment,
                                                                 bankVersionId: earlier.bankVersionID))
            }
        } catch let error as ExamSessionError { throw error } catch { throw .store("\(error)") }
        return best?.start
    }

    /// Releases the session's lock file (removing it). Call when the process leaves the exam normally;
    /// a killed process leaves the file, which the next `open` locks again.
    public func close() { lock?.release() }

    // MARK: Time

    /// The exam's time limit in seconds (nil: none).
    public var timeLimitSeconds: Double? { clock == nil ? nil : history.created.timeLimitSeconds }

    /// The time the exam has been open, in seconds: the stored per-item durations plus the running time
    /// of the item on screen in this sitting. A killed process loses the running time of its sitting
    /// (in the candidate's favour); a pause stores it.
    public func secondsUsed() -> Double {
        history.secondsUsed + secondsOnScreen()
    }

    /// The time left (never negative; nil: no limit).
    public func secondsLeft() -> Double? {
        timeLimitSeconds.map { max(0, $0 - secondsUsed()) }
    }

    /// True when the limit has run out and the exam has not ended yet.
    private var timeIsUp: Bool {
        guard let limit = timeLimitSeconds, history.storedResult == nil, history.timeExpired == nil, !history.abandoned else {
            return false
        }
        return secondsUsed() >= limit
    }

    private func secondsOnScreen() -> Double {
        guard let clock, let shownAt else { return 0 }
        return max(0, clock.now() - shownAt)
    }

    /// Records the expiry of the time limit when it has run out (`session.time-expired`; the next
    /// screen is then the result, scored on the items answered). True when it did.
    @discardableResult
    public func expireIfDue() throws(ExamSessionError) -> Bool {
        guard timeIsUp, let limit = timeLimitSeconds else { return false }
        let used = secondsUsed()
        try append(.timeExpired(SessionTimeExpired(limitSeconds: limit, usedSeconds: used,
                                                   unansweredPosition: history.presented?.position)))
        shownAt = nil
        return true
    }

    /// The most items this exam can give: the maximum length plus the seeded pretest items and the
    /// self-assessment items.
    public var maximumItems: Int {
        history.created.settings.maxLength + history.created.settings.pretestItems
            + engine.pool.items.filter { $0.role == .selfAssessment }.count
    }

    /// The next screen: the item waiting for its answer (shown again after a resume), else the engine's
    /// next item — committed before it is returned — or the result, committed likewise.
    public func nextScreen() throws(ExamSessionError) -> ExamScreen {
        if let result = history.storedResult { return .finished(result) }
        if history.abandoned { throw .abandoned(session: session.id, reason: history.abandonReason ?? "no reason given") }
        try expireIfDue()
        if let shown = history.presented {
            if shownAt == nil { shownAt = clock?.now() }
            return .item(try present(shown))
        }
        var next = history.state
        switch engine.next(&next) {
        case .administer(let index):
            let id = engine.pool.items[index].id
            guard let item = items[id] else { throw .engine("item \(id) of the pool is not in the bank version") }
            let selected = ItemSelected(position: history.steps.count + 1, itemId: id, generator: next.generator,
                                        choiceOrder: Self.choiceOrder(of: item, after: next.generator))
            Failpoint.hit("exam.item-selected")
            try append(.itemSelected(selected))
            shownAt = clock?.now()
            return .item(try present(selected))
        case .finished:
            try append(.finished(SessionFinished(result: engine.result(next))), newState: .finished)
            guard let result = history.storedResult else { throw .engine("the finished session has no result") }
            return .finished(result)
        }
    }

    /// Takes one line typed for the item shown: a choice label (case and surrounding spaces ignored)
    /// is scored and committed; anything else returns a hint and writes nothing.
    public func answer(_ line: String) throws(ExamSessionError) -> AnswerOutcome {
        guard let shown = history.presented, let item = items[shown.itemId] else {
            throw .engine("no item is waiting for an answer in session \(session.id)")
        }
        if try expireIfDue() { return .timeUp }
        let labels = Self.labels(count: shown.choiceOrder.count)
        let typed = line.trimmingCharacters(in: .whitespaces).uppercased()
        guard let index = labels.firstIndex(of: typed) else {
            let range = "\(labels.first ?? "A")–\(labels.last ?? "A")"
            return .invalid(hint: typed.isEmpty
                ? "Type one letter, \(range), then press Enter."
                : "“\(line.trimmingCharacters(in: .whitespaces))” is not a choice; type one letter, \(range), then press Enter.")
        }
        let authored = shown.choiceOrder[index]
        let response: Int
        switch item.type {
        case .multipleChoice:
            guard let key = item.key else { throw .engine("item \(item.id) has no key; fix the bank") }
            response = item.options[authored].label == key ? 1 : 0
        case .graded:
            response = item.categories[authored].score
        }
        try commitAnswer(shown, choice: typed, response: response)
        return .accepted
    }

    /// A simulated candidate's answer: the scored category `response` of the item shown, given as the
    /// label that scores it (multiple choice: the key for 1, the first other option shown for 0).
    /// - Throws: ``ExamSessionError/engine(_:)`` when no choice of the item scores `response`.
    public func answer(response: Int) throws(ExamSessionError) -> AnswerOutcome {
        guard let shown = history.presented, let item = items[shown.itemId] else {
            throw .engine("no item is waiting for an answer in session \(session.id)")
        }
        if try expireIfDue() { return .timeUp }
        let labels = Self.labels(count: shown.choiceOrder.count)
        let shownIndex: Int?
        switch item.type {
        case .multipleChoice:
            shownIndex = shown.choiceOrder.firstIndex { (item.options[$0].label == item.key) == (response == 1) }
        case .graded:
            shownIndex = shown.choiceOrder.firstIndex { item.categories[$0].score == response }
        }
        guard let shownIndex, labels.indices.contains(shownIndex) else {
            throw .engine("item \(item.id) has no choice scored \(response)")
        }
        try commitAnswer(shown, choice: labels[shownIndex], response: response)
        return .accepted
    }

    private func commitAnswer(_ shown: ItemSelected, choice: String, response: Int) throws(ExamSessionError) {
        let seconds = clock == nil ? nil : secondsOnScreen()
        try append(.answered(ItemAnswered(position: shown.position, itemId: shown.itemId, choice: choice, response: response,
                                          seconds: seconds)))
        shownAt = nil
    }

    /// Records that the candidate left (end of input, interrupt); the session stays in progress. The
    /// time the waiting item was on screen in this sitting is stored with the pause.
    public func pause(reason: String) throws(ExamSessionError) {
        guard history.storedResult == nil, !history.abandoned else { return }
        let seconds = clock == nil || history.presented == nil ? nil : secondsOnScreen()
        try append(.paused(SessionPaused(reason: reason, seconds: seconds)))
        shownAt = nil
    }

    // MARK: Internals

    private func append(_ event: ExamEvent, newState: SessionState? = nil) throws(ExamSessionError) {
        let stored: SessionEvent
        do {
            stored = try store.appendEvent(try event.envelope(), to: session.id, expectedSequence: history.eventCount,
                                           newState: newState)
        } catch let error as StoreError {
            throw error.kind.isSequenceConflict ? .concurrentWriter(session: session.id) : .store(error.description)
        } catch let error as ExamSessionError { throw error } catch { throw .store("\(error)") }
        try history.apply(event, engine: engine, recordedAt: stored.recordedAt)
        if let position = history.divergedAt {
            throw .diverged(session: session.id, position: position, detail: "the engine is not deterministic")
        }
    }

    private func present(_ selected: ItemSelected) throws(ExamSessionError) -> PresentedItem {
        guard let item = items[selected.itemId] else { throw .engine("item \(selected.itemId) is not in the bank version") }
        let texts = item.type == .multipleChoice ? item.options.map(\.text) : item.categories.map(\.text)
        let labels = Self.labels(count: selected.choiceOrder.count)
        var choices: [(label: String, text: String)] = []
        for (label, authored) in zip(labels, selected.choiceOrder) {
            guard texts.indices.contains(authored) else { throw .engine("item \(item.id) has no choice \(authored)") }
            choices.append((label, texts[authored]))
        }
        return PresentedItem(position: selected.position, maximumItems: maximumItems,
                             sectionTitle: bank.manifest.blueprint.section(item.section)?.title ?? item.section,
                             stem: item.stem, choices: choices, secondsLeft: secondsLeft())
    }

    /// Choice labels A, B, C, … for `count` choices.
    static func labels(count: Int) -> [String] {
        (0..<count).map { String(UnicodeScalar(UInt8(65 + min($0, 25)))) }
    }

    /// The order of an item's choices: authored order for multiple choice; for a graded item a random
    /// permutation (Fisher–Yates) from a generator seeded by one draw of a copy of the session's
    /// generator, so the engine's own stream is not advanced and a replay draws the same order.
    static func choiceOrder(of item: Item, after generator: SeededGenerator) -> [Int] {
        guard item.type == .graded else { return Array(item.options.indices) }
        var copy = generator
        var g = SeededGenerator(seed: copy.next() ^ 0x6368_6F69_6365_7321)
        var order = Array(item.categories.indices)
        if order.count > 1 {
            for i in stride(from: order.count - 1, to: 0, by: -1) {
                let j = Int(g.next() % UInt64(i + 1))
                order.swapAt(i, j)
            }
        }
        return order
    }

    static func newSessionID() -> String {
        var g = SystemRandomNumberGenerator()
        return "ses-" + String(format: "%016llx", g.next() as UInt64)
    }
}

extension StoreError.Kind {
    var isSequenceConflict: Bool {
        if case .sequenceConflict = self { return true }
        return false
    }
}
