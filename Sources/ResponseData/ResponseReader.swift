import Foundation
import SystemFiles

/// Reads response files (CSV, RFC 4180, header on line 1) into a ``ResponseMatrix`` (DECISIONS §2).
///
/// Wide form: one row per person; long form: `person,item,response` rows. Empty cells and `NA` are
/// "not presented"; other cells are scored integers 0..K−1 (K from the catalogue, else the observed
/// maximum + 1), or with `raw` the chosen option label of a multiple-choice item, scored with its key.
/// By default every problem is collected and nothing is imported; with `skipBadRows` bad rows are
/// dropped and reported.
///
/// Complexity: O(bytes); cells are parsed from the UTF-8 buffer without building strings.
public enum ResponseReader {
    /// Called while reading with the bytes read so far and the file's size (every few thousand rows).
    public typealias Progress = @Sendable (_ bytesRead: Int, _ totalBytes: Int) -> Void

    /// Reads the file at `path`; `progress`, when given, hears how far the reading has come. The file is
    /// streamed through a window of ``CSVStream/defaultChunkSize`` bytes: its text is never held whole.
    public static func read(path: String, options: ResponseImportOptions = ResponseImportOptions(),
                            catalogue: ItemCatalogue? = nil, progress: Progress? = nil) throws(ResponseDataError) -> ResponseImport {
        try read(path: path, options: options, catalogue: catalogue, progress: progress, chunkSize: CSVStream.defaultChunkSize)
    }

    /// Reads the file at `path` through a window of `chunkSize` bytes (tests use small windows).
    static func read(path: String, options: ResponseImportOptions, catalogue: ItemCatalogue?, progress: Progress?,
                     chunkSize: Int) throws(ResponseDataError) -> ResponseImport {
        let stream: CSVStream
        do { stream = try CSVStream(path: path, chunkSize: chunkSize) } catch {
            throw cannotRead(path, error)
        }
        return try read(stream: stream, fileName: path, options: options, catalogue: catalogue, progress: progress)
    }

    /// Reads CSV bytes; `fileName` is used in messages.
    public static func read(data: Data, fileName: String, options: ResponseImportOptions = ResponseImportOptions(),
                            catalogue: ItemCatalogue? = nil) throws(ResponseDataError) -> ResponseImport {
        try read(bytes: [UInt8](data), fileName: fileName, options: options, catalogue: catalogue)
    }

    /// Reads CSV bytes (through a window of `chunkSize` bytes, as a file is read).
    static func read(bytes: [UInt8], fileName: String, options: ResponseImportOptions,
                     catalogue: ItemCatalogue?, progress: Progress? = nil,
                     chunkSize: Int = CSVStream.defaultChunkSize) throws(ResponseDataError) -> ResponseImport {
        try read(stream: CSVStream(bytes: bytes, fileName: fileName, chunkSize: chunkSize), fileName: fileName,
                 options: options, catalogue: catalogue, progress: progress)
    }

    /// Parses a stream. Bytes that are not UTF-8 text (invalid sequences, NUL) are refused, naming the
    /// line, column and byte offset, in preference to any other problem (an id must never be stored
    /// with U+FFFD or cut at a NUL): when parsing stops early with an error, the rest of the file is
    /// still checked, so the answer is the one a whole-file check before parsing gives.
    private static func read(stream: CSVStream, fileName: String, options: ResponseImportOptions,
                             catalogue: ItemCatalogue?, progress: Progress?) throws(ResponseDataError) -> ResponseImport {
        var parser = Parser(stream: stream, file: fileName, options: options, catalogue: catalogue)
        parser.progress = progress
        let result: Result<ResponseImport, ResponseDataError>
        do throws(ResponseDataError) {
            result = .success(try options.layout == .wide ? parser.readWide() : parser.readLong())
        } catch {
            result = .failure(error)
        }
        if case .failure = result { stream.finishEncodingCheck() }
        if let found = stream.encodingProblem {
            throw ResponseDataError(file: fileName, problems: [ResponseProblem(
                file: fileName, line: found.problem.line, message: found.problem.message(byte: found.byte))], rowsCanBeSkipped: false)
        }
        if let failure = stream.readFailure { throw cannotRead(fileName, failure) }
        return try result.get()
    }

