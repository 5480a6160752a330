/// CSV text (RFC 4180): comma-separated, CRLF-free (`\n` line ends, as every CSV reader accepts), fields
/// with a comma, a quote or a line break quoted with the quotes doubled.
public enum CSV {
    /// One field, quoted when it must be (RFC 4180 §2.6–2.7).
    ///
    /// Complexity: O(n) in the field's length.
    public static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One record: the fields quoted as needed, joined by commas, ended by `\n`.
    public static func record(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\n"
    }

    /// The separator inside one cell between the entries of a list (README: "Lists … separated by `;`").
    public static let listSeparator = ";"

    /// The text of one value in a CSV cell: numbers exact (``NumberText/exact(_:)``), booleans
    /// `true`/`false`, lists joined by `;`, missing and non-finite values empty.
    public static func cell(_ value: TableValue) -> String {
        switch value {
        case .null: ""
        case let .text(s): s
        case let .integer(i): String(i)
        case let .number(x): NumberText.exact(x) ?? ""
        case let .boolean(b): b ? "true" : "false"
        case let .numbers(xs): xs.map { $0.flatMap(NumberText.exact) ?? "" }.joined(separator: listSeparator)
        case let .integers(xs): xs.map(String.init).joined(separator: listSeparator)
        }
    }
}

extension Table {
    /// The table as CSV: the snake_case header (``TableSchema/csvHeader``) and one record per row.
    ///
    /// Every number reads back exactly: `Double(cell) == value`. Warnings for non-finite values are in
    /// ``warnings``; print them beside the file (a CSV has no place for them).
    /// - Complexity: O(total text length).
    public func csvText() -> String {
        var out = CSV.record(schema.csvHeader)
        out.reserveCapacity(rows.count * schema.columns.count * 8)
        for row in rows { out += CSV.record(row.map(CSV.cell)) }
        return out
    }
}
