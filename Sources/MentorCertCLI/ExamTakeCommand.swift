import ArgumentParser
import AdaptiveTesting
import ExamSessions
import Foundation
import ItemBanking
import Store
#if canImport(Glibc)
import Glibc
#endif

/// The assessment types of DECISIONS §11 as an option value (`--assessment entry|continuing|final`).
extension AssessmentType: ExpressibleByArgument {}

/// `mentorcert exam take --bank B --candidate ID [--assessment TYPE] [--new-attempt] [--store PATH]` — the
/// candidate's adaptive exam in the terminal (issue 17). Every answer is committed before the next
/// screen; end of input or Ctrl-C pauses the exam (exit status 3) and the same command resumes it.
struct ExamTakeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "take",
        abstract: "Take the adaptive exam in the terminal (resumes a paused exam).",
        discussion: """
            One item at a time; type the letter of your answer and press Enter. Answers cannot be changed. \
            Input may be piped (one answer per line). End of input or Ctrl-C pauses the exam with exit \
            status 3; run the same command to resume at the same item. A finished exam is not retaken \
            without --new-attempt; --new-attempt --abandon-current abandons an attempt in progress (it keeps \
            no result) and starts the next. When the bank sets exam.timeLimitMinutes, each item screen shows \
            the time left; only the time the exam is open counts, and when it runs out the exam ends and is \
            scored on the answers given. Exit status: 0 finished, 1 refused (the message says why), 3 paused.
            """)

    @Option(help: "The bank: a bank directory (imported into the store by content hash) or a stored bank-version id.")
    var bank: String

    @Option(help: "The candidate's id.")
    var candidate: String

    @Option(help: "The assessment type: entry, continuing or final.")
    var assessment: AssessmentType = .final

    @Flag(name: .customLong("new-attempt"), help: "Start another attempt after a finished one (items seen before are avoided).")
    var newAttempt = false

    @Flag(name: .customLong("abandon-current"),
          help: "With --new-attempt: abandon the attempt in progress (it keeps no result) and start the next one.")
    var abandonCurrent = false

    @Option(help: "With --abandon-current: why the attempt is abandoned (stored with it and in the audit log).")
    var reason: String?

    @Option(name: .long, help: "The SQLite store (system of record).")
    var store: String = "mentorcert.sqlite"

    @Option(help: .hidden)
    var seed: UInt64?

    func validate() throws {
        guard !candidate.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ValidationError("--candidate needs the candidate's id, e.g. --candidate C-0042.")
        }
        if abandonCurrent && !newAttempt {
            throw ValidationError("--abandon-current ends the attempt in progress and starts the next one; give --new-attempt with it.")
        }
        if reason != nil && !abandonCurrent {
            throw ValidationError("--reason is the reason for --abandon-current; give both, or neither.")
        }
    }

    func run() throws {
        let runner: ExamSessionRunner
        let versionID: String
        do {
            // A stored bank-version id needs an existing store: a mistyped --store creates nothing.
            var isDirectory: ObjCBool = false
            let bankIsDirectory = FileManager.default.fileExists(atPath: bank, isDirectory: &isDirectory) && isDirectory.boolValue
            let recordStore = try MentorCertStore(path: store, mode: bankIsDirectory ? .createIfMissing : .existingForWriting)
            versionID = try bankVersion(recordStore)
            let abandonReason = abandonCurrent ? (reason ?? "abandoned when the next attempt was started") : nil
            runner = try ExamSessionRunner.open(
                store: recordStore, bankVersionID: versionID, candidate: candidate, assessment: assessment.rawValue,
                options: ExamSessionOptions(newAttempt: newAttempt, abandonReason: abandonReason, seed: seed, storePath: store))
        } catch let error as ExamSessionError {
            printError("exam take: \(error.description)"); throw ExitCode(1)
        } catch let error as StoreError {
            printError("exam take: \(error.description)"); throw ExitCode(1)
        } catch let error as CLIError {
            printError("exam take: \(error.description)"); throw ExitCode(1)
        }
        defer { runner.close() }
        if let abandoned = runner.abandonedSession {
            say("Attempt \(abandoned.attempt) (session \(abandoned.id)) was abandoned; this is attempt \(runner.session.attempt).")
        }
        let exam = LiveExam(runner: runner)
        let interrupt = exam.pauseOnInterrupt()
        let timer = exam.endOnTimeLimit()
        defer { interrupt.cancel(); timer?.cancel() }
        say(openingScreen(runner))
        while true {
            let screen: ExamScreen
            do { screen = try exam.locked { try runner.nextScreen() } } catch let error as ExamSessionError {
                printError("exam take: \(error.description)"); throw ExitCode(1)
            }
            switch screen {
            case .finished(let result):
                say(resultScreen(result, bank: runner.bank))
                return
            case .item(let item):
                say(itemScreen(item))
                exam.scheduleTimeLimit(timer)
                try ask(item, exam: exam)
            }
        }
    }

    /// Reads lines until one is a choice (committed) or input ends (paused, exit 3).
    private func ask(_ item: PresentedItem, exam: LiveExam) throws {
        let range = "\(item.choices.first?.label ?? "A")–\(item.choices.last?.label ?? "A")"
        while true {
            say("Your answer (\(range)): ", newline: false)
            guard let line = readLine(strippingNewline: true) else {
                try? exam.locked { try exam.runner.pause(reason: "end of input") }
                say("\n\nExam paused after \(exam.runner.history.answers.count) answers; nothing is lost. "
                    + "Resume with the same command.")
                throw ExitCode(3)
            }
            let outcome: AnswerOutcome
            do { outcome = try exam.locked { try exam.runner.answer(line) } } catch let error as ExamSessionError {
                printError("exam take: \(error.description)"); throw ExitCode(1)
            }
            switch outcome {
            case .accepted, .timeUp: return
            case .invalid(let hint): say(hint)
            }
        }
    }

    /// The stored bank version of `--bank`: a directory is validated and imported (by content hash).
    private func bankVersion(_ recordStore: MentorCertStore) throws -> String {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: bank, isDirectory: &isDirectory), isDirectory.boolValue {
            let loaded = try BankReference.load(bank, store: store)
            return try recordStore.importBank(loaded, source: "exam take").versionID
        }
        return try recordStore.resolveBankVersion(bank)
    }

    // MARK: Screens

    private func openingScreen(_ runner: ExamSessionRunner) -> String {
        let m = runner.bank.manifest
        var text = """
            \(m.title)
            \(String(repeating: "=", count: min(78, m.title.count)))
            This is an adaptive exam: each question is chosen from your previous answers, so it may end \
            before the maximum. It has at most \(runner.maximumItems) questions.
            Answers cannot be changed once given.
            To answer, type the letter of your choice (A, B, C …) and press Enter.
            You may stop at any time with Ctrl-C (or end of input); the same command resumes the exam.

            """
        if let limit = runner.timeLimitSeconds {
            text += "The exam has a time limit of \(clockText(limit)) (minutes:seconds). Only the time the exam is open counts; "
                + "each question shows the time left. When it runs out, the exam ends and is scored on your answers so far.\n"
        }
        if runner.resumed && runner.history.steps.count > 0 {
            text += "Welcome back: you have answered \(runner.history.answers.count) questions; the exam goes on where you left it.\n"
        }
        return text
    }

    private func itemScreen(_ item: PresentedItem) -> String {
        var text = "\n--- item \(item.position) of at most \(item.maximumItems) — \(item.sectionTitle) ---\n"
        if let left = item.secondsLeft { text += "Time left: \(clockText(left))\n" }
        text += "\n"
        text += item.stem + "\n\n"
        for choice in item.choices { text += "  \(choice.label)) \(choice.text)\n" }
        return text
    }

    private func say(_ text: String, newline: Bool = true) {
        writeToStandardOutput(newline ? text + "\n" : text)
    }
}

