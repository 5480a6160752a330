import Foundation
import SystemFiles
import Testing

/// The UTF-8 check against hand-built byte sequences (RFC 3629, table 3-7 of the Unicode standard).
struct TextEncodingCheckTests {
    static func check(_ bytes: [UInt8]) -> TextEncodingProblem? {
        bytes.withUnsafeBufferPointer { TextEncodingCheck.firstProblem(in: $0) }
    }

    @Test("valid text passes: ASCII, 2-, 3- and 4-byte forms")
    func valid() {
        #expect(Self.check(Array("a,b\nc".utf8)) == nil)
        #expect(Self.check(Array("é,€,𝔸,\u{10FFFF}".utf8)) == nil)
    }

    @Test("the first bad byte is located by line, column and offset",
          arguments: [([0x61, 0x0A, 0x62, 0xFF], 2, 2, 3), ([0xC0, 0x80], 1, 1, 0), ([0xED, 0xA0, 0x80], 1, 1, 0),
                      ([0x61, 0xE2, 0x82], 1, 2, 1), ([0xF4, 0x90, 0x80, 0x80], 1, 1, 0)] as [([UInt8], Int, Int, Int)])
    func invalid(bytes: [UInt8], line: Int, column: Int, offset: Int) {
        let p = Self.check(bytes)
        #expect(p == TextEncodingProblem(kind: .invalidUTF8, line: line, column: column, offset: offset))
    }

    @Test("a NUL byte is its own problem")
    func nul() {
        #expect(Self.check([0x61, 0x0A, 0x0A, 0x62, 0x00]) == TextEncodingProblem(kind: .nul, line: 3, column: 2, offset: 4))
    }

    @Test("a missing file and a directory are described in our words")
    func fileProblems() throws {
        #expect(throws: FileProblem(path: "/nonexistent-x/y", kind: .missing, writing: false)) {
            try FileContents.bytes(atPath: "/nonexistent-x/y")
        }
        let directory = FileManager.default.temporaryDirectory.path
        #expect(throws: FileProblem(path: directory, kind: .directory, writing: false)) {
            try FileContents.bytes(atPath: directory)
        }
        #expect(FileProblem(path: "d/f", errno: ENOENT, writing: true).description.contains("the directory d does not exist"))
    }
}
