import ArgumentParser

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
