import AdaptiveTesting
import ExamDesign
import Foundation
import ItemBanking
import Store
import Testing
@testable import ExamSessions

/// A clock the test moves by hand (seconds).
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var seconds = 1_000.0
    func advance(_ by: Double) { lock.lock(); seconds += by; lock.unlock() }
    var clock: ExamClock { ExamClock { [self] in lock.lock(); defer { lock.unlock() }; return seconds } }
}

/// A store file in a fresh temporary directory (lock files go beside it).
private func storeInFolder() throws -> (MentorCertStore, String) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lifecycle-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let path = folder.appendingPathComponent("s.sqlite").path
    return (try MentorCertStore(path: path), path)
}

/// Answers the item on screen with "A" and returns the outcome.
private func answerA(_ runner: ExamSessionRunner) throws -> AnswerOutcome {
    guard case .item = try runner.nextScreen() else { Issue.record("no item on screen"); return .timeUp }
    return try runner.answer("A")
}

@Suite struct SessionLifecycleTests {
    /// A time limit of 1 minute, counted only while an item is on screen. Hand-computed: 20 s + 25 s on
    /// items 1 and 2, 10 s on item 3 before a pause (55 s used, 5 s left); a break of 1,000 s does not
    /// count; 6 s after the resume the answer comes too late: the expiry is stored (61 s used, item 3
    /// unanswered), the exam stops with reason `time` and is scored on the 2 answers, and the replay
    /// reproduces the result from the events alone.
    @Test func timeLimitCountsOpenTimeAndEndsTheExam() throws {
        let store = try temporaryStore()
        var bank = try bundledBank()
        bank.manifest.exam.timeLimitMinutes = 1
        let version = try store.importBank(bank).versionID
        let time = ManualClock()
        let options = ExamSessionOptions(seed: 7, clock: time.clock)
        var runner = try ExamSessionRunner.open(store: store, bankVersionID: version, candidate: "T1", assessment: "final", options: options)
        #expect(runner.timeLimitSeconds == 60)
        guard case .item(let first) = try runner.nextScreen() else { Issue.record("no first item"); return }
        #expect(first.secondsLeft == 60)
        time.advance(20)
        #expect(try runner.answer("A") == .accepted)
        guard case .item(let second) = try runner.nextScreen() else { Issue.record("no second item"); return }
        #expect(second.secondsLeft == 40)
        time.advance(25)
        #expect(try runner.answer("B") == .accepted)
        guard case .item(let third) = try runner.nextScreen() else { Issue.record("no third item"); return }
        #expect(third.secondsLeft == 15)
        time.advance(10)
        try runner.pause(reason: "end of input")
        time.advance(1_000)  // paused: not counted
        runner = try ExamSessionRunner.open(store: store, bankVersionID: version, candidate: "T1", assessment: "final", options: options)
        guard case .item(let again) = try runner.nextScreen() else { Issue.record("no item after the resume"); return }
        #expect(again == third)
        #expect(again.secondsLeft == 5)
        time.advance(6)
        #expect(try runner.answer("A") == .timeUp)
        guard case .finished(let result) = try runner.nextScreen() else { Issue.record("no result after the expiry"); return }
        #expect(result.stopReason == .time)
        #expect(result.items.count == 2)
        #expect(result.items.map(\.itemId) == runner.history.answers.map(\.itemId))
        #expect(runner.history.answers.map(\.seconds) == [20, 25])
        let stored = try SessionArchive.load(runner.session.id, store: store)
        #expect(stored.history.timeExpired == SessionTimeExpired(limitSeconds: 60, usedSeconds: 61, unansweredPosition: 3))
        #expect(stored.history.secondsUsed == 55)
        #expect(stored.history.storedResult == result)
        #expect(stored.history.replayedResult == result)
        #expect(stored.history.matches)
        #expect(try store.session(runner.session.id).state == .finished)
    }

    /// The expiry while the candidate reads (the terminal's timer calls `expireIfDue`): nothing before the
    /// limit, the expiry at it; the result is scored on the single answer.
    @Test func expiryWhileAnItemIsOnScreen() throws {
        let store = try temporaryStore()
        var bank = try bundledBank()
        bank.manifest.exam.timeLimitMinutes = 0.5
        let version = try store.importBank(bank).versionID
        let time = ManualClock()
        let runner = try ExamSessionRunner.open(store: store, bankVersionID: version, candidate: "T2", assessment: "final",
                                                options: ExamSessionOptions(seed: 8, clock: time.clock))
        time.advance(100)  // before the first item is shown: not counted
        guard case .item = try runner.nextScreen() else { Issue.record("no first item"); return }
        time.advance(3)
        #expect(try runner.answer("C") == .accepted)
        guard case .item = try runner.nextScreen() else { Issue.record("no second item"); return }
        time.advance(26)
        #expect(try runner.expireIfDue() == false)
        time.advance(1)
        #expect(try runner.expireIfDue() == true)
        guard case .finished(let result) = try runner.nextScreen() else { Issue.record("no result"); return }
        #expect(result.stopReason == .time)
        #expect(result.items.count == 1)
        let stored = try SessionArchive.load(runner.session.id, store: store)
        #expect(stored.history.replayedResult == result)
        #expect(stored.history.steps.count == 2 && stored.history.steps.last?.response == nil)
    }

