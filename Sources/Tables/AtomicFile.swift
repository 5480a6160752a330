import Foundation
import SystemFiles

/// Writes a file so that a reader sees the old content or the new, never half of it (DECISIONS §2):
/// the bytes go to a temporary name in the same directory, `.NAME.tmp-PID`, then rename(2) replaces
/// the target.
///
/// A run killed mid-write leaves its temporary file behind; the next write of the same target removes
/// every `.NAME.tmp-PID` whose process no longer exists. SIGINT and SIGTERM during a write remove the
/// temporary file before the process ends (``AtomicFile/removeOnInterrupt``).
public enum AtomicFile {
    /// Writes `data` to `path` atomically.
    ///
    /// - Throws: ``TablesError`` naming the path and the reason in our words (missing directory, a
    ///   directory in the way, permissions); the temporary file is removed.
    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        let prefix = ".\(url.lastPathComponent).tmp-"
        sweepStaleTemporaryFiles(in: directory.path, prefix: prefix)
        let temporary = directory.appendingPathComponent(prefix + String(getpid())).path
        // A file of this very name was left by a killed process that had our process id (ids are reused).
        unlink(temporary)
        InterruptCleanup.shared.begin(temporary)
        defer { InterruptCleanup.shared.end(temporary) }
        do {
            try FileContents.create([UInt8](data), atPath: temporary, reportedPath: path)
        } catch {
            // `create` has removed a partial file.
            throw TablesError(.cannotWrite(path: path, reason: error.reason))
        }
        guard rename(temporary, url.path) == 0 else {
            let code = errno
            let reason = code == EISDIR ? "it is a directory; give a file name" : FileProblem(path: path, errno: code, writing: true).reason
            unlink(temporary)
            throw TablesError(.cannotWrite(path: path, reason: reason))
        }
    }

    /// Writes `text` (UTF-8) to `path` atomically.
    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }

    /// Removes `PREFIX<pid>` files in `directory` whose process has ended (a killed earlier run); files
    /// of running processes, and names whose suffix is not a process id, are left alone.
    static func sweepStaleTemporaryFiles(in directory: String, prefix: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.isEmpty ? "." : directory) else { return }
        for name in names where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count)), pid > 0, pid != getpid() else { continue }
            if kill(pid, 0) == -1 && errno == ESRCH {
                unlink((directory as NSString).appendingPathComponent(name))
            }
        }
    }
}

/// Removes the temporary file of a write in progress when SIGINT or SIGTERM arrives, then ends the
/// process with the signal's conventional status (128 + signal). The handlers are installed once, on
/// the first write; outside a write a signal ends the process as before.
///
/// The paths are kept as C strings in a fixed table so that the handler only calls async-signal-safe
/// functions (unlink, signal, raise).
final class InterruptCleanup: @unchecked Sendable {
    // @unchecked: the table is written under `lock` and read by the signal handler, which only reads
    // complete C strings (a slot's pointer is published after its bytes and cleared before they are freed).
    static let shared = InterruptCleanup()

    private let lock = NSLock()
    private var installed = false

    func begin(_ path: String) {
        lock.lock(); defer { lock.unlock() }
        if !installed {
            installed = true
            signal(SIGINT, interruptCleanupHandler)
            signal(SIGTERM, interruptCleanupHandler)
        }
        for k in 0..<interruptCleanupSlotCount where interruptCleanupSlots[k] == nil {
            interruptCleanupSlots[k] = strdup(path)
            return
        }
    }

    func end(_ path: String) {
        lock.lock(); defer { lock.unlock() }
        for k in 0..<interruptCleanupSlotCount {
            if let p = interruptCleanupSlots[k], String(cString: p) == path {
                interruptCleanupSlots[k] = nil
                free(p)
                return
            }
        }
    }
}

/// The number of writes that can be in progress at once with interrupt cleanup.
let interruptCleanupSlotCount = 16
/// Temporary paths of the writes in progress (nil = free slot). Accessed under `InterruptCleanup.lock`,
/// and read (never written) by the signal handler.
nonisolated(unsafe) let interruptCleanupSlots: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
    let p = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: interruptCleanupSlotCount)
    p.initialize(repeating: nil, count: interruptCleanupSlotCount)
    return p
}()

private func interruptCleanupHandler(_ signalNumber: Int32) {
    for k in 0..<interruptCleanupSlotCount {
        if let p = interruptCleanupSlots[k] { unlink(p) }
    }
    signal(signalNumber, SIG_DFL)
    raise(signalNumber)
}
