import Foundation
import ItemBanking
import MentorCertTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A `mentorcert exam take` process driven like a candidate at a terminal: lines are written to its
/// standard input one at a time, its standard output is read as it comes.
final class InteractiveExam: @unchecked Sendable {
    let process = Process()
    private let input = Pipe(), out = Pipe(), err = Pipe()
    private let lock = NSLock()
    private var outData = Data(), errData = Data()
    private let group = DispatchGroup()

    init(_ args: [String], cwd: URL, environment: [String: String] = [:]) throws {
        let binary = try #require(mentorCertBinary(), "no mentorcert executable in \(productsDirectory().path); build it first")
        process.executableURL = binary
        process.arguments = args
        process.currentDirectoryURL = cwd
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardInput = input
        process.standardOutput = out
        process.standardError = err
        try process.run()
        for (pipe, isOut) in [(out, true), (err, false)] {
            group.enter()
            DispatchQueue.global().async { [self] in
                let handle = pipe.fileHandleForReading
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    lock.lock()
                    if isOut { outData.append(chunk) } else { errData.append(chunk) }
                    lock.unlock()
                }
                group.leave()
            }
        }
    }

    /// Standard output so far.
    var output: String { lock.lock(); defer { lock.unlock() }; return String(decoding: outData, as: UTF8.self) }
    /// How many times the prompt has been shown so far.
    var prompts: Int { output.components(separatedBy: "Your answer (").count - 1 }

    /// Waits until `condition` holds or the process has ended (a bounded wait, not a timing assertion:
    /// the bound only keeps a broken build from hanging the suite). True when the condition holds.
    func wait(until condition: (InteractiveExam) -> Bool, limit: TimeInterval = 300) -> Bool {
        let start = Date()
        while !condition(self) {
            if !process.isRunning || Date().timeIntervalSince(start) > limit {
                usleep(50_000)
                return condition(self)
            }
            usleep(5_000)
        }
        return true
    }

    /// Writes one line to the exam's input.
    func send(_ line: String) {
        try? input.fileHandleForWriting.write(contentsOf: Data((line + "\n").utf8))
    }

    func closeInput() { try? input.fileHandleForWriting.close() }

    /// SIGKILL: no handler runs, nothing is flushed or committed.
    func killHard() { kill(process.processIdentifier, SIGKILL) }

    func finish() -> (status: Int32, signalled: Bool, stdout: String, stderr: String) {
        closeInput()
        group.wait()
        process.waitUntilExit()
        lock.lock(); defer { lock.unlock() }
        return (process.terminationStatus, process.terminationReason == .uncaughtSignal,
                String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    /// The last item screen shown (header, stem and choices), if any.
    var lastItemScreen: String? {
        let text = output
        guard let start = text.range(of: "--- item ", options: .backwards) else { return nil }
        let rest = text[start.lowerBound...]
        guard let end = rest.range(of: "Your answer (") else { return nil }
        return String(rest[..<end.lowerBound])
    }
}

/// Runs `mentorcert args` with `input` as its whole standard input.
func runMentorCert(_ args: [String], cwd: URL, input: String) throws -> (status: Int32, stdout: String, stderr: String) {
    let exam = try InteractiveExam(args, cwd: cwd)
    exam.send(input)
    let r = exam.finish()
    return (r.status, r.stdout, r.stderr)
}


private let bankDirectory = repositoryRoot.appendingPathComponent("itembanks/mentorcert").path

/// Text a candidate must never see: the bank's rationales and the words of keys and parameters.
private func forbiddenTexts() throws -> [String] {
    let bank = try #require(ItemBank.validate(directory: bankDirectory).bank)
    return bank.items.map { String($0.rationale.prefix(60)) } + ["θ", "theta", "rationale", "discrimination", "key:", "intercept", "guessing"]
}

private func examJSONObject(_ text: String) throws -> [String: Any] {
    let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
    return try #require(value as? [String: Any], "not a JSON object: \(text.prefix(200))")
}

private func sessionID(cwd: URL, candidate: String) throws -> String {
    let list = runMentorCert(["exam", "list", "--candidate", candidate, "--format", "json"], cwd: cwd)
    #expect(list.status == 0, "\(list.stderr)")
    let parsed = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8))
    let rows = try #require(parsed as? [[String: Any]])
    return try #require(rows.last?["sessionId"] as? String)
}