/// The candidate's result screen (and the staff table of `exam result`): level, pass/fail, scale score ±
/// CSEM, and each section's level or "not enough evidence" — never θ or an item.
func resultScreen(_ result: AdaptiveResult, bank: ItemBank) -> String {
    var text = "\n=== Your result ===\n"
    if result.stopReason == .time {
        text += "The time limit ran out: the exam is scored on the \(result.items.count) questions answered.\n"
    }
    text += "Level: \(result.levelName ?? "not defined")\n"
    if let pass = result.pass {
        text += "Decision: \(pass ? "PASS" : "FAIL") (certification level: \(bank.manifest.certificationLevel.rawValue))\n"
    }
    if let score = result.scaleScore {
        text += "Scale score: \(formatNumber(score, decimals: 0))"
        if let csem = result.csem, csem.isFinite { text += " ± \(formatNumber(csem, decimals: 0))" }
        text += "\n"
    }
    text += "Questions answered: \(result.items.count)\n\nSkill card:\n"
    for section in result.sections {
        let title = bank.manifest.blueprint.section(section.id)?.title ?? section.id
        let level = section.level.map { MentorLevel.allCases.indices.contains($0) ? MentorLevel.allCases[$0].rawValue : "level \($0 + 1)" }
        text += "  \(section.id) \(title): \(level ?? "not enough evidence")\n"
    }
    if bank.manifest.parameterSource?.source == .simulated {
        text += "\nThis bank's item parameters are simulated: the result illustrates the engine and certifies nothing.\n"
    }
    return text
}

