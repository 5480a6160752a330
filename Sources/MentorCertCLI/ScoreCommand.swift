import ArgumentParser
import Foundation
import ProgressReporting
import IRTModels
import MathCore
import ResponseData
import Scoring
import StatisticsExport
import Tables

/// `mentorcert score RESPONSES --params P --method eap|map|ml|wle` — person scores with standard errors.
///
/// Reads a wide response CSV and a parameter file written by `mentorcert calibrate --format json`,
/// matches items to columns by id and scores every person with ``PersonScorer`` (EAP and MAP use the
/// file's `latentMean` / `latentVariance` as the prior, DECISIONS §5). Output: one row per person,
/// `personId, theta, standardError, method, flag, itemsAnswered` (CSV in snake_case); JSON adds
/// `schemaVersion` and `warnings`; a missing value is `null` and explained in `warnings`.
struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score persons (EAP, MAP, ML, WLE) with standard errors.",
        discussion: """
            RESPONSES is a stored response-set id (`mentorcert responses list`) or a wide CSV (one row per person; the first column is the person id unless \
            --person-column says otherwise; cells are scored categories 0..K-1; empty or NA = not presented). \
            Every item of the parameter file must be a column of RESPONSES; other columns are ignored with a warning. \
            ML and WLE keep estimates inside the fence [-6, 6]: an all-correct (all-wrong) pattern has no finite \
            ML estimate and gets +6 (-6), flagged; see docs/DECISIONS.md, "Scoring".
            """)

    @Argument(help: "The responses: a wide CSV file, or a stored response-set id (or a unique prefix of at least 6 characters).")
    var responses: String

    @Option(help: "The item parameters: a JSON file written by `mentorcert calibrate --format json`, a bank directory, or a stored bank-version id.")
    var params: String

    @Option(help: "Scoring method: eap, map, ml or wle.")
    var method: String

    @OptionGroup var responseFile: ResponseFileOptions

    @Option(name: .customLong("quadrature-nodes"), help: "EAP: equally spaced nodes on [-6, 6] SD around the prior mean.")
    var quadratureNodes: Int = 61

    @Option(help: "ML/MAP/WLE: estimates are kept inside [-FENCE, FENCE].")
    var fence: Double = 6

    @OptionGroup var common: CommonOptions

    /// A bad option value is a malformed command line: exit 64 with the usage (README, "Exit status").
    /// The method named by `--method` (nil for an unknown name, which `validate()` refuses).
    private var scoringMethod: ScoringMethod? { ScoringMethod(rawValue: method.lowercased()) }

    func validate() throws {
        guard scoringMethod != nil else {
            throw ValidationError("unknown scoring method '\(method)'; use one of "
                + ScoringMethod.allCases.map(\.rawValue).joined(separator: ", ") + " (e.g. --method wle).")
        }
        guard (3...301).contains(quadratureNodes) else {
            throw ValidationError("--quadrature-nodes must be between 3 and 301 (default 61).")
        }
        guard fence > 0, fence.isFinite else { throw ValidationError("--fence must be a positive number (default 6).") }
    }

    func run() throws {
        do {
            try score()
        } catch let error as CLIError {
            printError(error.description)
            throw ExitCode(1)
        } catch let error as ResponseDataError {
            printError(error.commandText(.scored))
            throw ExitCode(1)
        }
    }

    private func score() throws {
        // validate() has refused every other value of --method, --quadrature-nodes and --fence.
        guard let method = scoringMethod else { throw ExitCode.validationFailure }
        let file = try ParameterReference.resolve(params, store: common.store)
        // A bank's parameters score any subset of its items (a fixed form); a form's parameter file
        // needs every one of its items as a column.
        let coverage: ScoringInput.Coverage = ParameterReference.isFile(params) ? .everyItem : .subset
        let input: ScoringInput
        do {
            switch try ResponseSource.resolve(responses, store: common.store) {
            case let .file(path):
                let (reading, onRead) = readingProgress(path, quiet: common.quiet)
                defer { reading.clear() }
                input = try ScoringInput.read(path: path, parameters: file, options: responseFile.importOptions(),
                                              coverage: coverage, progress: onRead)
                finishReading(reading)
            case let .stored(summary, matrix):
                if responseFile.anyGiven {
                    printError("Error: response set \(summary.id) is stored: --person-column, --ignore and --skip-bad-rows only apply to reading a CSV file; drop them.")
                    throw ExitCode.validationFailure
                }
                input = try ScoringInput.match(matrix, source: "response set \(summary.id)", parameters: file, coverage: coverage)
            }
        } catch let error as ScoringInputError {
            throw CLIError("\(params) → " + error.description)
        }
        let items = input.items, matrix = input.matrix, columns = input.columns
        var warnings = input.warnings

        let scorer = PersonScorer(items: items.map(\.parameters), method: method, latentMean: file.latent.mean,
                                  latentVariance: file.latent.variance,
                                  quadrature: .normalGrid(count: quadratureNodes), fence: -fence...fence)
        let progress = progressReporter("scoring", total: matrix.personCount, unit: "persons", quiet: common.quiet)
        defer { progress.clear() }
        var onScored: (@Sendable (Int) -> Void)?
        if progress.enabled { onScored = { progress.advance(by: $0) } }
        let scores: [PersonScore]
        do {
            scores = try scorer.scoreAll(responses: matrix.responses, itemCount: matrix.itemCount, columns: columns,
                                         progress: onScored)
        } catch {
            throw CLIError("\(responses): \(error.description)")
        }
        progress.finish()
        warnings += Self.warnings(scores, method: method, fence: fence)
        // Table and JSON carry the warnings; CSV has no place for them, and a file is not on screen.
        if !common.quiet && (common.format == .csv || common.out != nil) { for w in warnings { printError("warning: \(w)") } }
        var scored = file
        scored.items = items
        try emit(render(scores, personIDs: matrix.personIDs, method: method, warnings: warnings, file: scored), to: common.out)
        if !common.quiet, let out = common.out {
            printError("Wrote \(scores.count) \(method.rawValue.uppercased()) scores to \(out).")
        }
    }

    /// One warning per kind of flag, with the rule that produced the value.
    static func warnings(_ scores: [PersonScore], method: ScoringMethod, fence: Double) -> [String] {
        var counts: [ScoreFlag: Int] = [:]
        for s in scores { if let f = s.flag { counts[f, default: 0] += 1 } }
        var out: [String] = []
        let f = formatNumber(fence)
        if let n = counts[.allCorrect] {
            switch method {
            case .ml: out.append("\(n) person(s) answered every item in the top category: ML has no finite estimate; theta is held at the fence +\(f) (flag allCorrect)")
            case .wle: out.append("\(n) person(s) answered every item in the top category: Warm's estimate is reported, held at +\(f) if beyond the fence (flag allCorrect)")
            default: out.append("\(n) person(s) answered every item in the top category (flag allCorrect); the estimate rests on the prior")
            }
        }
        if let n = counts[.allIncorrect] {
            switch method {
            case .ml: out.append("\(n) person(s) answered every item in category 0: ML has no finite estimate; theta is held at the fence -\(f) (flag allIncorrect)")
            case .wle: out.append("\(n) person(s) answered every item in category 0: Warm's estimate is reported, held at -\(f) if beyond the fence (flag allIncorrect)")
            default: out.append("\(n) person(s) answered every item in category 0 (flag allIncorrect); the estimate rests on the prior")
            }
        }
        if let n = counts[.fenced] { out.append("\(n) estimate(s) lay beyond the fence [-\(f), \(f)] and are held at it (flag fenced)") }
        if let n = counts[.notConverged] { out.append("\(n) estimate(s) did not converge within \(PersonScorer.maxIterations) iterations (flag notConverged)") }
        if let n = counts[.noResponses] {
            out.append(method.usesPrior
                ? "\(n) person(s) answered no item: the prior mean and SD are reported (flag noResponses)"
                : "\(n) person(s) answered no item: \(method.rawValue.uppercased()) gives no estimate; theta and standardError are null (flag noResponses)")
        }
        let noSE = scores.filter { $0.theta != nil && $0.standardError == nil }.count
        if noSE > 0 { out.append("\(noSE) estimate(s) have zero test information: standardError is null") }
        return out
    }

    // MARK: Output

    struct Document: Encodable {
        var schemaVersion = TableSchema.personScores.version
        var method: ScoringMethod
        var latentMean: Double
        var latentVariance: Double
        /// The `person_scores` rows (every key present, `null` for a missing value).
        var persons: [TableRow]
        var warnings: [String]
    }

    /// The `person_scores` table: one row per person.
    static func scoreTable(_ scores: [PersonScore], personIDs: [String]) throws -> Table {
        do { return try PersonScoreTable.table(scores, personIDs: personIDs) } catch { throw fail(error) }
    }

    private func render(_ scores: [PersonScore], personIDs: [String], method: ScoringMethod, warnings: [String],
                        file: ParameterSet) throws -> String {
        let scoreTable = try Self.scoreTable(scores, personIDs: personIDs)
        switch common.format {
        case .json:
            let doc = Document(method: method, latentMean: file.latent.mean, latentVariance: file.latent.variance,
                               persons: scoreTable.jsonRows, warnings: warnings + scoreTable.warnings.map(\.description))
            return try jsonText(doc)
        case .csv:
            if !common.quiet { for w in scoreTable.warnings { printError("warning: \(w)") } }
            return scoreTable.csvText()
        case .table:
            var out = "\(method.rawValue.uppercased()) scores of \(scores.count) persons on \(file.items.count) items"
                + (method.usesPrior ? " (prior N(\(formatNumber(file.latent.mean)), \(formatNumber(file.latent.variance))))" : "") + "\n"
            out += scoreTable.terminalText(columns: ["personId", "theta", "standardError", "itemsAnswered", "flag"])
            for w in warnings { out += "warning: \(w)\n" }
            return out
        }
    }
}
