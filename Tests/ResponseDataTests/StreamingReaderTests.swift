import Foundation
import SystemFiles
import MentorCertTestSupport
import Testing
@testable import ResponseData

/// Issue 21: the reader streams the file through a window (``CSVStream``) instead of holding its text.
/// Every input is read through windows of many sizes — down to 16 bytes, so that record ends, CRLFs,
/// quoted fields, multi-byte characters and the byte-order mark fall on every window boundary — and
/// must give exactly what one window holding the whole file gives (the old whole-buffer path), and what
/// the seeded generator wrote (an oracle independent of the reader).
@Suite struct StreamingReaderTests {
    /// Window sizes: the smallest allowed, odd sizes, and one larger than every input here.
    static let windows = [16, 17, 19, 23, 31, 64, 127, 1000, 1 << 20]

    /// What a read gives, comparable: the import or the problems.
    enum Outcome: Equatable {
        case read(matrix: ResponseMatrix, skipped: [ResponseProblem], skippedRows: Int, warnings: [ResponseProblem])
        case failed(problems: [ResponseProblem], total: Int, rowsCanBeSkipped: Bool)
    }

    static func outcome(_ bytes: [UInt8], _ options: ResponseImportOptions = .init(), catalogue: ItemCatalogue? = nil,
                        window: Int) -> Outcome {
        do {
            let r = try ResponseReader.read(bytes: bytes, fileName: "r.csv", options: options, catalogue: catalogue,
                                            chunkSize: window)
            return .read(matrix: r.matrix, skipped: r.skippedProblems, skippedRows: r.skippedRows, warnings: r.warnings)
        } catch {
            return .failed(problems: error.problems, total: error.totalProblems, rowsCanBeSkipped: error.rowsCanBeSkipped)
        }
    }

    /// The outcome through the whole-file window, after checking that every smaller window agrees.
    @discardableResult
    static func sameThroughEveryWindow(_ bytes: [UInt8], _ options: ResponseImportOptions = .init(),
                                       catalogue: ItemCatalogue? = nil, sourceLocation: SourceLocation = #_sourceLocation) -> Outcome {
        let whole = outcome(bytes, options, catalogue: catalogue, window: max(bytes.count, 16))
        for w in windows {
            let o = outcome(bytes, options, catalogue: catalogue, window: w)
            #expect(o == whole, "window \(w)", sourceLocation: sourceLocation)
        }
        return whole
    }

    static let catalogue = ItemCatalogue(items: [
        ("I1", .init(categoryCount: 2, optionLabels: ["A", "B", "C"], key: "B")),
        ("I2", .init(categoryCount: 2, optionLabels: ["A", "B", "C", "D"], key: "D")),
        ("G1", .init(categoryCount: 4)),
    ])

    /// The inputs of the reader's other tests (wide and long, labels, groups, quoting, CRLF, BOM,
    /// errors of every kind), each through every window.
    @Test("the reader's fixtures read the same through every window")
    func fixtures() {
        let wide: [(String, ResponseImportOptions)] = [
            ("id,I1,I2,G1\np1,1,0,3\np2,NA,1,\np3,0,,2\n", .init()),
            ("I1,who,I2\n1,p1,0\n", .init(personColumn: "who")),
            ("\u{FEFF}\"id\",\"I1\",G1\r\n\"p, \"\"one\"\"\",\"1\",2\r\n\"multi\nline\",0,\r\n", .init()),
            ("id,I1,I2,G1\np1,B,A,3\np2,C,D,0\np3,,NA,1\n", .init(raw: true)),
            ("id,I1,I9\np1,1,0\n", .init()),
            ("id,I1,I1\np1,1,0\n", .init()),
            ("id,I1,I2,G1\np1,2,0,1\np2,x,0,1\np3,1,0\np1,0,0,0\np5,1,1,4\n", .init()),
            ("id,I1,I2,G1\np1,Z,A,1\np2,A,B,C\n", .init(raw: true)),
            ("", .init()),
            ("id,I1\n", .init()),
            ("\n\n\r\n", .init()),
            ("id,I1,I2,G1\np1,1,0,1\np2,7,0,1\np3,1\np4,0,1,2\n", .init(skipBadRows: true)),
            ("id,I1\np1,1\n", .init(personColumn: "who", groupColumns: ["sex"])),
            ("id,I1,I2\np1,1,0\np2,0,\"1\np3,1,1\n", .init()),           // quote never closed: to the end of the file
            ("id,I1,I2\np1,\"1\"x,0\np2,0,1\n", .init()),                  // text after a closing quote
            ("id,I1,I2\r\np1,1,0\r\np2,0,1", .init()),                     // no line end after the last record
        ]
        for (text, options) in wide { Self.sameThroughEveryWindow(Array(text.utf8), options, catalogue: Self.catalogue) }
        let long: [(String, ResponseImportOptions)] = [
            ("person,item,response,lang\np1,I1,1,en\np1,G1,3,en\np2,I2,0,fr\np2,I1,NA,fr\n", .init(layout: .long, groupColumns: ["lang"])),
            ("person,item,response\np1,I1,B\np1,I2,C\n", .init(layout: .long, raw: true)),
            ("person,item,response,lang\np1,I1,1,en\np1,I1,0,en\np2,I7,1,en\np2,G1,9,en\np1,I2,1,fr\n",
             .init(layout: .long, groupColumns: ["lang"])),
            ("who,what,value\np1,I1,1\n", .init(layout: .long)),
        ]
        for (text, options) in long { Self.sameThroughEveryWindow(Array(text.utf8), options, catalogue: Self.catalogue) }
    }

