/// How serious a validation problem is: only errors make a bank invalid; a note explains the error
/// before it (how many problems were held back because they may follow from it).
public enum ProblemSeverity: String, Sendable, Codable, Comparable {
    case note, warning, error

    private var rank: Int {
        switch self {
        case .note: return 0
        case .warning: return 1
        case .error: return 2
        }
    }

    public static func < (lhs: ProblemSeverity, rhs: ProblemSeverity) -> Bool { lhs.rank < rhs.rank }
}

/// One problem found in a bank: where it is (file relative to the bank directory, 1-based line,
/// item id) and a message that says what is wrong and what to do.
public struct BankProblem: Sendable, Codable, Equatable, CustomStringConvertible {
    public var severity: ProblemSeverity
    /// The file, relative to the bank directory (`bank.yaml`, `items/S1.yaml`).
    public var file: String
    /// 1-based line number (0 when the problem concerns a file as a whole).
    public var line: Int
    /// The item concerned, if any.
    public var itemID: String?
    public var message: String
    /// True when the problem concerns the file as a whole (it cannot be read, is not UTF-8, or is not
    /// YAML): such problems are listed first. Not part of the JSON.
    public var fileLevel = false

    enum CodingKeys: String, CodingKey { case severity, file, line, itemID, message }

    public init(severity: ProblemSeverity, file: String, line: Int, itemID: String? = nil, message: String) {
        self.severity = severity; self.file = file; self.line = line; self.itemID = itemID; self.message = message
    }

    /// `FILE:LINE: error: [ITEM] message`, the form compilers use so that editors can jump to it.
    public var description: String {
        let item = itemID.map { "[\($0)] " } ?? ""
        return "\(file):\(line): \(severity.rawValue): \(item)\(message)"
    }
}

extension Array where Element == BankProblem {
    /// The problems of severity error.
    public var errors: [BankProblem] { filter { $0.severity == .error } }
    /// The problems of severity warning.
    public var warnings: [BankProblem] { filter { $0.severity == .warning } }
    /// The notes (how many problems were held back, and why).
    public var notes: [BankProblem] { filter { $0.severity == .note } }
    /// True when at least one problem is an error.
    public var hasErrors: Bool { contains { $0.severity == .error } }
}

/// The errors of the item-bank module.
public enum ItemBankError: Error, Sendable, CustomStringConvertible {
    /// The bank directory or a file in it could not be read.
    case unreadable(path: String, reason: String)
    /// The bank has validation errors (all of them are listed).
    case invalidBank(directory: String, problems: [BankProblem])
    /// Writing the bank to `directory` failed.
    case writeFailed(path: String, reason: String)
    /// The directory to write the bank into exists and holds files (it is replaced only when asked).
    case directoryNotEmpty(path: String)
    /// The content could not be encoded (a bug: please report it).
    case encodingFailed(reason: String)
    /// An item's parameter record cannot be turned into model parameters (a value missing or outside
    /// `IRTModels.ParameterBounds`).
    case unusableParameters(itemID: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "cannot read \(path): \(reason). Check the path; a bank directory holds bank.yaml and items/*.yaml."
        case .invalidBank(let directory, let problems):
            let errors = problems.errors
            var lines = problems.filter { $0.severity != .warning }.map { "\(directory)/\($0.description)" }
            lines.append("\(errors.count) error(s) in bank \(directory): fix them and run `mentorcert bank validate \(directory)` again.")
            return lines.joined(separator: "\n")
        case .writeFailed(let path, let reason):
            return "cannot write \(path): \(reason)"
        case .directoryNotEmpty(let path):
            return "\(path) already exists and is not empty; choose a new directory, or replace this one on purpose"
        case .encodingFailed(let reason):
            return "cannot encode the bank: \(reason). This is a bug; please report it."
        case .unusableParameters(let itemID, let reason):
            return "item \(itemID): its parameters cannot be used: \(reason). Fix the item's parameters in the bank "
                + "(validating the bank lists every problem), or remove them so that a calibration estimates them."
        }
    }
}
