import ArgumentParser
import Foundation
import IRTModels
import ItemBanking
import Reliability
import ResponseData
import Scoring
import StatisticsExport
import Tables

/// `mentorcert reliability RESPONSES [--bank B | --params P]` — reliability, SEM/CSEM and classification
/// accuracy and consistency (issue 18; DECISIONS §7). Parses, calls ``ReliabilityAnalysis/run``, prints.
struct ReliabilityCommand: ParsableCommand {
    static let tables: [TableSchema] = [.reliabilityCoefficients, .alphaIfDeleted, .classificationIndices, .informationCurve,
                                        .sectionReliability]

    static let configuration = CommandConfiguration(
        commandName: "reliability",
        abstract: "Reliability, SEM/CSEM and classification accuracy and consistency at the cut scores.",
        discussion: """
            Always reports the classical statistics from the responses alone: Cronbach's alpha (KR-20 for \
            dichotomous items) with Feldt's interval, standardised alpha, alpha if item deleted, the odd-even \
            split half with Spearman-Brown, and the SEM (listwise by default; --pairwise as psych::alpha). On \
            adaptive (sparse) data they are null with the warning "not defined for adaptive data". With --bank \
            or --params: marginal and empirical reliability, test information and CSEM over theta (bank, form, \
            sections), section reliability; with cut scores (a bank carries them; --cuts with --params): \
            Rudner's indices from the final estimator, and on fixed forms Lee's and Livingston-Lewis's, at \
            every cut and over the four levels. --simulate N adds the adaptive exam's reliability, CSEM and \
            classification from a simulation study. Results resting on simulated parameters say so. \
            See docs/DECISIONS.md, "Reliability".
            """ + "\n\n" + tablesHelp(tables))

    @Argument(help: "The responses: a wide CSV file, or a stored response-set id (or a unique prefix of at least 6 characters).")
    var responses: String

    @Option(help: "The bank: a bank directory or a stored bank-version id (parameters, sections, cut scores, adaptive exam).")
    var bank: String?

    @Option(help: "Item parameters: a parameter file from `calibrate --format json`, a bank directory or a stored bank-version id.")
    var params: String?

    @Option(help: "With --params: increasing θ cut scores separated by commas, e.g. -0.5,0.5,1.4 (three name the four levels; certification at the first).")
    var cuts: String?

    @Flag(help: "Pairwise-complete covariances for alpha (as psych::alpha's default) instead of listwise.")
    var pairwise = false

    @Option(help: "Level of Feldt's confidence interval of alpha.")
    var confidence: Double = 0.95

    @Option(help: "Simulate this many adaptive exams of the bank (or of all items of --params) for the adaptive reliability, CSEM and classification.")
    var simulate: Int?

    @Option(help: "Seed of the simulation study.")
    var seed: UInt64 = 1

    @Flag(help: "Print `profile: total S s` (the analysis's compute time, input already read) on standard error.")
    var profile = false

    @OptionGroup var responseFile: ResponseFileOptions
    @OptionGroup var tableSelection: TableSelection
    @OptionGroup var common: CommonOptions

    func validate() throws {
        guard bank == nil || params == nil else { throw ValidationError("give --bank or --params, not both.") }
        if cuts != nil && params == nil { throw ValidationError("--cuts applies to --params; a bank has its own cut scores.") }
        guard confidence > 0, confidence < 1 else { throw ValidationError("--confidence must lie between 0 and 1, e.g. 0.95.") }
        if let simulate {
            guard simulate >= 2 else { throw ValidationError("--simulate must be at least 2 candidates.") }
            guard bank != nil || params != nil else { throw ValidationError("--simulate needs --bank or --params (the adaptive exam to simulate).") }
        }
        _ = try parsedCuts()
        try tableSelection.check(Self.tables, common)
    }

    func run() throws {
        do {
            try analyse()
        } catch let error as CLIError {
            printError(error.description); throw ExitCode(1)
        } catch let error as ResponseDataError {
            printError(error.commandText(.scored)); throw ExitCode(1)
        } catch let error as ReliabilityError {
            printError("reliability: \(error.description)"); throw ExitCode(1)
        }
    }

