import SystemFiles
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The records of a CSV file read through a window of a few megabytes, so that a file of any size is
/// parsed without holding its text (a 10⁶ × 100 response file is 200 MB of text; the reader keeps
/// only the window and the one byte per response it produces).
///
/// Records are found by ``CSVScanner`` on the window. A call that reaches the end of the window before
/// the end of the file may have seen only part of a record (or of a CRLF, or of a quoted field that
/// spans lines), so it is undone: the bytes from where the call started are moved to the front, more
/// of the file is read behind them, and the call is repeated. A record longer than the window doubles
/// the window. Every record is therefore scanned exactly as it would be in the whole file: same
/// fields, same line numbers, same malformed-quote verdicts.
///
/// The bytes are checked to be UTF-8 text as they are read (``TextEncodingCheck/Resumable``); at the
/// first problem the stream ends, and the reader reports that problem instead of anything else, as
/// the whole-file check before parsing did.
///
/// Complexity: O(bytes) (a record cut by the window's end is scanned twice: one record per window);
/// memory O(window + longest record).
final class CSVStream {
    /// The window of a file read from disk (1 MiB: a few hundred `read` calls for 10⁶ rows).
    static let defaultChunkSize = 1 << 20

    private enum Source {
        case file(Int32)
        case memory([UInt8], next: Int)
    }

    /// The scanner over the current window; its fields are valid until the next ``next(into:)``.
    private(set) var scanner: CSVScanner
    /// Size of the file (or of the bytes) being read.
    let totalBytes: Int
    /// The first byte that is not UTF-8 text (with the byte itself), once found; the stream ends there.
    private(set) var encodingProblem: (problem: TextEncodingProblem, byte: UInt8)?
    /// A read error after the file was opened; the stream ends there.
    private(set) var readFailure: FileProblem?

    private let path: String
    private var source: Source
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Valid bytes in the buffer.
    private var end = 0
    /// The source has no more bytes.
    private var exhausted = false
    /// The file offset of `buffer[0]`.
    private var base = 0
    /// Buffer index up to which the encoding has been checked.
    private var checked = 0
    private var encoding = TextEncodingCheck.Resumable()

    /// A stream over the file at `path`, read `chunkSize` bytes at a time.
    /// - Throws: ``FileProblem`` when the file cannot be opened, is a directory or cannot be read.
    init(path: String, chunkSize: Int = CSVStream.defaultChunkSize) throws(FileProblem) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw FileProblem(path: path, errno: errno, writing: false) }
        var status = stat()
        if fstat(fd, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw FileProblem(path: path, kind: .directory, writing: false)
        }
        self.path = path
        self.source = .file(fd)
        self.totalBytes = max(0, Int(status.st_size))
        self.capacity = max(16, chunkSize)
        self.buffer = .allocate(capacity: capacity)
        self.scanner = CSVScanner(bytes: UnsafeBufferPointer(start: nil, count: 0))
        fill()
        if let readFailure { throw readFailure }
        scanner = CSVScanner(bytes: window)
    }

    /// A stream over bytes in memory, read through a window of `chunkSize` bytes (tests use a small
    /// window to put record boundaries everywhere).
    init(bytes: [UInt8], fileName: String, chunkSize: Int = CSVStream.defaultChunkSize) {
        self.path = fileName
        self.source = .memory(bytes, next: 0)
        self.totalBytes = bytes.count
        self.capacity = max(16, min(chunkSize, max(bytes.count, 1)))
        self.buffer = .allocate(capacity: capacity)
        self.scanner = CSVScanner(bytes: UnsafeBufferPointer(start: nil, count: 0))
        fill()
        scanner = CSVScanner(bytes: window)
    }

    deinit {
        buffer.deallocate()
        if case let .file(fd) = source { close(fd) }
    }

    private var window: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: buffer, count: end) }

    /// The file offset the scanner has reached (for progress reports).
    var position: Int { base + scanner.position }

    /// Reads the next non-blank record into `fields` (byte ranges of ``scanner``'s window); false at the
    /// end of the file, at the first byte that is not UTF-8 text, or at a read error.
    func next(into fields: inout [CSVField]) -> Bool {
        while true {
            if encodingProblem != nil || readFailure != nil { return false }
            let startPosition = scanner.position, startLine = scanner.line
            let found = scanner.next(into: &fields)
            if exhausted || (found && scanner.position < end) { return found }
            // The call reached the end of the window: read on and scan the same bytes again.
            refill(keepingFrom: startPosition)
            scanner = CSVScanner(window: window, position: 0, line: startLine)
        }
    }

    /// Reads the rest of the file only to check its encoding (an error found early must not hide a
    /// file that is not text, which the whole-file check used to report first).
    func finishEncodingCheck() {
        while encodingProblem == nil && readFailure == nil && !exhausted {
            // Keep only the bytes not yet checked (a multi-byte sequence cut by the window's end).
            refill(keepingFrom: checked)
        }
    }

    /// Keeps the bytes from `keep` on (moved to the front), grows the buffer when they fill it, and
    /// reads more behind them.
    private func refill(keepingFrom keep: Int) {
        if keep == 0 && end == capacity {
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            grown.update(from: buffer, count: end)
            buffer.deallocate()
            buffer = grown
            capacity *= 2
        } else if keep > 0 {
            // Only a cut multi-byte sequence (bytes ≥ 0x80, never a record end) is left unchecked,
            // so everything before `keep` has been checked.
            assert(keep <= checked, "CSVStream: bytes before the kept record were not checked")
            let kept = end - keep
            if kept > 0 { memmove(buffer, buffer + keep, kept) }
            base += keep
            checked -= keep
            end = kept
        }
        fill()
    }

    /// Reads until the buffer is full or the source is exhausted, then checks the new bytes' encoding.
    private func fill() {
        while end < capacity && !exhausted {
            switch source {
            case let .file(fd):
                let n = read(fd, buffer + end, capacity - end)
                if n < 0 {
                    if errno == EINTR { continue }
                    readFailure = FileProblem(path: path, errno: errno, writing: false)
                    return
                }
                if n == 0 { exhausted = true } else { end += n }
            case let .memory(bytes, next):
                let n = min(capacity - end, bytes.count - next)
                if n == 0 { exhausted = true; break }
                bytes.withUnsafeBufferPointer { b in
                    if let start = b.baseAddress { (buffer + end).update(from: start + next, count: n) }
                }
                end += n
                source = .memory(bytes, next: next + n)
            }
        }
        let unchecked = UnsafeBufferPointer(start: buffer + checked, count: end - checked)
        let (problem, count) = encoding.check(unchecked, isLast: exhausted)
        checked += count
        if let problem { encodingProblem = (problem, buffer[problem.offset - base]) }
    }
}
