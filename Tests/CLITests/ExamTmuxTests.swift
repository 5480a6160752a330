import Foundation
import ItemBanking
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The tmux executable on PATH, if any (the interactive-screen test needs it; `make test` installs it).
private let tmuxExecutable: String? = {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").map { "\($0)/tmux" }.first { FileManager.default.isExecutableFile(atPath: $0) }
}()

/// A private tmux server (its own socket, `tmux -L mc-test-<pid>-<n>`, no configuration file) driving
/// `mentorcert exam take` on a real terminal of 120 × 40. Every tmux call and every wait is bounded:
/// a wait polls `capture-pane` until its condition holds or its deadline passes, and then fails the
/// test with the last pane content instead of hanging. The server is killed when the driver is closed.
private final class TmuxDriver {
    let executable: String
    let socket: String
    let cwd: URL
    private var environment: [String: String]

    init(executable: String, cwd: URL) {
        self.executable = executable
        self.cwd = cwd
        socket = "mc-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        var env = ProcessInfo.processInfo.environment
        env["TMUX"] = nil
        env["LANG"] = "C.UTF-8"
        env["LC_ALL"] = "C.UTF-8"
        environment = env
    }

    /// Runs `tmux -L socket args…` and returns its status and output; killed after `limit` seconds.
    ///
    /// Spawned with `posix_spawn` and reaped with `waitpid`, not with Foundation's `Process`: the tmux
    /// client forks the server, which daemonizes but keeps a descriptor that `Process` watches to learn
    /// that its child ended, so `Process` would wait for the server (the hang of an earlier driver).
    @discardableResult
    func tmux(_ args: [String], limit: TimeInterval = 10) -> (status: Int32, output: String) {
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-\(UUID().uuidString).out").path
        defer { unlink(outputPath) }
        let argv = [executable, "-L", socket, "-f", "/dev/null"] + args
        let envp = environment.map { "\($0.key)=\($0.value)" }
        var cArgs = argv.map { strdup($0) } + [nil]
        var cEnv = envp.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) }; cEnv.forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // The test runner's threads block and ignore signals; the tmux server (forked by this client)
        // would inherit that and never see SIGCHLD or SIGTERM: start it with an empty mask and defaults.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t(), all = sigset_t()
        sigemptyset(&empty)
        sigemptyset(&all)
        for signal in Int32(1)..<32 where signal != SIGKILL && signal != SIGSTOP { sigaddset(&all, signal) }
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, &cArgs, &cEnv)
        guard spawned == 0 else { return (-1, "cannot run tmux: error \(spawned)") }
        let deadline = Date().addingTimeInterval(limit)
        var status: Int32 = 0
        var reaped = waitpid(pid, &status, WNOHANG)
        while reaped == 0 && Date() < deadline {
            usleep(10_000)
            reaped = waitpid(pid, &status, WNOHANG)
        }
        if reaped == 0 {
            kill(pid, SIGKILL)
            _ = waitpid(pid, &status, 0)
            return (-1, "tmux \(args.joined(separator: " ")) did not return within \(Int(limit)) s")
        }
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        // Exited normally: the exit code is in bits 8–15 of the wait status.
        let exited = status & 0x7f == 0
        return (exited ? (status >> 8) & 0xff : -1, output)
    }

    /// Starts `command` (a shell command line) in a new detached session `name` of 120 × 40 whose pane
    /// stays after the command ends (so its exit status can be read).
    func start(_ name: String, command: String) throws {
        let r = tmux(["start-server", ";", "set-option", "-g", "remain-on-exit", "on", ";",
                      "set-option", "-g", "history-limit", "10000", ";",
                      "new-session", "-d", "-s", name, "-x", "120", "-y", "40", "-c", cwd.path, command])
        try #require(r.status == 0, "tmux new-session failed: \(r.output)")
    }

    /// The pane's whole content (history included).
    func capture(_ name: String) -> String {
        tmux(["capture-pane", "-p", "-J", "-S", "-", "-t", name]).output
    }

    /// Types `keys` (tmux key names: literal text, `Enter`, `C-c`).
    func send(_ name: String, _ keys: String...) {
        tmux(["send-keys", "-t", name] + keys)
    }

    /// How the pane's command ended, once tmux has collected its exit status; nil while it runs.
    ///
    /// tmux marks a pane dead (`pane_dead`) when its terminal closes and learns the exit status
    /// (`pane_dead_status`, `pane_dead_signal`) when SIGCHLD makes it call `waitpid`. tmux before 3.6
    /// built with libutempter (Debian 12's 3.3a) loses that SIGCHLD when the command exits while the
    /// pane is being closed: `utempter_remove_record` sets SIGCHLD to SIG_DFL — "ignore, discard" — while
    /// it runs its helper, so the command stays a zombie that tmux never reaps and the status never comes
    /// (github.com/tmux/tmux issues 311 and 4559; fixed in tmux 3.6 by commit fa5f3cef, which sends the
    /// server SIGCHLD after that call).
    /// So a dead pane without a status gets the same nudge from here: SIGCHLD to the tmux server, whose
    /// handler only reaps children that have ended, so a nudge too many is harmless.
    func end(_ name: String) -> PaneEnd? {
        let r = tmux(["display-message", "-p", "-t", name, "#{pane_dead}|#{pane_dead_status}|#{pane_dead_signal}|#{pid}"])
        let parts = r.output.trimmingCharacters(in: .whitespacesAndNewlines)
            .split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard r.status == 0, parts.count == 4, parts[0] == "1" else { return nil }
        if let status = Int32(parts[1]) { return .exited(status) }
        if let signal = Int32(parts[2]) { return .signalled(signal) }
        if let server = pid_t(parts[3]), server > 1 { kill(server, SIGCHLD) }
        return nil
    }

    /// The bound of every wait for a screen or an exit: generous, because in the full parallel suite on a
    /// two-core machine one screen can take tens of seconds (the whole test took 1,000 s there, against
    /// 12 s alone). Not a timing check: a wait ends as soon as its screen appears.
    static let bound: TimeInterval = 300

    /// Polls the pane until `condition` holds (true) or `bound` seconds pass (records an issue with the last
    /// pane content and returns false).
    @discardableResult
    func wait(_ name: String, for what: String, deadline seconds: TimeInterval = TmuxDriver.bound,
              sourceLocation: SourceLocation = #_sourceLocation, until condition: (String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = capture(name)
            if condition(last) { return true }
            usleep(50_000)
        }
        Issue.record("waited \(Int(seconds)) s for \(what); the pane shows:\n\(last)", sourceLocation: sourceLocation)
        return false
    }

    /// Waits until the pane's command has ended and returns how (nil after `bound` seconds).
    func waitForEnd(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) -> PaneEnd? {
        let deadline = Date().addingTimeInterval(TmuxDriver.bound)
        while Date() < deadline {
            if let end = end(name) { return end }
            usleep(50_000)
        }
        Issue.record("the command in tmux session \(name) did not end within \(Int(TmuxDriver.bound)) s (\(processState(name))); the pane shows:\n\(capture(name))",
                     sourceLocation: sourceLocation)
        return nil
    }

    /// For a failure message: whether tmux saw the pane's terminal close, and the kernel's state of the
    /// pane's process (R running, S sleeping, Z ended but not reaped by tmux …).
    private func processState(_ name: String) -> String {
        let info = tmux(["display-message", "-p", "-t", name, "#{pane_dead} #{pane_pid}"]).output
            .trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ")
        guard info.count == 2 else { return "tmux gives no pane information" }
        let stat = (try? String(contentsOfFile: "/proc/\(info[1])/stat", encoding: .utf8)) ?? ""
        let state = stat.components(separatedBy: ") ").last?.prefix(1) ?? "?"
        return "pane_dead \(info[0]), process \(info[1]) in state \(state.isEmpty ? "gone" : String(state))"
    }

    func close() { tmux(["kill-server"]) }
}

