import ArgumentParser
import BankCalibration
import Calibration
import Foundation
import ProgressReporting
import ItemBanking

/// `mentorcert bank simulate-field-test DIR` — gives a bank simulated-field-test parameters
/// (provisional parameters by intended level → simulated candidates → calibration) and, with
/// `--write`, writes them into the bank's YAML, marked `source: simulated` (DECISIONS §2).
struct FieldTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate-field-test",
        abstract: "Calibrate a bank on a simulated field test (its parameters are marked simulated).")

    @Argument(help: "The bank directory (its YAML is rewritten with --write).") var directory: String
    @Option(help: "Simulated candidates.") var persons: Int = 2000
    @Flag(help: "Write the parameters into the bank's YAML files (write-then-rename).") var write = false
    @Option(name: .long, help: "Seed of the random generator (default 20261124, the bundled bank's).")
    var seed: UInt64?
    @Flag(name: .long, help: "Print nothing but errors (no progress, no summary).")
    var quiet = false

    func validate() throws {
        guard persons >= 100 else { throw ValidationError("--persons must be at least 100 (default 2000).") }
    }

    func run() throws {
        let seed = seed ?? 20_261_124
        let validation = ItemBank.validate(directory: directory)
        guard let bank = validation.bank, validation.isValid else {
            printError("\(directory): the bank has errors; run `mentorcert bank validate \(directory)` and fix them first.")
            throw ExitCode(1)
        }
        var settings = SimulatedFieldTest.Settings()
        settings.persons = persons
        settings.seed = seed
        let progress = progressReporter("simulated field test", quiet: quiet)
        defer { progress.clear() }
        if progress.enabled { settings.progress = calibrationProgress(progress) }
        let outcome: SimulatedFieldTest.Outcome
        do { outcome = try SimulatedFieldTest.run(bank: bank, settings: settings) } catch {
            printError("\(directory): \(error.description)")
            throw ExitCode(1)
        }
        progress.finish("done")
        let r = outcome.result
        var text = "Simulated field test (SIMULATED data, seed \(seed)): \(persons) candidates × \(r.items.count) scored items\n"
        text += "converged: \(r.converged ? "yes" : "NO") after \(r.iterations) E-steps; log-likelihood "
            + fixedNumber(r.logLikelihood, 2, fallback: "n/a") + "\n"
        text += "recovery RMSE: discrimination \(fixedNumber(outcome.rmseDiscrimination, 3, fallback: "n/a")), "
            + "location \(fixedNumber(outcome.rmseLocation, 3, fallback: "n/a"))\n"
        if write {
            do { try outcome.bank.export(to: directory, overwrite: true) } catch {
                printError(error.description)
                throw ExitCode(1)
            }
            text += "wrote the parameters into \(directory) (parameterSource: simulated)\n"
        } else {
            text += "not written (add --write to store the parameters in the bank's YAML)\n"
        }
        if !quiet { print(text, terminator: "") }
    }
}
