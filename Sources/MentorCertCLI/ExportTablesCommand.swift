import ArgumentParser
import Foundation
import ResponseData
import StatisticsExport
import Tables

/// The options `export tables` and `export notebook` share.
struct StatisticsExportArguments: ParsableArguments {
    @Option(help: "The bank: a bank directory or a stored bank-version id.")
    var bank: String

    @Option(help: "The responses: a wide CSV file or a stored response-set id (person scores, fit, classical statistics, reliability).")
    var responses: String?

    @Option(help: "Simulate this many adaptive exams of the bank for the exposure rates and the adaptive reliability.")
    var simulate: Int?

    @Option(help: "Seed of the simulation (recorded in the manifest).")
    var seed: UInt64 = 1

    @Option(help: "The output directory; written whole or not at all (built beside it, then renamed).")
    var out: String

    @Flag(help: "Replace an existing non-empty output directory as a whole.")
    var force = false

    @Option(name: .long, help: "The SQLite store (system of record).")
    var store: String = "mentorcert.sqlite"

    @Flag(name: .long, help: "Print nothing but errors.")
    var quiet = false

    @OptionGroup var responseFile: ResponseFileOptions

    @Option(help: "DIF: the focal group's value of the --group column (default: the smaller group).")
    var focal: String?

    @Option(help: "DIF: the reference group's value (default: the other value; required when the column has more than two values).")
    var reference: String?

    @Flag(name: .customLong("dif-irt"), help: "DIF: also run the IRT likelihood-ratio test (one two-group calibration per item: slow on a whole bank).")
    var difIRT = false

    func validate() throws {
        if let simulate, simulate < 2 { throw ValidationError("--simulate must be at least 2 candidates.") }
        if responseFile.group.count > 1 {
            throw ValidationError("--group names the one column whose two groups the DIF tables compare; give it once (got \(responseFile.group.joined(separator: ", "))).")
        }
        if !responseFile.group.isEmpty && responses == nil {
            throw ValidationError("--group needs --responses (the DIF tables compare the groups' responses).")
        }
        if (focal != nil || reference != nil || difIRT) && responseFile.group.isEmpty {
            throw ValidationError("--focal, --reference and --dif-irt choose the DIF analysis; give --group COLUMN too.")
        }
        if let focal, let reference, focal == reference {
            throw ValidationError("--focal and --reference are both '\(focal)'; name two different values of --group.")
        }
    }

    /// Computes the tables (``ExportedStatistics/compute(bank:responses:source:options:)``).
    func compute() throws -> ExportedStatistics {
        let loaded = try BankReference.load(bank, store: store)
        var isDirectory: ObjCBool = false
        let versionID = FileManager.default.fileExists(atPath: bank, isDirectory: &isDirectory) && isDirectory.boolValue
            ? nil : try BankReference.stored(bank, store: store).id
        var matrix: ResponseMatrix?
        if let responses {
            switch try ResponseSource.resolve(responses, store: store) {
            case let .file(path):
                matrix = try ResponseReader.read(path: path, options: responseFile.importOptions(), catalogue: nil).matrix
            case let .stored(_, stored):
                matrix = stored
            }
        }
        let dif = responseFile.group.first.map {
            StatisticsExportOptions.DIFChoice(column: $0, focal: focal, reference: reference, irtLikelihoodRatio: difIRT)
        }
        let options = StatisticsExportOptions(simulatedExaminees: simulate, seed: seed, engineVersion: MentorCertCommand.version,
                                              bankVersionId: versionID, dif: dif)
        return try ExportedStatistics.compute(bank: loaded, responses: matrix, source: responses ?? "", options: options)
    }

    /// Runs `body`, printing a library error and exiting 1.
    func run(_ body: () throws -> Void) throws {
        do { try body() } catch let error as CLIError {
            printError(error.description); throw ExitCode(1)
        } catch let error as ResponseDataError {
            printError(error.commandText(.analysed)); throw ExitCode(1)
        } catch let error as StatisticsExportError {
            printError("export: \(error.description)"); throw ExitCode(1)
        }
    }

    /// The closing note on standard error.
    func report(_ manifest: TableManifest, extra: String = "") {
        guard !quiet else { return }
        for w in manifest.warnings { printError("warning: \(w)") }
        printError("Wrote \(manifest.tables.count) table(s) (" + manifest.tables.map(\.file).joined(separator: ", ")
            + ", each also as .json)\(extra) and \(TableExport.manifestFile) to \(out).")
    }
}

/// `mentorcert export tables --bank B [--responses R] [--simulate N] [--seed S] --out DIR` (issue 19):
/// parses, calls ``ExportedStatistics/compute`` and ``ExportDirectory/write``, prints a note.
struct ExportTablesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tables",
        abstract: "Tidy CSV and JSON tables of the bank's statistics with a manifest, one file per table.",
        discussion: """
            Writes into DIR: item_parameters (bank parameters with SEs; with --responses S-X² fit and classical \
            item statistics), person_scores (WLE, with SEs), reliability_coefficients, alpha_if_deleted, \
            classification_indices, information_curve (test information and CSEM on a θ grid), \
            section_reliability, item_exposure (with --simulate), with --group COL the DIF tables dif_items, \
            dif_mantel_haenszel, dif_logistic_regression (and dif_irt_likelihood_ratio with --dif-irt) comparing \
            --focal VALUE (default: the smaller group) with the other group, each as CSV and JSON, and manifest.json \
            (schema versions, bank version and content hash, data-set hash, engine version, seed, time). \
            Every column is documented in notebooks-export/README.md. DIR is built beside itself and renamed \
            into place; an existing non-empty DIR is refused without --force.
            """)

    @OptionGroup var arguments: StatisticsExportArguments

    func run() throws {
        try arguments.run {
            let export = try arguments.compute()
            let manifest = try ExportDirectory.write(export, to: arguments.out, force: arguments.force)
            arguments.report(manifest)
        }
    }
}