    private func analyse() throws {
        var model: ReliabilityModel?
        var parameterSet: ParameterSet?
        if let bank {
            let loaded = try BankReference.load(bank, store: common.store)
            let reliabilityModel = try ReliabilityModel(bank: loaded)
            model = reliabilityModel
            parameterSet = ParameterSet(items: reliabilityModel.items, latent: reliabilityModel.latent)
        } else if let params {
            let set = try ParameterReference.resolve(params, store: common.store)
            model = try ReliabilityModel(parameterSet: set, cuts: try parsedCuts() ?? [])
            parameterSet = set
        }
        let matrix = try readResponses(parameters: parameterSet)
        let options = ReliabilityOptions(missingData: pairwise ? .pairwise : .listwise, confidence: confidence,
                                         simulatedExaminees: simulate, seed: seed)
        let clock = ContinuousClock()
        let start = clock.now
        let report = try ReliabilityAnalysis.run(responses: matrix, model: model, options: options, source: responses)
        let elapsed = clock.now - start
        if profile {
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            printError("profile: total \(String(format: "%.4f", seconds)) s")
        }
        if !common.quiet && (common.format == .csv || common.out != nil) {
            for w in report.warnings { printError("warning: \(w)") }
        }
        try output(report)
    }

    /// The responses: with parameters, the columns that are items of them (ScoringInput's rule, columns
    /// without parameters ignored with a warning); without, every column but the person column.
    private func readResponses(parameters: ParameterSet?) throws -> ResponseMatrix {
        switch try ResponseSource.resolve(responses, store: common.store) {
        case let .file(path):
            let (reading, onRead) = readingProgress(path, quiet: common.quiet)
            defer { reading.clear() }
            let matrix: ResponseMatrix
            if let parameters {
                do {
                    let input = try ScoringInput.read(path: path, parameters: parameters, options: responseFile.importOptions(),
                                                      coverage: .subset, progress: onRead)
                    matrix = input.matrix.selectingItems(input.columns)
                    if !common.quiet { for w in input.warnings { printError("warning: \(w)") } }
                } catch let error as ScoringInputError {
                    throw CLIError(error.description)
                }
            } else {
                matrix = try ResponseReader.read(path: path, options: responseFile.importOptions(), catalogue: nil, progress: onRead).matrix
            }
            finishReading(reading)
            return matrix
        case let .stored(summary, matrix):
            if responseFile.anyGiven {
                printError("Error: response set \(summary.id) is stored: --person-column, --ignore and --skip-bad-rows only apply to reading a CSV file; drop them.")
                throw ExitCode.validationFailure
            }
            guard let parameters else { return matrix }
            do {
                let input = try ScoringInput.match(matrix, source: "response set \(summary.id)", parameters: parameters, coverage: .subset)
                return input.matrix.selectingItems(input.columns)
            } catch let error as ScoringInputError {
                throw CLIError(error.description)
            }
        }
    }

    private func parsedCuts() throws -> [Double]? {
        guard let cuts else { return nil }
        let values = cuts.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, let v = values as? [Double], v.allSatisfy(\.isFinite), zip(v, v.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw ValidationError("--cuts needs increasing numbers separated by commas, e.g. -0.5,0.5,1.4.")
        }
        return v
    }

    // MARK: Output

    private func output(_ report: ReliabilityReport) throws {
        let tables = try Self.tables(report)
        try emitTables(common, tableSelection, tables, json: report) { Self.text(report, tables) }
    }

    /// The five tables of the report (``ReliabilityTables``, shared with `export tables`).
    static func tables(_ r: ReliabilityReport) throws -> [Table] {
        do { return try ReliabilityTables.tables(r) } catch { throw fail(error) }
    }

    /// The terminal form: coefficients, classification, sections, warnings (curves and items via --table).
    static func text(_ r: ReliabilityReport, _ tables: [Table]) -> String {
        var out = "Reliability of \(r.persons) persons on \(r.items) items (\(r.missingData.rawValue), \(r.personsUsed) persons used)"
        if r.simulatedParameters == true { out += " — SIMULATED parameters" }
        out += "\n\n" + tables[0].terminalText()
        if !(tables[2].rows.isEmpty) {
            out += "\nClassification at the cut scores:\n" + tables[2].terminalText(
                columns: ["method", "level", "cut", "summedScoreCut", "accuracy", "consistency", "kappa", "falsePass", "falseFail", "csem"])
        }
        if !(tables[4].rows.isEmpty) { out += "\nSections:\n" + tables[4].terminalText() }
        out += "\n(--table alpha_if_deleted, information_curve for the per-item and per-θ tables.)\n"
        for w in r.warnings { out += "warning: \(w)\n" }
        return out
    }
}
