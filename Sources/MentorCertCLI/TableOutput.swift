import ArgumentParser
import Foundation
import ResponseData
import SystemFiles
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
func emitCSV(_ table: Table, _ common: some OutputSettings) throws {
    if !common.quiet { for w in table.warnings { printError("warning: \(w)") } }
    try emit(table.csvText(), to: common.out)
}

/// Emits a table in the format asked: table (terminal text), csv (the schema's snake_case header) or json
/// (the given document, whose rows carry the schema's camelCase keys).
func emitTable<T: Encodable>(_ common: some OutputSettings, _ table: Table, json: T, title: String? = nil) throws {
    switch common.format {
    case .json: try emit(jsonText(json), to: common.out)
    case .csv: try emitCSV(table, common)
    case .table: try emit((title.map { $0 + "\n" } ?? "") + table.terminalText(), to: common.out)
    }
}

/// `--table NAME|all`, on the commands whose output has more than one table: which table the CSV (or
/// terminal) form prints. JSON always holds every table (docs/DECISIONS.md, "Every table in every format").
struct TableSelection: ParsableArguments {
    @Option(name: .customLong("table"),
            help: "The table to print instead of the main one (see the command's tables above); 'all' with --format csv --out DIR writes one CSV per table and a manifest.json into DIR.")
    var name: String?

    /// The selection with a command's short table names (`aliases`: short name → schema name) replaced
    /// by the schema names they stand for.
    func resolving(_ aliases: [String: String]) -> TableSelection {
        var resolved = self
        if let name, let full = aliases[name] { resolved.name = full }
        return resolved
    }

    /// Refuses a name the command does not write, `--table` with JSON, and `all` without CSV and `--out`
    /// (exit 64 with the usage: a bad option value).
    func check(_ schemas: [TableSchema], _ output: some OutputSettings) throws {
        guard let name else { return }
        let names = schemas.map(\.name)
        guard name == "all" || names.contains(name) else {
            throw ValidationError("unknown table '\(name)'; this command writes " + names.joined(separator: ", ")
                + " (or 'all' with --format csv --out DIR).")
        }
        guard output.format != .json else {
            throw ValidationError("--table selects one CSV or terminal table; --format json already holds every table (drop --table).")
        }
        if name == "all" {
            guard output.format == .csv, output.out != nil else {
                throw ValidationError("--table all writes one CSV file per table: give --format csv and --out DIR (a directory).")
            }
        }
    }
}

/// A command's tables for its help text: `Tables (--table NAME with --format csv or table): a (main), b; …`.
func tablesHelp(_ schemas: [TableSchema], aliases: [String: String] = [:]) -> String {
    "Tables (--table NAME with --format csv or table): " + schemas.enumerated().map { i, s in
        s.name + (i == 0 ? " (main)" : "")
            + aliases.filter { $0.value == s.name }.keys.sorted().map { " (or \($0))" }.joined()
    }.joined(separator: ", ") + "; --format json holds them all."
}

/// Emits a command's output made of several tables, the main one first (docs/DECISIONS.md, "Every table
/// in every format"): JSON prints `json` (which holds every table); CSV prints the main table, `--table NAME`
/// another, and `--table all --out DIR` writes each as `DIR/<name>.csv` plus `manifest.json`; the terminal
/// form prints `text()`, or only the table `--table` names.
func emitTables<T: Encodable>(_ output: some OutputSettings, _ selection: TableSelection, _ tables: [Table], json: T,
                              text: () throws -> String) throws {
    precondition(!tables.isEmpty, "emitTables: a command's output has at least one table")
    let chosen = selection.name.flatMap { name in tables.first { $0.schema.name == name } } ?? tables[0]
    switch output.format {
    case .json:
        try emit(jsonText(json), to: output.out)
    case .csv where selection.name == "all":
        guard let directory = output.out else { throw ExitCode.validationFailure }
        try writeTableDirectory(tables, to: directory, quiet: output.quiet)
    case .csv:
        try emitCSV(chosen, output)
    case .table:
        try emit(selection.name == nil ? text() : chosen.terminalText(), to: output.out)
    }
}

/// Writes every table as `DIR/<name>.csv` and then `DIR/manifest.json` (``TableExport``), creating DIR
/// when it does not exist; warnings and a one-line note go to standard error unless `quiet`.
func writeTableDirectory(_ tables: [Table], to directory: String, quiet: Bool) throws {
    var isDirectory: ObjCBool = false
    if !FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
        if mkdir(directory, 0o755) != 0 {
            printError("\(FileProblem(path: directory, errno: errno, writing: true)) (--table all writes into a directory)")
            throw ExitCode(1)
        }
    } else if !isDirectory.boolValue {
        printError("\(directory): is a file; --table all writes one CSV per table into a directory, so give --out a directory.")
        throw ExitCode(1)
    }
    var export = TableExport(directory: directory, manifest: TableManifest(engineVersion: MentorCertCommand.version))
    do {
        for t in tables { try export.writeCSV(t) }
        try export.writeManifest()
    } catch { throw fail(error) }
    if !quiet {
        for w in export.manifest.warnings { printError("warning: \(w)") }
        printError("Wrote \(tables.count) table(s) (" + tables.map { $0.schema.name + ".csv" }.joined(separator: ", ")
            + ") and \(TableExport.manifestFile) to \(directory).")
    }
}

/// What a command did not do because its response file was refused.
enum ResponseFileOutcome: String {
    case imported, calibrated, scored, analysed, reported, plotted

    /// How `--skip-bad-rows` would go on.
    var skipping: String {
        switch self {
        case .imported: return "import the good rows and report the bad ones"
        case .calibrated: return "calibrate with the good rows and report the bad ones"
        case .scored: return "score the good rows and report the bad ones"
        case .analysed: return "analyse the good rows and report the bad ones"
        case .reported: return "build the report from the good rows and list the bad ones"
        case .plotted: return "plot the good rows and report the bad ones"
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
