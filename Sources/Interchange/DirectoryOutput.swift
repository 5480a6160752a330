import Foundation
import Tables

/// Writes a set of files as one directory that appears whole or not at all (DECISIONS §2): each file is
/// written with ``Tables/AtomicFile`` into a temporary sibling directory `.NAME.tmp-PID`, which is then
/// renamed to the target. An existing empty target is replaced; a non-empty one is refused.
public enum DirectoryOutput {
    /// Writes `files` (name → bytes) as the directory `path`.
    /// - Throws: ``InterchangeError`` naming the path when it exists and is not empty, or a write fails;
    ///   the temporary directory is removed.
    public static func write(_ files: [(name: String, data: Data)], to path: String) throws(InterchangeError) {
        let fm = FileManager.default
        let target = URL(fileURLWithPath: path).standardizedFileURL
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: target.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw InterchangeError("\(path): a file is in the way; give a directory name.") }
            let contents = (try? fm.contentsOfDirectory(atPath: target.path)) ?? []
            guard contents.isEmpty else {
                throw InterchangeError("\(path): the directory exists and is not empty; remove it or choose another --out.")
            }
        }
        let temporary = target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
        try? fm.removeItem(at: temporary)
        do {
            try fm.createDirectory(at: temporary, withIntermediateDirectories: false)
        } catch {
            throw InterchangeError("\(path): cannot create the directory beside it (\(error.localizedDescription)); check that the parent exists and is writable.")
        }
        do {
            for f in files { try AtomicFile.write(f.data, to: temporary.appendingPathComponent(f.name).path) }
            if fm.fileExists(atPath: target.path) { try fm.removeItem(at: target) }
            try fm.moveItem(at: temporary, to: target)
        } catch {
            try? fm.removeItem(at: temporary)
            throw InterchangeError("\(path): cannot write the directory: \(error); nothing was written.")
        }
    }
}
