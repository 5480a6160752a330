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
    private let items: [String: Item]

    /// The engine of a bank version with the given settings.
    public static func engine(bank: ItemBank, settings: AdaptiveSettings) throws(ExamSessionError) -> AdaptiveEngine {
        do {
            return try AdaptiveEngine(pool: try ItemPool(bank: bank), settings: settings)
        } catch {
            throw .engine("bank \(bank.manifest.name) \(bank.manifest.version): \(error.description)")
        }
    }

    private init(store: any RecordStore, session: ExamSessionSummary, bank: ItemBank, engine: AdaptiveEngine,
                 history: SessionHistory, resumed: Bool) {
        self.store = store; self.session = session; self.bank = bank; self.engine = engine
        self.history = history; self.resumed = resumed
        self.items = Dictionary(bank.items.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Opens the candidate's session of (bank version, assessment): resumes the one in progress, or
    /// starts attempt n + 1 — refused after a finished attempt unless `newAttempt`. A new attempt passes
    /// the items the candidate saw in earlier sessions of the version as `seen`.
    /// - Parameter seed: the new session's seed (a random one when nil); ignored on resume.
    public static func open(store: any RecordStore, bankVersionID: String, candidate: String, assessment: String,
                            newAttempt: Bool, seed: UInt64? = nil) throws(ExamSessionError) -> ExamSessionRunner {
        let bank: ItemBank
        let sessions: [ExamSessionSummary]
        do {
            bank = try store.bank(of: bankVersionID)
            sessions = try store.listSessions(candidate: candidate, bankVersion: bankVersionID)
        } catch { throw .store("\(error)") }
        let mine = sessions.filter { $0.candidate == candidate && $0.assessment == assessment }
        if let active = mine.last(where: { $0.state == .inProgress }) {
            return try resume(active, store: store, bank: bank, seed: seed)
        }
        if let done = mine.last(where: { $0.state == .finished }), !newAttempt {
            throw .alreadyFinished(session: done.id, candidate: candidate)
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
                attempt: (mine.map(\.attempt).max() ?? 0) + 1))
        } catch { throw .store("\(error)") }
        return try resume(summary, store: store, bank: bank, seed: seed, seen: seen.sorted())
    }

    /// Resumes a session: rebuilds it from its events (writing its created event first when a crash
    /// left the session without one) and refuses a log this engine does not replay exactly.
    private static func resume(_ summary: ExamSessionSummary, store: any RecordStore, bank: ItemBank, seed: UInt64?,
                               seen: [String] = []) throws(ExamSessionError) -> ExamSessionRunner {
        var events: [SessionEvent]
        do { events = try store.events(of: summary.id) } catch { throw .store("\(error)") }
        let resumed = !events.isEmpty
        if events.isEmpty {
            var generator = SystemRandomNumberGenerator()
            let created = SessionCreated(seed: seed ?? generator.next(), bankVersionID: summary.bankVersionID,
                                         assessment: summary.assessment, attempt: summary.attempt, seen: seen,
                                         settings: AdaptiveSettings(bank: bank))
            do {
                events = [try store.appendEvent(try ExamEvent.created(created).envelope(), to: summary.id, expectedSequence: 0)]
            } catch let error as StoreError {
                throw error.kind.isSequenceConflict ? .concurrentWriter(session: summary.id) : .store(error.description)
            } catch let error as ExamSessionError { throw error } catch { throw .store("\(error)") }
        }
        let created = try SessionHistory.createdEvent(sessionID: summary.id, events: events)
        let engine = try engine(bank: bank, settings: created.settings)
        let history = try SessionHistory.rebuild(sessionID: summary.id, events: events, engine: engine)
        if let position = history.divergedAt {
            throw .diverged(session: summary.id, position: position,
                            detail: history.otherEngineVersion
                                ? "the session was started by engine \(history.created.engineVersion), this is \(ExamEngineVersion.current)"
                                : "the engine chooses another item than the one stored")
        }
        return ExamSessionRunner(store: store, session: summary, bank: bank, engine: engine, history: history, resumed: resumed)
    }

    /// The most items this exam can give: the maximum length plus the seeded pretest items.
    public var maximumItems: Int { history.created.settings.maxLength + history.created.settings.pretestItems }

    /// The next screen: the item waiting for its answer (shown again after a resume), else the engine's
    /// next item — committed before it is returned — or the result, committed likewise.
    public func nextScreen() throws(ExamSessionError) -> ExamScreen {
        if let result = history.storedResult { return .finished(result) }
        if let shown = history.presented { return .item(try present(shown)) }
        var next = history.state
        switch engine.next(&next) {
        case .administer(let index):
            let id = engine.pool.items[index].id
            guard let item = items[id] else { throw .engine("item \(id) of the pool is not in the bank version") }
            let selected = ItemSelected(position: history.steps.count + 1, itemId: id, generator: next.generator,
                                        choiceOrder: Self.choiceOrder(of: item, after: next.generator))
            Failpoint.hit("exam.item-selected")
            try append(.itemSelected(selected))
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
        try append(.answered(ItemAnswered(position: shown.position, itemId: shown.itemId, choice: typed, response: response)))
        return .accepted
    }

    /// Records that the candidate left (end of input, interrupt); the session stays in progress.
    public func pause(reason: String) throws(ExamSessionError) {
        guard history.storedResult == nil, !history.abandoned else { return }
        try append(.paused(SessionPaused(reason: reason)))
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
                             stem: item.stem, choices: choices)
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
