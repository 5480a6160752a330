/// One cell of a ``Table``: a typed value or `null`.
///
/// Build cells from optionals with the initialisers (`TableValue(score.theta)`), so a missing value is
/// `null` without a branch at every call.
public enum TableValue: Sendable, Equatable {
    /// A value that does not exist: an empty CSV cell, JSON `null`.
    case null
    /// A string.
    case text(String)
    /// A whole number.
    case integer(Int)
    /// A number; a non-finite one is written as `null` with a ``TableWarning``.
    case number(Double)
    /// `true` or `false`.
    case boolean(Bool)
    /// A list of numbers; a `nil` entry is a step without a value (empty between the `;`, JSON `null`).
    case numbers([Double?])
    /// A list of whole numbers.
    case integers([Int])

    /// `.text`, or `.null` for nil.
    public init(_ text: String?) { self = text.map(TableValue.text) ?? .null }
    /// `.integer`, or `.null` for nil.
    public init(_ integer: Int?) { self = integer.map(TableValue.integer) ?? .null }
    /// `.number`, or `.null` for nil.
    public init(_ number: Double?) { self = number.map(TableValue.number) ?? .null }
    /// `.boolean`, or `.null` for nil.
    public init(_ boolean: Bool?) { self = boolean.map(TableValue.boolean) ?? .null }
    /// `.numbers`, or `.null` for nil.
    public init(_ numbers: [Double]?) { self = numbers.map { .numbers($0.map(Optional.some)) } ?? .null }
    /// `.integers`, or `.null` for nil.
    public init(_ integers: [Int]?) { self = integers.map(TableValue.integers) ?? .null }

    /// Whether the value holds a NaN or an infinity (written as null, with a warning).
    var hasNonFiniteNumber: Bool {
        switch self {
        case let .number(x): !x.isFinite
        case let .numbers(xs): xs.contains { $0.map { !$0.isFinite } ?? false }
        default: false
        }
    }
}
