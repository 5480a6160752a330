import ArgumentParser
import ResponseData

/// Output formats shared by every command that prints a table.
public enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case table, json, csv
}

/// Options shared by the commands (DECISIONS §1): store, format, output file, seed, quiet.
public struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: "The SQLite store (system of record).")
    public var store: String = "mentorcert.sqlite"

    @Option(name: .long, help: "Output format: table, json or csv.")
    public var format: OutputFormat = .table

    @Option(name: .long, help: "Write the output to this file (written to a temporary name, then renamed).")
    public var out: String?

    @Option(name: .long, help: "Seed of the random generator, for reproducible runs.")
    public var seed: UInt64?

    @Flag(name: .long, help: "Print nothing but errors and the requested output.")
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

    /// The reader's options; `extraIgnored` are further columns to skip.
    func importOptions(raw: Bool = false, extraIgnored: [String] = []) -> ResponseImportOptions {
        ResponseImportOptions(personColumn: personColumn, groupColumns: group, ignoredColumns: ignore + extraIgnored,
                              raw: raw, skipBadRows: skipBadRows)
    }
}