    static func cannotRead(_ path: String, _ problem: FileProblem) -> ResponseDataError {
        ResponseDataError(file: path, problems: [ResponseProblem(file: path, line: 0, message: "cannot read the file: " + problem.reason)],
                          rowsCanBeSkipped: false)
    }
}

private struct Parser {
    let stream: CSVStream
    let file: String
    let options: ResponseImportOptions
    let catalogue: ItemCatalogue?
    var problems: [ResponseProblem] = []
    var problemCount = 0
    var skippedProblems: [ResponseProblem] = []
    var skippedRows = 0
    var fields: [CSVField] = []
    var progress: ResponseReader.Progress?
    var rowsSinceProgress = 0

    /// Reports the bytes read every 4,096 rows (cheap next to the rows themselves).
    mutating func reportProgress() {
        guard let progress else { return }
        rowsSinceProgress += 1
        if rowsSinceProgress >= 4096 {
            rowsSinceProgress = 0
            progress(stream.position, stream.totalBytes)
        }
    }

    init(stream: CSVStream, file: String, options: ResponseImportOptions, catalogue: ItemCatalogue?) {
        self.stream = stream; self.file = file; self.options = options; self.catalogue = catalogue
        fields.reserveCapacity(256)
    }

    mutating func add(_ p: ResponseProblem, toRow rowProblems: inout [ResponseProblem]) {
        rowProblems.append(p)
    }

    /// Files a row's problems: as errors (default) or as skipped (skipBadRows).
    mutating func file(rowProblems: [ResponseProblem]) {
        guard !rowProblems.isEmpty else { return }
        if options.skipBadRows {
            skippedRows += 1
            for p in rowProblems where skippedProblems.count < ResponseDataError.maximumListed { skippedProblems.append(p) }
        } else {
            problemCount += rowProblems.count
            for p in rowProblems where problems.count < ResponseDataError.maximumListed { problems.append(p) }
        }
    }

    /// The error for problems of the header: they concern every row, so leaving rows out would not help.
    func fail(_ problems: [ResponseProblem]) -> ResponseDataError {
        ResponseDataError(file: file, problems: problems, rowsCanBeSkipped: false)
    }

    /// The header names; errors for an empty file, unknown and duplicate names.
    mutating func header() throws(ResponseDataError) -> [String] {
        guard stream.next(into: &fields) else {
            throw .file(file, "the file is empty; it needs a header line and one row per \(options.layout == .wide ? "person" : "response")")
        }
        let scanner = stream.scanner
        let names = fields.map { scanner.string($0).trimmedWhitespace }
        if names.allSatisfy(\.isEmpty) {
            throw .file(file, "the header line is blank (the file is empty or starts with a blank line); it needs a header "
                + "line of column names and one row per \(options.layout == .wide ? "person" : "response")")
        }
        if scanner.malformed {
            throw .file(file, "the header has a malformed quoted field; close every quote and double quotes inside quoted fields (\"\")")
        }
        return names
    }

    func column(_ name: String, in header: [String], purpose: String) -> ResponseProblem? {
        if header.contains(name) { return nil }
        return ResponseProblem(file: file, line: 1, column: name, message:
            "no column `\(EchoedText.shown(name))` (\(purpose)) in the header; the columns are \(header.prefix(12).map { EchoedText.shown($0, limit: 30) }.joined(separator: ", "))\(header.count > 12 ? ", …" : ""); check the name")
    }

    func noItemColumns(_ header: [String]) -> ResponseDataError {
        ResponseReader.noItemColumns(file: file, header: header)
    }

    // MARK: Wide

