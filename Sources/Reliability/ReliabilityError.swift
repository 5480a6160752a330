/// What the reliability analysis could not do, where, and what to do next (one error per module).
///
/// A statistic that is merely undefined (sparse adaptive data, a constant total score) is not an
/// error: it is `nil` in ``ReliabilityReport`` with a warning. This error is for inputs that make the
/// whole analysis impossible.
public struct ReliabilityError: Error, Sendable, Equatable, CustomStringConvertible {
    enum Kind: Sendable, Equatable {
        case noItems(source: String)
        case noPersons(source: String)
        case cutScores(String)
        case itemNotInParameters(item: String)
        case invalidSetting(String)
        case simulation(String)
    }
    let kind: Kind

    init(_ kind: Kind) { self.kind = kind }

    /// The responses have no item column.
    public static func noItems(source: String) -> ReliabilityError { .init(.noItems(source: source)) }
    /// The responses have no person row.
    public static func noPersons(source: String) -> ReliabilityError { .init(.noPersons(source: source)) }
    /// The cut scores are not increasing finite numbers.
    public static func cutScores(_ reason: String) -> ReliabilityError { .init(.cutScores(reason)) }
    /// A response column has no parameters although every column was to be scored.
    public static func itemNotInParameters(_ item: String) -> ReliabilityError { .init(.itemNotInParameters(item: item)) }
    /// A setting out of its range (confidence level, grid, simulation size).
    public static func invalidSetting(_ reason: String) -> ReliabilityError { .init(.invalidSetting(reason)) }
    /// The adaptive simulation could not be set up.
    public static func simulation(_ reason: String) -> ReliabilityError { .init(.simulation(reason)) }

    public var description: String {
        switch kind {
        case let .noItems(source):
            return "\(source): no item columns to analyse; give responses with at least two item columns (the first column is the person id)."
        case let .noPersons(source):
            return "\(source): no persons (rows) to analyse; give a response file with at least two rows below the header."
        case let .cutScores(reason):
            return "cut scores: \(reason); give increasing finite θ cut scores (the bank's cutScores block)."
        case let .itemNotInParameters(item):
            return "item \(item) has no parameters; calibrate it or leave its column out."
        case let .invalidSetting(reason):
            return "reliability settings: \(reason)."
        case let .simulation(reason):
            return "adaptive simulation: \(reason)."
        }
    }
}
