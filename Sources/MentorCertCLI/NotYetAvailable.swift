import ArgumentParser

/// A command of the product's command map that is not built yet: it says so and exits 2
/// (DECISIONS §1), never pretending to work.
protocol NotYetAvailableCommand: ParsableCommand {
    static var plannedFor: String { get }
}

extension NotYetAvailableCommand {
    func run() throws {
        let name = Self.configuration.commandName ?? "this command"
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
        abstract: "Computerized adaptive exam: take, simulate, result, list.",
        subcommands: [Take.self, Simulate.self, Result.self, List.self])
    struct Take: NotYetAvailableCommand {
        static let configuration = CommandConfiguration(commandName: "take", abstract: "Take an adaptive exam in the terminal.")
        static let plannedFor = "the adaptive exam is the next capability after calibration"
    }
    struct Simulate: NotYetAvailableCommand {
        static let configuration = CommandConfiguration(commandName: "simulate", abstract: "Simulate adaptive exams.")
        static let plannedFor = "the adaptive exam is the next capability after calibration"
    }
    struct Result: NotYetAvailableCommand {
        static let configuration = CommandConfiguration(commandName: "result", abstract: "Show a session's result.")
        static let plannedFor = "the adaptive exam is the next capability after calibration"
        @Argument var session: String?
    }
    struct List: NotYetAvailableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List exam sessions.")
        static let plannedFor = "the adaptive exam is the next capability after calibration"
    }
}

struct ReliabilityCommand: NotYetAvailableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reliability",
        abstract: "Reliability, SEM/CSEM and classification accuracy and consistency at the cut scores.")
    static let plannedFor = "certification evidence comes after the adaptive exam"
    @Argument var responses: String?
}

struct DIFCommand: NotYetAvailableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dif", abstract: "Differential item functioning (Mantel–Haenszel, IRT likelihood ratio).")
    static let plannedFor = "certification evidence comes after the adaptive exam"
    @Argument var responses: String?
}

struct StandardsCommand: NotYetAvailableCommand {
    static let configuration = CommandConfiguration(
        commandName: "standards", abstract: "Standard setting: modified Angoff and Bookmark.")
    static let plannedFor = "standard setting comes with the certification evidence"
    @Argument var arguments: [String] = []
}

struct ReportCommand: NotYetAvailableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "The technical report of a bank version and its responses.")
    static let plannedFor = "the technical report comes with the certification evidence"
}

struct ExportCommand: NotYetAvailableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export tables, notebooks, mirt/catR files and QTI.")
    static let plannedFor = "exports come with the statistics-export capability"
    @Argument var arguments: [String] = []
}

struct ImportCommand: NotYetAvailableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "Import QTI items.")
    static let plannedFor = "QTI import comes with the statistics-export capability"
    @Argument var arguments: [String] = []
}

struct PlotCommand: NotYetAvailableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot", abstract: "Plots: ICC, item and test information, CSEM, Wright map (SVG).")
    static let plannedFor = "plots come with the statistics-export capability"
    @Argument var arguments: [String] = []
}
