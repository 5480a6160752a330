/// Something a table writer changed so that the output stays valid, e.g. a NaN written as `null`
/// (DECISIONS §8: never NaN or ±∞ in output; a missing value is null with a warning that says why).
public struct TableWarning: Sendable, Equatable, CustomStringConvertible {
    /// What happened.
    public enum Kind: Sendable, Equatable {
        /// A NaN or ±∞ was written as an empty cell / `null`.
        case nonFiniteNumber
    }

    /// What happened.
    public var kind: Kind
    /// The table's schema name.
    public var table: String
    /// The row (0-based, not counting the header) and the column's camelCase name.
    public var row: Int
    public var column: String
    /// The row's first cell (usually its id), to find the row in the output.
    public var rowKey: String?

    /// The warning in one sentence: where, what was written and why.
    public var description: String {
        let place = "\(table), row \(row + 1)\(rowKey.map { " (\($0))" } ?? ""), column \(column)"
        switch kind {
        case .nonFiniteNumber:
            return "\(place): the value is not a finite number (NaN or infinite) and is written as null; "
                + "the quantity does not exist for this row (check the computation that produced it)"
        }
    }
}
