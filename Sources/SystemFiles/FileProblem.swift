#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a file could not be read or written, in our words (never Foundation's): what is in the way and
/// what to do. Built from the `errno` of the system call that failed.
public struct FileProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Equatable {
        /// Nothing exists at the path.
        case missing
        /// The directory that should hold the file does not exist.
        case missingDirectory(String)
        /// A directory is where a file should be.
        case directory
        /// A part of the path that should be a directory is a file.
        case notADirectoryOnPath
        /// The permissions do not allow the access.
        case permissionDenied
        /// The device is full.
        case noSpace
        /// The file system is mounted read-only.
        case readOnlyFileSystem
        /// Another system error, with the system's short text (`strerror`).
        case other(String)
    }

    /// The file concerned.
    public var path: String
    /// What went wrong.
    public var kind: Kind
    /// True when writing failed, false when reading failed.
    public var writing: Bool

    public init(path: String, kind: Kind, writing: Bool) {
        self.path = path; self.kind = kind; self.writing = writing
    }

    /// The problem for `errno` value `code` of a call on `path`.
    public init(path: String, errno code: Int32, writing: Bool) {
        self.path = path
        self.writing = writing
        switch code {
        case ENOENT:
            if writing {
                let directory = Self.directory(of: path)
                kind = .missingDirectory(directory)
            } else {
                kind = .missing
            }
        case EISDIR: kind = .directory
        case ENOTDIR: kind = .notADirectoryOnPath
        case EACCES, EPERM: kind = .permissionDenied
        case ENOSPC, EDQUOT: kind = .noSpace
        case EROFS: kind = .readOnlyFileSystem
        default: kind = .other(String(cString: strerror(code)))
        }
    }

    /// The directory part of `path` (`.` when there is none).
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let d = String(path[..<slash])
        return d.isEmpty ? "/" : d
    }

    /// The reason alone, without the path (for messages that name the path themselves).
    public var reason: String {
        switch kind {
        case .missing:
            return "no such file; check the path"
        case .missingDirectory(let directory):
            return "the directory \(directory) does not exist; create it first or choose another path"
        case .directory:
            return "it is a directory, not a file; give the path of a file"
        case .notADirectoryOnPath:
            return "a part of the path is a file, not a directory; check the path"
        case .permissionDenied:
            return writing
                ? "permission denied: this user may not write there; choose a directory you can write to or change its permissions"
                : "permission denied: this user may not read the file; change its permissions (chmod u+r) or copy it"
        case .noSpace:
            return "the disk is full; free some space and retry"
        case .readOnlyFileSystem:
            return "the file system is read-only; write to another place"
        case .other(let text):
            return "\(text.lowercased()) (a system error)"
        }
    }

    /// `PATH: cannot read|write: reason`.
    public var description: String {
        "\(path): cannot \(writing ? "write" : "read") the file: \(reason)"
    }
}