    mutating func readWide() throws(ResponseDataError) -> ResponseImport {
        let header = try header()
        var headerProblems: [ResponseProblem] = []
        let personName = options.personColumn ?? header.first ?? ""
        if let p = column(personName, in: header, purpose: "person id") { headerProblems.append(p) }
        for g in options.groupColumns { if let p = column(g, in: header, purpose: "a group column") { headerProblems.append(p) } }
        for g in options.ignoredColumns { if let p = column(g, in: header, purpose: "a column to ignore") { headerProblems.append(p) } }
        let personIndex = header.firstIndex(of: personName) ?? 0
        var groupIndex: [(String, Int)] = []
        for g in options.groupColumns { if let i = header.firstIndex(of: g) { groupIndex.append((g, i)) } }

        // Item columns.
        var itemColumns: [Int] = []
        var seen: [String: Int] = [:]
        for (i, name) in header.enumerated() {
            if i == personIndex || options.groupColumns.contains(name) || options.ignoredColumns.contains(name) { continue }
            if let first = seen[name] {
                headerProblems.append(ResponseProblem(file: file, line: 1, column: name, columnNumber: i + 1, message:
                    "duplicate item column `\(name)` (also column \(first + 1)); keep one column per item"))
                continue
            }
            seen[name] = i
            if name.isEmpty {
                headerProblems.append(ResponseProblem(file: file, line: 1, columnNumber: i + 1, message:
                    "column \(i + 1) has no header; name it, or remove the column"))
                continue
            }
            if let catalogue, catalogue[name] == nil {
                headerProblems.append(ResponseProblem(file: file, line: 1, column: name, columnNumber: i + 1, message:
                    "`\(EchoedText.shown(name))` is not an item id of the bank; fix the header, or leave the column out or keep it as a group column",
                    remedy: .skipOrGroupColumn(name)))
                continue
            }
            itemColumns.append(i)
        }
        // A header that does not fit concerns every row: leaving rows out would not help.
        if !headerProblems.isEmpty { throw fail(headerProblems) }
        if itemColumns.isEmpty { throw noItemColumns(header) }
        if options.raw && catalogue == nil {
            throw ResponseDataError(file: file, problems: [ResponseProblem(file: file, line: 1, message:
                "option labels can only be read with a bank, which knows each item's labels and key", remedy: .needsBank)],
                rowsCanBeSkipped: false)
        }

        let itemIDs = itemColumns.map { header[$0] }
        let m = itemColumns.count
        let entries = itemIDs.map { catalogue?[$0] }
        let limits: [Int] = entries.map { $0?.categoryCount ?? 255 }
        let rawItem: [Bool] = entries.map { options.raw && ($0?.isMultipleChoice ?? false) }
        let labelBytes: [[[UInt8]]] = entries.map { e in (e?.optionLabels ?? []).map { Array($0.utf8) } }
        let keyIndex: [Int] = entries.map { e in
            guard let e, let key = e.key else { return -1 }
            return e.optionLabels.firstIndex(of: key) ?? -1
        }
        let anyRaw = rawItem.contains(true)

        // A row has at least one byte per column (its separators and line end), so the file's size
        // bounds the rows: reserving that much never reallocates (a doubling copy would hold the data
        // twice), and pages reserved but never written take no memory.
        let width = header.count
        let rowBound = stream.totalBytes / max(1, width - 1) + 1
        var responses: [UInt8] = []
        responses.reserveCapacity(rowBound * m)
        var raw: [String] = []
        var personIDs: [String] = []
        personIDs.reserveCapacity(rowBound)
        var personLines = PersonLines(expectedPersons: rowBound)
        var groups: [[String]] = Array(repeating: [], count: groupIndex.count)
        var observedMax = [Int](repeating: 0, count: m)
        var usage = CategoryUsage(items: m)
        let undeclared = (0..<m).map { entries[$0] == nil }   // items whose categories no bank declares
        var rowProblems: [ResponseProblem] = []
        // The fast path's row: every item cell empty or one digit below its item's limit (a scored file).
        var cellRow = [UInt8](repeating: 0, count: m)

        while stream.next(into: &fields) {
            reportProgress()
            let scanner = stream.scanner
            let line = scanner.recordLine
            rowProblems.removeAll(keepingCapacity: true)
            if scanner.malformed {
                rowProblems.append(ResponseProblem(file: file, line: line, message:
                    "malformed quoted field; close every quote and double quotes inside quoted fields (\"\")"))
            }
            if fields.count != width {
                rowProblems.append(ResponseProblem(file: file, line: line, value: nil, message:
                    "the row has \(fields.count) fields but the header has \(width); every row needs one field per column (check for a missing or extra comma)"))
                file(rowProblems: rowProblems)
                continue
            }
            let person = scanner.string(fields[personIndex]).trimmedWhitespace
            if person.isEmpty {
                rowProblems.append(ResponseProblem(file: file, line: line, column: header[personIndex], columnNumber: personIndex + 1,
                                                   value: "", message: "the person id is empty; give every row a person id"))
            } else if let first = personLines.firstLine(of: person, accepted: personIDs) {
                rowProblems.append(ResponseProblem(file: file, line: line, column: header[personIndex], columnNumber: personIndex + 1,
                                                   value: person, message: "duplicate person id (first on line \(first)); give each person one row"))
            }
            let rowStart = responses.count
            // Fast path (no option labels): one-byte and empty cells read straight from the bytes; any
            // other cell sends the row through the general loop below, which reads it again from the start.
            if !anyRaw && rowProblems.isEmpty {
                let done = Self.scoredRow(fields, columns: itemColumns, limits: limits, bytes: scanner.bytes, into: &cellRow)
                if done {
                    responses.append(contentsOf: cellRow)
                    personIDs.append(person)
                    personLines.addAccepted(line: line, accepted: personIDs)
                    for (k, g) in groupIndex.enumerated() { groups[k].append(scanner.string(fields[g.1]).trimmedWhitespace) }
                    usage.record(row: cellRow, observedMax: &observedMax, undeclared: undeclared, line: line)
                    continue
                }
            }
            for j in 0..<m {
                let f = fields[itemColumns[j]]
                if rawItem[j] {
                    guard let v = scanner.cell(f) else { responses.append(ResponseMatrix.missing); raw.append(""); continue }
                    _ = v
                    var chosen = -1
                    for (k, label) in labelBytes[j].enumerated() where scanner.cell(f, equals: label) { chosen = k; break }
                    if chosen < 0 {
                        let text = scanner.string(f)
                        rowProblems.append(ResponseProblem(file: file, line: line, column: itemIDs[j], columnNumber: itemColumns[j] + 1,
                            value: text, message: "not an option label of item \(itemIDs[j]) (\(entries[j]?.optionLabels.joined(separator: ", ") ?? "")); use a label, or leave the cell empty / NA when not presented"))
                        responses.append(ResponseMatrix.missing); raw.append("")
                    } else {
                        responses.append(chosen == keyIndex[j] ? 1 : 0)
                        raw.append(entries[j]?.optionLabels[chosen] ?? "")
                    }
                    continue
                }
                let v = scanner.cell(f)
                if anyRaw { raw.append("") }
                guard let v else { responses.append(ResponseMatrix.missing); continue }
                if v < 0 || v >= limits[j] {
                    let text = scanner.string(f)
                    let message: String
                    if v < 0 {
                        message = options.raw && catalogue != nil
                            ? "not a whole-number score of graded item \(itemIDs[j]); graded cells hold scores 0..\(limits[j] - 1) even when option labels are read"
                            : (entries[j]?.isMultipleChoice ?? false)
                                ? "not a scored response 0..1 of multiple-choice item \(itemIDs[j]); if the cells hold option labels, read them as labels"
                                : "not a whole-number score 0..\(min(limits[j], 255) - 1); leave the cell empty or NA when not presented"
                    } else {
                        message = "category \(v) is out of range for item \(itemIDs[j]), which has \(limits[j]) categories (0..\(limits[j] - 1)); fix the score"
                    }
                    let labels = v < 0 && !(options.raw && catalogue != nil) && (entries[j]?.isMultipleChoice ?? false)
                    rowProblems.append(ResponseProblem(file: file, line: line, column: itemIDs[j], columnNumber: itemColumns[j] + 1,
                                                       value: text, message: message, remedy: labels ? .readOptionLabels : nil))
                    responses.append(ResponseMatrix.missing)
                    continue
                }
                if v > observedMax[j] { observedMax[j] = v }
                responses.append(UInt8(truncatingIfNeeded: v))
            }
            if !rowProblems.isEmpty {
                responses.removeSubrange(rowStart...)
                if anyRaw { raw.removeSubrange((raw.count - m)...) }
                if !person.isEmpty { personLines.addRejected(person, line: line, accepted: personIDs) }
                file(rowProblems: rowProblems)
                continue
            }
            personIDs.append(person)
            personLines.addAccepted(line: line, accepted: personIDs)
            for (k, g) in groupIndex.enumerated() { groups[k].append(scanner.string(fields[g.1]).trimmedWhitespace) }
            for j in 0..<m where undeclared[j] && responses[rowStart + j] != ResponseMatrix.missing {
                usage.record(item: j, value: Int(responses[rowStart + j]), line: line)
            }
        }
        if problemCount > 0 { throw ResponseDataError(file: file, problems: problems, totalProblems: problemCount) }
        if personIDs.isEmpty && skippedRows == 0 {
            throw .file(file, "the file has a header but no rows; add one row per person")
        }
        if personIDs.isEmpty {
            throw ResponseDataError(file: file, problems: skippedProblems + [ResponseProblem(file: file, line: 1, message:
                "all \(skippedRows) row(s) are bad, so no row is left; fix the rows listed above")], totalProblems: skippedRows + 1,
                rowsCanBeSkipped: false)
        }
        let counts = (0..<m).map { j in entries[j]?.categoryCount ?? max(2, observedMax[j] + 1) }
        var groupMap: [String: [String]] = [:]
        for (k, g) in groupIndex.enumerated() { groupMap[g.0] = groups[k] }
        let matrix = ResponseMatrix(unchecked: personIDs, itemIDs: itemIDs, responses: responses,
                                    categoryCounts: counts, groups: groupMap, rawChoices: anyRaw ? raw : nil)
        let warnings = usage.warnings(file: file, itemIDs: itemIDs, columnNumbers: itemColumns.map { $0 + 1 })
        return ResponseImport(matrix: matrix, skippedProblems: skippedProblems, skippedRows: skippedRows, warnings: warnings)
    }

