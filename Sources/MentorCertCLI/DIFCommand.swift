import ArgumentParser
import Fairness
import Foundation
import IRTModels
import ItemBanking
import ResponseData
import Tables

/// `mentorcert dif RESPONSES --group COL [--focal VALUE] [--reference VALUE] [--bank B | --params P]` —
/// differential item functioning between two groups (``DIFAnalysis``): Mantel–Haenszel with the ETS
/// classes, logistic regression, and with item models the IRT likelihood-ratio test with a
/// Benjamini–Hochberg adjustment. Parses, calls ``DIFAnalysis/run(_:groups:parameters:settings:)``, prints.
struct DIFCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dif",
        abstract: "Differential item functioning between two groups (Mantel–Haenszel/ETS, logistic regression, IRT likelihood ratio).",
        discussion: """
            RESPONSES is a wide CSV of scored responses (0..K-1; empty or NA = not presented) with a group column, or a stored \
            response-set id imported with --group COL. Exactly two groups are compared: --focal VALUE (default: the smaller \
            group) against the other value, or, when the column has more than two values, --reference VALUE and --focal VALUE. \
            Persons are matched on the total score (studied item included); Mantel-Haenszel and logistic regression use the \
            persons who answered every item. With --bank or --params the IRT likelihood-ratio test also runs (one two-group \
            calibration per item: slower). An item is flagged at ETS B/C (BB/CC for polytomous items), logistic-regression B/C, \
            or an IRT-LR p < .05 after Benjamini-Hochberg; see docs/DECISIONS.md, "Fairness: DIF".
            """ + "\n\n" + tablesHelp(DIFReport.tableSchemas))

    @Argument(help: "The responses: a wide CSV file, or a stored response-set id (or a unique prefix of at least 6 characters).")
    var responses: String

    @Option(help: "The group column: each person's group (e.g. gender, language).")
    var group: String

    @Option(help: "The focal group's value (default: the smaller group).")
    var focal: String?

    @Option(help: "The reference group's value (default: the other value; required when the column has more than two values).")
    var reference: String?

    @Option(help: "A bank directory or stored bank-version id: its items are the columns of RESPONSES and its models give the IRT likelihood-ratio test.")
    var bank: String?

    @Option(help: "Item parameters (a JSON file written by `mentorcert calibrate --format json`, a bank directory or a stored bank-version id): the items analysed and their models.")
    var params: String?

    @Flag(name: .customLong("no-irt"), help: "Skip the IRT likelihood-ratio test even with --bank or --params.")
    var noIRT = false

    @Option(name: .customLong("quadrature-nodes"), help: "IRT likelihood-ratio test: quadrature nodes of the calibrations on [-6, 6].")
    var quadratureNodes: Int = 41

    @Option(name: .customLong("person-column"), help: "The person-id column (default: the first column).")
    var personColumn: String?

    @Option(name: .customLong("ignore"), help: "A column to ignore (repeatable).")
    var ignore: [String] = []

    @Flag(name: .customLong("skip-bad-rows"), help: "Drop rows with bad cells (reported) instead of stopping.")
    var skipBadRows = false

    @OptionGroup var common: CommonOptions
    @OptionGroup var tableSelection: TableSelection

    func validate() throws {
        try tableSelection.check(DIFReport.tableSchemas, common)
        guard bank == nil || params == nil else {
            throw ValidationError("Give --bank or --params, not both (a bank carries its items' parameters).")
        }
        guard (3...301).contains(quadratureNodes) else {
            throw ValidationError("--quadrature-nodes must be between 3 and 301 (default 41).")
        }
        if let focal, let reference, focal == reference {
            throw ValidationError("--focal and --reference are both '\(focal)'; name two different values of --group \(group).")
        }
    }

    func run() throws {
        do {
            try analyse()
        } catch let error as CLIError {
            printError(error.description)
            throw ExitCode(1)
        } catch let error as ResponseDataError {
            printError(error.commandText(.analysed))
            throw ExitCode(1)
        } catch let error as DIFError {
            printError("\(responses): \(error.description)" + Self.advice(error, column: group))
            throw ExitCode(1)
        }
    }

    /// What to do, in terms of the command line.
    static func advice(_ error: DIFError, column: String) -> String {
        switch error.kind {
        case .unknownGroupColumn: return ". Give --group a column of the file's header."
        case .singleGroup: return ". Choose another --group column, or add the other group's responses."
        case .absentGroup(_, let role, _, _): return ". Give --\(role) one of these values."
        case .groupsNotChosen: return ". Give --reference VALUE and --focal VALUE (persons of other groups are left out)."
        case .sameGroups: return "."
        case .tooFewPersons: return ". Check --group \(column) and the focal value."
        case .tooFewItems: return "."
        case .itemNotInResponses: return ". Give --params (or --bank) for the items of RESPONSES."
        case .calibration: return ". Run again with --no-irt to get the Mantel–Haenszel and logistic-regression results."
        }
    }

    private func analyse() throws {
        var parameters: ParameterSet?
        var catalogue: ItemCatalogue?
        var notes: [String] = []
        if let bank {
            let itemBank = try BankReference.load(bank, store: common.store)
            catalogue = itemBank.catalogue
            do { parameters = try itemBank.parameterSet() } catch { throw CLIError("\(bank): \(error.description)") }
            if parameters == nil { notes.append("the bank's items have no parameters: the IRT likelihood-ratio test needs them (calibrate the bank first)") }
        } else if let params {
            parameters = try ParameterReference.resolve(params, store: common.store)
        }
        let matrix = try readResponses(catalogue: catalogue)
        if var set = parameters, bank != nil {
            // A bank is a pool: analyse the bank items that are columns of the responses.
            set.items = set.items.filter { matrix.itemIDs.contains($0.id) }
            parameters = set.items.count >= 2 ? set : nil
        }
        let groups = try DIFGroups(column: group, of: matrix, focal: focal, reference: reference)
        var settings = DIFSettings()
        settings.runIRT = !noIRT
        settings.irt.quadratureNodes = quadratureNodes
        let progress = progressReporter("IRT likelihood-ratio test", total: parameters?.items.count, unit: "items", quiet: common.quiet)
        defer { progress.clear() }
        if progress.enabled && parameters != nil && !noIRT {
            settings.progress = { _, _ in progress.advance(by: 1) }
        }
        var report = try DIFAnalysis.run(matrix, groups: groups, parameters: parameters, settings: settings)
        progress.finish()
        report.warnings = notes + report.warnings
        if !common.quiet && (common.format == .csv || common.out != nil) { for w in report.warnings { printError("warning: \(w)") } }
        let tables: [Table]
        do { tables = try report.tables() } catch { throw fail(error) }
        try emitTables(common, tableSelection, tables, json: report) { Self.text(report, tables[0]) }
        if !common.quiet, let out = common.out {
            printError("Wrote the DIF analysis of \(report.items.count) items (\(report.flagged.count) flagged) to \(out).")
        }
    }

    private func readResponses(catalogue: ItemCatalogue?) throws -> ResponseMatrix {
        switch try ResponseSource.resolve(responses, store: common.store) {
        case let .file(path):
            let (reading, onRead) = readingProgress(path, quiet: common.quiet)
            defer { reading.clear() }
            let options = ResponseImportOptions(personColumn: personColumn, groupColumns: [group], ignoredColumns: ignore,
                                                raw: false, skipBadRows: skipBadRows)
            let matrix = try ResponseReader.read(path: path, options: options, catalogue: catalogue, progress: onRead).matrix
            finishReading(reading)
            return matrix
        case let .stored(summary, matrix):
            if personColumn != nil || !ignore.isEmpty || skipBadRows {
                printError("Error: response set \(summary.id) is stored: --person-column, --ignore and --skip-bad-rows only apply to reading a CSV file; drop them.")
                throw ExitCode.validationFailure
            }
            guard matrix.groups[group] != nil else {
                let stored = summary.groupNames.isEmpty ? "none" : summary.groupNames.joined(separator: ", ")
                throw CLIError("response set \(summary.id) has no group column \(group) (its groups: \(stored)); import the file again with --group \(group).")
            }
            return matrix
        }
    }

    /// The terminal form: the groups, the `dif_items` table, the flagged items with their reasons, warnings.
    static func text(_ report: DIFReport, _ items: Table) -> String {
        var out = "DIF on group column \(report.groupColumn): focal \"\(report.focalGroup)\" (\(report.focalPersons) persons"
            + (report.focalChoice == "named" ? "" : ", the smaller group") + ") vs reference \"\(report.referenceGroup)\" ("
            + "\(report.referencePersons) persons); \(report.items.count) items, matched on the total score\n"
        if let mean = report.irtFocalMean, let variance = report.irtFocalVariance {
            out += "IRT: focal latent mean \(formatNumber(mean, decimals: 3)), variance \(formatNumber(variance, decimals: 3)) (reference N(0, 1))\n"
        }
        out += items.terminalText(columns: ["itemId", "categories", "mhClass", "mhDelta", "mhEffectSize", "mhPValue", "lrClass",
                                            "lrRSquaredChange", "irtPValueAdjusted", "favours", "flagged"])
        let flagged = report.flaggedItems
        if flagged.isEmpty {
            out += "No item flagged for review (α = \(formatNumber(report.alpha))).\n"
        } else {
            out += "Flagged for review (\(flagged.count)):\n"
            for row in flagged { out += "  \(row.itemId): \(row.reasons ?? "")\n" }
        }
        for w in report.warnings { out += "warning: \(w)\n" }
        return out
    }
}
