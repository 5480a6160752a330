import SystemFiles

/// A small CSV file read whole into strings: its header and its records, each with the 1-based line it
/// starts on (the header is line 1), for the panel files of standard setting and other small inputs
/// whose cells are checked one by one by their reader. Uses the response reader's RFC 4180 scanner
/// (``CSVScanner``) and its encoding check, so that every CSV of the engine is read by the same rules:
/// `,` separates, `"` quotes (`""` inside), LF or CRLF ends a record, blank lines are skipped, a UTF-8
/// byte-order mark is ignored, bytes that are not UTF-8 text are refused naming the line and column.
///
/// Complexity: O(bytes); one `String` per cell, so meant for files of thousands of rows, not millions.
public struct CSVRecords: Sendable, Equatable {
    /// One record: its fields (trimmed of surrounding spaces and tabs) and the line it starts on.
    public struct Record: Sendable, Equatable {
        public var line: Int
        public var fields: [String]
        public init(line: Int, fields: [String]) { self.line = line; self.fields = fields }
    }

    /// The file name used in messages.
    public var file: String
    /// The header's fields (trimmed), as written.
    public var header: [String]
    /// The records after the header.
    public var records: [Record]
    /// A value from its parts (tests, readers of other sources).
    public init(file: String, header: [String], records: [Record]) {
        self.file = file; self.header = header; self.records = records
    }

    /// Reads the file at `path`.
    /// - Throws: ``ResponseDataError`` when the file cannot be read, is not UTF-8 text, has no header
    ///   or holds a malformed quoted field (each problem names the line).
    public static func read(path: String) throws(ResponseDataError) -> CSVRecords {
        let bytes: [UInt8]
        do { bytes = try FileContents.bytes(atPath: path) } catch {
            throw ResponseDataError(file: path, problems: [ResponseProblem(file: path, line: 0, message: "cannot read the file: " + error.reason)],
                                    rowsCanBeSkipped: false)
        }
        return try read(bytes: bytes, fileName: path)
    }

    /// Reads CSV bytes; `fileName` is used in messages.
    public static func read(bytes: [UInt8], fileName: String) throws(ResponseDataError) -> CSVRecords {
        let result: Result<CSVRecords, ResponseDataError> = bytes.withUnsafeBufferPointer { buffer in
            if let p = TextEncodingCheck.firstProblem(in: buffer) {
                return .failure(.file(fileName, p.message(byte: buffer[p.offset]), line: p.line))
            }
            var scanner = CSVScanner(bytes: buffer)
            var fields: [CSVField] = []
            var header: [String]?
            var records: [Record] = []
            while scanner.next(into: &fields) {
                if scanner.malformed {
                    return .failure(.file(fileName, "malformed quoted field; close every quote and double quotes inside quoted fields (\"\")",
                                          line: scanner.recordLine))
                }
                let texts = fields.map { scanner.string($0).trimmingSpacesAndTabs() }
                if header == nil { header = texts } else { records.append(Record(line: scanner.recordLine, fields: texts)) }
            }
            guard let header else { return .failure(.file(fileName, "the file is empty; it needs a header line and one row per record")) }
            return .success(CSVRecords(file: fileName, header: header, records: records))
        }
        return try result.get()
    }

    /// The 0-based position of each of `columns` in the header (compared without case), or an error
    /// naming the missing ones and the expected header. Columns in `optional` may be absent (nil).
    public func columnIndices(required columns: [String], optional: [String] = []) throws(ResponseDataError) -> [String: Int] {
        let lowered = header.map { $0.lowercased() }
        var result: [String: Int] = [:]
        var missing: [String] = []
        for name in columns {
            if let i = lowered.firstIndex(of: name) { result[name] = i } else { missing.append(name) }
        }
        for name in optional { if let i = lowered.firstIndex(of: name) { result[name] = i } }
        guard missing.isEmpty else {
            let expected = (columns + optional.map { $0 + "?" }).joined(separator: ",")
            throw .file(file, "the header lacks the column(s) \(missing.joined(separator: ", ")); the header must be \(expected) "
                + "(any order; ? marks an optional column)")
        }
        return result
    }
}

extension String {
    /// The text without leading and trailing spaces and tabs.
    func trimmingSpacesAndTabs() -> String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return String(s)
    }
}