    /// The item cells of one row when each is empty (not presented) or a single digit below its item's
    /// limit, written to `row`; false (row unspecified) when any cell needs the general reading (`NA`,
    /// spaces, several digits, out of range, text).
    @inline(__always)
    private static func scoredRow(_ fields: [CSVField], columns: [Int], limits: [Int], bytes: UnsafeBufferPointer<UInt8>,
                                  into row: inout [UInt8]) -> Bool {
        fields.withUnsafeBufferPointer { fields in
            columns.withUnsafeBufferPointer { columns in
                limits.withUnsafeBufferPointer { limits in
                    row.withUnsafeMutableBufferPointer { row in
                        for j in 0..<columns.count {
                            let f = fields[columns[j]]
                            let length = f.end &- f.start
                            if length == 0 { row[j] = ResponseMatrix.missing; continue }
                            guard length == 1 else { return false }
                            let d = Int(bytes[f.start]) &- 48
                            guard d >= 0 && d <= 9 && d < limits[j] else { return false }
                            row[j] = UInt8(truncatingIfNeeded: d)
                        }
                        return true
                    }
                }
            }
        }
    }

    // MARK: Long

    mutating func readLong() throws(ResponseDataError) -> ResponseImport {
        let header = try header()
        let personName = options.personColumn ?? "person"
        var headerProblems: [ResponseProblem] = []
        for (name, purpose) in [(personName, "person id"), ("item", "item id"), ("response", "response")] {
            if let p = column(name, in: header, purpose: purpose + "; the long form is person,item,response") { headerProblems.append(p) }
        }
        for g in options.groupColumns { if let p = column(g, in: header, purpose: "--group") { headerProblems.append(p) } }
        if !headerProblems.isEmpty { throw fail(headerProblems) }
        if options.raw && catalogue == nil {
            throw ResponseDataError(file: file, problems: [ResponseProblem(file: file, line: 1, message:
                "option labels can only be read with a bank, which knows each item's labels and key", remedy: .needsBank)],
                rowsCanBeSkipped: false)
        }
        let pi = header.firstIndex(of: personName) ?? 0
        let ii = header.firstIndex(of: "item") ?? 1
        let ri = header.firstIndex(of: "response") ?? 2
        let gi = options.groupColumns.compactMap { g in header.firstIndex(of: g).map { (g, $0) } }

        var personIndex: [String: Int] = [:], personIDs: [String] = []
        var groups: [[String]] = Array(repeating: [], count: gi.count)
        var itemIndex: [String: Int] = [:], itemIDs: [String] = []
        var cells: [(person: Int, item: Int, value: UInt8, raw: String)] = []
        var seenPair: [Int: Int] = [:]   // person * 2^20 + item → line
        var observedMax: [Int] = []
        var usage = CategoryUsage(items: 0)
        var pending: (value: Int, line: Int)?
        var rowProblems: [ResponseProblem] = []
        let width = header.count
        var anyRaw = false

        while stream.next(into: &fields) {
            reportProgress()
            let scanner = stream.scanner
            let line = scanner.recordLine
            rowProblems.removeAll(keepingCapacity: true)
            pending = nil
            if fields.count != width {
                rowProblems.append(ResponseProblem(file: file, line: line, message:
                    "the row has \(fields.count) fields but the header has \(width); every row needs one field per column"))
                file(rowProblems: rowProblems)
                continue
            }
            let person = scanner.string(fields[pi]).trimmedWhitespace
            let item = scanner.string(fields[ii]).trimmedWhitespace
            if person.isEmpty {
                rowProblems.append(ResponseProblem(file: file, line: line, column: header[pi], columnNumber: pi + 1, value: "",
                                                   message: "the person id is empty; give every row a person id"))
            }
            let entry = catalogue?[item]
            if item.isEmpty || (catalogue != nil && entry == nil) {
                rowProblems.append(ResponseProblem(file: file, line: line, column: "item", columnNumber: ii + 1, value: item,
                                                   message: "`\(item)` is not an item id of the bank; fix the id or remove the row"))
            }
            let f = fields[ri]
            var value: UInt8 = ResponseMatrix.missing
            var rawText = ""
            if options.raw, let entry, entry.isMultipleChoice {
                anyRaw = true
                if scanner.cell(f) != nil {
                    let text = scanner.string(f).trimmedWhitespace
                    if let k = entry.optionLabels.firstIndex(of: text) {
                        value = text == entry.key ? 1 : 0
                        rawText = entry.optionLabels[k]
                    } else {
                        rowProblems.append(ResponseProblem(file: file, line: line, column: "response", columnNumber: ri + 1, value: text,
                            message: "not an option label of item \(item) (\(entry.optionLabels.joined(separator: ", "))); use a label, or leave the cell empty / NA"))
                    }
                }
            } else if let v = scanner.cell(f) {
                let limit = entry?.categoryCount ?? 255
                if v < 0 || v >= limit {
                    rowProblems.append(ResponseProblem(file: file, line: line, column: "response", columnNumber: ri + 1,
                        value: scanner.string(f), message: v < 0
                            ? "not a whole-number score\(entry.map { " 0..\($0.categoryCount - 1)" } ?? ""); leave the cell empty or NA when not presented\(entry?.isMultipleChoice == true ? ", or read the cells as option labels" : "")"
                            : "category \(v) is out of range for item \(item), which has \(limit) categories (0..\(limit - 1)); fix the score",
                        remedy: v < 0 && entry?.isMultipleChoice == true ? .readOptionLabels : nil))
                } else {
                    value = UInt8(v)
                    if entry == nil { pending = (v, line) }
                }
            }
            var pIndex = personIndex[person] ?? personIDs.count
            let iIndex = itemIndex[item] ?? itemIDs.count
            if rowProblems.isEmpty, let first = seenPair[pIndex << 20 | iIndex], personIndex[person] != nil, itemIndex[item] != nil {
                rowProblems.append(ResponseProblem(file: file, line: line, column: header[pi], columnNumber: pi + 1, value: "\(person),\(item)",
                                                   message: "person \(person) already has a response to item \(item) on line \(first); keep one row per person and item"))
            }
            if rowProblems.isEmpty, personIndex[person] != nil {
                for (k, g) in gi.enumerated() {
                    let v = scanner.string(fields[g.1]).trimmedWhitespace
                    if v != groups[k][pIndex] {
                        rowProblems.append(ResponseProblem(file: file, line: line, column: g.0, columnNumber: g.1 + 1, value: v,
                                                           message: "person \(person) has group \(g.0) = `\(groups[k][pIndex])` on an earlier line; a person's group is the same on every row"))
                    }
                }
            }
            if !rowProblems.isEmpty { file(rowProblems: rowProblems); continue }
            if personIndex[person] == nil {
                pIndex = personIDs.count
                personIndex[person] = pIndex
                personIDs.append(person)
                for (k, g) in gi.enumerated() { groups[k].append(scanner.string(fields[g.1]).trimmedWhitespace) }
            }
            if itemIndex[item] == nil {
                itemIndex[item] = itemIDs.count
                itemIDs.append(item)
                observedMax.append(0)
                usage.addItem()
            }
            if let pending { usage.record(item: iIndex, value: pending.value, line: pending.line) }
            seenPair[pIndex << 20 | iIndex] = line
            if value != ResponseMatrix.missing, Int(value) > observedMax[iIndex] { observedMax[iIndex] = Int(value) }
            cells.append((pIndex, iIndex, value, rawText))
        }
        if problemCount > 0 { throw ResponseDataError(file: file, problems: problems, totalProblems: problemCount) }
        if personIDs.isEmpty && skippedRows == 0 {
            throw .file(file, "the file has a header but no rows; add one row per response")
        }
        if personIDs.isEmpty {
            throw ResponseDataError(file: file, problems: skippedProblems + [ResponseProblem(file: file, line: 1, message:
                "all \(skippedRows) row(s) are bad, so no row is left; fix the rows listed above")], totalProblems: skippedRows + 1,
                rowsCanBeSkipped: false)
        }
        let m = itemIDs.count
        var responses = [UInt8](repeating: ResponseMatrix.missing, count: personIDs.count * m)
        var raw = anyRaw ? [String](repeating: "", count: personIDs.count * m) : []
        for c in cells {
            responses[c.person * m + c.item] = c.value
            if anyRaw { raw[c.person * m + c.item] = c.raw }
        }
        let counts = itemIDs.enumerated().map { j, id in catalogue?[id]?.categoryCount ?? max(2, observedMax[j] + 1) }
        var groupMap: [String: [String]] = [:]
        for (k, g) in gi.enumerated() { groupMap[g.0] = groups[k] }
        let matrix = ResponseMatrix(unchecked: personIDs, itemIDs: itemIDs, responses: responses, categoryCounts: counts,
                                    groups: groupMap, rawChoices: anyRaw ? raw : nil)
        let warnings = usage.warnings(file: file, itemIDs: itemIDs, columnNumbers: nil)
        return ResponseImport(matrix: matrix, skippedProblems: skippedProblems, skippedRows: skippedRows, warnings: warnings)
    }
}

