import ArgumentParser
import Calibration
import Foundation
import IRTModels
import ResponseData
import BankCalibration
import ItemBanking
import ProgressReporting
import Store
import Tables

extension ItemModel: ExpressibleByArgument {}
extension EMAcceleration: ExpressibleByArgument {}
extension StandardErrorMethod: ExpressibleByArgument {}

/// `mentorcert calibrate RESPONSES --model M` — MML-EM calibration (Bock & Aitkin 1981).
struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Calibrate items by marginal maximum likelihood (EM) with standard errors.",
        discussion: """
            RESPONSES is a stored response-set id (`mentorcert responses list`) or a wide CSV (one row per person; the first column is the person id unless \
            --person-column says otherwise; cells are scored categories 0..K-1; empty or NA = not presented). \
            The logistic metric is used with no 1.702 scaling: P = c + (u - c) logistic(a theta + d), b = -d/a.
            """ + "\n\n" + tablesHelp(CalibrationReport.tableSchemas))

    @Argument(help: "The responses: a wide CSV file, or a stored response-set id (or a unique prefix of at least 6 characters).")
    var responses: String

    @Option(help: "Item model for every item: \(ItemModel.allCases.map(\.rawValue).joined(separator: ", ")). Not with --bank.")
    var model: ItemModel?

    @Option(help: "A bank directory or stored bank-version id: each item keeps its bank model (3PL for multiple choice, GRM for graded by default) and the results become a new bank version in the store.")
    var bank: String?

    @Flag(name: .customLong("fixed-operational"), help: "With --bank: operational items keep their bank parameters; pretest items are estimated on the bank scale (latent mean and variance estimated).")
    var fixedOperational = false

    @Option(name: .customLong("quadrature-nodes"), help: "Equally spaced quadrature nodes on [-6, 6].")
    var quadratureNodes: Int = 61

    @Option(help: "Convergence tolerance: largest absolute parameter change of a plain EM cycle.")
    var tolerance: Double = 1e-4

    @Option(name: .customLong("max-iterations"),
            help: "Maximum number of E-steps: EM cycles, counting those inside SQUAREM steps. The output's `iterations` counts E-steps too, including the final log-likelihood evaluation (DECISIONS §5).")
    var maxIterations: Int = 500

    @Option(help: "EM acceleration: squarem or none.")
    var acceleration: EMAcceleration = .squarem

    @Flag(name: .customLong("no-se"), help: "Skip standard errors.")
    var noStandardErrors = false

    @Option(name: .customLong("se-method"), help: "Standard errors from the analytic observed information (louis, the default) or by forward or central differences of the analytic gradient.")
    var seMethod: StandardErrorMethod = .louis

    @Option(name: .customLong("guessing-prior"),
            help: "3PL/4PL guessing prior: 'default' (Beta(20/m+1, 20(1-1/m)+1), m = 4 options), 'none', or 'beta:ALPHA,BETA'.")
    var guessingPrior: String = "default"

    @Option(name: .customLong("rasch-slope"), help: "Rasch slope: 'fixed' (1, latent variance estimated) or 'common' (free common slope, variance 1).")
    var raschSlope: String = "fixed"

    @Flag(name: .customLong("collapse-unused"), help: "Merge unused categories of polytomous items with their neighbour.")
    var collapseUnused = false

    @Flag(name: .customLong("no-fit"), help: "Skip item-fit statistics.")
    var noFit = false

    @OptionGroup var file: ResponseFileOptions

    @Flag(help: "With --bank: multiple-choice cells hold the chosen option label (A, B, …); they are scored with the bank's key and the raw choices give the distractor analysis.")
    var raw = false

    @Option(help: "With --group COL: the reference group's value (its latent distribution is N(0, 1)); default the first value in the file.")
    var reference: String?

    @Option(name: .customLong("free-items"), parsing: .unconditional,
            help: "With --group COL: items (comma-separated ids) estimated separately in each group; the others are common.")
    var freeItems: String?

    @Flag(name: .customLong("allow-unconverged"),
          help: "With --bank: store a calibration that did not converge (its bank version is marked unconverged); without it, nothing is stored.")
    var allowUnconverged = false

    @Flag(name: .customLong("no-item-analysis"), help: "Skip the classical item analysis.")
    var noItemAnalysis = false

    @Option(name: .customLong("e-step"),
            help: "E-step for Rasch items: 'auto' (persons with complete responses grouped by raw score, their sufficient statistic; exact) or 'patterns' (every response pattern, the general path; for checking).")
    var eStep: String = "auto"

    @Flag(help: "Print where the time went (E-step products, exponentials, M-step …) to standard error.")
    var profile = false

    @Option(help: "Worker threads for the E-step.")
    var threads: Int = 2

    @OptionGroup var common: CommonOptions
    @OptionGroup var tableSelection: TableSelection

    func validate() throws {
        try tableSelection.check(CalibrationReport.tableSchemas, common)
        guard (model == nil) != (bank == nil) else {
            throw ValidationError("Give either --model (one model for all items) or --bank (per-item models from a bank).")
        }
        guard bank != nil || !fixedOperational else { throw ValidationError("--fixed-operational needs --bank.") }
        guard bank != nil || !raw else { throw ValidationError("--raw needs --bank (the keys come from the bank).") }
        guard (3...301).contains(quadratureNodes) else {
            throw ValidationError("--quadrature-nodes must be between 3 and 301 (default 61).")
        }
        guard tolerance > 0 else { throw ValidationError("--tolerance must be positive (default 1e-4).") }
        guard maxIterations >= 1 else { throw ValidationError("--max-iterations must be at least 1.") }
        guard ["fixed", "common"].contains(raschSlope) else {
            throw ValidationError("--rasch-slope must be 'fixed' or 'common'.")
        }
        guard ["auto", "patterns"].contains(eStep) else {
            throw ValidationError("--e-step must be 'auto' or 'patterns'.")
        }
        _ = try parsedGuessingPrior()
        guard file.group.count <= 1 else {
            throw ValidationError("calibrate takes one --group column for a multiple-group calibration; give only one.")
        }
        guard file.group.count == 1 || (reference == nil && freeItems == nil) else {
            throw ValidationError("--reference and --free-items need --group COL (the column that names each person's group).")
        }
        guard bank == nil || file.group.isEmpty else {
            throw ValidationError("--group is not available with --bank yet; calibrate the groups with --model.")
        }
    }

    func parsedGuessingPrior() throws -> BetaPrior? {
        switch guessingPrior {
        case "default": return .guessing(options: 4)
        case "none": return nil
        default:
            let parts = guessingPrior.hasPrefix("beta:") ? guessingPrior.dropFirst(5).split(separator: ",") : []
            guard parts.count == 2, let a = Double(parts[0]), let b = Double(parts[1]), a > 0, b > 0 else {
                throw ValidationError("--guessing-prior must be 'default', 'none' or 'beta:ALPHA,BETA' (e.g. beta:6,16).")
            }
            return BetaPrior(alpha: a, beta: b)
        }
    }

    /// Applies the command-line settings to a calibration configuration; E-steps go to `progress`.
    func apply(to cfg: inout CalibrationConfiguration, progress: ProgressReporter) throws {
        cfg.quadratureNodes = quadratureNodes
        cfg.tolerance = tolerance
        cfg.maxIterations = maxIterations
        cfg.acceleration = acceleration
        cfg.computeStandardErrors = !noStandardErrors
        cfg.standardErrorMethod = seMethod
        cfg.guessingPrior = try parsedGuessingPrior()
        cfg.raschSlopeFixed = raschSlope == "fixed"
        cfg.collapseUnusedCategories = collapseUnused
        cfg.threads = max(1, threads)
        cfg.sufficientStatistics = eStep == "auto"
        if progress.enabled { cfg.progress = calibrationProgress(progress) }
    }

    func run() throws {
        do {
            if let bank {
                try runWithBank(bank)
                return
            }
            let data = try calibrationResponses(catalogue: nil)
            var cfg = CalibrationConfiguration(model: model ?? .twoPL)
            let progress = progressReporter("calibrating", quiet: common.quiet)
            defer { progress.clear() }
            try apply(to: &cfg, progress: progress)
            if let column = file.group.first, let labels = data.groups[column] {
                let free = (freeItems ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                cfg.groups = try GroupAssignment(labels: labels, reference: reference, freeItems: free)
            }
            let result = try Calibrator(configuration: cfg).calibrate(data)
            progress.finish("done")
            let report = try CalibrationReport(result: result, data: data, source: responses,
                                               computeItemFit: !noFit, computeItemAnalysis: !noItemAnalysis)
            if profile, let p = result.profile { printError(CalibrationReport.profileText(p)) }
            try report.emit(common, tableSelection)
            if !common.quiet && common.out != nil {
                printError("Wrote \(result.items.count) items to \(common.out ?? "")"
                    + (result.converged ? "" : " (NOT converged: see warnings)") + ".")
            }
        } catch let error as ResponseDataError {
            printError(error.commandText(.calibrated))
            throw ExitCode(1)
        } catch let error as CalibrationError {
            printError("\(responses): \(error.description)" + Self.advice(error))
            throw ExitCode(1)
        } catch let error as CLIError {
            printError(error.description)
            throw ExitCode(1)
        } catch let error as StoreError {
            printError("\(common.store): \(error.description)")
            throw ExitCode(1)
        }
    }

    /// The bank-aware calibration: reads the responses against the bank, calibrates with each item's
    /// bank model, then stores the response set and records the calibration and the new bank version
    /// (parent = the version calibrated). A failure before the end leaves the store as it was.
    func runWithBank(_ reference: String) throws {
        var isDirectory: ObjCBool = false
        let isBankDirectory = FileManager.default.fileExists(atPath: reference, isDirectory: &isDirectory) && isDirectory.boolValue
        let itemBank: ItemBank
        var storedVersion: String?
        if isBankDirectory {
            itemBank = try BankReference.load(reference, store: common.store)
        } else {
            let stored = try BankReference.stored(reference, store: common.store)
            itemBank = stored.bank
            storedVersion = stored.id
        }
        let data = try calibrationResponses(catalogue: itemBank.catalogue)
        Failpoint.hit("calibrate.responses-read")
        let name = URL(fileURLWithPath: responses).lastPathComponent
        var appliedConfig = CalibrationConfiguration(model: .twoPL)
        let progress = progressReporter("calibrating", quiet: common.quiet)
        defer { progress.clear() }
        try apply(to: &appliedConfig, progress: progress)
        var job = BankCalibrationJob(bank: itemBank, responses: data, source: responses,
                                     configuration: appliedConfig)
        job.fixOperational = fixedOperational
        job.allowUnconverged = allowUnconverged
        job.computeItemFit = !noFit
        job.computeItemAnalysis = !noItemAnalysis
        job.optionLabels = raw
        // The calibration id is a hash of the inputs (data, bank version, settings), derived before
        // calibrating because the new parameters carry it; nothing is written yet.
        var request = BankCalibrationRequest(
            calibratedBank: itemBank, bankSource: storedVersion ?? reference, responses: data,
            responsesName: name, responsesSource: responses, model: "bank", settings: job.identifyingSettings,
            newBank: itemBank)
        let calibrationID = try MentorCertStore.calibrationID(for: request)
        request.calibrationID = calibrationID
        let outcome: BankCalibrationJob.Outcome
        do {
            outcome = try job.run(calibrationID: calibrationID)
        } catch {
            switch error {
            case .calibration(let e): throw e
            case .bank(let e): throw CLIError("\(reference): \(e.description)")
            case .unconverged(let iterations):
                // An unconverged calibration is not published unless asked for (DECISIONS §13).
                throw CLIError("\(responses): the calibration did not converge in \(iterations) E-steps, so no bank "
                    + "version was made and nothing was stored. Raise --max-iterations, or store it anyway with "
                    + "--allow-unconverged (the version is then marked unconverged).")
            }
        }
        progress.finish("done")
        request.unconverged = outcome.unconverged
        var report = outcome.report
        // Only now, after a successful calibration, does anything reach the store — in one transaction:
        // the bank version (imported by content hash when a directory was given), the response set,
        // the calibration and its new bank version.
        request.newBank = outcome.bank
        Failpoint.hit("calibrate.calibrated")
        let store = try MentorCertStore(path: common.store)
        func provenance(_ ids: BankCalibrationIDs) -> ParameterSet.Provenance {
            ParameterSet.Provenance(calibrationId: ids.calibrationID, responseSet: ids.responseSetID,
                                    parentBankVersion: ids.parentVersionID, bankVersion: ids.newVersionID)
        }
        let ids = try store.recordBankCalibration(request) { ids in
            report.provenance = provenance(ids)
            return try report.render(.json)
        }
        if !ids.created {
            report.provenance = provenance(ids)
        }
        try report.emit(common, tableSelection)
        if !common.quiet {
            printError("Calibration \(calibrationID) of response set \(ids.responseSetID): new bank version \(ids.newVersionID)"
                + " (parent \(ids.parentVersionID))" + (ids.created ? "." : " — identical to an existing version."))
        }
    }

    /// The command-line form of a calibration error's remedy (the library names no flag).
    static func advice(_ error: CalibrationError) -> String {
        switch error.kind {
        case .noItems: return " (--person-column names the person column.)"
        case .unusedCategory: return " (--collapse-unused merges it.)"
        case .tooManyCategories: return " (--model grm or --model gpcm.)"
        default: return ""
        }
    }
}
