import Calibration
import ItemBanking

/// The error of a bank-aware calibration: what failed, for which item, and what to do, in the
/// engine's words (no command-line option; the CLI adds its own advice).
public enum BankCalibrationError: Error, Sendable, CustomStringConvertible {
    /// The calibration itself failed (degenerate data, no bank item among the columns …).
    case calibration(CalibrationError)
    /// An item's bank parameters cannot be used (a fixed operational item, for example).
    case bank(ItemBankError)
    /// The calibration did not converge and publishing an unconverged calibration was not allowed:
    /// nothing was made.
    case unconverged(iterations: Int)

    public var description: String {
        switch self {
        case .calibration(let error): return error.description
        case .bank(let error): return error.description
        case .unconverged(let iterations):
            return "the calibration did not converge in \(iterations) E-steps, so no bank version was made and nothing "
                + "was stored. Allow more EM cycles, or publish it as unconverged (its version is then marked unconverged)."
        }
    }
}