    /// A seeded wide file: ids quoted (with commas, doubled quotes, line breaks and multi-byte
    /// characters), cells empty, `NA` or padded with spaces, a group and an ignored column, LF or CRLF,
    /// blank lines. The matrix read must be the one written.
    @Test("a seeded wide file with missing cells, groups and quoted ids reads as written", arguments: [1, 2, 3] as [UInt64])
    func seededWide(seed: UInt64) throws {
        var g = SplitMix64(seed: seed)
        let items = 9, persons = 400
        var text = "person,grp," + (1...items).map { "q\($0)" }.joined(separator: ",") + ",note\n"
        var ids = [String](), groups = [String](), cells = [UInt8]()
        let crlf = g.below(2) == 1
        let end = crlf ? "\r\n" : "\n"
        for p in 0..<persons {
            let id: String
            switch g.below(5) {
            case 0: id = "p\(p), \"x\""
            case 1: id = "é\(p)€😀"
            case 2: id = "p\(p)\nsecond line"
            default: id = "p\(p)"
            }
            ids.append(id)
            let quoted = "\"" + id.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            text += (id.contains(",") || id.contains("\n") || g.below(3) == 0) ? quoted : id
            let group = ["a", "b", "c"][g.below(3)]
            groups.append(group)
            text += "," + group
            for _ in 0..<items {
                switch g.below(10) {
                case 0: text += ","; cells.append(ResponseMatrix.missing)
                case 1: text += ",NA"; cells.append(ResponseMatrix.missing)
                default:
                    let v = UInt8(g.below(3))
                    cells.append(v)
                    text += g.below(6) == 0 ? ", \(v) " : ",\(v)"
                }
            }
            text += ",note \(p)" + end
            if g.below(20) == 0 { text += end }   // a blank line
        }
        let options = ResponseImportOptions(groupColumns: ["grp"], ignoredColumns: ["note"])
        let outcome = Self.sameThroughEveryWindow(Array(text.utf8), options)
        guard case let .read(matrix, _, _, _) = outcome else { Issue.record("read failed: \(outcome)"); return }
        #expect(matrix.personIDs == ids)
        #expect(matrix.itemIDs == (1...items).map { "q\($0)" })
        #expect(matrix.responses == cells)
        #expect(matrix.groups["grp"] == groups)
    }

    /// The seeded long form of the same kind of data, with groups.
    @Test("a seeded long file reads as written through every window")
    func seededLong() throws {
        var g = SplitMix64(seed: 7)
        var text = "person,item,response,lang\n"
        var expected = [String: [String: UInt8]]()
        var order = [String]()
        for p in 0..<120 {
            let id = g.below(4) == 0 ? "\"p\(p),x\"" : "p\(p)"
            let name = id.hasPrefix("\"") ? "p\(p),x" : id
            order.append(name)
            let lang = ["en", "fr"][p % 2]
            for i in 0..<4 where g.below(4) != 0 {
                let v = UInt8(g.below(2))
                text += "\(id),i\(i),\(v),\(lang)\n"
                expected[name, default: [:]]["i\(i)"] = v
            }
        }
        let outcome = Self.sameThroughEveryWindow(Array(text.utf8), .init(layout: .long, groupColumns: ["lang"]))
        guard case let .read(matrix, _, _, _) = outcome else { Issue.record("read failed: \(outcome)"); return }
        let persons = order.filter { expected[$0] != nil }
        #expect(matrix.personIDs == persons)
        for (p, id) in matrix.personIDs.enumerated() {
            for (i, item) in matrix.itemIDs.enumerated() {
                #expect(matrix[p, i] == expected[id]?[item])
            }
        }
    }