/// A JSON object as text with sorted keys, for comparing two documents.
private func canonicalJSON(_ object: [String: Any]) throws -> String {
    String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
}

/// Checks a finished session: responses at positions 1…n, no item twice, n answers, and the stored
/// result equal to the result `exam replay` computes from the events.
private func checkFinishedSession(cwd: URL, candidate: String, answers: Int) throws {
    let id = try sessionID(cwd: cwd, candidate: candidate)
    let result = runMentorCert(["exam", "result", id, "--responses", "--format", "json"], cwd: cwd)
    #expect(result.status == 0, "\(result.stderr)")
    let document = try examJSONObject(result.stdout)
    let responses = try #require(document["responses"] as? [[String: Any]])
    #expect(responses.compactMap { $0["position"] as? Int } == Array(1...max(1, responses.count)))
    let items = responses.compactMap { $0["itemId"] as? String }
    #expect(Set(items).count == items.count, "an item was stored twice")
    #expect(responses.count == answers, "stored \(responses.count) responses for \(answers) answers given")
    #expect(document["state"] as? String == "finished")
    for key in ["sessionId", "candidate", "state", "theta", "standardError", "estimator", "scaleScore", "csem", "level",
                "levelProbabilities", "pass", "stopReason", "sections"] {
        #expect(document.keys.contains(key), "exam result JSON lacks \(key)")
    }
    let replay = runMentorCert(["exam", "replay", id, "--format", "json"], cwd: cwd)
    #expect(replay.status == 0, "\(replay.stdout)\n\(replay.stderr)")
    let replayed = try examJSONObject(replay.stdout)
    #expect(replayed["matches"] as? Bool == true)
    #expect(replayed["resultMatches"] as? Bool == true)
    let replayedResult = try #require(replayed["result"] as? [String: Any])
    #expect(try canonicalJSON(replayedResult) == canonicalJSON(document), "exam result differs from exam replay's result")
}