/// The runner of one exam process, shared with the interrupt handler under a lock (the runner is used
/// by one thread at a time).
final class LiveExam: @unchecked Sendable {
    let runner: ExamSessionRunner
    private let lock = NSLock()
    init(runner: ExamSessionRunner) { self.runner = runner }

    func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock(); defer { lock.unlock() }
        return try body()
    }

    /// Ctrl-C: waits for a commit in progress, records the pause, says how to resume, exits 3.
    func pauseOnInterrupt() -> any DispatchSourceSignal {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [self] in
            lock.lock()
            try? runner.pause(reason: "interrupted")
            writeToStandardOutput("\n\nExam paused after \(runner.history.answers.count) answers; nothing is lost. Resume with the same command.\n")
            runner.close()
            // `_exit`, not `exit`: the main thread is blocked in `readLine` holding standard input's
            // stdio lock, and `exit` flushes (and may lock) every stdio stream. Everything was written
            // unbuffered and the session is committed, so nothing is left to flush.
            _exit(3)
        }
        source.resume()
        return source
    }

    /// The time limit while the candidate reads or types: a timer that, when the time has run out,
    /// records the expiry, shows the result (scored on the answers given) and exits 0. Nil without a limit.
    func endOnTimeLimit() -> (any DispatchSourceTimer)? {
        guard runner.timeLimitSeconds != nil else { return nil }
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.setEventHandler { [self] in
            lock.lock()
            defer { lock.unlock() }
            do {
                guard try runner.expireIfDue() else {
                    if let left = runner.secondsLeft() { timer.schedule(deadline: .now() + max(0.05, left)) }
                    return
                }
                if case .finished(let result) = try runner.nextScreen() {
                    writeToStandardOutput("\n\nTime is up.\n" + resultScreen(result, bank: runner.bank) + "\n")
                    runner.close()
                    _exit(0)
                }
            } catch {
                printError("exam take: \(error)")
                runner.close()
                _exit(1)
            }
        }
        timer.schedule(deadline: .distantFuture)
        timer.resume()
        return timer
    }

    /// Sets the timer to the time left of the item just shown.
    func scheduleTimeLimit(_ timer: (any DispatchSourceTimer)?) {
        guard let timer, let left = locked({ runner.secondsLeft() }) else { return }
        timer.schedule(deadline: .now() + max(0.05, left))
    }
}

/// Minutes and seconds, `m:ss` (the time limit and the time left), rounded up to the second.
func clockText(_ seconds: Double) -> String {
    let whole = Int(max(0, seconds).rounded(.up))
    return "\(whole / 60):" + String(format: "%02d", whole % 60)
}

/// Writes straight to standard output (unbuffered), so a piped reader sees each screen before the
/// prompt waits for input.
func writeToStandardOutput(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}
