import ArgumentParser
import Foundation
import ItemBanking
import Store
import Tables

/// `mentorcert bank …` — validate, import, list, show, stats, export.
struct BankCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bank",
        abstract: "Item banks: validate, import, list, show, stats, export.",
        subcommands: [BankValidate.self, BankImport.self, BankList.self, BankShow.self, BankStats.self, BankExport.self,
                      FieldTestCommand.self])
}

/// Opens the store named by `--store`, or exits 1 with the reason. Commands that only read pass
/// `.existingOnly`, so that a mistyped path is reported rather than created (DECISIONS, "Store").
func openStore(_ common: CommonOptions, mode: MentorCertStore.OpenMode = .createIfMissing) throws -> any RecordStore {
    do { return try MentorCertStore(path: common.store, mode: mode) } catch { throw fail(error) }
}

/// Item counts of a bank by section × level, and by type and status (for summaries).
struct BankCounts: Encodable {
    var items: Int
    var bySection: [String: Int]
    var bySectionAndLevel: [String: [String: Int]]
    var byType: [String: Int]
    var byStatus: [String: Int]
    var byLevel: [String: Int]

    init(_ bank: ItemBank) {
        items = bank.items.count
        bySection = Dictionary(grouping: bank.items, by: \.section).mapValues(\.count)
        bySectionAndLevel = Dictionary(grouping: bank.items, by: \.section).mapValues {
            Dictionary(grouping: $0, by: \.level.rawValue).mapValues(\.count)
        }
        byType = Dictionary(grouping: bank.items, by: \.type.rawValue).mapValues(\.count)
        byStatus = Dictionary(grouping: bank.items, by: \.status.rawValue).mapValues(\.count)
        byLevel = Dictionary(grouping: bank.items, by: \.level.rawValue).mapValues(\.count)
    }

    /// Section × level table text.
    func table(sections: [String]) -> String {
        let levels = MentorLevel.allCases.map(\.rawValue)
        let rows = sections.map { s in
            [s] + levels.map { String(bySectionAndLevel[s]?[$0] ?? 0) } + [String(bySection[s] ?? 0)]
        }
        let totals = ["total"] + levels.map { String(byLevel[$0] ?? 0) } + [String(items)]
        return TerminalTable(headers: ["section"] + levels + ["total"], rows: rows + [totals]).render()
    }

    func line(_ title: String, _ counts: [String: Int], order: [String]) -> String {
        "\(title): " + order.filter { counts[$0] != nil }.map { "\($0) \(counts[$0] ?? 0)" }.joined(separator: ", ")
    }
}

struct BankValidate: ParsableCommand {
    /// The tables of `bank validate`, the main one first (the counts are empty for a bank with errors).
    static let tables: [TableSchema] = [.bankProblems, .bankItemCounts]

    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a bank directory and report every problem as FILE:LINE: error: [ITEM] message.",
        discussion: tablesHelp(tables))

    @Argument(help: "The bank directory (holding bank.yaml and items/).") var directory: String
    @OptionGroup var common: OutputOptions
    @OptionGroup var tableSelection: TableSelection

    func validate() throws { try tableSelection.check(Self.tables, common) }

    struct Report: Encodable {
        var schemaVersion = 1
        var directory: String
        var valid: Bool
        var errors: Int
        var warnings: Int
        var problems: [BankProblem]
        var counts: BankCounts?
        /// The `bank_item_counts` rows (empty when the bank has errors).
        var itemCounts: [TableRow]
    }

    func run() throws {
        let result = ItemBank.validate(directory: directory)
        let errors = result.problems.errors.count, warnings = result.problems.warnings.count
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        // One row per problem (an empty table for a clean bank).
        let problems = try table(.bankProblems, result.problems.map { p -> [TableValue] in
            [.text(p.file), .integer(p.line), .text(p.severity.rawValue), TableValue(p.itemID), .text(p.message)]
        })
        let validBank = result.isValid ? result.bank : nil
        let itemCounts = try table(.bankItemCounts, validBank.map { BankStatistics(bank: $0).counts.map(countValues) } ?? [])
        let report = Report(directory: directory, valid: result.isValid, errors: errors, warnings: warnings,
                            problems: result.problems, counts: result.bank.map(BankCounts.init),
                            itemCounts: itemCounts.jsonRows)
        try emitTables(common, tableSelection, [problems, itemCounts], json: report) {
            var text = result.problems.map { prefix + $0.description }.joined(separator: "\n")
            if !text.isEmpty { text += "\n" }
            if let bank = result.bank, result.isValid {
                let c = BankCounts(bank)
                text += "\(directory): valid — bank \(bank.manifest.name) \(bank.manifest.version), \(c.items) items, \(warnings) warning(s)\n"
                if !common.quiet {
                    text += c.table(sections: bank.manifest.blueprint.sections.map(\.id))
                    text += c.line("types", c.byType, order: ItemType.allCases.map(\.rawValue)) + "\n"
                    text += c.line("statuses", c.byStatus, order: ItemStatus.allCases.map(\.rawValue)) + "\n"
                }
            } else {
                text += "\(directory): \(errors) error(s), \(warnings) warning(s); the bank is not valid\n"
            }
            return text
        }
        if !result.isValid { throw ExitCode(1) }
    }
}

