import Foundation
import ItemBanking
import MentorCertTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

private let bundledBankDirectory = repositoryRoot.appendingPathComponent("itembanks/mentorcert").path

/// A copy of the bundled bank with `exam.timeLimitMinutes` set (a test bank: the bundled one has no limit).
func timeLimitedBank(minutes: String, in cwd: URL) throws -> String {
    let copy = cwd.appendingPathComponent("timed-bank")
    try FileManager.default.copyItem(at: URL(fileURLWithPath: bundledBankDirectory), to: copy)
    let manifest = copy.appendingPathComponent("bank.yaml")
    let text = try String(contentsOf: manifest, encoding: .utf8)
    let edited = text.replacingOccurrences(of: "  sectionMaxSE: 0.65\n", with: "  sectionMaxSE: 0.65\n  timeLimitMinutes: \(minutes)\n")
    try #require(edited != text, "the bundled bank.yaml has no `  sectionMaxSE: 0.65` line to add the limit after")
    try edited.write(to: manifest, atomically: true, encoding: .utf8)
    return copy.path
}

private func jsonArray(_ text: String) throws -> [[String: Any]] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]], "not a JSON array: \(text.prefix(300))")
}

private func lifecycleObject(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text.prefix(300))")
}

/// Lock files beside the store in `cwd`.
private func lockFiles(_ cwd: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: cwd.path).filter { $0.hasSuffix(".lock") }
}

@Suite(.serialized) struct ExamLifecycleCLITests {
    /// `--new-attempt --abandon-current` abandons the attempt in progress (state `abandoned` in `exam list`,
    /// `exam result` says so and exits 1) and starts attempt 2; `--abandon-current` alone is refused.
    @Test func abandonTheAttemptInProgress() throws {
        let cwd = try temporaryWorkingDirectory()
        let take = ["exam", "take", "--bank", bundledBankDirectory, "--candidate", "C-A"]
        let first = try runMentorCert(take, cwd: cwd, input: "A\n")
        #expect(first.status == 3, "\(first.stderr)")
        let alone = try runMentorCert(take + ["--abandon-current"], cwd: cwd, input: "")
        #expect(alone.status != 0 && alone.stderr.contains("give --new-attempt with it"), "\(alone.stderr)")
        let next = try runMentorCert(take + ["--new-attempt", "--abandon-current", "--reason", "left the room"], cwd: cwd, input: "")
        #expect(next.status == 3, "\(next.stderr)")
        #expect(next.stdout.contains("was abandoned; this is attempt 2"), "\(next.stdout)")
        let rows = try jsonArray(runMentorCert(["exam", "list", "--candidate", "C-A", "--format", "json"], cwd: cwd).stdout)
        #expect(rows.map { $0["state"] as? String } == ["abandoned", "in-progress"])
        #expect(rows.map { $0["attempt"] as? Int } == [1, 2])
        #expect(rows.map { $0["simulated"] as? Bool } == [false, false])
        let abandoned = try #require(rows.first?["sessionId"] as? String)
        let result = runMentorCert(["exam", "result", abandoned], cwd: cwd)
        #expect(result.status == 1)
        #expect(result.stderr.contains("was abandoned (left the room) and has no result"), "\(result.stderr)")
        // The plain command resumes attempt 2 (it does not abandon again).
        let again = try runMentorCert(take, cwd: cwd, input: "")
        #expect(again.status == 3 && !again.stdout.contains("abandoned"), "\(again.stdout)")
    }

    /// No lock file stays after a finished exam or a pause; SIGKILL leaves one, which the next
    /// `exam take` locks again and removes when it ends.
    @Test func lockFilesAreRemovedWhenTheExamEnds() throws {
        let cwd = try temporaryWorkingDirectory()
        var random = SplitMix64(seed: 5)
        let answers = (0..<200).map { _ in ["A", "B", "C"][random.int(in: 0...2)] }.joined(separator: "\n")
        let finished = try runMentorCert(["exam", "take", "--bank", bundledBankDirectory, "--candidate", "L-1"], cwd: cwd, input: answers)
        #expect(finished.status == 0 && finished.stdout.contains("=== Your result ==="), "\(finished.stderr)")
        #expect(try lockFiles(cwd).isEmpty)
        let take = ["exam", "take", "--bank", bundledBankDirectory, "--candidate", "L-2"]
        let paused = try runMentorCert(take, cwd: cwd, input: "A\n")
        #expect(paused.status == 3)
        #expect(try lockFiles(cwd).isEmpty)
        let killed = try InteractiveExam(take, cwd: cwd)
        try #require(killed.wait { $0.prompts >= 1 })
        killed.killHard()
        #expect(killed.finish().signalled)
        #expect(try lockFiles(cwd).count == 1)
        let resumed = try runMentorCert(take, cwd: cwd, input: "B\n")
        #expect(resumed.status == 3, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("Welcome back"))
        #expect(try lockFiles(cwd).isEmpty)
    }

