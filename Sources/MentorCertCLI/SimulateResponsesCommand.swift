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
        abstract: "Write a seeded, SIMULATED wide response file from a bank's item parameters.",
        discussion: """
            With --group COL the file gets a group column COL after the person column: each person is in the \
            focal group with probability --focal-share, and the focal group answers each --dif-item as a person \
            δ = --dif-shift lower on θ would (uniform DIF: the item is δ harder for the focal group at equal \
            ability). Read the file with --group COL (e.g. `dif FILE --group COL`, `export tables … --group COL`).
            """)

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
    @Option(help: "Add a group column of this name (two groups; e.g. region).")
    var group: String?
    @Option(name: .customLong("group-values"), help: "The reference and focal values of --group, comma-separated.")
    var groupValues: String = "reference,focal"
    @Option(name: .customLong("focal-share"), help: "Probability that a person is in the focal group.")
    var focalShare: Double = 0.5
    @Option(name: .customLong("dif-item"), help: "An item with built-in uniform DIF against the focal group (repeatable; needs --group).")
    var difItem: [String] = []
    @Option(name: .customLong("dif-shift"), help: "How much harder a --dif-item is for the focal group, in θ units.")
    var difShift: Double = 0.8

    /// The two values of --group.
    var groupPair: [String] { groupValues.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }

    func validate() throws {
        guard persons >= 1 else { throw ValidationError("--persons must be at least 1.") }
        guard mean.isFinite else { throw ValidationError("--mean must be a finite number (got \(mean)); give e.g. --mean 0.") }
        guard standardDeviation.isFinite, standardDeviation > 0 else {
            throw ValidationError("--sd must be a positive finite number (got \(standardDeviation)); give e.g. --sd 1.")
        }
        guard (0...0.9).contains(missing) else { throw ValidationError("--missing must be between 0 and 0.9.") }
        guard out != nil else { throw ValidationError("--out FILE is required (the CSV to write).") }
        if group == nil && (!difItem.isEmpty) {
            throw ValidationError("--dif-item needs --group COL (the focal group it is harder for).")
        }
        if let group {
            guard !group.isEmpty else { throw ValidationError("--group needs a column name, e.g. --group region.") }
            let pair = groupPair
            guard pair.count == 2, !pair[0].isEmpty, !pair[1].isEmpty, pair[0] != pair[1] else {
                throw ValidationError("--group-values must be two different values, reference first, e.g. --group-values north,south.")
            }
            guard focalShare > 0 && focalShare < 1 else { throw ValidationError("--focal-share must be between 0 and 1 (exclusive).") }
            guard difShift.isFinite else { throw ValidationError("--dif-shift must be a finite number, e.g. --dif-shift 0.8.") }
        }
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
        let data: ResponseMatrix
        if let group {
            let unknown = difItem.filter { id in !set.items.contains { $0.id == id } }
            if !unknown.isEmpty {
                printError("\(bank): --dif-item \(unknown.joined(separator: ", ")): not a scored item of the bank with parameters; give item ids of the bank.")
                throw ExitCode(1)
            }
            let pair = groupPair
            let dif = Simulation.GroupDIF(column: group, reference: pair[0], focal: pair[1], focalShare: focalShare,
                                          items: Set(difItem), shift: difShift)
            data = Simulation.responses(from: set, persons: persons, mean: mean, standardDeviation: standardDeviation,
                                        missing: missing, group: dif, generator: &g, progress: onDrawn)
        } else {
            data = Simulation.responses(from: set, persons: persons, mean: mean, standardDeviation: standardDeviation,
                                        missing: missing, generator: &g, progress: onDrawn)
        }
        let text = ResponseWriter.wideCSV(data)
        progress.finish(completed: persons)
        try emit(text, to: out)
        if !quiet {
            var note = "Wrote \(persons) SIMULATED persons × \(data.itemCount) items to \(out ?? "")"
            if let group {
                note += " with group column \(group) (\(groupPair[1]): focal"
                note += difItem.isEmpty ? ", no built-in DIF)" : "; built-in DIF δ = \(difShift) on \(difItem.joined(separator: ", ")))"
                note += "; read it with --group \(group)"
            }
            printError(note + ".")
        }
    }
}