struct BankImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Validate a bank directory and store it as an immutable version identified by its content hash.")

    @Argument(help: "The bank directory.") var directory: String
    @OptionGroup var common: CommonOptions

    struct Report: Encodable {
        var schemaVersion = 1
        var versionId: String
        var created: Bool
        var name: String
        var label: String
        var items: Int
    }

    func run() throws {
        let bank: ItemBank
        do { bank = try ItemBank.load(directory: directory) } catch {
            printError("\(error)\nNothing was imported.")
            throw ExitCode(1)
        }
        let store = try openStore(common)
        let result: (versionID: String, created: Bool)
        do { result = try store.importBank(bank, source: directory) } catch { throw fail(error) }
        let m = bank.manifest
        let report = Report(versionId: result.versionID, created: result.created, name: m.name, label: m.version,
                            items: bank.items.count)
        if common.format == .json {
            try emit(jsonText(report), to: common.out)
        } else if common.format == .csv {
            try emitCSV(try table(.bankImport, [[.text(report.versionId), .boolean(report.created), .text(report.name),
                                                 .text(report.label), .integer(report.items)]]), common)
        } else if result.created {
            try emit("imported bank \(m.name) \(m.version) (\(bank.items.count) items) as new version \(result.versionID)\n", to: common.out)
        } else {
            try emit("bank \(m.name) \(m.version) is already in the store as version \(result.versionID) (identical content); nothing changed\n", to: common.out)
        }
    }
}

struct BankList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the stored bank versions.")
    @OptionGroup var common: CommonOptions

    struct Report: Encodable {
        var schemaVersion = 1
        var bankVersions: [BankVersionSummary]
    }

    func run() throws {
        let store = try openStore(common, mode: .existingOnly)
        let versions: [BankVersionSummary]
        do { versions = try store.listBankVersions() } catch { throw fail(error) }
        let rows = versions.map { v -> [TableValue] in
            [.text(common.format == .table ? String(v.id.prefix(12)) : v.id), .text(v.name), .integer(v.sequence), .text(v.label),
             .integer(v.itemCount),
             TableValue(v.parentID.map { common.format == .table ? String($0.prefix(12)) : $0 }), .text(v.reason), .text(v.source),
             .text(v.createdAt)]
        }
        try emitTable(common, try table(.bankVersions, rows), json: Report(bankVersions: versions))
    }
}