/// How often each score occurs on the items whose categories no bank declares, to catch a typo that
/// would silently add categories (a `5` on a 0/1 item makes a six-category item; DECISIONS, "Response
/// data"). An item whose highest score leaves categories below it unused is reported.
struct CategoryUsage {
    /// `counts[item * 255 + value]`.
    private var counts: [Int]
    /// The highest score of each item and the line where it first occurs.
    private var highest: [(value: Int, line: Int)]

    init(items: Int) {
        counts = [Int](repeating: 0, count: items * 255)
        highest = Array(repeating: (0, 0), count: items)
    }

    mutating func addItem() {
        counts.append(contentsOf: repeatElement(0, count: 255))
        highest.append((0, 0))
    }

    mutating func record(item: Int, value: Int, line: Int) {
        counts[item * 255 + value] += 1
        if value > highest[item].value { highest[item] = (value, line) }
    }

    /// One accepted row of the reader's fast path: raises `observedMax` for every presented cell and
    /// records the cells of the `undeclared` items (the same as `record(item:value:line:)` per cell,
    /// over unsafe buffers: no per-cell call or uniqueness check).
    mutating func record(row: [UInt8], observedMax: inout [Int], undeclared: [Bool], line: Int) {
        row.withUnsafeBufferPointer { row in
            undeclared.withUnsafeBufferPointer { undeclared in
                observedMax.withUnsafeMutableBufferPointer { observedMax in
                    counts.withUnsafeMutableBufferPointer { counts in
                        highest.withUnsafeMutableBufferPointer { highest in
                            for j in 0..<row.count where row[j] != ResponseMatrix.missing {
                                let v = Int(row[j])
                                if v > observedMax[j] { observedMax[j] = v }
                                guard undeclared[j] else { continue }
                                counts[j &* 255 &+ v] &+= 1
                                if v > highest[j].value { highest[j] = (v, line) }
                            }
                        }
                    }
                }
            }
        }
    }

