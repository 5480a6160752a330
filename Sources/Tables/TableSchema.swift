/// The one schema of a table MentorCert writes (DECISIONS §8): its name, version and typed columns.
///
/// Every command that writes the table builds a ``Table`` from this schema, so its CSV header (snake_case),
/// its JSON keys (camelCase) and its documentation in `notebooks-export/README.md` come from one place.
/// Raise ``version`` whenever a column is added, removed, renamed or changes meaning.
public struct TableSchema: Sendable, Equatable, CustomStringConvertible {
    /// The table's name in snake_case (`item_parameters`), as in the manifest and the README.
    public var name: String
    /// The schema's version, written as `schemaVersion` in JSON and in the manifest.
    public var version: Int
    /// One sentence: what a row is and which commands write the table.
    public var summary: String
    /// The columns, in output order.
    public var columns: [TableColumn]

    /// A schema; column names must be unique (checked when the schema is built, a programmer error).
    public init(name: String, version: Int, summary: String, columns: [TableColumn]) {
        precondition(Set(columns.map(\.name)).count == columns.count, "TableSchema \(name): duplicate column names")
        self.name = name
        self.version = version
        self.summary = summary
        self.columns = columns
    }

    /// The CSV header names, in order.
    public var csvHeader: [String] { columns.map(\.csvName) }

    /// The JSON keys, in order.
    public var jsonKeys: [String] { columns.map(\.jsonKey) }

    /// `item_parameters v1`.
    public var description: String { "\(name) v\(version)" }

    /// The column named `name` (camelCase), if any.
    public func column(named name: String) -> TableColumn? { columns.first { $0.name == name } }
}
