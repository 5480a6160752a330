/// The one error of the candidates module: what failed, where (file, line, column; candidate; cohort
/// column) and what to do. Nothing is written when one is thrown.
public enum CandidatesError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A candidate file with problems, each `FILE:LINE:COLUMN: message` (at most ``maxProblems`` listed).
    case file(path: String, problems: [String], total: Int)
    /// No candidate with this id: neither imported nor named by any exam session.
    case unknownCandidate(String)
    /// A `--cohort` selector that is not `COLUMN=VALUE`.
    case badSelector(String)
    /// A cohort column no stored candidate has.
    case unknownColumn(String, known: [String])
    /// No stored candidate matches the cohort.
    case emptyCohort(String)
    /// The cohort's candidates have no finished session of the bank version.
    case noSessions(cohort: String, bankVersion: String)
    /// The store refused or could not be read.
    case store(String)
    /// A stored session could not be read back.
    case session(String)
    /// An output could not be written.
    case output(String)

    /// How many problems of a file are listed.
    public static let maxProblems = 20

    public var description: String {
        switch self {
        case .file(let path, let problems, let total):
            let more = total > problems.count ? "\n… and \(total - problems.count) more" : ""
            return "\(path): \(total) problem\(total == 1 ? "" : "s"); nothing was imported. Fix the file and import it again:\n"
                + problems.joined(separator: "\n") + more
        case .unknownCandidate(let id):
            return "no candidate `\(id)`: it was never imported (`mentorcert candidate import FILE`) and has no exam session; "
                + "run `mentorcert candidate list` to see the known ids"
        case .badSelector(let text):
            return "cohort selector `\(text)` is not COLUMN=VALUE (e.g. programme=2026-spring or sector=fintech)"
        case .unknownColumn(let column, let known):
            return "no candidate has the attribute `\(column)`; the imported attributes are "
                + (known.isEmpty ? "none (import candidates first with `mentorcert candidate import FILE`)" : known.joined(separator: ", "))
        case .emptyCohort(let cohort):
            return "no candidate matches the cohort \(cohort); check the values with `mentorcert candidate list`"
        case .noSessions(let cohort, let version):
            return "the cohort \(cohort) has no finished exam session on bank version \(version.prefix(12)); nothing to report"
        case .store(let reason), .session(let reason), .output(let reason):
            return reason
        }
    }
}
