import Certification
import Testing

/// RFC 8785 canonical form, checked against the RFC's own examples where they apply (strings,
/// literals and member ordering; its number examples need floating point, which certificates do not use).
struct CanonicalJSONTests {
    /// RFC 8785 §3.2.2 (the example's `string` and `literals` members; the input escapes are decoded
    /// by hand here: \u20ac = €, \u000F, \u000a = LF, \u0042 = B, \u0022 = ", \u005c = \, then \\ \" \/).
    @Test func rfc8785StringAndLiteralsExample() throws {
        let string = "\u{20AC}$\u{000F}\u{000A}A'B\"\\\\\"/"
        let value = CanonicalJSON.object([
            "string": .string(string),
            "literals": .array([.null, .bool(true), .bool(false)]),
        ])
        // The RFC's output with its `numbers` member left out.
        #expect(try value.canonicalText() == #"{"literals":[null,true,false],"string":"€$\u000f\nA'B\"\\\\\"/"}"#)
    }

    /// RFC 8785 §3.2.3: members sorted by UTF-16 code units, so U+1F600 (surrogates D83D DE00) sorts
    /// before U+FB33 although its code point is larger.
    @Test func rfc8785SortingExample() throws {
        let names = ["\u{20AC}", "\r", "\u{FB33}", "1", "\u{1F600}", "\u{0080}", "\u{00F6}"]
        let value = CanonicalJSON.object(Dictionary(uniqueKeysWithValues: names.map { ($0, CanonicalJSON.string("x")) }))
        let text = try value.canonicalText()
        // The RFC's order: "\r", "1", "\u0080", "ö", "€", "😀", "דּ".
        let expected = ["\\r", "1", "\u{0080}", "\u{00F6}", "\u{20AC}", "\u{1F600}", "\u{FB33}"]
        #expect(text == "{" + expected.map { "\"\($0)\":\"x\"" }.joined(separator: ",") + "}")
    }

    /// Every control character U+0000–U+001F: the five short escapes, the rest as \u00xx (lower-case
    /// hex); DEL and non-ASCII characters as themselves.
    @Test func controlCharactersAndEscapes() throws {
        let short: [UInt32: String] = [0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r"]
        let hexDigits = Array("0123456789abcdef")
        for code in UInt32(0)...0x1F {
            let scalar = try #require(Unicode.Scalar(code))
            let expected = short[code] ?? "\\u00" + String(hexDigits[Int(code >> 4)]) + String(hexDigits[Int(code & 15)])
            #expect(try CanonicalJSON.string(String(Character(scalar))).canonicalText() == "\"" + expected + "\"")
        }
        #expect(try CanonicalJSON.string("\u{7F}é\u{2028}").canonicalText() == "\"\u{7F}é\u{2028}\"")
        #expect(try CanonicalJSON.string("a\"b\\c").canonicalText() == #""a\"b\\c""#)
    }

    /// Integers: ECMAScript's decimal form within ±(2⁵³ − 1); beyond, an error.
    @Test func integers() throws {
        #expect(try CanonicalJSON.integer(0).canonicalText() == "0")
        #expect(try CanonicalJSON.integer(-42).canonicalText() == "-42")
        #expect(try CanonicalJSON.integer(9_007_199_254_740_991).canonicalText() == "9007199254740991")
        #expect(throws: CertificationError.self) { try CanonicalJSON.integer(9_007_199_254_740_992).canonicalText() }
    }

    /// Nested objects and arrays carry no whitespace and sort at every level.
    @Test func nested() throws {
        let value = CanonicalJSON.object(["b": .array([.integer(1), .object(["z": .null, "a": .bool(false)])]), "a": .string("")])
        #expect(try value.canonicalText() == #"{"a":"","b":[1,{"a":false,"z":null}]}"#)
    }
}