    /// One warning per item whose highest score (at least 2) leaves unused categories below it.
    func warnings(file: String, itemIDs: [String], columnNumbers: [Int]?) -> [ResponseProblem] {
        itemIDs.indices.compactMap { j in
            let top = highest[j]
            guard top.value >= 2 else { return nil }
            let unused = (1..<top.value).filter { counts[j * 255 + $0] == 0 }
            guard !unused.isEmpty else { return nil }
            let shown = unused.prefix(10).map(String.init).joined(separator: ", ") + (unused.count > 10 ? ", …" : "")
            return ResponseProblem(file: file, line: top.line, column: itemIDs[j], columnNumber: columnNumbers?[j], value: String(top.value),
                message: "item \(itemIDs[j]) becomes a \(top.value + 1)-category item (0..\(top.value)), but categories \(shown) are never used; "
                    + "if `\(top.value)` is a typo, fix it; if the item is graded, import with a bank that declares its categories")
        }
    }
}

extension ResponseReader {
    /// The separator a one-line header seems to use instead of the comma (`;`, tab or `|`, the most
    /// frequent), with its name; nil when it holds none of them.
    static func likelySeparator(_ header: [String]) -> (character: String, name: String)? {
        let text = header.joined(separator: ",")
        let separators: [(String, String)] = [(";", "semicolon"), ("\t", "tab"), ("|", "vertical bar")]
        guard let guess = separators.max(by: { a, b in
            text.components(separatedBy: a.0).count < text.components(separatedBy: b.0).count
        }), text.contains(guess.0) else { return nil }
        return guess
    }

    /// The error for a header without item columns, naming the separator the file seems to use.
    static func noItemColumns(file: String, header: [String]) -> ResponseDataError {
        var message = "the header has no item columns (\(header.count) column(s): \(header.prefix(3).map { "`\(EchoedText.shown($0, limit: 40))`" }.joined(separator: ", ")))"
        if let guess = likelySeparator(header) {
            message += "; the file seems to be \(guess.name)-separated (the header holds \(guess.name)s), but response files are "
                + "comma-separated: save it as CSV with commas (in a spreadsheet: CSV UTF-8, comma-delimited)"
        } else {
            message += "; a response file needs a person-id column and one column per item, separated by commas"
        }
        return ResponseDataError(file: file, problems: [ResponseProblem(file: file, line: 1, message: message)], rowsCanBeSkipped: false)
    }
}
