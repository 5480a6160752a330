import ArgumentParser
import Foundation

/// A plain-text table with aligned columns (numbers right-aligned).
struct TextTable {
    var headers: [String]
    var rows: [[String]]

    func render() -> String {
        var widths = headers.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
        func isNumber(_ s: String) -> Bool { Double(s) != nil }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                let pad = String(repeating: " ", count: max(0, widths[i] - c.count))
                return isNumber(c) ? pad + c : c + pad
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        var out = [line(headers), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
        out += rows.map(line)
        return out.joined(separator: "\n") + "\n"
    }
}

/// CSV text (RFC 4180): fields with commas, quotes or line breaks are quoted.
func csvText(headers: [String], rows: [[String]]) -> String {
    func field(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
    return ([headers] + rows).map { $0.map(field).joined(separator: ",") }.joined(separator: "\n") + "\n"
}

/// Pretty JSON with sorted keys; every document carries `schemaVersion` (DECISIONS §8).
func jsonText<T: Encodable>(_ value: T) throws -> String {
    let encoder = jsonEncoder()
    return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
}

/// A number for tables and CSV: up to 4 decimals, no trailing zeros; empty for nil.
func formatNumber(_ x: Double?, decimals: Int = 4) -> String {
    guard let x, x.isFinite else { return "" }
    var s = String(format: "%.\(decimals)f", x)
    if s.contains(".") { while s.hasSuffix("0") { s.removeLast() }; if s.hasSuffix(".") { s.removeLast() } }
    return s == "-0" ? "0" : s
}

/// Writes command output to standard output, or to `--out` through a temporary file and a rename.
func emit(_ text: String, to out: String?) throws {
    guard let out else {
        FileHandle.standardOutput.write(Data(text.utf8))
        return
    }
    do { try writeAtomically(text, to: out) } catch {
        printError("\(error)")
        throw ExitCode(1)
    }
}

/// Prints an error's description to standard error and exits 1.
func fail(_ error: any Error) -> ExitCode {
    printError("\(error)")
    return ExitCode(1)
}

/// Emits a table in the format asked: table (text), csv (snake_case headers) or json (the given document).
func emitTable<T: Encodable>(_ common: CommonOptions, headers: [String], rows: [[String]], json: T, title: String? = nil) throws {
    switch common.format {
    case .json: try emit(jsonText(json), to: common.out)
    case .csv: try emit(csvText(headers: headers.map(snakeCase), rows: rows), to: common.out)
    case .table: try emit((title.map { $0 + "\n" } ?? "") + TextTable(headers: headers, rows: rows).render(), to: common.out)
    }
}

/// `itemCount` → `item_count`.
func snakeCase(_ s: String) -> String {
    var out = ""
    for c in s {
        if c.isUppercase { out += "_" + c.lowercased() } else { out.append(c) }
    }
    return out
}

/// JSON keys are camelCase (DECISIONS §8): Swift's `itemID`, `bankVersionID` become `itemId`,
/// `bankVersionId`, as the CSV's `item_id` reads in camelCase.
struct CamelCaseKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { stringValue = String(intValue); self.intValue = intValue }

    static func converting(_ key: any CodingKey) -> CamelCaseKey {
        if let i = key.intValue { return CamelCaseKey(intValue: i) ?? CamelCaseKey(stringValue: key.stringValue) }
        var s = key.stringValue
        if s.count > 2, s.hasSuffix("ID") { s = String(s.dropLast(2)) + "Id" }
        return CamelCaseKey(stringValue: s)
    }
}