struct BankShow: ParsableCommand {
    /// The tables of `bank show`, the main one first.
    static let tables: [TableSchema] = [.blueprintSections, .bankVersions, .cutScores, .bankItemCounts, .bankScale]

    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a stored bank version: manifest and item counts.",
        discussion: tablesHelp(tables, aliases: BankScaleReport.tableAliases))
    @Argument(help: "A bank-version id (or a unique prefix of at least 6 characters).") var version: String
    @OptionGroup var common: CommonOptions
    @OptionGroup var tableSelection: TableSelection

    func validate() throws { try tableSelection.resolving(BankScaleReport.tableAliases).check(Self.tables, common) }

    struct Report: Encodable {
        var schemaVersion = 1
        var bankVersion: BankVersionSummary
        var manifest: BankManifest
        var scale: BankScaleReport
        var counts: BankCounts
        /// The tables of the terminal and CSV forms, with their schemas' keys.
        var blueprintSections: [TableRow]
        var cutScores: [TableRow]
        var itemCounts: [TableRow]
    }

    func run() throws {
        let store = try openStore(common, mode: .existingOnly)
        let bank: ItemBank, summary: BankVersionSummary
        do {
            summary = try store.bankVersion(version).summary
            bank = try store.bank(of: summary.id)
        } catch { throw fail(error) }
        let m = bank.manifest
        let counts = BankCounts(bank)
        let sections = try table(.blueprintSections, m.blueprint.sections.map { s -> [TableValue] in
            [.text(s.id), .text(s.title), .number(s.share), .integer(s.minItems), .integer(s.maxItems),
             .integer(counts.bySection[s.id] ?? 0)]
        })
        let version = try table(.bankVersions, [[.text(summary.id), .text(summary.name), .integer(summary.sequence),
            .text(summary.label), .integer(summary.itemCount), TableValue(summary.parentID), .text(summary.reason), .text(summary.source),
            .text(summary.createdAt)]])
        let cuts = try table(.cutScores, [(MentorLevel.intermediate, m.cutScores.intermediate),
                                          (.advanced, m.cutScores.advanced), (.expert, m.cutScores.expert)].map { level, cut in
            [.text(level.rawValue), .number(cut), .boolean(level == m.certificationLevel)]
        })
        let itemCounts = try table(.bankItemCounts, BankStatistics(bank: bank).counts.map(countValues))
        let scale = BankScaleReport(m)
        let scaleTable = try table(.bankScale, [scale.row])
        let report = Report(bankVersion: summary, manifest: m, scale: scale, counts: counts,
                            blueprintSections: sections.jsonRows, cutScores: cuts.jsonRows, itemCounts: itemCounts.jsonRows)
        try emitTables(common, tableSelection.resolving(BankScaleReport.tableAliases),
                       [sections, version, cuts, itemCounts, scaleTable], json: report) {
            var t = """
                version      \(summary.id)
                label        \(summary.label) (version \(summary.sequence) of bank \(summary.name))
                bank         \(m.name) \(m.version) — \(m.title)
                created      \(summary.createdAt) (\(summary.reason), from \(summary.source))
                parent       \(summary.parentID ?? "none")
                cut scores   intermediate \(formatNumber(m.cutScores.intermediate)), advanced \(formatNumber(m.cutScores.advanced)), expert \(formatNumber(m.cutScores.expert)); certification level \(m.certificationLevel.rawValue)
                exam         length \(m.exam.minLength)–\(m.exam.maxLength), target SE \(formatNumber(m.exam.targetSE)), max exposure \(formatNumber(m.exam.maxExposure)), estimators \(m.exam.interimEstimator.rawValue)/\(m.exam.finalEstimator.rawValue)

                """
            if let p = m.parameterSource { t += "parameters   \(p.source.rawValue)\(p.seed.map { ", seed \($0)" } ?? "")\(p.note.map { " — \($0)" } ?? "")\n" }
            t += scale.lines
            t += "\n" + sections.terminalText()
            t += "\n" + counts.table(sections: m.blueprint.sections.map(\.id))
            t += counts.line("types", counts.byType, order: ItemType.allCases.map(\.rawValue)) + "\n"
            t += counts.line("statuses", counts.byStatus, order: ItemStatus.allCases.map(\.rawValue)) + "\n"
            return t
        }
    }
}

/// One row of the `bank_item_counts` table.
func countValues(_ c: BankStatistics.Count) -> [TableValue] {
    [.text(c.section), .text(c.level), .text(c.status), .integer(c.items)]
}

