import SystemFiles
import Testing

/// ``TextEncodingCheck/Resumable`` fed in pieces finds what ``TextEncodingCheck/firstProblem(in:)``
/// finds in the whole buffer (issue 21: the response reader checks a file as it streams it).
struct ResumableEncodingCheckTests {
    /// Feeds `bytes` in pieces of `piece` bytes, passing again what a piece left unchecked.
    static func resumed(_ bytes: [UInt8], piece: Int) -> TextEncodingProblem? {
        var check = TextEncodingCheck.Resumable()
        var start = 0
        while true {
            let end = min(bytes.count, start + piece)
            let isLast = end == bytes.count
            let (problem, checked) = bytes[start..<end].withUnsafeBufferPointer { check.check($0, isLast: isLast) }
            if let problem { return problem }
            start += checked
            if isLast { return nil }
            // A piece may leave at most 3 bytes (a cut multi-byte sequence); the next piece is longer.
            if end - start >= piece { return nil }
        }
    }

    @Test("pieces of every size agree with the whole-buffer check on seeded text with bad bytes", arguments: 1...4)
    func seeded(seed: Int) {
        var state = UInt64(seed) &* 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        let pieces: [[UInt8]] = [Array("a,b\n".utf8), Array("é".utf8), Array("€".utf8), Array("𝔸".utf8), [0x0A], [0xFF], [0xC3], [0x00],
                                 [0xED, 0xA0, 0x80], [0xE2, 0x82]]
        for _ in 0..<50 {
            var bytes = [UInt8]()
            for _ in 0..<(next() % 60) {
                // Mostly valid pieces, a bad one now and then.
                let k = next() % 100 < 95 ? next() % 5 : 5 + next() % 5
                bytes += pieces[k]
            }
            let whole = bytes.withUnsafeBufferPointer { TextEncodingCheck.firstProblem(in: $0) }
            for piece in [4, 5, 7, 16] {
                #expect(Self.resumed(bytes, piece: piece) == whole, "piece \(piece), bytes \(bytes)")
            }
        }
    }

    @Test("a sequence cut by the end of a piece is left for the next one; at the end it is a problem")
    func cut() {
        var check = TextEncodingCheck.Resumable()
        let euro = Array("a€".utf8)   // 61 E2 82 AC
        let first = euro[0..<3].withUnsafeBufferPointer { check.check($0, isLast: false) }
        #expect(first.problem == nil && first.checked == 1)
        let second = euro[1...].withUnsafeBufferPointer { check.check($0, isLast: true) }
        #expect(second.problem == nil && second.checked == 3 && check.offset == 4)
        var last = TextEncodingCheck.Resumable()
        let truncated = euro[0..<3].withUnsafeBufferPointer { last.check($0, isLast: true) }
        #expect(truncated.problem == TextEncodingProblem(kind: .invalidUTF8, line: 1, column: 2, offset: 1))
    }
}
