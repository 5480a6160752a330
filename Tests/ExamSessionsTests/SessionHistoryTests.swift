import AdaptiveTesting
import ExamDesign
import Foundation
import ItemBanking
import Store
import Testing
@testable import ExamSessions

/// The bundled bank (validated), or a recorded issue.
func bundledBank() throws -> ItemBank {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let validation = ItemBank.validate(directory: root.appendingPathComponent("itembanks/mentorcert").path)
    return try #require(validation.bank)
}

func temporaryStore() throws -> MentorCertStore {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("sessions-\(UUID().uuidString).sqlite")
    return try MentorCertStore(path: url.path)
}

@Suite struct SessionHistoryTests {
    /// A whole session through the runner, answering by a fixed rule; its stored log rebuilds to the same
    /// state and result, and a runner reopened in the middle shows the item that waits again.
    @Test func liveSessionEqualsItsRebuild() throws {
        let store = try temporaryStore()
        let version = try store.importBank(try bundledBank()).versionID
        var runner = try ExamSessionRunner.open(store: store, bankVersionID: version, candidate: "C1", assessment: "final",
                                                newAttempt: false, seed: 42)
        var answered = 0
        var result: AdaptiveResult?
        while result == nil {
            switch try runner.nextScreen() {
            case .finished(let r): result = r
            case .item(let item):
                if answered == 7 {
                    // Reopen while the 8th item waits: the same item comes back, nothing is selected twice.
                    runner = try ExamSessionRunner.open(store: store, bankVersionID: version, candidate: "C1",
                                                        assessment: "final", newAttempt: false)
                    #expect(runner.resumed)
                    guard case .item(let again) = try runner.nextScreen() else { Issue.record("no item after resume"); return }
                    #expect(again == item)
                }
                #expect(try runner.answer("  ") == .invalid(hint: "Type one letter, A–\(item.choices.last?.label ?? "?"), then press Enter."))
                #expect(try runner.answer(answered % 3 == 0 ? "b" : "A") == .accepted)
                answered += 1
            }
        }
        let final = try #require(result)
        #expect(final.items.count == answered)
        #expect(final.items.map(\.position) == Array(1...answered))
        #expect(Set(final.items.map(\.itemId)).count == answered)
        let stored = try SessionArchive.load(runner.session.id, store: store)
        #expect(stored.history.storedResult == final)
        #expect(stored.history.replayedResult == final)
        #expect(stored.history.matches)
        #expect(try store.session(runner.session.id).state == .finished)
        // A finished session is not retaken without a new attempt; a new attempt avoids the items seen.
        #expect(throws: ExamSessionError.alreadyFinished(session: runner.session.id, candidate: "C1")) {
            _ = try ExamSessionRunner.open(store: store, bankVersionID: version, candidate: "C1", assessment: "final", newAttempt: false)
        }
        let second = try ExamSessionRunner.open(store: store, bankVersionID: version, candidate: "C1", assessment: "final",
                                                newAttempt: true, seed: 42)
        #expect(second.session.attempt == 2)
        #expect(Set(second.history.created.seen) == Set(final.items.map(\.itemId)))
        guard case .item = try second.nextScreen() else { Issue.record("the second attempt gives no item"); return }
        let firstItem = try #require(second.history.presented?.itemId)
        #expect(!final.items.map(\.itemId).contains(firstItem))
    }

    /// A log that another engine would continue differently is refused on resume, and a replay says where.
    @Test func tamperedLogIsReportedAsMismatch() throws {
        let store = try temporaryStore()
        let version = try store.importBank(try bundledBank()).versionID
        let runner = try ExamSessionRunner.open(store: store, bankVersionID: version, candidate: "C2", assessment: "final",
                                                newAttempt: false, seed: 7)
        guard case .item = try runner.nextScreen() else { Issue.record("no item"); return }
        #expect(try runner.answer("A") == .accepted)
        // Another process appends a selection of an item the engine would not choose.
        let events = try store.events(of: runner.session.id)
        let other = try #require(try bundledBank().items.last { $0.status == .operational }?.id)
        let forged = ExamEvent.itemSelected(ItemSelected(position: 2, itemId: other, generator: runner.history.state.generator,
                                                         choiceOrder: [0, 1, 2, 3]))
        _ = try store.appendEvent(try forged.envelope(), to: runner.session.id, expectedSequence: events.count)
        let replay = try SessionArchive.load(runner.session.id, store: store)
        #expect(!replay.history.matches)
        #expect(replay.history.divergedAt == 2)
        #expect(throws: ExamSessionError.self) {
            _ = try ExamSessionRunner.open(store: store, bankVersionID: version, candidate: "C2", assessment: "final", newAttempt: false)
        }
        // The first runner's next write meets the forged event: a clear concurrent-writer error, nothing written.
        #expect(throws: ExamSessionError.concurrentWriter(session: runner.session.id)) { _ = try runner.nextScreen() }
    }

    /// A session started by another engine version that still replays step for step is reported as
    /// "other engine version", not as a mismatch, and can be resumed.
    @Test func otherEngineVersionIsNotAMismatch() throws {
        let store = try temporaryStore()
        let bank = try bundledBank()
        let version = try store.importBank(bank).versionID
        let session = try store.createSession(NewExamSession(id: "ses-old-engine", candidate: "C3", bankVersionID: version,
                                                             assessment: "final", attempt: 1))
        let created = SessionCreated(engineVersion: "mentorcert-adaptive/0", seed: 11, bankVersionID: version,
                                     assessment: "final", attempt: 1, seen: [], settings: AdaptiveSettings(bank: bank))
        _ = try store.appendEvent(try ExamEvent.created(created).envelope(), to: session.id, expectedSequence: 0)
        let runner = try ExamSessionRunner.open(store: store, bankVersionID: version, candidate: "C3", assessment: "final",
                                                newAttempt: false)
        for _ in 0..<3 {
            guard case .item = try runner.nextScreen() else { Issue.record("no item"); return }
            #expect(try runner.answer("A") == .accepted)
        }
        let replay = try SessionArchive.load(session.id, store: store)
        #expect(replay.history.otherEngineVersion)
        #expect(replay.history.matches)
        #expect(replay.history.steps.count == 3)
    }
}
