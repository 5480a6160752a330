import ArgumentParser
import Foundation
import ProgressReporting
import IRTModels
import ItemBanking
import MathCore
import ResponseData
import Tables

/// `mentorcert responses simulate --bank DIR` — a seeded wide response file from a bank's
/// parameters (θ ~ N(mean, sd²)), for demonstrations, tests and capacity planning. The file's
/// header names it as simulated.
struct SimulateResponsesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Write a seeded, SIMULATED wide response file from a bank's item parameters.")

    @Option(help: "The bank: a directory or a stored bank-version id.") var bank: String
    @Option(help: "Simulated persons.") var persons: Int = 1000
    @Option(help: "Mean of the simulated θ.") var mean: Double = 0
    @Option(name: .customLong("sd"), help: "Standard deviation of the simulated θ.") var standardDeviation: Double = 1
    @Option(help: "Share of items not presented to each person (0–0.9), at random.") var missing: Double = 0
    @Option(name: .long, help: "The SQLite store, where a stored bank version is looked up.")
    var store: String = "mentorcert.sqlite"
    @Option(name: .long, help: "The CSV file to write (required; written to a temporary name, then renamed).")
    var out: String?
    @Option(name: .long, help: "Seed of the random generator, for reproducible runs (default 1).")
    var seed: UInt64?
    @Flag(name: .long, help: "Print nothing but errors (no progress, no note).")
    var quiet = false

    func validate() throws {
        guard persons >= 1 else { throw ValidationError("--persons must be at least 1.") }
        guard mean.isFinite else { throw ValidationError("--mean must be a finite number (got \(mean)); give e.g. --mean 0.") }
        guard standardDeviation.isFinite, standardDeviation > 0 else {
            throw ValidationError("--sd must be a positive finite number (got \(standardDeviation)); give e.g. --sd 1.")
        }
        guard (0...0.9).contains(missing) else { throw ValidationError("--missing must be between 0 and 0.9.") }
        guard out != nil else { throw ValidationError("--out FILE is required (the CSV to write).") }
    }

    func run() throws {
        let b: ItemBank
        do { b = try BankReference.load(bank, store: store) } catch {
            printError("\(error)")
            throw ExitCode(1)
        }
        let set: ParameterSet?
        do { set = try b.parameterSet() } catch {
            printError("\(bank): \(error.description)")
            throw ExitCode(1)
        }
        guard let set else {
            printError("\(bank): no scored item has parameters; run `mentorcert bank simulate-field-test \(bank) --write` or calibrate first.")
            throw ExitCode(1)
        }
        var g = SeededGenerator(seed: seed ?? 1)
        let progress = progressReporter("simulating", total: persons, unit: "persons", quiet: quiet)
        defer { progress.clear() }
        var onDrawn: ((Int) -> Void)?
        if progress.enabled { onDrawn = { progress.update(completed: $0) } }
        let data = Simulation.responses(from: set, persons: persons, mean: mean, standardDeviation: standardDeviation,
                                        missing: missing, generator: &g, progress: onDrawn)
        let text = ResponseWriter.wideCSV(data)
        progress.finish(completed: persons)
        try emit(text, to: out)
        if !quiet {
            printError("Wrote \(persons) SIMULATED persons × \(data.itemCount) items to \(out ?? "").")
        }
    }
}
