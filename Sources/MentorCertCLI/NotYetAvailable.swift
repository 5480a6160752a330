import ArgumentParser

/// A command of the product's command map that is not built yet: it says so and exits 2
/// (DECISIONS §1), never pretending to work.
protocol NotYetAvailableCommand: ParsableCommand {
    static var plannedFor: String { get }
    /// The full command path for messages, e.g. "exam take".
    static var fullName: String { get }
}

extension NotYetAvailableCommand {
    static var fullName: String { configuration.commandName ?? "this command" }
    func run() throws {
        let name = Self.fullName
        printError("mentorcert \(name): not available yet — \(Self.plannedFor). Nothing was done.")
        throw ExitCode(2)
    }
}

/// Writes a line to standard error.
func printError(_ message: String) {
    var stderr = StandardErrorStream()
    print(message, to: &stderr)
}

struct StandardErrorStream: TextOutputStream {
    mutating func write(_ string: String) {
        FileHandle.standardError.write(Data(string.utf8))
    }
}
import Foundation

struct ExamCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exam",
        abstract: "Computerized adaptive exam: take, simulate, result, list, replay, calibrate-exposure.",
        subcommands: [ExamTakeCommand.self, ExamSimulateCommand.self, ExamResultCommand.self, ExamListCommand.self,
                      ExamReplayCommand.self, ExamCalibrateExposureCommand.self])
}

struct CandidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "candidate", abstract: "Candidates: import, list, show (not available yet).",
        subcommands: [Import.self, List.self, Show.self])
    struct Import: NotYetAvailableCommand {
        static let fullName = "candidate import"
        static let configuration = CommandConfiguration(commandName: "import", abstract: "Import candidate attributes (not available yet).")
        static let plannedFor = "candidates come with the certification programme"
        @Argument(parsing: .allUnrecognized, help: "Accepted and ignored until the command is built.") var arguments: [String] = []
    }
    struct List: NotYetAvailableCommand {
        static let fullName = "candidate list"
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List candidates (not available yet).")
        static let plannedFor = "candidates come with the certification programme"
        @Argument(parsing: .allUnrecognized, help: "Accepted and ignored until the command is built.") var arguments: [String] = []
    }
    struct Show: NotYetAvailableCommand {
        static let fullName = "candidate show"
        static let configuration = CommandConfiguration(commandName: "show", abstract: "A candidate's attempts and progression (not available yet).")
        static let plannedFor = "candidates come with the certification programme"
        @Argument(parsing: .allUnrecognized, help: "Accepted and ignored until the command is built.") var arguments: [String] = []
    }
}

struct CertCommand: NotYetAvailableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cert",
        abstract: "Certificates: keygen, issue, show, list, suspend, withdraw, reinstate, verify, register (not available yet).")
    static let plannedFor = "certificates come with the certification programme"
    @Argument(parsing: .allUnrecognized, help: "Accepted and ignored until the command is built.") var arguments: [String] = []
}

struct CohortCommand: NotYetAvailableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cohort", abstract: "Cohort reports (not available yet).")
    static let plannedFor = "cohorts come with the certification programme"
    @Argument(parsing: .allUnrecognized, help: "Accepted and ignored until the command is built.") var arguments: [String] = []
}

struct ReportCommand: NotYetAvailableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "The technical report of a bank version and its responses (not available yet).")
    static let plannedFor = "the technical report comes with the certification evidence"
    @Argument(parsing: .allUnrecognized, help: "Accepted and ignored until the command is built.") var arguments: [String] = []
}

struct ImportCommand: NotYetAvailableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "Import QTI items (not available yet).")
    static let plannedFor = "QTI import comes with the statistics-export capability"
    @Argument(parsing: .allUnrecognized, help: "Accepted and ignored until the command is built.") var arguments: [String] = []
}

struct PlotCommand: NotYetAvailableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot", abstract: "Plots: ICC, item and test information, CSEM, Wright map (SVG) (not available yet).")
    static let plannedFor = "plots come with the statistics-export capability"
    @Argument(parsing: .allUnrecognized, help: "Accepted and ignored until the command is built.") var arguments: [String] = []
}