struct BankStats: ParsableCommand {
    /// The tables of `bank stats`, the main one first.
    static let tables: [TableSchema] = [.blueprintCoverage, .bankItemCounts, .parameterSummary, .bankScale]

    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Items per section × level × status, blueprint coverage and parameter summaries of a stored version.",
        discussion: tablesHelp(tables, aliases: BankScaleReport.tableAliases))
    @Argument(help: "A bank-version id (or a unique prefix of at least 6 characters).") var version: String
    @OptionGroup var common: CommonOptions
    @OptionGroup var tableSelection: TableSelection

    func validate() throws { try tableSelection.resolving(BankScaleReport.tableAliases).check(Self.tables, common) }

    /// The JSON form: every table, each under its place in `statistics`, with its schema's keys.
    struct Report: Encodable {
        var schemaVersion = 1
        var bankVersionId: String
        var maxLength: Int
        var maxExposure: Double
        var scale: BankScaleReport
        var statistics: Statistics
        var warnings: [String]
    }

    /// `counts` = `bank_item_counts`, `coverage` = `blueprint_coverage`, `parameters` = `parameter_summary`.
    struct Statistics: Encodable {
        var counts: [TableRow]
        var coverage: [TableRow]
        var parameters: [TableRow]
        var itemsWithoutParameters: Int
    }

    func run() throws {
        let store = try openStore(common, mode: .existingOnly)
        let bank: ItemBank, id: String
        do {
            id = try store.resolveBankVersion(version)
            bank = try store.bank(of: id)
        } catch { throw fail(error) }
        let stats = BankStatistics(bank: bank)
        var warnings: [String] = []
        if let p = bank.manifest.parameterSource, p.source != .fieldTest {
            warnings.append("item parameters are \(p.source.rawValue), not from a field test")
        }
        let e = bank.manifest.exam
        let coverage = try table(.blueprintCoverage, stats.coverage.map(coverageValues))
        let counts = try table(.bankItemCounts, stats.counts.map(countValues))
        let parameters = try table(.parameterSummary, stats.parameters.map { p -> [TableValue] in
            [.text(p.model), .integer(p.items),
             TableValue(p.discrimination.mean), TableValue(p.discrimination.sd), TableValue(p.discrimination.min),
             TableValue(p.discrimination.max), TableValue(p.difficulty.mean), TableValue(p.difficulty.sd),
             TableValue(p.difficulty.min), TableValue(p.difficulty.max)]
        })
        let scale = BankScaleReport(bank.manifest)
        let scaleTable = try table(.bankScale, [scale.row])
        let report = Report(bankVersionId: id, maxLength: e.maxLength, maxExposure: e.maxExposure, scale: scale,
                            statistics: Statistics(counts: counts.jsonRows, coverage: coverage.jsonRows,
                                                   parameters: parameters.jsonRows,
                                                   itemsWithoutParameters: stats.itemsWithoutParameters),
                            warnings: warnings)
        if common.format == .csv && !common.quiet { for w in warnings { printError("warning: \(w)") } }
        try emitTables(common, tableSelection.resolving(BankScaleReport.tableAliases),
                       [coverage, counts, parameters, scaleTable], json: report) {
            var t = "Items per section × level × status\n"
            t += counts.terminalText()
            t += "\nBlueprint coverage (maxLength \(e.maxLength), maxExposure \(formatNumber(e.maxExposure)); pool needed = ⌈max(min, share × maxLength) / maxExposure⌉)\n"
            t += coverage.terminalText(decimals: 2)
            t += "\nParameters (a = discrimination, b = difficulty; graded: mean threshold)\n"
            t += parameters.terminalText(decimals: 3)
            t += "items without parameters: \(stats.itemsWithoutParameters)\n"
            t += "\n" + BankScaleReport(bank.manifest).lines
            for w in warnings { t += "warning: \(w)\n" }
            return t
        }
    }

    /// One row of the `blueprint_coverage` table.
    func coverageValues(_ c: BankStatistics.Coverage) -> [TableValue] {
        [.text(c.section), .number(c.share), .integer(c.minItems), .integer(c.maxItems), .integer(c.operationalItems),
         .number(c.itemsNeededAtMaxLength), .integer(c.poolNeeded), .boolean(c.pass)]
    }

}

struct BankExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write a stored bank version back to YAML (bank.yaml and items/<section>.yaml).")
    @Argument(help: "A bank-version id (or a unique prefix of at least 6 characters).") var version: String
    @Argument(help: "The directory to write (must not exist or be empty, unless --force).") var directory: String
    @Flag(name: .long, help: "Replace an existing directory.") var force = false
    @OptionGroup var common: CommonOptions

    func run() throws {
        let store = try openStore(common, mode: .existingOnly)
        let bank: ItemBank, id: String
        do {
            id = try store.resolveBankVersion(version)
            bank = try store.bank(of: id)
            try bank.export(to: directory, overwrite: force)
        } catch let error as ItemBankError {
            if case .directoryNotEmpty = error {
                printError("\(error) (--force replaces it).")
                throw ExitCode(1)
            }
            throw fail(error)
        } catch { throw fail(error) }
        struct Exported: Encodable {
            var schemaVersion = 1
            var bankVersionId: String
            var items: Int
            var directory: String
        }
        switch common.format {
        case .json:
            try emit(jsonText(Exported(bankVersionId: id, items: bank.items.count, directory: directory)), to: common.out)
        case .csv:
            try emitCSV(try table(.bankExport, [[.text(id), .integer(bank.items.count), .text(directory)]]), common)
        case .table:
            if !common.quiet { print("wrote bank version \(id) (\(bank.items.count) items) to \(directory)") }
        }
    }
}
