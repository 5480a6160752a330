#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads whole files with the system calls themselves, so that a failure is a ``FileProblem`` in our
/// words (a missing file, a directory, a permission) rather than Foundation's text.
public enum FileContents {
    /// The bytes of the file at `path`.
    ///
    /// Complexity: O(size), one read per 1 MiB.
    /// - Throws: ``FileProblem`` naming the path and what is in the way.
    public static func bytes(atPath path: String) throws(FileProblem) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw FileProblem(path: path, errno: errno, writing: false) }
        defer { close(fd) }
        var status = stat()
        if fstat(fd, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
            throw FileProblem(path: path, kind: .directory, writing: false)
        }
        var result: [UInt8] = []
        result.reserveCapacity(max(0, Int(status.st_size)))
        let chunk = 1 << 20
        var buffer = [UInt8](repeating: 0, count: chunk)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, chunk) }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileProblem(path: path, errno: errno, writing: false)
            }
            if n == 0 { break }
            result.append(contentsOf: buffer[0..<n])
        }
        return result
    }

    /// Checks that `path` is a regular file this process may read (without reading it), for readers
    /// that stream a file themselves.
    /// - Throws: ``FileProblem`` naming the path and what is in the way.
    public static func checkReadable(atPath path: String) throws(FileProblem) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw FileProblem(path: path, errno: errno, writing: false) }
        defer { close(fd) }
        var status = stat()
        if fstat(fd, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
            throw FileProblem(path: path, kind: .directory, writing: false)
        }
    }

    /// Writes `bytes` to a new file at `path` (which must not exist), with mode 0666 less the umask.
    /// On failure the partial file is removed.
    /// - Throws: ``FileProblem`` naming `reportedPath` (the path the user gave) and the reason.
    public static func create(_ bytes: [UInt8], atPath path: String, reportedPath: String) throws(FileProblem) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o666)
        guard fd >= 0 else { throw FileProblem(path: reportedPath, errno: errno, writing: true) }
        var written = 0
        var failure: Int32 = 0
        bytes.withUnsafeBytes { raw in
            while written < raw.count {
                let n = write(fd, raw.baseAddress.map { $0 + written }, raw.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                written += n
            }
        }
        if failure == 0, close(fd) != 0 { failure = errno } else if failure != 0 { close(fd) }
        if failure != 0 {
            unlink(path)
            throw FileProblem(path: reportedPath, errno: failure, writing: true)
        }
    }
}