    /// Errors on the first data line, on the last line (with and without a final line end) and inside a
    /// quoted field that spans lines: the same problems, at the same lines, through every window.
    @Test("errors at the first line, the last line and inside a quoted field are found at their line")
    func errorsAtTheEdges() {
        var body = ""
        for p in 0..<200 { body += "p\(p),\(p % 2),\((p / 3) % 2)\n" }
        let header = "person,i1,i2\n"
        let first = Self.sameThroughEveryWindow(Array((header + "p-1,x,0\n" + body).utf8))
        if case let .failed(p, _, _) = first {
            #expect(p.map(\.line) == [2] && p.first?.column == "i1" && p.first?.columnNumber == 2 && p.first?.value == "x")
        } else {
            Issue.record("expected a failure")
        }
        for tail in ["pz,1,x\n", "pz,1,x"] {
            let last = Self.sameThroughEveryWindow(Array((header + body + tail).utf8))
            guard case let .failed(p, _, _) = last else { Issue.record("expected a failure"); continue }
            #expect(p.map(\.line) == [202] && p.first?.value == "x")
        }
        // A quoted id spanning two lines, then a bad cell: the record starts on line 102.
        var lines = body.split(separator: "\n").map(String.init)
        lines[100] = "\"p100\nwith, \"\"quotes\"\"\",1,9"
        let quoted = Self.sameThroughEveryWindow(Array((header + lines.joined(separator: "\n") + "\n").utf8), catalogue: nil)
        guard case let .read(matrix, _, _, warnings) = quoted else { Issue.record("expected a read"); return }
        #expect(matrix.personIDs[100] == "p100\nwith, \"quotes\"")
        #expect(matrix[100, 1] == 9)
        #expect(warnings.first?.line == 102 && warnings.first?.column == "i2")
        // An unclosed quote near the end: a malformed field at the line it starts on.
        let unclosed = Self.sameThroughEveryWindow(Array((header + body + "p200,\"1,0\np201,0,1\n").utf8))
        guard case let .failed(problems, _, _) = unclosed else { Issue.record("expected a failure"); return }
        #expect(problems.first?.line == 202 && problems.first?.message.contains("malformed quoted field") == true)
    }

    /// Bytes that are not UTF-8 text are reported as the whole-file check reports them
    /// (``TextEncodingCheck/firstProblem(in:)``, an independent computation), even far past an error
    /// that stops parsing early (an unknown column in the header), and even when a multi-byte character
    /// is cut by a window's end.
    @Test("an encoding problem anywhere is reported as the whole-file check finds it")
    func encodingProblems() {
        var body = ""
        for p in 0..<150 { body += "é\(p)€,\(p % 2),\((p / 3) % 2)\n" }
        // The third case stops parsing at the header (no column `who`), long before the bad byte.
        let cases: [(Int, ResponseImportOptions)] = [(2000, .init()), (40, .init()), (2500, .init(personColumn: "who"))]
        for (badAt, options) in cases {
            var bytes = Array(("person,i1,i2\n" + body).utf8)
            bytes.insert(0xE9, at: min(badAt, bytes.count - 1))
            let expected = bytes.withUnsafeBufferPointer { TextEncodingCheck.firstProblem(in: $0) }
            guard let expected else { Issue.record("the inserted byte must be a problem"); continue }
            let outcome = Self.sameThroughEveryWindow(bytes, options, catalogue: nil)
            #expect(outcome == .failed(problems: [ResponseProblem(file: "r.csv", line: expected.line,
                                                                  message: expected.message(byte: bytes[expected.offset]))],
                                       total: 1, rowsCanBeSkipped: false))
        }
        // A truncated sequence as the very last byte.
        let cut = Array("person,i1\np1,1\n".utf8) + [0xE2, 0x82]
        let expected = cut.withUnsafeBufferPointer { TextEncodingCheck.firstProblem(in: $0) }
        #expect(expected != nil)
        if let expected {
            #expect(Self.sameThroughEveryWindow(cut) == .failed(problems: [ResponseProblem(file: "r.csv", line: expected.line,
                message: expected.message(byte: 0xE2))], total: 1, rowsCanBeSkipped: false))
        }
    }

    /// A file on disk several windows long, read through a 64-byte window: the matrix written, and
    /// progress reports that end at the file's size.
    @Test("a file larger than the window parses correctly across window boundaries")
    func fileAcrossWindows() throws {
        var g = SplitMix64(seed: 11)
        let persons = 2_000, items = 13
        var text = "person," + (0..<items).map { "i\($0)" }.joined(separator: ",") + "\n"
        var cells = [UInt8]()
        for p in 0..<persons {
            text += "person-\(p)"
            for _ in 0..<items {
                let v = g.below(7) == 0 ? ResponseMatrix.missing : UInt8(g.below(2))
                cells.append(v)
                text += v == ResponseMatrix.missing ? "," : ",\(v)"
            }
            text += p % 2 == 0 ? "\r\n" : "\n"
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("stream-\(UUID().uuidString).csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(text.utf8.count > 100 * 64, "the file spans many windows")
        let small = try ResponseReader.read(path: url.path, options: .init(), catalogue: nil, progress: nil, chunkSize: 64)
        #expect(small.matrix.personIDs == (0..<persons).map { "person-\($0)" })
        #expect(small.matrix.responses == cells)
        let whole = try ResponseReader.read(path: url.path)
        #expect(small.matrix == whole.matrix)
    }
}

