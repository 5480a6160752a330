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

    /// The table as text ending in a line break.
    ///
    /// Complexity: O(total text length).
    public func render() -> String {
        var widths = headers.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            var text = cells.enumerated().map { i, c in
                let width = i < widths.count ? widths[i] : c.count
                let pad = String(repeating: " ", count: max(0, width - c.count))
                return Double(c) != nil ? pad + c : c + pad
            }.joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text
        }
        var out = [line(headers), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
        out += rows.map(line)
        return out.joined(separator: "\n") + "\n"
    }

    /// `text` padded with spaces to `width` characters, or followed by one space when longer (for
    /// hand-laid report lines).
    public static func padded(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}

extension Table {
    /// The table for a terminal: headers are the column names, numbers rounded to `decimals` places
    /// (trailing zeros dropped), lists separated by spaces, missing values empty.
    public func terminalText(decimals: Int = 4) -> String {
        func shown(_ x: Double?) -> String { x.flatMap { NumberText.fixed($0, decimals: decimals) } ?? "" }
        let cells = rows.map { row in
            row.map { value -> String in
                switch value {
                case let .number(x): shown(x)
                case let .numbers(xs): xs.map(shown).joined(separator: " ")
                case let .integers(xs): xs.map(String.init).joined(separator: " ")
                default: CSV.cell(value)
                }
            }
        }
        return TerminalTable(headers: schema.columns.map(\.name), rows: cells).render()
    }
}
