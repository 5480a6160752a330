/// A fixed-width table for a terminal: a header, a rule, aligned columns (numbers right-aligned, text
/// left-aligned), no trailing spaces.
public struct TerminalTable: Sendable, Equatable {
    /// The column headings.
    public var headers: [String]
    /// The cells, row by row, already formatted.
    public var rows: [[String]]

    /// A table of formatted cells.
    public init(headers: [String], rows: [[String]]) {
        self.headers = headers
        self.rows = rows
    }

    /// The table as text ending in a line break: the headers, a rule of dashes, then the rows. A column
    /// whose every non-empty cell is a number (or numbers separated by spaces) is right-aligned, its
    /// heading too, so that numbers line up under the rule; other columns are left-aligned.
    ///
    /// Complexity: O(total text length).
    public func render() -> String {
        var widths = headers.map(\.count)
        var numeric = [Bool](repeating: true, count: headers.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count {
                widths[i] = max(widths[i], cell.count)
                if !cell.isEmpty && !Self.isNumeric(cell) { numeric[i] = false }
            }
        }
        // A column with no value at all is not a number column.
        for i in numeric.indices where !rows.contains(where: { i < $0.count && !$0[i].isEmpty }) { numeric[i] = false }
        func line(_ cells: [String]) -> String {
            var text = cells.enumerated().map { i, c in
                let width = i < widths.count ? widths[i] : c.count
                let pad = String(repeating: " ", count: max(0, width - c.count))
                let right = i < numeric.count && numeric[i]
                return right ? pad + c : c + pad
            }.joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text
        }
        var out = [line(headers), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
        out += rows.map(line)
        return out.joined(separator: "\n") + "\n"
    }

    /// Whether a cell holds a number, or numbers separated by single spaces (a list cell).
    static func isNumeric(_ cell: String) -> Bool {
        let parts = cell.split(separator: " ", omittingEmptySubsequences: false)
        return !parts.isEmpty && parts.allSatisfy { Double($0) != nil }
    }

    /// `text` padded with spaces to `width` characters, or followed by one space when longer (for
    /// hand-laid report lines).
    public static func padded(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}

extension Table {
    /// The table for a terminal: headers are the column names, numbers rounded to `decimals` places
    /// (trailing zeros dropped), lists separated by spaces, missing values empty. `columns` (camelCase
    /// names) shows only those columns, in that order; names the schema lacks are skipped.
    /// `hidingEmptyColumns` leaves out the nullable columns that are empty in every row (a 2PL
    /// calibration has no `guessing`), so a reader sees what the rows have.
    public func terminalText(decimals: Int = 4, columns: [String]? = nil, hidingEmptyColumns: Bool = false) -> String {
        func shown(_ x: Double?) -> String { x.flatMap { NumberText.fixed($0, decimals: decimals) } ?? "" }
        var indices = columns.map { names in names.compactMap { n in schema.columns.firstIndex { $0.name == n } } }
            ?? Array(schema.columns.indices)
        if hidingEmptyColumns && !rows.isEmpty {
            indices = indices.filter { i in !schema.columns[i].nullable || rows.contains { $0[i] != .null } }
        }
        let cells = rows.map { row in
            indices.map { i -> String in
                switch row[i] {
                case let .number(x): shown(x)
                case let .numbers(xs): xs.map(shown).joined(separator: " ")
                case let .integers(xs): xs.map(String.init).joined(separator: " ")
                case let value: CSV.cell(value)
                }
            }
        }
        return TerminalTable(headers: indices.map { schema.columns[$0].name }, rows: cells).render()
    }
}