    /// A bank with a time limit of 0.05 minutes (3 s), answered through the real binary: each item screen
    /// shows the time left; when the time is up the exam ends by itself (exit 0) with stop reason `time`,
    /// scored on exactly the answers accepted (no timing assertion: however fast or slow the machine,
    /// the answers accepted are the prompts shown minus the one left waiting), and replay reproduces it.
    @Test func timeLimitEndsTheExam() throws {
        let cwd = try temporaryWorkingDirectory()
        let bank = try timeLimitedBank(minutes: "0.05", in: cwd)
        let exam = try InteractiveExam(["exam", "take", "--bank", bank, "--candidate", "T-1"], cwd: cwd)
        for n in 1...2 {
            guard exam.wait(until: { $0.prompts >= n || $0.output.contains("=== Your result ===") }), exam.prompts >= n else { break }
            exam.send("A")
        }
        #expect(exam.wait { $0.output.contains("=== Your result ===") }, "the exam did not end at its time limit:\n\(exam.output)")
        let end = exam.finish()
        #expect(end.status == 0 && !end.signalled, "\(end.stderr)")
        #expect(end.stdout.contains("time limit of 0:03"))
        #expect(end.stdout.contains("Time left: "))
        #expect(end.stdout.contains("The time limit ran out"))
        let accepted = end.stdout.components(separatedBy: "Your answer (").count - 1 - 1
        let rows = try jsonArray(runMentorCert(["exam", "list", "--candidate", "T-1", "--format", "json"], cwd: cwd).stdout)
        let id = try #require(rows.first?["sessionId"] as? String)
        #expect(rows.first?["state"] as? String == "finished")
        let result = try lifecycleObject(runMentorCert(["exam", "result", id, "--responses", "--format", "json"], cwd: cwd).stdout)
        #expect(result["stopReason"] as? String == "time")
        #expect((result["responses"] as? [[String: Any]])?.count == accepted)
        let replay = runMentorCert(["exam", "replay", id, "--format", "json"], cwd: cwd)
        #expect(replay.status == 0, "\(replay.stdout)")
        let replayed = try lifecycleObject(replay.stdout)
        #expect(replayed["resultMatches"] as? Bool == true)
        #expect((replayed["result"] as? [String: Any])?["stopReason"] as? String == "time")
        #expect(try lockFiles(cwd).isEmpty)
    }

    /// `exam simulate --record`: 20 simulated candidates stored as finished sessions marked simulated,
    /// one replays to its stored result, and `responses import --from-sessions` reads all 20.
    @Test func simulateRecordStoresRealSessions() throws {
        let cwd = try temporaryWorkingDirectory()
        let run = runMentorCert(["exam", "simulate", "--bank", bundledBankDirectory, "--examinees", "20", "--seed", "9",
                                 "--record", "--format", "json"], cwd: cwd)
        #expect(run.status == 0, "\(run.stderr)")
        let report = try lifecycleObject(run.stdout)
        let rows = try jsonArray(runMentorCert(["exam", "list", "--format", "json"], cwd: cwd).stdout)
        #expect(rows.count == 20)
        #expect(rows.allSatisfy { $0["simulated"] as? Bool == true && $0["state"] as? String == "finished" })
        #expect(Set(rows.compactMap { $0["candidate"] as? String }) == Set((1...20).map { "sim-9-\($0)" }))
        // The report is computed from the recorded sessions: its mean length is theirs.
        let lengths = rows.compactMap { $0["itemsAnswered"] as? Int }
        #expect(report["meanLength"] as? Double == Double(lengths.reduce(0, +)) / 20)
        let id = try #require(rows[7]["sessionId"] as? String)
        let replay = runMentorCert(["exam", "replay", id, "--format", "json"], cwd: cwd)
        #expect(replay.status == 0)
        #expect(try lifecycleObject(replay.stdout)["resultMatches"] as? Bool == true)
        let version = try #require(rows.first?["bankVersionId"] as? String)
        let imported = runMentorCert(["responses", "import", "--from-sessions", version, "--format", "json"], cwd: cwd)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try lifecycleObject(imported.stdout)["persons"] as? Int == 20)
    }
    /// Entry assessments give the bundled bank's unscored self-assessment items; `responses import
    /// --from-sessions` leaves them out (they are not on the certification scale) and keeps every scored one.
    @Test func fromSessionsLeavesOutUnscoredItems() throws {
        let cwd = try temporaryWorkingDirectory()
        let run = runMentorCert(["exam", "simulate", "--bank", bundledBankDirectory, "--examinees", "4", "--seed", "11",
                                 "--assessment", "entry", "--record", "--format", "json"], cwd: cwd)
        #expect(run.status == 0, "\(run.stderr)")
        let bank = try #require(ItemBank.validate(directory: bundledBankDirectory).bank)
        let unscored = Set(bank.items.filter { !$0.scored }.map(\.id))
        let rows = try jsonArray(runMentorCert(["exam", "list", "--format", "json"], cwd: cwd).stdout)
        var answered = Set<String>()
        for row in rows {
            let id = try #require(row["sessionId"] as? String)
            let result = try lifecycleObject(runMentorCert(["exam", "result", id, "--responses", "--format", "json"], cwd: cwd).stdout)
            for r in (result["responses"] as? [[String: Any]]) ?? [] { if let item = r["itemId"] as? String { answered.insert(item) } }
        }
        let version = try #require(rows.first?["bankVersionId"] as? String)
        let imported = runMentorCert(["responses", "import", "--from-sessions", version, "--format", "json"], cwd: cwd)
        #expect(imported.status == 0, "\(imported.stderr)")
        let setID = try #require(try lifecycleObject(imported.stdout)["responseSetId"] as? String)
        let shown = try lifecycleObject(runMentorCert(["responses", "show", setID, "--format", "json"], cwd: cwd).stdout)
        let items = Set(((shown["items"] as? [[String: Any]]) ?? []).compactMap { $0["itemId"] as? String })
        #expect(!answered.intersection(unscored).isEmpty, "the entry sessions gave no self-assessment item")
        #expect(items == answered.subtracting(unscored))
    }
}
