import IRTModels

/// Something a calibration result's reader must know: what, which item, and what to do. Typed so
/// that a command line, a report or a server can each word its advice; `description` is the engine's
/// own wording (it names no command-line option).
public enum CalibrationWarning: Sendable, Equatable, CustomStringConvertible {
    /// Unused categories were merged with their neighbour (the note says which).
    case categoriesCollapsed(note: String)
    /// The slope reached the box's bound (near-Guttman data).
    case slopeAtBound(item: String, bound: Double)
    /// Guessing and/or upper asymptote on their bound: held there, no standard error.
    case asymptoteOnBound(item: String, parameters: [(name: String, value: Double)])
    /// The log-likelihood is not finite at the solution.
    case nonFiniteLikelihood
    /// EM stopped without meeting both convergence rules.
    case notConverged(eSteps: Int, lastChange: Double, remainingStep: Double, tolerance: Double)
    /// The observed information could not be inverted.
    case standardErrorsUnavailable(reason: String)

    public static func == (a: CalibrationWarning, b: CalibrationWarning) -> Bool { a.description == b.description }

    /// The item the warning is about, if any.
    public var item: String? {
        switch self {
        case let .slopeAtBound(item, _), let .asymptoteOnBound(item, _): return item
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case let .categoriesCollapsed(note):
            return note
        case let .slopeAtBound(item, bound):
            return "Item \(item): the slope reached its bound \(bound); the data separate respondents almost perfectly on "
                + "this item, so its parameters are not identified. Review it or collect more varied responses."
        case let .asymptoteOnBound(item, parameters):
            let described = parameters.map { "\($0.name == "g" ? "guessing" : "upper asymptote") \($0.name) = \($0.value)" }
            return "Item \(item): \(described.joined(separator: " and ")) is on its bound; the other parameters are "
                + "estimated with it held there and it has no standard error. This is a legitimate maximum (nobody "
                + "guesses or nobody slips); a guessing prior keeps c inside."
        case .nonFiniteLikelihood:
            return "The log-likelihood is not finite at the solution; the estimates are not usable. Check the data for "
                + "items answered in only one way by nearly everybody."
        case let .notConverged(eSteps, lastChange, remainingStep, tolerance):
            let reason = lastChange < tolerance
                ? "the parameters stopped changing but one more M-step would still move them by \(remainingStep)"
                : "last change \(lastChange)"
            return "EM did not converge in \(eSteps) E-steps (\(reason)); allow more iterations or check the items with "
                + "extreme parameters."
        case let .standardErrorsUnavailable(reason):
            return "Standard errors not available: \(reason) Some parameters may be poorly identified."
        }
    }
}
