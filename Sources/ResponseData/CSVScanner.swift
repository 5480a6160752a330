import Foundation

/// One field of a CSV record: a byte range of the buffer. Quoted fields exclude their quotes;
/// `escaped` is set when the field holds doubled quotes (`""`) to be unescaped.
struct CSVField {
    var start: Int
    var end: Int
    var quoted: Bool
    var escaped: Bool
}

/// An RFC 4180 scanner over a UTF-8 byte buffer: `,` separates fields, `"` quotes them (with `""` for a
/// quote), records end at LF or CRLF, a quoted field may span lines. Works on bytes, never on `String`,
/// so that 10⁷ cells take well under a second.
///
/// Complexity: O(n) in the number of bytes, no allocation per field once `fields` has grown.
struct CSVScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var position = 0
    /// The 1-based line at which the next record starts.
    private(set) var line = 1
    /// The line of the record last returned.
    private(set) var recordLine = 1
    /// Set when the last record had a malformed quoted field (text after the closing quote, or no closing quote).
    private(set) var malformed = false

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
    }

    /// A scanner over a window of a larger file (``CSVStream``): scanning starts at `position`, on the
    /// file's line `line`; no byte-order mark is looked for.
    init(window: UnsafeBufferPointer<UInt8>, position: Int, line: Int) {
        self.bytes = window
        self.position = position
        self.line = line
        self.recordLine = line
    }

    static let comma: UInt8 = 0x2C, quote: UInt8 = 0x22, lf: UInt8 = 0x0A, cr: UInt8 = 0x0D

    /// Reads the next non-blank record into `fields`; false at the end of the buffer.
    mutating func next(into fields: inout [CSVField]) -> Bool {
        let n = bytes.count
        while position < n {
            // Skip blank lines.
            let b = bytes[position]
            if b == Self.lf { position += 1; line += 1; continue }
            if b == Self.cr {
                position += 1
                if position < n, bytes[position] == Self.lf { position += 1 }
                line += 1
                continue
            }
            break
        }
        guard position < n else { return false }
        fields.removeAll(keepingCapacity: true)
        recordLine = line
        malformed = false
        var p = position
        while true {
            if p < n, bytes[p] == Self.quote {
                // Quoted field.
                var q = p + 1
                let start = q
                var escaped = false
                var closed = false
                while q < n {
                    let c = bytes[q]
                    if c == Self.quote {
                        if q + 1 < n, bytes[q + 1] == Self.quote { escaped = true; q += 2; continue }
                        closed = true
                        break
                    }
                    if c == Self.lf { line += 1 }
                    q += 1
                }
                if !closed { malformed = true }
                fields.append(CSVField(start: start, end: q, quoted: true, escaped: escaped))
                p = closed ? q + 1 : q
                // Anything before the next separator is malformed; skip it.
                while p < n, bytes[p] != Self.comma, bytes[p] != Self.lf, bytes[p] != Self.cr {
                    malformed = true
                    p += 1
                }
            } else {
                let start = p
                while p < n {
                    let c = bytes[p]
                    if c == Self.comma || c == Self.lf || c == Self.cr { break }
                    p += 1
                }
                fields.append(CSVField(start: start, end: p, quoted: false, escaped: false))
            }
            if p < n, bytes[p] == Self.comma { p += 1; continue }
            // End of record.
            if p < n {
                if bytes[p] == Self.cr { p += 1; if p < n, bytes[p] == Self.lf { p += 1 } } else { p += 1 }
                line += 1
            }
            break
        }
        position = p
        return true
    }

    /// The text of a field (unescaping `""`).
    func string(_ f: CSVField) -> String {
        let slice = UnsafeBufferPointer(rebasing: bytes[f.start..<f.end])
        let s = String(decoding: slice, as: UTF8.self)
        return f.escaped ? s.replacingOccurrences(of: "\"\"", with: "\"") : s
    }

    /// The scored value of a cell: `nil` when not presented (empty or `NA`), `-1` when not a whole
    /// number 0…254. Leading and trailing spaces are ignored.
    @inline(__always)
    func cell(_ f: CSVField) -> Int? {
        var s = f.start, e = f.end
        while s < e, bytes[s] == 0x20 || bytes[s] == 0x09 { s += 1 }
        while e > s, bytes[e - 1] == 0x20 || bytes[e - 1] == 0x09 { e -= 1 }
        if s == e { return nil }
        if e - s == 2, bytes[s] == 0x4E, bytes[s + 1] == 0x41 { return nil }  // NA
        var value = 0
        var i = s
        while i < e {
            let d = Int(bytes[i]) &- 48
            if d < 0 || d > 9 { return -1 }
            value = value &* 10 &+ d
            if value > 254 { return -1 }
            i += 1
        }
        return value
    }

    /// True when the trimmed cell bytes equal `label`'s UTF-8 bytes.
    func cell(_ f: CSVField, equals label: [UInt8]) -> Bool {
        var s = f.start, e = f.end
        while s < e, bytes[s] == 0x20 { s += 1 }
        while e > s, bytes[e - 1] == 0x20 { e -= 1 }
        guard e - s == label.count else { return false }
        for (k, b) in label.enumerated() where bytes[s + k] != b { return false }
        return true
    }
}


extension String {
    /// The string without leading and trailing spaces and tabs. The common case (nothing to trim) is
    /// answered from the first and last UTF-8 bytes without Foundation's `trimmingCharacters`,
    /// which dominated the reading of large files.
    var trimmedWhitespace: String {
        let u = utf8
        guard let first = u.first, let last = u.last else { return self }
        func blank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
        if !blank(first) && !blank(last) { return self }
        var start = u.startIndex, end = u.endIndex
        while start < end && blank(u[start]) { start = u.index(after: start) }
        while end > start && blank(u[u.index(before: end)]) { end = u.index(before: end) }
        return String(self[start..<end])
    }
}
