import ResponseData

/// The error of the standard-setting module. A panel file with bad cells lists every problem found (up to
/// ``maximumListed``), each naming the file, the line (the header is line 1), the column and what to do,
/// so that the file can be fixed in one pass; a problem of the panel's judgements as a whole (no
/// intersection in the Hofstee method, cuts out of order) is one message. Nothing was computed or written.
public struct StandardSettingError: Error, Sendable, CustomStringConvertible {
    /// At most this many located problems are kept; ``totalProblems`` counts all of them.
    public static let maximumListed = 100

    /// Problems located in a file (file, line, column, value, message).
    public var problems: [ResponseProblem]
    /// The number of located problems found (may exceed `problems.count`).
    public var totalProblems: Int
    /// A problem that belongs to no single cell, if any.
    public var message: String?

    /// An error made of located problems.
    public init(problems: [ResponseProblem], totalProblems: Int? = nil) {
        self.problems = problems; self.totalProblems = totalProblems ?? problems.count; self.message = nil
    }

    /// An error that belongs to no single cell.
    public init(_ message: String) {
        self.problems = []; self.totalProblems = 0; self.message = message
    }

    /// A file-reading error of the response-data module, carried over as it is.
    public init(_ error: ResponseDataError) {
        self.problems = error.problems; self.totalProblems = error.totalProblems; self.message = nil
    }

    public var description: String {
        var lines = problems.map(\.description)
        if totalProblems > problems.count { lines.append("… and \(totalProblems - problems.count) more problem(s)") }
        if let message { lines.append(message) }
        return lines.joined(separator: "\n")
    }
}
