import ArgumentParser
import ResponseData

/// Output formats shared by every command that prints a table.
public enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case table, json, csv
}

/// What every printing command needs to know about its output: the format, where it goes, and whether
/// to print anything beyond the requested output (progress, notes, warnings beside a CSV).
protocol OutputSettings {
    var format: OutputFormat { get }
    var out: String? { get }
    var quiet: Bool { get }
}

/// Options shared by the commands that use the store and print a result (DECISIONS §1): store, format,
/// output file, quiet. Commands that never touch the store take ``OutputOptions``; the two commands
/// with randomness add their own `--seed` (options appear only on the commands they affect).
public struct CommonOptions: ParsableArguments, OutputSettings {
    @Option(name: .long, help: "The SQLite store (system of record).")
    public var store: String = "mentorcert.sqlite"

    @Option(name: .long, help: "Output format: table, json or csv.")
    public var format: OutputFormat = .table

    @Option(name: .long, help: "Write the output to this file (written to a temporary name, then renamed).")
    public var out: String?

    @Flag(name: .long, help: "Print nothing but errors and the requested output (no progress, no notes).")
    public var quiet: Bool = false

    public init() {}
}

/// Format, output file and quiet, for commands that do not use the store (`bank validate`).
public struct OutputOptions: ParsableArguments, OutputSettings {
    @Option(name: .long, help: "Output format: table, json or csv.")
    public var format: OutputFormat = .table

    @Option(name: .long, help: "Write the output to this file (written to a temporary name, then renamed).")
    public var out: String?

    @Flag(name: .long, help: "Print nothing but errors and the requested output (no progress, no notes).")
    public var quiet: Bool = false

    public init() {}
}

/// How a response CSV is read (DECISIONS §2), shared by the commands that read one.
struct ResponseFileOptions: ParsableArguments {
    @Option(name: .customLong("person-column"), help: "The person-id column (default: the first column).")
    var personColumn: String?

    @Option(name: .customLong("ignore"), help: "A column to ignore (repeatable).")
    var ignore: [String] = []

    @Option(name: .customLong("group"), help: "A group column, kept aside (repeatable).")
    var group: [String] = []

    @Flag(name: .customLong("skip-bad-rows"), help: "Drop rows with bad cells (reported) instead of stopping.")
    var skipBadRows = false

    /// Whether any option that only applies to reading a file was given (refused with a stored set).
    var anyGiven: Bool { personColumn != nil || !ignore.isEmpty || skipBadRows }

    /// The reader's options; `extraIgnored` are further columns to skip.
    func importOptions(raw: Bool = false, extraIgnored: [String] = []) -> ResponseImportOptions {
        ResponseImportOptions(personColumn: personColumn, groupColumns: group, ignoredColumns: ignore + extraIgnored,
                              raw: raw, skipBadRows: skipBadRows)
    }
}
