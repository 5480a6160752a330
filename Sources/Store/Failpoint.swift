import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Named points at which a debug build can be made to stop, so that tests can prove that a write is
/// whole when the process dies between two steps, and that concurrent processes take turns. Release
/// builds compile every call to nothing.
///
/// `MENTORCERT_FAILPOINTS="NAME=ACTION;NAME=ACTION"` chooses the points; `MENTORCERT_FAILPOINT_DIR`
/// (default: the working directory) is where marks are made. Actions:
/// - `kill`: the process sends itself SIGKILL (nothing runs after it: no cleanup, no commit);
/// - `mark`: creates `DIR/NAME.reached` and goes on;
/// - `pause`: creates `DIR/NAME.reached`, then waits until `DIR/NAME.release` exists (at most 5 minutes,
///   so that a forgotten release cannot hang a test run).
///
/// The points of the store are `store.write.begin` (before a write transaction starts),
/// `store.write.begun` (inside it, after its statements, before the commit) and, in a bank calibration,
/// `store.bank-calibration.response-set-written`, `store.bank-calibration.version-written` (before the
/// commit) and `store.bank-calibration.committed`; `calibrate --bank` adds `calibrate.responses-read` and
/// `calibrate.calibrated` (before the store is opened).
public enum Failpoint {
    /// Stops at `name` if the environment asks for it (debug builds only).
    @inline(__always)
    public static func hit(_ name: String) {
        #if DEBUG
        guard let action = actions[name] else { return }
        let environment = ProcessInfo.processInfo.environment
        let directory = environment["MENTORCERT_FAILPOINT_DIR"] ?? FileManager.default.currentDirectoryPath
        let reached = URL(fileURLWithPath: directory).appendingPathComponent("\(name).reached").path
        switch action {
        case "kill":
            kill(getpid(), SIGKILL)
        case "mark":
            FileManager.default.createFile(atPath: reached, contents: nil)
        case "pause":
            FileManager.default.createFile(atPath: reached, contents: nil)
            let release = URL(fileURLWithPath: directory).appendingPathComponent("\(name).release").path
            let deadline = Date().addingTimeInterval(300)
            while !FileManager.default.fileExists(atPath: release) && Date() < deadline { usleep(5_000) }
        default:
            break
        }
        #endif
    }

    /// The busy timeout a debug build takes from `MENTORCERT_BUSY_TIMEOUT_MS` (tests shorten it to see
    /// the timeout run out); `nil` in release builds and when unset.
    public static var busyTimeoutOverride: TimeInterval? {
        #if DEBUG
        guard let text = ProcessInfo.processInfo.environment["MENTORCERT_BUSY_TIMEOUT_MS"], let ms = Double(text),
              ms.isFinite, ms >= 0 else { return nil }
        return ms / 1000
        #else
        return nil
        #endif
    }

    #if DEBUG
    /// `MENTORCERT_FAILPOINTS` parsed once: point name → action.
    private static let actions: [String: String] = {
        guard let spec = ProcessInfo.processInfo.environment["MENTORCERT_FAILPOINTS"] else { return [:] }
        var result: [String: String] = [:]
        for entry in spec.split(separator: ";") {
            let parts = entry.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2 { result[parts[0]] = parts[1] }
        }
        return result
    }()
    #endif
}
