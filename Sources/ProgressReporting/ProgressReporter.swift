#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// One progress line on a terminal for a long run (a calibration, scoring many persons, reading a large
/// response file, a simulation), redrawn in place and at most every ``minimumInterval`` seconds.
///
/// The one progress type of the engine: commands create one per phase and the library reports through
/// plain callbacks (`CalibrationConfiguration.progress`, `PersonScorer.scoreAll(…progress:)`,
/// `ResponseReader.read(…progress:)`), so no module below the CLI writes to the terminal itself.
///
/// ```
/// scoring: 41% (127,488 of 310,000 persons)
/// calibrating: E-step 37, change 3.1e-04, log-likelihood -612345.1234
/// ```
///
/// A line starts with a carriage return and ends by clearing the rest of the terminal line (`ESC[K`);
/// ``finish(_:)`` draws the last state and ends the line. Whether anything is drawn is decided once, by
/// ``isEnabled(quiet:environment:standardErrorIsTerminal:)``: on when standard error is a terminal, off
/// when it is piped or with `--quiet`, forced either way by `MENTORCERT_PROGRESS=1|0`.
///
/// Thread-safe: workers may call ``advance(by:detail:)`` concurrently (one lock per call).
/// Complexity: O(1) per call; a redraw costs one `write(2)` of one line.
public final class ProgressReporter: Sendable {
    /// The environment variable that forces progress on (`1`) or off (`0`) whatever standard error is.
    public static let environmentVariable = "MENTORCERT_PROGRESS"

    /// Redraws are at least this many seconds apart (0.1 s: smooth for a person, negligible cost).
    public static let defaultMinimumInterval = 0.1

    /// Whether progress is shown: never with `quiet`; `MENTORCERT_PROGRESS=1` forces it on and `=0` off;
    /// otherwise only when standard error is a terminal (a pipe or a file gets no progress lines).
    public static func isEnabled(quiet: Bool, environment: [String: String],
                                 standardErrorIsTerminal: Bool = isatty(STDERR_FILENO) != 0) -> Bool {
        if quiet { return false }
        switch environment[environmentVariable] {
        case "1"?: return true
        case "0"?: return false
        default: return standardErrorIsTerminal
        }
    }

    /// What is being done (`scoring`, `calibrating`).
    public let label: String
    /// The amount of work in ``unit``, when known (a percentage is shown), else nil.
    public let total: Int?
    /// What is counted (`persons`, `MB`), shown after the numbers.
    public let unit: String
    /// Whether anything is drawn at all.
    public let enabled: Bool
    /// The least time between two redraws, in seconds (the first update and ``finish(_:)`` always draw).
    public let minimumInterval: Double

    private struct State {
        var completed = 0
        var detail: String?
        var lastDraw: UInt64?
        var drawn = false
        var finished = false
    }
    private let state = Mutex(State())
    private let write: @Sendable (String) -> Void

    /// A reporter for one phase.
    ///
    /// - Parameters:
    ///   - label: what is being done, shown first.
    ///   - total: the amount of work, when known.
    ///   - unit: what is counted.
    ///   - enabled: whether to draw (``isEnabled(quiet:environment:standardErrorIsTerminal:)``).
    ///   - minimumInterval: seconds between redraws.
    ///   - write: where the text goes (standard error by default; tests capture it).
    public init(label: String, total: Int? = nil, unit: String = "", enabled: Bool,
                minimumInterval: Double = ProgressReporter.defaultMinimumInterval,
                write: @escaping @Sendable (String) -> Void = ProgressReporter.standardError) {
        precondition(minimumInterval >= 0, "ProgressReporter: minimumInterval must not be negative")
        self.label = label
        self.total = total
        self.unit = unit
        self.enabled = enabled
        self.minimumInterval = minimumInterval
        self.write = write
    }

    /// Writes `text` to standard error unbuffered (`write(2)`), retrying short writes.
    public static let standardError: @Sendable (String) -> Void = { text in
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { buffer in
                #if canImport(Glibc)
                Glibc.write(STDERR_FILENO, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                #else
                Darwin.write(STDERR_FILENO, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                #endif
            }
            if n <= 0 { return }
            offset += n
        }
    }

    /// Sets the work done so far (and an optional detail shown after the count); redraws when the last
    /// redraw is older than ``minimumInterval``.
    public func update(completed: Int, detail: String? = nil) {
        guard enabled else { return }
        let line: String? = state.withLock { s in
            guard !s.finished else { return nil }
            s.completed = completed
            if let detail { s.detail = detail }
            return due(&s) ? text(s) : nil
        }
        if let line { write(line) }
    }

    /// Adds `amount` to the work done (for workers that each finish a share); redraws as ``update(completed:detail:)``.
    public func advance(by amount: Int, detail: String? = nil) {
        guard enabled else { return }
        let line: String? = state.withLock { s in
            guard !s.finished else { return nil }
            s.completed += amount
            if let detail { s.detail = detail }
            return due(&s) ? text(s) : nil
        }
        if let line { write(line) }
    }

    /// Draws the final state (with `detail` and `completed`, if given) and ends the line. Later calls do
    /// nothing.
    public func finish(_ detail: String? = nil, completed: Int? = nil) {
        guard enabled else { return }
        let line: String? = state.withLock { s in
            guard !s.finished else { return nil }
            s.finished = true
            if let detail { s.detail = detail }
            if let completed { s.completed = completed }
            return text(s) + "\n"
        }
        if let line { write(line) }
    }

    /// Erases the line if anything was drawn and ends the reporter without a final line (for a phase
    /// that fails: its error message then starts on a clean line). Does nothing after ``finish(_:)``.
    public func clear() {
        guard enabled else { return }
        let drawn: Bool = state.withLock { s in
            guard !s.finished else { return false }
            s.finished = true
            return s.drawn
        }
        if drawn { write("\r\u{1B}[K") }
    }

    /// Whether a redraw is due now; records the redraw when it is.
    private func due(_ s: inout State) -> Bool {
        let now = Self.monotonicNanoseconds()
        if let last = s.lastDraw, Double(now &- last) < minimumInterval * 1e9 { return false }
        s.lastDraw = now
        s.drawn = true
        return true
    }

    /// `\r` + the line + clear to the end of the terminal line.
    private func text(_ s: State) -> String {
        var line = "\r" + label + ":"
        if let total, total > 0 {
            let percent = min(100, Int((Double(s.completed) / Double(total) * 100).rounded(.down)))
            line += " \(percent)% (\(Self.grouped(s.completed)) of \(Self.grouped(total))\(unit.isEmpty ? "" : " " + unit))"
        } else if s.completed > 0 || !unit.isEmpty {
            line += " \(Self.grouped(s.completed))\(unit.isEmpty ? "" : " " + unit)"
        }
        if let detail = s.detail, !detail.isEmpty { line += (line.hasSuffix(":") ? " " : ", ") + detail }
        return line + "\u{1B}[K"
    }

    /// `1234567` → `1,234,567` (the engine's messages group thousands with commas).
    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }

    private static func monotonicNanoseconds() -> UInt64 {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return UInt64(t.tv_sec) &* 1_000_000_000 &+ UInt64(t.tv_nsec)
    }
}
