/// A table ready to write: rows of typed values checked against a ``TableSchema``.
///
/// A `Table` is written by ``csvText()``, ``jsonRows`` (inside a JSON document) or
/// ``terminalText(decimals:)``; the three agree because they read the same values. NaN and ±∞ are
/// accepted and written as missing values, with one ``TableWarning`` each in ``warnings``.
public struct Table: Sendable, Equatable {
    /// The schema the rows follow.
    public let schema: TableSchema
    /// The rows, each with one value per column in schema order.
    public let rows: [[TableValue]]
    /// Values changed on the way out (non-finite numbers written as null).
    public let warnings: [TableWarning]

    /// Checks every row against the schema: its width, each value's type, and that only nullable
    /// columns are empty.
    ///
    /// - Throws: ``TablesError`` naming the row and column.
    /// - Complexity: O(rows × columns).
    public init(_ schema: TableSchema, rows: [[TableValue]]) throws {
        var warnings: [TableWarning] = []
        for (r, row) in rows.enumerated() {
            guard row.count == schema.columns.count else {
                throw TablesError(.rowWidth(table: schema.name, row: r, expected: schema.columns.count, found: row.count))
            }
            for (column, value) in zip(schema.columns, row) {
                guard column.type.accepts(value) else {
                    throw TablesError(.wrongType(table: schema.name, row: r, column: column.name, expected: column.type))
                }
                if value == .null && !column.nullable {
                    throw TablesError(.missingValue(table: schema.name, row: r, column: column.name))
                }
                if value.hasNonFiniteNumber {
                    var key: String?
                    if case let .text(s)? = row.first { key = s }
                    warnings.append(TableWarning(kind: .nonFiniteNumber, table: schema.name, row: r,
                                                 column: column.name, rowKey: key))
                }
            }
        }
        self.schema = schema
        self.rows = rows
        self.warnings = warnings
    }
}
