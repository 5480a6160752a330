/// A JSON value restricted to what a certificate holds — strings, booleans, integers, `null`, arrays
/// and objects — and its RFC 8785 (JSON Canonicalization Scheme, JCS) serialisation.
///
/// ```
/// object  → "{" members sorted by their names' UTF-16 code units, "name":value, no whitespace "}"
/// string  → "\"" + escape(s) + "\""        (RFC 8785 §3.2.2.2)
/// integer → ECMAScript Number::toString    (|n| ≤ 2⁵³ − 1: its shortest decimal, "-" for negatives)
/// ```
/// `escape` writes `\"` and `\\`; U+0008, U+0009, U+000A, U+000C, U+000D as `\b \t \n \f \r`; the other
/// controls U+0000–U+001F as `\u00xx` with lower-case hex; every other character as itself, in UTF-8.
///
/// Floating-point numbers are deliberately not representable: a certificate's fields are strings,
/// booleans and integers, so the ECMAScript double formatting of RFC 8785 §3.2.2.3 is never needed,
/// and an integer outside ±(2⁵³ − 1) — which a JavaScript verifier could not read exactly — is an error.
///
/// Reference: A. Rundgren, B. Jordan, S. Erdtman, *JSON Canonicalization Scheme (JCS)*, RFC 8785, 2020.
/// Cost: O(n log n) in the number of members per object (sorting), O(total characters) otherwise.
public indirect enum CanonicalJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case integer(Int64)
    case string(String)
    case array([CanonicalJSON])
    case object([String: CanonicalJSON])

    /// The largest integer magnitude ECMAScript represents exactly (2⁵³ − 1).
    public static let maximumSafeInteger: Int64 = 9_007_199_254_740_991

    /// The canonical UTF-8 bytes.
    /// - Throws: ``CertificationError`` when an integer lies outside ±``maximumSafeInteger``.
    public func canonicalBytes() throws(CertificationError) -> [UInt8] {
        var out = ""
        try write(into: &out)
        return Array(out.utf8)
    }

    /// The canonical text.
    public func canonicalText() throws(CertificationError) -> String {
        var out = ""
        try write(into: &out)
        return out
    }

    private func write(into out: inout String) throws(CertificationError) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .integer(let n):
            guard n >= -Self.maximumSafeInteger && n <= Self.maximumSafeInteger else {
                throw CertificationError(.invalidDocument("the integer \(n) lies outside ±(2^53 − 1), which RFC 8785 (I-JSON) cannot carry exactly"))
            }
            out += String(n)
        case .string(let s): Self.writeString(s, into: &out)
        case .array(let values):
            out += "["
            for (i, v) in values.enumerated() {
                if i > 0 { out += "," }
                try v.write(into: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            // RFC 8785 §3.2.3: member names sorted as arrays of UTF-16 code units.
            let names = members.keys.sorted { Array($0.utf16).lexicographicallyPrecedes(Array($1.utf16)) }
            for (i, name) in names.enumerated() {
                if i > 0 { out += "," }
                Self.writeString(name, into: &out)
                out += ":"
                if let value = members[name] { try value.write(into: &out) }
            }
            out += "}"
        }
    }

    /// RFC 8785 §3.2.2.2 string serialisation (ECMAScript `JSON.stringify` of a string).
    static func writeString(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar.value {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x08: out += "\\b"
            case 0x09: out += "\\t"
            case 0x0A: out += "\\n"
            case 0x0C: out += "\\f"
            case 0x0D: out += "\\r"
            case 0x00...0x1F:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
