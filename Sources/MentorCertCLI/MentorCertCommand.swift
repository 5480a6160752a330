import ArgumentParser

/// The `mentorcert` command: a thin layer over the library modules. Each command parses its
/// arguments, calls the library and prints; domain logic lives in the modules.
public struct MentorCertCommand: ParsableCommand {
    public static let version = "0.1.0"

    public static let configuration = CommandConfiguration(
        commandName: "mentorcert",
        abstract: "Psychometric assessment and item-bank engine for certifying business mentors of SMEs.",
        discussion: """
            Item banks are YAML under itembanks/<bank>/; the SQLite store (default ./mentorcert.sqlite) is the \
            system of record for bank versions, response sets, calibrations and exam sessions.
            """,
        version: version,
        subcommands: [
            BankCommand.self, ResponsesCommand.self, CalibrateCommand.self, ScoreCommand.self,
            LinkCommand.self, ExamCommand.self, ReliabilityCommand.self, DIFCommand.self,
            StandardsCommand.self, ReportCommand.self, ExportCommand.self, ImportCommand.self,
            PlotCommand.self, CandidateCommand.self, CertCommand.self, CohortCommand.self,
        ])

    public init() {}
}