    /// Abandoning: refused while another holder has the session's lock; afterwards the attempt in
    /// progress is abandoned (event, state, reason), attempt 2 starts, `result` of the abandoned session
    /// says so, a plain open resumes attempt 2 — and only life-cycle events were audited.
    @Test func abandonTheAttemptInProgress() throws {
        let (store, path) = try storeInFolder()
        let version = try store.importBank(try bundledBank()).versionID
        let first = try ExamSessionRunner.open(store: store, bankVersionID: version, candidate: "A1", assessment: "final",
                                               options: ExamSessionOptions(seed: 3, storePath: path))
        #expect(try answerA(first) == .accepted)
        let lockFile = SessionLock.path(storePath: path, session: first.session.id)
        #expect(FileManager.default.fileExists(atPath: lockFile))
        let abandon = ExamSessionOptions(newAttempt: true, abandonReason: "left the room", storePath: path)
        #expect(throws: ExamSessionError.openElsewhere(session: first.session.id, candidate: "A1")) {
            _ = try ExamSessionRunner.open(store: store, bankVersionID: version, candidate: "A1", assessment: "final", options: abandon)
        }
        try first.pause(reason: "end of input")
        first.close()
        #expect(!FileManager.default.fileExists(atPath: lockFile))
        let second = try ExamSessionRunner.open(store: store, bankVersionID: version, candidate: "A1", assessment: "final", options: abandon)
        #expect(second.abandonedSession?.id == first.session.id)
        #expect(second.session.attempt == 2)
        #expect(try store.session(first.session.id).state == .abandoned)
        #expect(throws: ExamSessionError.abandoned(session: first.session.id, reason: "left the room")) {
            _ = try SessionArchive.result(first.session.id, store: store)
        }
        second.close()
        let resumed = try ExamSessionRunner.open(store: store, bankVersionID: version, candidate: "A1", assessment: "final",
                                                 options: ExamSessionOptions(storePath: path))
        #expect(resumed.session.id == second.session.id)
        resumed.close()
        let audited = try store.auditLog().filter { $0.subject == first.session.id }
        let eventTypes = try audited.filter { $0.action == "exam.session.event" }.map { entry in
            let detail = try #require(try JSONSerialization.jsonObject(with: Data(entry.detail.utf8)) as? [String: String])
            return detail["type"] ?? "?"
        }
        #expect(eventTypes == ["session.created", "session.paused", "session.abandoned"])
        #expect(audited.map(\.action) == ["exam.session", "exam.session.event", "exam.session.event", "exam.session.event",
                                          "exam.session.state"])
        // Once the last attempt is abandoned, a plain open is refused (a new attempt must be asked for).
        let events = try store.events(of: second.session.id)
        _ = try store.appendEvent(try ExamEvent.abandoned(SessionAbandoned(reason: "again")).envelope(), to: second.session.id,
                                  expectedSequence: events.count, newState: .abandoned)
        #expect(throws: ExamSessionError.alreadyAbandoned(session: second.session.id, candidate: "A1")) {
            _ = try ExamSessionRunner.open(store: store, bankVersionID: version, candidate: "A1", assessment: "final",
                                           options: ExamSessionOptions(storePath: path))
        }
    }

    /// The lock file: a second holder is refused while the first holds it; a release removes the file;
    /// a file left behind (as by a killed process) is locked again.
    @Test func lockFileIsRemovedOnRelease() throws {
        let (_, path) = try storeInFolder()
        let a = SessionLock(storePath: path, session: "ses-1"), b = SessionLock(storePath: path, session: "ses-1")
        #expect(a.acquire())
        #expect(!b.acquire())
        a.release()
        #expect(!FileManager.default.fileExists(atPath: a.path))
        #expect(FileManager.default.createFile(atPath: b.path, contents: Data()))  // left by a killed holder
        #expect(b.acquire())
        #expect(!a.acquire())
        b.release()
        #expect(!FileManager.default.fileExists(atPath: b.path))
    }

    /// Recorded simulated candidates: stored as simulated finished sessions whose results equal their
    /// replays and the study's own outcomes for the same seed.
    @Test func recordedSimulationEqualsTheStudyAndItsReplays() throws {
        let store = try temporaryStore()
        let bank = try bundledBank()
        let version = try store.importBank(bank).versionID
        let engine = try AdaptiveEngine(pool: try ItemPool(bank: bank), settings: AdaptiveSettings(bank: bank))
        let study = try SimulationStudy(engine: engine, examinees: 3, seed: 11)
        let recorded = try RecordedSimulation.record(study: study, store: store, bankVersionID: version, assessment: "final")
        #expect(recorded.outcomes.map(\.result) == study.run().map(\.result))
        for (n, id) in recorded.sessions.enumerated() {
            let summary = try store.session(id)
            #expect(summary.simulated && summary.state == .finished && summary.candidate == "sim-11-\(n + 1)")
            let stored = try SessionArchive.load(id, store: store)
            #expect(stored.history.matches && stored.history.replayedResult == recorded.outcomes[n].result)
        }
    }
}
