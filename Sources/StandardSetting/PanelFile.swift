import ItemBanking
import ResponseData
import SystemFiles

/// A panel's file as read: its name (the last path component, never a machine path), the SHA-256 of its
/// bytes (the source of the bank version that stores the cuts, so that the judgements behind a cut can be
/// identified later) and its CSV records.
public struct PanelFile: Sendable, Equatable {
    /// The file name used in messages (the path as given).
    public var path: String
    /// SHA-256 of the file's bytes, 64 lowercase hex digits.
    public var sha256: String
    /// The header and records.
    public var csv: CSVRecords

    /// The last path component of ``path``: what the standard-setting record keeps.
    public var fileName: String { path.split(separator: "/").last.map(String.init) ?? path }

    /// Reads the file at `path`.
    /// - Throws: ``StandardSettingError`` when the file cannot be read or is not CSV text.
    public static func read(path: String) throws(StandardSettingError) -> PanelFile {
        let bytes: [UInt8]
        do { bytes = try FileContents.bytes(atPath: path) } catch {
            throw StandardSettingError(problems: [ResponseProblem(file: path, line: 0, message: "cannot read the file: " + error.reason)])
        }
        return try parse(bytes: bytes, path: path)
    }

    /// A panel file from its bytes; `path` names it in messages.
    public static func parse(bytes: [UInt8], path: String) throws(StandardSettingError) -> PanelFile {
        let csv: CSVRecords
        do { csv = try CSVRecords.read(bytes: bytes, fileName: path) } catch { throw StandardSettingError(error) }
        return PanelFile(path: path, sha256: SHA256.hex(bytes), csv: csv)
    }

    /// The file's identity in a standard-setting record.
    public var reference: PanelFileReference { PanelFileReference(fileName: fileName, sha256: sha256, rows: csv.records.count) }
}

/// A panel file as the standard-setting record names it.
public struct PanelFileReference: Sendable, Equatable, Codable {
    /// The file's name (last path component).
    public var fileName: String
    /// SHA-256 of its bytes (hex).
    public var sha256: String
    /// The number of data rows (records after the header).
    public var rows: Int
    public init(fileName: String, sha256: String, rows: Int) { self.fileName = fileName; self.sha256 = sha256; self.rows = rows }
}

/// Collects the located problems of one panel file while its cells are read.
struct CellReader {
    let file: String
    let header: [String]
    var problems: [ResponseProblem] = []
    var total = 0

    init(_ csv: CSVRecords) { file = csv.file; header = csv.header }

    mutating func problem(line: Int, column: Int? = nil, value: String? = nil, _ message: String) {
        total += 1
        guard problems.count < StandardSettingError.maximumListed else { return }
        problems.append(ResponseProblem(file: file, line: line, column: column.map { header[$0] },
                                        columnNumber: column.map { $0 + 1 }, value: value, message: message))
    }

    /// Throws the problems found, if any.
    func check() throws(StandardSettingError) {
        if total > 0 { throw StandardSettingError(problems: problems, totalProblems: total) }
    }

    /// The cell of `record` in `column`, or a problem when the row is short.
    mutating func cell(_ record: CSVRecords.Record, _ column: Int) -> String? {
        guard column < record.fields.count else {
            problem(line: record.line, column: column, "the row has \(record.fields.count) field(s) but the header has \(header.count); "
                + "give every column a value")
            return nil
        }
        return record.fields[column]
    }

    /// A non-empty identifier (panelist, item).
    mutating func identifier(_ record: CSVRecords.Record, _ column: Int, what: String) -> String? {
        guard let text = cell(record, column) else { return nil }
        guard !text.isEmpty else { problem(line: record.line, column: column, "empty; give the \(what)"); return nil }
        return text
    }

    /// A round number 1, 2, …
    mutating func round(_ record: CSVRecords.Record, _ column: Int) -> Int? {
        guard let text = cell(record, column) else { return nil }
        guard let n = Int(text), n >= 1 else {
            problem(line: record.line, column: column, value: text, "a round is a whole number 1, 2, …; write the round of the judgement")
            return nil
        }
        return n
    }

    /// A positive whole number (a page).
    mutating func positiveInteger(_ record: CSVRecords.Record, _ column: Int, what: String) -> Int? {
        guard let text = cell(record, column) else { return nil }
        guard let n = Int(text), n >= 1 else {
            problem(line: record.line, column: column, value: text, "\(what) is a whole number 1, 2, …")
            return nil
        }
        return n
    }

    /// A level with a cut score: intermediate, advanced or expert.
    mutating func level(_ record: CSVRecords.Record, _ column: Int) -> MentorLevel? {
        guard let text = cell(record, column) else { return nil }
        guard let level = MentorLevel(rawValue: text.lowercased()) else {
            problem(line: record.line, column: column, value: text,
                    "not a level; write intermediate, advanced or expert (the level whose borderline candidate is judged)")
            return nil
        }
        guard level != .novice else {
            problem(line: record.line, column: column, value: text,
                    "novice has no cut score (it is everything below the intermediate cut); judge the borderline candidate of "
                    + "intermediate, advanced or expert")
            return nil
        }
        return level
    }

    /// A finite number within `range`.
    mutating func number(_ record: CSVRecords.Record, _ column: Int, in range: ClosedRange<Double>, what: String) -> Double? {
        guard let text = cell(record, column) else { return nil }
        guard let x = Double(text), x.isFinite else {
            problem(line: record.line, column: column, value: text, "not a number; write \(what) as a decimal number (e.g. 0.65)")
            return nil
        }
        guard range.contains(x) else {
            problem(line: record.line, column: column, value: text,
                    "out of range; \(what) lies between \(NumberTextShort.text(range.lowerBound)) and \(NumberTextShort.text(range.upperBound))")
            return nil
        }
        return x
    }
}

/// Short number text for messages (integers without decimals).
enum NumberTextShort {
    static func text(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
        return String(x)
    }
}
