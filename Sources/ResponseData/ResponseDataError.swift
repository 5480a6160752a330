import SystemFiles

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
    public var message: String
    /// A remedy the caller may offer in its own terms (the command line names its options); the
    /// message itself names none.
    public var remedy: Remedy?

    /// Remedies that depend on how the reader is called.
    public enum Remedy: Sendable, Equatable {
        /// The column is not an item: leave it out, or keep it as a group column.
        case skipOrGroupColumn(String)
        /// The cells may hold option labels (A, B, …), to be scored with the bank's keys.
        case readOptionLabels
        /// Reading option labels needs a bank (which knows the labels and keys).
        case needsBank
    }

    public init(file: String, line: Int, column: String? = nil, columnNumber: Int? = nil, value: String? = nil,
                message: String, remedy: Remedy? = nil) {
        self.file = file; self.line = line; self.column = column; self.columnNumber = columnNumber
        self.value = value; self.message = message; self.remedy = remedy
    }

    /// `FILE:LINE: column NAME (N): value `V`: message`. The column name and the value come from the
    /// file, so they are shown escaped and cut short (`EchoedText`).
    public var description: String {
        // Line 0: the problem concerns the whole file (it cannot be read).
        var s = line > 0 ? "\(file):\(line):" : "\(file):"
        if let column { s += " column \(EchoedText.shown(column))" + (columnNumber.map { " (\($0))" } ?? "") + ":" }
        if let value { s += " value `\(EchoedText.shown(value))`:" }
        return s + " " + message
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

    /// A single problem that concerns the whole file (unreadable, empty, a header that does not fit):
    /// leaving rows out would not help.
    public static func file(_ file: String, _ message: String, line: Int = 1) -> ResponseDataError {
        ResponseDataError(file: file, problems: [ResponseProblem(file: file, line: line, message: message)], rowsCanBeSkipped: false)
    }

    /// The file name of a problem with a response matrix built in memory (no file behind it).
    public static let inMemory = "response matrix"

    /// A response matrix whose parts do not fit together (counts of persons, items, categories): the
    /// matrix as a whole is wrong, so leaving rows out would not help.
    public static func matrix(_ message: String) -> ResponseDataError {
        ResponseDataError(file: inMemory, problems: [ResponseProblem(file: inMemory, line: 0, message: message)],
                          rowsCanBeSkipped: false)
    }

    /// The problems, one per line (with the count of those not listed).
    public var problemLines: [String] {
        var lines = problems.map(\.description)
        if totalProblems > problems.count { lines.append("… and \(totalProblems - problems.count) more problem(s)") }
        return lines
    }

    /// The problems and their count. It says nothing of what the caller did not do (import, calibrate,
    /// score) and names no command-line option: callers add that.
    public var description: String {
        var lines = problemLines
        if rowsCanBeSkipped {
            lines.append("\(totalProblems) problem(s) in \(file); fix the file (rows with bad cells can also be left out).")
        }
        return lines.joined(separator: "\n")
    }
}