@Suite(.serialized) struct ExamTakeCLITests {
    /// A whole exam through piped input, with bad lines first: the hint, the result screen, no key text,
    /// the stored responses complete, and `exam result` equal to `exam replay`; then a retake is refused
    /// without --new-attempt and a new attempt starts attempt 2.
    @Test func wholeExamThroughPipedInput() throws {
        let cwd = try temporaryWorkingDirectory()
        var random = SplitMix64(seed: 17)
        let answers = (0..<200).map { _ in ["A", "b", " C "][random.int(in: 0...2)] }
        let input = "maybe\n\n" + answers.joined(separator: "\n")
        let run = try runMentorCert(["exam", "take", "--bank", bankDirectory, "--candidate", "C-1"], cwd: cwd, input: input)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("at most 60 questions"))
        #expect(run.stdout.contains("Answers cannot be changed"))
        #expect(run.stdout.contains("--- item 1 of at most 60"))
        #expect(run.stdout.contains("“maybe” is not a choice; type one letter, A–"))
        #expect(run.stdout.contains("Type one letter, A–"))
        #expect(run.stdout.contains("=== Your result ==="))
        #expect(run.stdout.contains("Scale score: "))
        #expect(run.stdout.contains("Skill card:"))
        for text in try forbiddenTexts() { #expect(!run.stdout.contains(text), "the candidate saw “\(text)”") }
        let shown = run.stdout.components(separatedBy: "Your answer (").count - 1
        try checkFinishedSession(cwd: cwd, candidate: "C-1", answers: shown - 2)
        // The finished session becomes a response set (one row per session, one column per item given).
        let version = try #require(try bankVersion(cwd: cwd))
        let imported = runMentorCert(["responses", "import", "--from-sessions", version, "--format", "json"], cwd: cwd)
        #expect(imported.status == 0, "\(imported.stderr)")
        let report = try examJSONObject(imported.stdout)
        #expect(report["persons"] as? Int == 1)
        #expect(report["items"] as? Int == shown - 2)
        #expect(report["missingShare"] as? Double == 0)

        let retake = try runMentorCert(["exam", "take", "--bank", bankDirectory, "--candidate", "C-1"], cwd: cwd, input: "A\n")
        #expect(retake.status == 1)
        #expect(retake.stderr.contains("--new-attempt"))
        let again = try runMentorCert(["exam", "take", "--bank", bankDirectory, "--candidate", "C-1", "--new-attempt"], cwd: cwd, input: "")
        #expect(again.status == 3, "\(again.stderr)")
        #expect(again.stdout.contains("Resume with the same command"))
        let list = runMentorCert(["exam", "list", "--candidate", "C-1", "--format", "json"], cwd: cwd)
        let parsed = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8))
        let rows = try #require(parsed as? [[String: Any]])
        #expect(rows.map { $0["attempt"] as? Int } == [1, 2])
        #expect(rows.map { $0["state"] as? String } == ["finished", "in-progress"])
        #expect(rows.last?.keys.contains("finishedAt") == true)
    }

    /// SIGKILL at 26 moments per exam, two exams — while the exam waits for input after k answers (k drawn
    /// with a fixed seed, 0 to 2), between a selection and its commit, and inside the commit of an answer (debug-only
    /// failpoints) — and a resume with the same command each time: the item that waited comes back,
    /// and at the end the stored responses are complete, in order and not duplicated, and `exam result`
    /// equals `exam replay`.
    @Test(arguments: [2026, 2027] as [UInt64])
    func killedAndResumedExamLosesNothing(seed: UInt64) throws {
        let cwd = try temporaryWorkingDirectory()
        var random = SplitMix64(seed: seed)
        let killBudget = 26  // per exam; the two exams of the arguments make 52 moments
        var bank = bankDirectory
        var committed = 0
        var kills = 0
        var waitingScreen: String?  // the item shown and not answered when the process died
        var finished = false
        var run = 0
        var killsByMode = [0, 0, 0, 0]
        var resumedAtSameItem = 0
        while !finished {
            run += 1
            try #require(run < 200, "the exam did not finish")
            var environment: [String: String] = [:]
            // Mode 1: killed inside the first commit of the run (the answer to the item shown again);
            // mode 2: killed between the next selection and its commit; otherwise killed while waiting.
            let mode = run == 1 || kills >= killBudget ? 0 : run % 4
            if mode == 1 { environment["MENTORCERT_FAILPOINTS"] = "store.write.begun=kill" }
            if mode == 2 { environment["MENTORCERT_FAILPOINTS"] = "exam.item-selected=kill" }
            let exam = try InteractiveExam(["exam", "take", "--bank", bank, "--candidate", "C-9"], cwd: cwd, environment: environment)
            _ = exam.wait { $0.prompts >= 1 }
            if exam.prompts >= 1, let expected = waitingScreen {
                #expect(exam.lastItemScreen == expected, "after a resume another item was shown")
                resumedAtSameItem += 1
            }
            waitingScreen = nil
            let k = kills >= killBudget ? Int.max : mode == 1 || mode == 2 ? 1 : random.int(in: 0...2)
            var given = 0
            while exam.process.isRunning && exam.prompts > given && given < k {
                let screen = exam.lastItemScreen
                exam.send(["A", "B", "C"][random.int(in: 0...2)])
                given += 1
                _ = exam.wait { $0.prompts > given || $0.output.contains("=== Your result ===") }
                if !exam.process.isRunning && exam.prompts <= given && !exam.output.contains("=== Your result ===") {
                    // Died at a failpoint after this answer: inside its commit (lost, shown again) or at the
                    // next selection (committed).
                    if mode == 1 { waitingScreen = screen } else { committed += 1 }
                    break
                }
                committed += 1
            }
            if exam.process.isRunning && !exam.output.contains("=== Your result ===") {
                waitingScreen = exam.lastItemScreen
                exam.killHard()
            }
            let end = exam.finish()
            if end.signalled {
                kills += 1
                killsByMode[mode] += 1
            } else {
                #expect(end.status == 0, "run \(run): \(end.stderr)")
                finished = end.stdout.contains("=== Your result ===")
                try #require(finished || end.status == 0, "run \(run) ended without a result: \(end.stderr)")
            }
            if run == 1 {
                let version = try bankVersion(cwd: cwd)
                bank = try #require(version)
            }
        }
        #expect(kills >= killBudget)
        #expect(killsByMode[1] >= 5, "killed inside a commit: \(killsByMode)")
        #expect(killsByMode[2] >= 5, "killed between selection and commit: \(killsByMode)")
        #expect(killsByMode[0] + killsByMode[3] >= 10, "killed while waiting for input: \(killsByMode)")
        #expect(resumedAtSameItem >= 10)
        print("exam kill test: \(run) runs, kills by mode \(killsByMode), \(resumedAtSameItem) resumes at the same item, \(committed) answers")
        try checkFinishedSession(cwd: cwd, candidate: "C-9", answers: committed)
    }

    /// Ctrl-C at the prompt pauses (exit 3, "resume with the same command"); a second `exam take` for the
    /// same candidate while the first waits gets a clear message and writes nothing; the resumed exam
    /// shows the same item.
    @Test func interruptAndSecondTerminal() throws {
        let cwd = try temporaryWorkingDirectory()
        let args = ["exam", "take", "--bank", bankDirectory, "--candidate", "C-5"]
        let first = try InteractiveExam(args, cwd: cwd)
        try #require(first.wait { $0.prompts >= 1 })
        first.send("A")
        try #require(first.wait { $0.prompts >= 2 })
        let shown = first.lastItemScreen
        let second = try runMentorCert(args, cwd: cwd, input: "B\n")
        #expect(second.status == 1)
        #expect(second.stderr.contains("open in another terminal"), "\(second.stderr)")
        kill(first.process.processIdentifier, SIGINT)
        let end = first.finish()
        #expect(!end.signalled && end.status == 3, "\(end.stderr)")
        #expect(end.stdout.contains("Resume with the same command"))
        let resumed = try InteractiveExam(args, cwd: cwd)
        try #require(resumed.wait { $0.prompts >= 1 })
        #expect(resumed.lastItemScreen == shown)
        resumed.closeInput()
        #expect(resumed.finish().status == 3)
        let id = try sessionID(cwd: cwd, candidate: "C-5")
        let result = runMentorCert(["exam", "result", id], cwd: cwd)
        #expect(result.status == 1 && result.stderr.contains("resume it with `exam take`"), "\(result.stderr)")
        let list = runMentorCert(["exam", "list", "--candidate", "C-5", "--format", "json"], cwd: cwd)
        let parsed = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8))
        let rows = try #require(parsed as? [[String: Any]])
        #expect(rows.count == 1)
        #expect(rows.first?["itemsAnswered"] as? Int == 1)
        #expect(rows.first?["state"] as? String == "in-progress")
    }
}

/// The stored bank version id (after the first run imported the directory).
private func bankVersion(cwd: URL) throws -> String? {
    let list = runMentorCert(["exam", "list", "--format", "json"], cwd: cwd)
    let rows = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]]
    return rows?.first?["bankVersionId"] as? String
}
