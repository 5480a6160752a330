import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An advisory lock file held while one process takes a session (`STORE.SESSION.lock` beside the
/// store), so that a second terminal is told clearly instead of meeting a sequence conflict later.
///
/// The lock is `flock(LOCK_EX | LOCK_NB)` on the file. The kernel drops it however the process ends;
/// a normal end also removes the file. Removing a lock file races with a process that opened it just
/// before: that process may lock the removed inode. So after taking the lock the holder checks that the
/// path still names the inode it locked (`fstat` of the descriptor against `stat` of the path) and
/// otherwise tries again with the new file; the file is unlinked *while the lock is held*, then closed.
/// A file left by a killed process is simply locked again by the next one.
public final class SessionLock: @unchecked Sendable {
    public let path: String
    private var descriptor: Int32 = -1
    private let mutex = NSLock()

    /// The lock of `session` beside the store at `storePath`.
    public init(storePath: String, session: String) { path = storePath + ".\(session).lock" }

    /// The lock file's path for a session.
    public static func path(storePath: String, session: String) -> String { storePath + ".\(session).lock" }

    /// Takes the lock without waiting. False when another process holds it. True as well when no lock
    /// file can be made (a read-only directory): the store's sequence check still refuses a second writer.
    public func acquire() -> Bool {
        mutex.lock(); defer { mutex.unlock() }
        if descriptor >= 0 { return true }
        for _ in 0..<16 {
            let fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
            guard fd >= 0 else { return true }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { close(fd); return false }
            var held = stat(), named = stat()
            if fstat(fd, &held) == 0, stat(path, &named) == 0, held.st_dev == named.st_dev, held.st_ino == named.st_ino {
                descriptor = fd
                return true
            }
            close(fd)  // the previous holder removed this file meanwhile: lock the one the path names now
        }
        return false
    }

    /// Removes the lock file and releases the lock (in this order, so nobody can take a lock on a file
    /// about to disappear and keep it). Safe to call more than once.
    public func release() {
        mutex.lock(); defer { mutex.unlock() }
        guard descriptor >= 0 else { return }
        unlink(path)
        close(descriptor)
        descriptor = -1
    }

    deinit { if descriptor >= 0 { unlink(path); close(descriptor) } }
}
