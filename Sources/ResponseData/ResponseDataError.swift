/// A way out of a response-file problem that depends on how the file is read, in the engine's words
/// (a front end names its own controls for it: the CLI turns each into option advice).
public enum ResponseRemedy: Sendable, Equatable, CustomStringConvertible {
    /// The column is not an item of the bank: leave it out of the items (ignored, or a group column).
    case excludeColumn(String)
    /// The cells of a multiple-choice item hold option labels: read them as chosen options, scored
    /// with the bank's keys.
    case readOptionLabels

    /// The remedy as it continues the problem's message (with its leading separator).
    public var description: String {
        switch self {
        case .excludeColumn(let column):
            return ", or read the file with `\(column)` left out of the items (ignored, or as a group column)"
        case .readOptionLabels:
            return "; read the cells as chosen option labels (scored with the bank's keys) if that is what they hold"
        }
    }
}

/// One problem in a response file: where (file, 1-based line with the header on line 1, column name and
/// number) and what (the value and a message that says what to do).
public struct ResponseProblem: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// 1-based line; the header is line 1 (a record whose quoted field spans lines is at its first line).
    public var line: Int
    /// Column header, when the problem concerns one column.
    public var column: String?
    /// 1-based column number.
    public var columnNumber: Int?
    /// The offending cell value.
    public var value: String?
    /// What is wrong and, when it does not depend on how the file is read, what to do.
    public var message: String
    /// A remedy that depends on how the file is read (nil when the message says it all).
    public var remedy: ResponseRemedy?

    public init(file: String, line: Int, column: String? = nil, columnNumber: Int? = nil, value: String? = nil,
                message: String, remedy: ResponseRemedy? = nil) {
        self.file = file; self.line = line; self.column = column; self.columnNumber = columnNumber
        self.value = value; self.message = message; self.remedy = remedy
    }

    /// `FILE:LINE: column NAME (N): value `V`: message` and the remedy.
    public var description: String { description(remedy: \.description) }

    /// The description with the remedy worded by `remedy` (a front end's own controls).
    public func description(remedy wording: (ResponseRemedy) -> String) -> String {
        // Line 0: the problem concerns the whole file (it cannot be read).
        var s = line > 0 ? "\(file):\(line):" : "\(file):"
        if let column { s += " column \(column)" + (columnNumber.map { " (\($0))" } ?? "") + ":" }
        if let value { s += " value `\(value)`:" }
        return s + " " + message + (remedy.map(wording) ?? "")
    }
}

/// The error of the response-data module. It lists every problem found (up to
/// ``ResponseDataError/maximumListed``) so that a file can be fixed in one pass; nothing was imported.
public struct ResponseDataError: Error, Sendable, CustomStringConvertible {
    /// At most this many problems are kept; `totalProblems` counts all of them.
    public static let maximumListed = 1000

    /// The file concerned.
    public var file: String
    /// The problems (at most ``maximumListed``).
    public var problems: [ResponseProblem]
    /// The number of problems found (may exceed `problems.count`).
    public var totalProblems: Int

    /// False when the problems concern the whole file (unreadable, not UTF-8, no item columns), so that
    /// dropping bad rows would not help and is not suggested.
    public var rowsCanBeSkipped: Bool

    public init(file: String, problems: [ResponseProblem], totalProblems: Int? = nil, rowsCanBeSkipped: Bool = true) {
        self.file = file; self.problems = problems; self.totalProblems = totalProblems ?? problems.count
        self.rowsCanBeSkipped = rowsCanBeSkipped
    }

    /// A single problem that concerns the whole file (unreadable, empty …).
    public static func file(_ file: String, _ message: String, line: Int = 1) -> ResponseDataError {
        ResponseDataError(file: file, problems: [ResponseProblem(file: file, line: line, message: message)])
    }

    /// The file name of a problem with a response matrix built in memory (no file behind it).
    public static let inMemory = "response matrix"

    /// A response matrix whose parts do not fit together (counts of persons, items, categories).
    public static func matrix(_ message: String) -> ResponseDataError {
        ResponseDataError(file: inMemory, problems: [ResponseProblem(file: inMemory, line: 0, message: message)],
                          rowsCanBeSkipped: false)
    }

    public var description: String {
        description(remedy: \.description,
                    skippingRows: "skip the bad rows (the good rows are imported and the bad ones reported)")
    }

    /// The description with each problem's remedy worded by `remedy` and the advice to skip bad rows
    /// worded by `skippingRows` (a front end's own controls; the CLI names its options).
    public func description(remedy: (ResponseRemedy) -> String, skippingRows: String) -> String {
        var lines = problems.map { $0.description(remedy: remedy) }
        if totalProblems > problems.count { lines.append("… and \(totalProblems - problems.count) more problem(s)") }
        if file == Self.inMemory { return lines.joined(separator: "\n") }
        if !rowsCanBeSkipped {
            lines.append("Nothing was imported from \(file).")
            return lines.joined(separator: "\n")
        }
        lines.append("\(totalProblems) problem(s) in \(file); nothing was imported. Fix the file, or \(skippingRows).")
        return lines.joined(separator: "\n")
    }
}
