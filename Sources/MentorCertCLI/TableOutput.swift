import ArgumentParser
import Foundation
import ResponseData
import Tables

// The CLI's side of output: where the text goes (standard output or `--out`) and which of the three
// forms a command prints. Every table's CSV, JSON rows and terminal form come from the Tables module
// (one schema per table, one writer, exact numbers; DECISIONS §8).

/// Pretty JSON with sorted camelCase keys; every document carries `schemaVersion` (DECISIONS §8).
func jsonText<T: Encodable>(_ value: T) throws -> String {
    try JSONOutput.text(value)
}

/// The one JSON encoder of the CLI's documents (``JSONOutput/encoder()``).
func jsonEncoder() -> JSONEncoder { JSONOutput.encoder() }

/// A number rounded for people (tables, summaries): `decimals` places, no trailing zeros; empty for nil
/// or a non-finite value. Files use the exact form through ``Table``.
func formatNumber(_ x: Double?, decimals: Int = 4) -> String {
    x.flatMap { NumberText.fixed($0, decimals: decimals) } ?? ""
}

/// A number with exactly `places` decimals for hand-laid report lines (`1.250`); `fallback` when nil or
/// not finite.
func fixedNumber(_ x: Double?, _ places: Int, fallback: String = "") -> String {
    x.flatMap { NumberText.fixed($0, decimals: places, trimmingZeros: false) } ?? fallback
}

/// `text` padded to `width` for hand-laid report lines.
func pad(_ text: String, _ width: Int) -> String { TerminalTable.padded(text, width) }

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

/// Writes `text` to `path` atomically (``AtomicFile``): a temporary name, then a rename.
func writeAtomically(_ text: String, to path: String) throws {
    do { try AtomicFile.write(text, to: path) } catch let error as TablesError {
        throw CLIError(error.description)
    }
}

/// Prints an error's description to standard error and exits 1.
func fail(_ error: any Error) -> ExitCode {
    printError("\(error)")
    return ExitCode(1)
}

/// Builds a table from its schema, or exits 1 naming the row and column that did not fit.
func table(_ schema: TableSchema, _ rows: [[TableValue]]) throws -> Table {
    do { return try Table(schema, rows: rows) } catch { throw fail(error) }
}

/// Emits `table` as CSV; its warnings (NaN written as empty) go to standard error unless `--quiet`.
func emitCSV(_ table: Table, _ common: CommonOptions) throws {
    if !common.quiet { for w in table.warnings { printError("warning: \(w)") } }
    try emit(table.csvText(), to: common.out)
}

/// Emits a table in the format asked: table (terminal text), csv (the schema's snake_case header) or json
/// (the given document, whose rows carry the schema's camelCase keys).
func emitTable<T: Encodable>(_ common: CommonOptions, _ table: Table, json: T, title: String? = nil) throws {
    switch common.format {
    case .json: try emit(jsonText(json), to: common.out)
    case .csv: try emitCSV(table, common)
    case .table: try emit((title.map { $0 + "\n" } ?? "") + table.terminalText(), to: common.out)
    }
}

/// What a command did not do because its response file was refused.
enum ResponseFileOutcome: String {
    case imported, calibrated, scored

    /// How `--skip-bad-rows` would go on.
    var skipping: String {
        switch self {
        case .imported: return "import the good rows and report the bad ones"
        case .calibrated: return "calibrate with the good rows and report the bad ones"
        case .scored: return "score the good rows and report the bad ones"
        }
    }
}

extension ResponseDataError {
    /// The error as a command prints it: the problems, what was not done, and — only when leaving rows
    /// out would help — `--skip-bad-rows` (the library names no option).
    func commandText(_ outcome: ResponseFileOutcome) -> String {
        var lines = problems.map { $0.description + ($0.remedy.map(ResponseProblem.optionAdvice) ?? "") }
        if totalProblems > problems.count { lines.append("… and \(totalProblems - problems.count) more problem(s)") }
        if rowsCanBeSkipped {
            lines.append("\(totalProblems) problem(s) in \(file); nothing was \(outcome.rawValue). Fix the file, or pass "
                + "--skip-bad-rows to \(outcome.skipping).")
        } else {
            lines.append("Nothing was \(outcome.rawValue) from \(file).")
        }
        return lines.joined(separator: "\n")
    }
}

extension ResponseProblem {
    /// A reader's remedy in terms of the command line's options.
    static func optionAdvice(_ remedy: Remedy) -> String {
        switch remedy {
        case .skipOrGroupColumn(let column):
            let shown = column.contains(" ") ? "\"\(column)\"" : column
            return " (--ignore \(shown) or --group \(shown))"
        case .readOptionLabels: return " (--raw, with --bank)"
        case .needsBank: return " (--raw needs --bank)"
        }
    }
}
