/// A byte of a text file that is not text: where it is (1-based line and byte column, 0-based byte
/// offset in the file) and what it is.
public struct TextEncodingProblem: Sendable, Equatable {
    /// What was found.
    public enum Kind: Sendable, Equatable {
        /// A byte sequence that is not UTF-8 (the file may be Latin-1 or Windows-1252, or binary).
        case invalidUTF8
        /// A NUL byte (0x00): binary data, or UTF-16 text.
        case nul
    }

    public var kind: Kind
    /// 1-based line (lines end at LF).
    public var line: Int
    /// 1-based byte column within the line.
    public var column: Int
    /// 0-based byte offset in the file.
    public var offset: Int

    public init(kind: Kind, line: Int, column: Int, offset: Int) {
        self.kind = kind; self.line = line; self.column = column; self.offset = offset
    }

    /// `byte 0xFF at column 2 (byte offset 23) is not valid UTF-8; save the file as UTF-8` and the like
    /// (the caller adds the file and line).
    public func message(byte: UInt8) -> String {
        let hex = "0x" + String(byte, radix: 16, uppercase: true).leftPadded(2)
        switch kind {
        case .invalidUTF8:
            return "byte \(hex) at column \(column) (byte offset \(offset)) is not valid UTF-8; save the file as UTF-8 "
                + "(it may be Latin-1 or Windows-1252) and import it again"
        case .nul:
            return "a NUL byte (0x00) at column \(column) (byte offset \(offset)); the file is binary or UTF-16, "
                + "not UTF-8 text; save it as UTF-8 CSV"
        }
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

/// Checks that bytes are UTF-8 text without NUL (RFC 3629: no overlong forms, no surrogates, nothing
/// above U+10FFFF).
public enum TextEncodingCheck {
    /// The first byte that is not UTF-8 text, or nil when every byte is. Runs at memory speed on ASCII.
    ///
    /// Complexity: O(n).
    public static func firstProblem(in bytes: UnsafeBufferPointer<UInt8>) -> TextEncodingProblem? {
        // The whole buffer is the one and last piece of a resumable check (one implementation).
        var check = Resumable()
        return check.check(bytes, isLast: true).problem
    }
}

extension TextEncodingCheck {
    /// The check behind ``TextEncodingCheck/firstProblem(in:)``, over a file read in pieces: feed the
    /// pieces in order; lines, columns and offsets count from the start of the whole file, so the
    /// problem found is the one `firstProblem` finds in the whole file.
    ///
    /// A multi-byte sequence cut by the end of a piece is not judged: ``check(_:isLast:)`` reports how
    /// many bytes it checked, and the caller passes the rest again at the start of the next piece.
    /// Complexity: O(n) over the file; no allocation.
    public struct Resumable: Sendable {
        /// The 0-based file offset of the next byte to check.
        public private(set) var offset = 0
        private var line = 1
        private var lineStart = 0

        public init() {}

        /// Checks `bytes`, which start at file offset ``offset``. Returns the first problem (if any) and
        /// the number of bytes checked: all of them when `isLast`, else up to a multi-byte sequence that
        /// the end of `bytes` cuts (at most 3 bytes are left over).
        public mutating func check(_ bytes: UnsafeBufferPointer<UInt8>, isLast: Bool) -> (problem: TextEncodingProblem?, checked: Int) {
            let n = bytes.count
            var i = 0
            let base = offset
            defer { offset = base + i }
            func problem(_ kind: TextEncodingProblem.Kind, _ at: Int) -> TextEncodingProblem {
                TextEncodingProblem(kind: kind, line: line, column: base + at - lineStart + 1, offset: base + at)
            }
            while i < n {
                let b = bytes[i]
                if b < 0x80 {
                    if b == 0x0A { line += 1; lineStart = base + i + 1 } else if b == 0 { return (problem(.nul, i), i) }
                    i += 1
                    continue
                }
                let length: Int, low: UInt8, high: UInt8
                switch b {
                case 0xC2...0xDF: length = 2; low = 0x80; high = 0xBF
                case 0xE0: length = 3; low = 0xA0; high = 0xBF
                case 0xE1...0xEC, 0xEE...0xEF: length = 3; low = 0x80; high = 0xBF
                case 0xED: length = 3; low = 0x80; high = 0x9F
                case 0xF0: length = 4; low = 0x90; high = 0xBF
                case 0xF1...0xF3: length = 4; low = 0x80; high = 0xBF
                case 0xF4: length = 4; low = 0x80; high = 0x8F
                default: return (problem(.invalidUTF8, i), i)
                }
                if i + length > n {
                    // Cut by the end of the piece: judge it with the next piece, unless there is none.
                    if !isLast { return (nil, i) }
                    return (problem(.invalidUTF8, i), i)
                }
                let second = bytes[i + 1]
                guard second >= low && second <= high else { return (problem(.invalidUTF8, i), i) }
                for k in 2..<max(2, length) where bytes[i + k] & 0xC0 != 0x80 { return (problem(.invalidUTF8, i), i) }
                i += length
            }
            return (nil, i)
        }
    }
}
