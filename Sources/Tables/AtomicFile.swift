import Foundation

/// Writes a file so that a reader sees the old content or the new, never half of it (DECISIONS §2):
/// the bytes go to a temporary name in the same directory, then rename(2) replaces the target.
public enum AtomicFile {
    /// Writes `data` to `path` atomically.
    ///
    /// - Throws: ``TablesError`` naming the path and the reason (missing directory, a directory in the
    ///   way, permissions); the temporary file is removed.
    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            try data.write(to: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw TablesError(.cannotWrite(path: path, reason: error.localizedDescription))
        }
        guard rename(temporary.path, url.path) == 0 else {
            let reason = errno == EISDIR ? "it is a directory; give a file name" : String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw TablesError(.cannotWrite(path: path, reason: reason))
        }
    }

    /// Writes `text` (UTF-8) to `path` atomically.
    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }
}