/// How the command of a tmux pane ended: its exit status, or the signal that killed it.
private enum PaneEnd: Equatable {
    case exited(Int32)
    case signalled(Int32)
}

/// Occurrences of `text` in `screen`.
private func count(_ text: String, in screen: String) -> Int { screen.components(separatedBy: text).count - 1 }

@Suite(.serialized) struct ExamTmuxTests {
    /// The candidate's screens on a real terminal (tmux): the opening, an item screen with its progress
    /// line, the hint after an invalid answer, Ctrl-C pausing with exit status 3, the resume at the same
    /// item, and the result screen — and on no captured screen a key, a score map, a rationale or θ.
    @Test(.enabled(if: tmuxExecutable != nil, "tmux is not installed (`make test` installs it with apt-get); the interactive-screen test is skipped"))
    func interactiveScreens() throws {
        let tmux = try #require(tmuxExecutable)
        let binary = try #require(mentorCertBinary(), "no mentorcert executable in \(productsDirectory().path); build it first")
        let cwd = try temporaryWorkingDirectory()
        let bankPath = repositoryRoot.appendingPathComponent("itembanks/mentorcert").path
        let bank = try #require(ItemBank.validate(directory: bankPath).bank)
        let forbidden = bank.items.map { String($0.rationale.prefix(40)) }.filter { !$0.isEmpty }
            + ["θ", "theta", "rationale", "discrimination", "intercept", "key:", "score map", "scoreMap"]
        var screens: [String] = []
        let driver = TmuxDriver(executable: tmux, cwd: cwd)
        defer { driver.close() }
        let command = "exec '\(binary.path)' exam take --bank '\(bankPath)' --candidate TM-1 --store exam.sqlite"

        try driver.start("first", command: command)
        guard driver.wait("first", for: "the opening and the first item", until: { $0.contains("Your answer (") }) else { return }
        var screen = driver.capture("first")
        screens.append(screen)
        #expect(screen.contains("This is an adaptive exam"))
        #expect(screen.contains("at most 60 questions"))
        #expect(screen.contains("--- item 1 of at most 60"))
        driver.send("first", "maybe", "Enter")
        driver.wait("first", for: "the hint after an invalid answer", until: { $0.contains("is not a choice; type one letter") })
        driver.send("first", "A", "Enter")
        driver.wait("first", for: "item 2", until: { $0.contains("--- item 2 of at most 60") && count("Your answer (", in: $0) >= 3 })
        screen = driver.capture("first")
        screens.append(screen)
        let waiting = screen.components(separatedBy: "--- item 2 of at most 60").last?.components(separatedBy: "Your answer (").first ?? ""
        #expect(!waiting.isEmpty)
        driver.send("first", "C-c")
        let paused = driver.waitForEnd("first")
        #expect(paused == .exited(3), "Ctrl-C should pause with exit status 3")
        screen = driver.capture("first")
        screens.append(screen)
        #expect(screen.contains("Resume with the same command"))

        try driver.start("second", command: command)
        guard driver.wait("second", for: "the resumed exam", until: { $0.contains("Your answer (") }) else { return }
        screen = driver.capture("second")
        screens.append(screen)
        #expect(screen.contains("Welcome back: you have answered 1 questions"))
        let again = screen.components(separatedBy: "--- item 2 of at most 60").last?.components(separatedBy: "Your answer (").first ?? ""
        #expect(again == waiting, "the resumed exam shows another item")
        // Answer item by item (each after its prompt) until the result screen.
        var answered = 0
        while answered < 80 {
            let before = count("Your answer (", in: driver.capture("second"))
            driver.send("second", ["A", "B", "C"][answered % 3], "Enter")
            answered += 1
            var finished = false
            driver.wait("second", for: "the screen after answer \(answered)") { pane in
                finished = pane.contains("=== Your result ===")
                return finished || count("Your answer (", in: pane) > before
            }
            if finished || driver.end("second") != nil { break }
        }
        #expect(driver.waitForEnd("second") == .exited(0))
        screen = driver.capture("second")
        screens.append(screen)
        #expect(screen.contains("=== Your result ==="))
        #expect(screen.contains("Scale score: "))
        #expect(screen.contains("Skill card:"))
        for (n, captured) in screens.enumerated() {
            for text in forbidden { #expect(!captured.contains(text), "screen \(n) shows “\(text)”") }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: cwd.path).filter { $0.hasSuffix(".lock") }.isEmpty)
    }
}
