/// The errors of the Tables module: a row that does not fit its schema, or an output that cannot be
/// written. Each names the table, the place and what to do.
public struct TablesError: Error, Sendable, Equatable, CustomStringConvertible {
    enum Reason: Sendable, Equatable {
        case rowWidth(table: String, row: Int, expected: Int, found: Int)
        case wrongType(table: String, row: Int, column: String, expected: ColumnType)
        case missingValue(table: String, row: Int, column: String)
        case cannotWrite(path: String, reason: String)
    }

    let reason: Reason

    init(_ reason: Reason) { self.reason = reason }

    /// What failed, where, and what to do.
    public var description: String {
        switch reason {
        case let .rowWidth(table, row, expected, found):
            return "table \(table), row \(row + 1): \(found) value(s) for \(expected) column(s); "
                + "build each row in the schema's column order (a programming error in the writer)."
        case let .wrongType(table, row, column, expected):
            return "table \(table), row \(row + 1), column \(column): the value is not of type \(expected.rawValue); "
                + "convert it as the schema says (a programming error in the writer)."
        case let .missingValue(table, row, column):
            return "table \(table), row \(row + 1), column \(column): the column may not be empty; "
                + "give it a value or mark the column nullable in the schema."
        case let .cannotWrite(path, reason):
            return "\(path): cannot write the output: \(reason); check that the directory exists and is writable."
        }
    }
}
