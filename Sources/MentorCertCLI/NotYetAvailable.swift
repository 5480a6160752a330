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


