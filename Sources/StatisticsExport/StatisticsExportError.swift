/// Why a statistics export failed: what, where, and what to do next.
public enum StatisticsExportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The bank has no usable parameters or cannot be hashed.
    case bank(String)
    /// The responses do not match the bank's items.
    case responses(String)
    /// An analysis failed.
    case analysis(String)
    /// The DIF analysis could not run (unknown group column, one group, too few persons…).
    case dif(String)
    /// The adaptive-exam simulation failed.
    case simulation(String)
    /// The output directory exists and is not empty.
    case directoryNotEmpty(path: String)
    /// The output directory could not be written.
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case let .bank(reason): return "the bank: \(reason)"
        case let .responses(reason): return "the responses: \(reason)"
        case let .analysis(reason): return "the analysis failed: \(reason)"
        case let .dif(reason): return "the DIF analysis: \(reason)"
        case let .simulation(reason): return "the adaptive-exam simulation failed: \(reason)"
        case let .directoryNotEmpty(path):
            return "\(path): the directory exists and is not empty; choose a new directory, or replace it as a whole (the command's force option)"
        case let .cannotWrite(path, reason): return "\(path): cannot write the export: \(reason); nothing was written"
        }
    }
}
