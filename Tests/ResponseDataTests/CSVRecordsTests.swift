import ResponseData
import Testing

/// `CSVRecords`: small CSV files read by the response reader's rules, with line numbers for messages.
@Suite struct CSVRecordsTests {
    @Test func recordsKeepTheirLinesAndQuotedFields() throws {
        // BOM, CRLF, a blank line, a quoted field with a comma, a doubled quote and a line break, spaces trimmed.
        let text = "\u{FEFF}a, b ,c\r\n1,\"x, y\",3\r\n\r\n4,\"say \"\"hi\"\"\",\"two\nlines\"\n7,8\n"
        let csv = try CSVRecords.read(bytes: Array(text.utf8), fileName: "f.csv")
        #expect(csv.header == ["a", "b", "c"])
        #expect(csv.records.map(\.line) == [2, 4, 6])
        #expect(csv.records[0].fields == ["1", "x, y", "3"])
        #expect(csv.records[1].fields == ["4", "say \"hi\"", "two\nlines"])
        #expect(csv.records[2].fields == ["7", "8"])
        #expect(try csv.columnIndices(required: ["c", "a"], optional: ["z"]) == ["c": 2, "a": 0])
    }

    @Test func badFilesAreRefusedNamingTheLine() throws {
        let missing = try #require(throws: ResponseDataError.self) {
            try CSVRecords.read(bytes: Array("a,b\n1,2\n".utf8), fileName: "f.csv").columnIndices(required: ["a", "c"])
        }
        #expect(missing.description.contains("f.csv:1:") && missing.description.contains("lacks the column(s) c"))
        let quote = try #require(throws: ResponseDataError.self) {
            try CSVRecords.read(bytes: Array("a,b\n1,\"2\"x\n".utf8), fileName: "f.csv")
        }
        #expect(quote.description.contains("f.csv:2:") && quote.description.contains("malformed quoted field"))
        let binary = try #require(throws: ResponseDataError.self) {
            try CSVRecords.read(bytes: Array("a,b\n1,".utf8) + [0xFF] + Array("\n".utf8), fileName: "f.csv")
        }
        #expect(binary.description.contains("f.csv:2:"))
        #expect(throws: ResponseDataError.self) { try CSVRecords.read(bytes: [], fileName: "f.csv") }
    }
}
