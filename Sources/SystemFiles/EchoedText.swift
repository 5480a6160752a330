/// How text read from a file is shown in a message: a file may hold anything (binary data, terminal
/// escape sequences, a whole file on one line), so what is echoed is escaped and cut short.
public enum EchoedText {
    /// The characters shown by default.
    public static let defaultLimit = 60

    /// `text` with every non-printable character escaped (`\u{1B}`, `\t`, `\r`, `\n`; C0 and C1
    /// controls, DEL, U+FFFD and the other invisible format characters), cut after `limit` characters
    /// with `… (N more characters)`.
    ///
    /// Complexity: O(min(n, limit)) plus one count of the rest.
    public static func shown(_ text: some StringProtocol, limit: Int = defaultLimit) -> String {
        var result = ""
        var count = 0
        var scalars = text.unicodeScalars.makeIterator()
        while let s = scalars.next() {
            if count == limit {
                var rest = 1
                while scalars.next() != nil { rest += 1 }
                result += "… (\(rest) more character\(rest == 1 ? "" : "s"))"
                return result
            }
            count += 1
            switch s {
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            case "\n": result += "\\n"
            default:
                if isPrintable(s) {
                    result.unicodeScalars.append(s)
                } else {
                    result += "\\u{" + String(s.value, radix: 16, uppercase: true) + "}"
                }
            }
        }
        return result
    }

    /// False for controls (C0, DEL, C1), U+FFFD, and invisible format or separator characters that
    /// can hide or reorder text on a terminal.
    static func isPrintable(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0..<0x20, 0x7F...0x9F, 0xFFFD, 0x200B...0x200F, 0x2028...0x202E, 0x2060...0x2069, 0xFEFF: return false
        default: return true
        }
    }
}
