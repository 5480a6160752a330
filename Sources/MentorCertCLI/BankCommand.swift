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
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a bank directory and report every problem as FILE:LINE: error: [ITEM] message.")

    @Argument(help: "The bank directory (holding bank.yaml and items/).") var directory: String
    @OptionGroup var common: CommonOptions

    struct Report: Encodable {
        var schemaVersion = 1
        var directory: String
        var valid: Bool
        var errors: Int
        var warnings: Int
        var problems: [BankProblem]
        var counts: BankCounts?
    }

    func run() throws {
        let result = ItemBank.validate(directory: directory)
        let errors = result.problems.errors.count, warnings = result.problems.warnings.count
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        if common.format == .json {
            try emit(jsonText(Report(directory: directory, valid: result.isValid, errors: errors, warnings: warnings,
                                     problems: result.problems, counts: result.bank.map(BankCounts.init))), to: common.out)
        } else if common.format == .csv {
            // One row per problem (an empty table for a clean bank).
            let rows = result.problems.map { p -> [TableValue] in
                [.text(p.file), .integer(p.line), .text(p.severity.rawValue), TableValue(p.itemID), .text(p.message)]
            }
            try emitCSV(try table(.bankProblems, rows), common)
        } else {
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
            try emit(text, to: common.out)
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
        if common.format == .json {
            try emit(jsonText(Report(versionId: result.versionID, created: result.created, name: m.name, label: m.version,
                                     items: bank.items.count)), to: common.out)
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
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a stored bank version: manifest and item counts.")
    @Argument(help: "A bank-version id (or a unique prefix of at least 6 characters).") var version: String
    @Option(name: .customLong("table"), help: "The table written by --format csv: main (blueprint sections) or scale (the bank's θ scale).")
    var csvTable: BankTableChoice = .main
    @OptionGroup var common: CommonOptions

    struct Report: Encodable {
        var schemaVersion = 1
        var bankVersion: BankVersionSummary
        var manifest: BankManifest
        var scale: BankScaleReport
        var counts: BankCounts
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
        switch common.format {
        case .json:
            try emit(jsonText(Report(bankVersion: summary, manifest: m, scale: BankScaleReport(m), counts: counts)),
                     to: common.out)
        case .csv where csvTable == .scale:
            try emitCSV(try table(.bankScale, [BankScaleReport(m).row]), common)
        case .csv:
            let rows = m.blueprint.sections.map { s -> [TableValue] in
                [.text(s.id), .text(s.title), .number(s.share), .integer(s.minItems), .integer(s.maxItems),
                 .integer(counts.bySection[s.id] ?? 0)]
            }
            try emitCSV(try table(.blueprintSections, rows), common)
        case .table:
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
            t += BankScaleReport(m).lines
            t += "\n" + TerminalTable(headers: ["section", "title", "share", "min", "max"], rows: m.blueprint.sections.map {
                [$0.id, $0.title, formatNumber($0.share), String($0.minItems), String($0.maxItems)]
            }).render()
            t += "\n" + counts.table(sections: m.blueprint.sections.map(\.id))
            t += counts.line("types", counts.byType, order: ItemType.allCases.map(\.rawValue)) + "\n"
            t += counts.line("statuses", counts.byStatus, order: ItemStatus.allCases.map(\.rawValue)) + "\n"
            try emit(t, to: common.out)
        }
    }
}

struct BankStats: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Items per section × level × status, blueprint coverage and parameter summaries of a stored version.")
    @Argument(help: "A bank-version id (or a unique prefix of at least 6 characters).") var version: String
    @Option(name: .customLong("table"), help: "The table written by --format csv: main (blueprint coverage) or scale (the bank's θ scale).")
    var csvTable: BankTableChoice = .main
    @OptionGroup var common: CommonOptions

    struct Report: Encodable {
        var schemaVersion = 1
        var bankVersionId: String
        var maxLength: Int
        var maxExposure: Double
        var scale: BankScaleReport
        var statistics: BankStatistics
        var warnings: [String]
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
        switch common.format {
        case .json:
            try emit(jsonText(Report(bankVersionId: id, maxLength: e.maxLength, maxExposure: e.maxExposure,
                                     scale: BankScaleReport(bank.manifest), statistics: stats, warnings: warnings)),
                     to: common.out)
        case .csv where csvTable == .scale:
            try emitCSV(try table(.bankScale, [BankScaleReport(bank.manifest).row]), common)
        case .csv:
            // One table per CSV file: the coverage table (the others are in the JSON form).
            try emitCSV(try table(.blueprintCoverage, stats.coverage.map(coverageValues)), common)
        case .table:
            var t = "Items per section × level × status\n"
            t += TerminalTable(headers: ["section", "level", "status", "items"],
                           rows: stats.counts.map { [$0.section, $0.level, $0.status, String($0.items)] }).render()
            t += "\nBlueprint coverage (maxLength \(e.maxLength), maxExposure \(formatNumber(e.maxExposure)); pool needed = ⌈max(min, share × maxLength) / maxExposure⌉)\n"
            t += TerminalTable(headers: ["section", "share", "min", "max", "operational", "needed at maxLength", "pool needed", "pass"],
                           rows: stats.coverage.map(coverageRow)).render()
            t += "\nParameters (a = discrimination, b = difficulty; graded: mean threshold)\n"
            t += TerminalTable(headers: ["model", "n", "mean a", "sd a", "min a", "max a", "mean b", "sd b", "min b", "max b"],
                           rows: stats.parameters.map { p in
                               [p.model, String(p.items), formatNumber(p.discrimination.mean, decimals: 3), formatNumber(p.discrimination.sd, decimals: 3),
                                formatNumber(p.discrimination.min, decimals: 3), formatNumber(p.discrimination.max, decimals: 3),
                                formatNumber(p.difficulty.mean, decimals: 3), formatNumber(p.difficulty.sd, decimals: 3),
                                formatNumber(p.difficulty.min, decimals: 3), formatNumber(p.difficulty.max, decimals: 3)]
                           }).render()
            t += "items without parameters: \(stats.itemsWithoutParameters)\n"
            t += "\n" + BankScaleReport(bank.manifest).lines
            for w in warnings { t += "warning: \(w)\n" }
            try emit(t, to: common.out)
        }
    }

    /// One row of the `blueprint_coverage` table.
    func coverageValues(_ c: BankStatistics.Coverage) -> [TableValue] {
        [.text(c.section), .number(c.share), .integer(c.minItems), .integer(c.maxItems), .integer(c.operationalItems),
         .number(c.itemsNeededAtMaxLength), .integer(c.poolNeeded), .boolean(c.pass)]
    }

    func coverageRow(_ c: BankStatistics.Coverage) -> [String] {
        [c.section, formatNumber(c.share), String(c.minItems), String(c.maxItems), String(c.operationalItems),
         formatNumber(c.itemsNeededAtMaxLength, decimals: 2), String(c.poolNeeded), c.pass ? "pass" : "FAIL"]
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
