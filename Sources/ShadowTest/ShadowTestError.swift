/// Why a shadow test could not be assembled.
public enum ShadowTestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The problem is malformed (array lengths differ, an index outside the bank, a NaN value, a
    /// negative length or section minimum, an item both administered and unavailable). The message
    /// names the item or section; these are the caller's mistakes, found before GLPK sees the problem
    /// (GLPK aborts the process on invalid arguments).
    case invalidProblem(String)
    /// No test meets every constraint. `reason` says which constraint family makes it so when a cheap
    /// count finds it (section minimums against the length, a section without enough eligible items,
    /// administered enemies …), else that the blueprint, enemies and sets cannot all be met.
    case infeasible(reason: String)
    /// The time limit stopped the search before any feasible shadow test was found.
    case timeLimitReached(Duration)
    /// GLPK's `glp_intopt` returned an error code other than infeasibility or the time limit.
    case solverFailed(code: Int32, detail: String)

    public var description: String {
        switch self {
        case .invalidProblem(let message):
            return "invalid shadow-test problem: \(message)"
        case .infeasible(let reason):
            return "no shadow test is feasible: \(reason)"
        case .timeLimitReached(let limit):
            return "the shadow-test solver found no feasible test within its time limit (\(limit)); "
                + "raise the limit or relax the constraints"
        case .solverFailed(let code, let detail):
            return "the shadow-test solver (GLPK glp_intopt) failed with code \(code): \(detail)"
        }
    }
}
