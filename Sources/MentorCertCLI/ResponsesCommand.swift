import ArgumentParser
import ExamSessions
import Foundation
import ProgressReporting
import ItemBanking
import ResponseData
import Store
import Tables

/// `mentorcert responses …` — import, list, show response sets.
struct ResponsesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "responses",
        abstract: "Response data sets: import, list, show, simulate.",
        subcommands: [ResponsesImport.self, ResponsesList.self, ResponsesShow.self, SimulateResponsesCommand.self])
}

struct ResponsesImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a CSV response file (wide or long) into the store.",
        discussion: """
            Wide: one row per person; item columns are the headers that are item ids of the bank. Long: \
            person,item,response rows. Empty cells and NA mean not presented; cells are scored 0..K-1, or option \
            labels with --raw. By default any problem imports nothing and every problem is listed.
            """)

    @Argument(help: "The CSV file (or --from-sessions VERSION instead).") var file: String?
    @Option(name: .customLong("from-sessions"), help: "Instead of a file: the finished exam sessions of this bank version (id or prefix), one row per session.")
    var fromSessions: String?
    @Option(name: .long, help: "A bank directory or a stored bank-version id (prefix ≥ 6 characters).") var bank: String?
    @Flag(name: .long, help: "The file is in long form (person,item,response).") var long = false
    @Flag(name: .long, help: "Multiple-choice cells hold option labels (A, B, …), scored with the bank's key.") var raw = false
    @Option(name: .long, help: "A group column (repeatable).") var group: [String] = []
    @Option(name: .long, help: "The person-id column (default: the first column; long form: person).") var personColumn: String?
    @Option(name: .long, help: "A column to skip (repeatable).") var ignore: [String] = []
    @Flag(name: .long, help: "Drop bad rows and report them instead of importing nothing.") var skipBadRows = false
    @Option(name: .long, help: "A name for the response set (default: the file name).") var name: String?
    @OptionGroup var common: CommonOptions

    struct Report: Encodable {
        var schemaVersion = 1
        var responseSetId: String
        var created: Bool
        var persons: Int
        var items: Int
        var missingShare: Double
        var bankVersionId: String?
        var skippedRows: Int
        var skipped: [String]
    }

    func validate() throws {
        guard (file == nil) != (fromSessions == nil) else {
            throw ValidationError("give a CSV file or --from-sessions VERSION (one of them).")
        }
        if fromSessions != nil && (bank != nil || long || raw || !group.isEmpty || personColumn != nil || !ignore.isEmpty || skipBadRows) {
            throw ValidationError("--from-sessions takes the bank version and the responses from the sessions; drop the file options.")
        }
    }

    func run() throws {
        let store = try openStore(common)
        guard let file else { return try importSessions(store) }
        // The bank: a directory is validated and imported (by hash) so the set points at an exact version.
        var catalogue: ItemCatalogue?
        var versionID: String?
        if let bank {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: bank, isDirectory: &isDirectory), isDirectory.boolValue {
                let loaded: ItemBank
                do { loaded = try ItemBank.load(directory: bank) } catch {
                    printError("\(error)\nNothing was imported.")
                    throw ExitCode(1)
                }
                do { versionID = try store.importBank(loaded, source: bank).versionID } catch { throw fail(error) }
                catalogue = loaded.catalogue
            } else {
                do {
                    let id = try store.resolveBankVersion(bank)
                    versionID = id
                    catalogue = try store.bank(of: id).catalogue
                } catch {
                    printError("--bank \(bank) is neither a bank directory nor a stored version: \(error)")
                    throw ExitCode(1)
                }
            }
        }
        let options = ResponseImportOptions(layout: long ? .long : .wide, personColumn: personColumn, groupColumns: group,
                                            ignoredColumns: ignore, raw: raw, skipBadRows: skipBadRows)
        let result: ResponseImport
        let (reading, onRead) = readingProgress(file, quiet: common.quiet)
        defer { reading.clear() }
        do { result = try ResponseReader.read(path: file, options: options, catalogue: catalogue, progress: onRead) } catch {
            reading.clear()
            printError(error.commandText(.imported))
            throw ExitCode(1)
        }
        finishReading(reading)
        for p in result.skippedProblems { printError("skipped: \(p)") }
        if !common.quiet { for w in result.warnings { printError("warning: \(w)") } }
        if result.skippedRows > 0 { printError("skipped \(result.skippedRows) bad row(s) (--skip-bad-rows)") }
        let setName = name ?? URL(fileURLWithPath: file).lastPathComponent
        let stored: (id: String, created: Bool)
        let storing = progressReporter("storing", unit: "persons", quiet: common.quiet)
        defer { storing.clear() }
        storing.update(completed: result.matrix.personCount)
        do {
            stored = try store.importResponses(result.matrix, name: setName, source: file, bankVersion: versionID)
        } catch { throw fail(error) }
        storing.finish("done")
        let m = result.matrix
        if common.format == .json {
            try emit(jsonText(Report(responseSetId: stored.id, created: stored.created, persons: m.personCount,
                                     items: m.itemCount, missingShare: m.missingShare, bankVersionId: versionID,
                                     skippedRows: result.skippedRows, skipped: result.skippedProblems.map(\.description))),
                     to: common.out)
        } else if common.format == .csv {
            try emitCSV(try table(.responseImport, [[.text(stored.id), .boolean(stored.created), .integer(m.personCount),
                .integer(m.itemCount), .number(m.missingShare), TableValue(versionID), .integer(result.skippedRows)]]), common)
        } else {
            let status = stored.created ? "imported response set" : "response set already in the store (identical content):"
            try emit("\(status) \(stored.id): \(m.personCount) persons, \(m.itemCount) items, missing \(formatNumber(m.missingShare * 100, decimals: 1))%\(versionID.map { ", bank version \($0.prefix(12))" } ?? "")\n", to: common.out)
        }
    }
}

extension ResponsesImport {
    /// `responses import --from-sessions VERSION`: the finished sessions' responses as a response set.
    private func importSessions(_ store: any RecordStore) throws {
        guard let fromSessions else { return }
        let matrix: ResponseMatrix
        let versionID: String
        do {
            versionID = try store.resolveBankVersion(fromSessions)
            matrix = try SessionArchive.responseMatrix(store: store, bankVersion: versionID)
        } catch let error as ExamSessionError {
            printError("responses import: \(error.description)\nNothing was imported."); throw ExitCode(1)
        } catch { throw fail(error) }
        let stored: (id: String, created: Bool)
        do {
            stored = try store.importResponses(matrix, name: name ?? "sessions of \(versionID.prefix(12))",
                                               source: "exam sessions of \(versionID)", bankVersion: versionID)
        } catch { throw fail(error) }
        if common.format == .json {
            try emit(jsonText(Report(responseSetId: stored.id, created: stored.created, persons: matrix.personCount,
                                     items: matrix.itemCount, missingShare: matrix.missingShare, bankVersionId: versionID,
                                     skippedRows: 0, skipped: [])), to: common.out)
        } else if common.format == .csv {
            try emitCSV(try table(.responseImport, [[.text(stored.id), .boolean(stored.created), .integer(matrix.personCount),
                .integer(matrix.itemCount), .number(matrix.missingShare), TableValue(versionID), .integer(0)]]), common)
        } else {
            let status = stored.created ? "imported response set" : "response set already in the store (identical content):"
            try emit("\(status) \(stored.id) from the finished sessions of bank version \(versionID.prefix(12)): "
                + "\(matrix.personCount) sessions, \(matrix.itemCount) items, missing \(formatNumber(matrix.missingShare * 100, decimals: 1))%\n",
                to: common.out)
        }
    }
}

struct ResponsesList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the stored response sets.")
    @OptionGroup var common: CommonOptions

    struct Report: Encodable {
        var schemaVersion = 1
        var responseSets: [ResponseSetSummary]
    }

    func run() throws {
        let store = try openStore(common, mode: .existingOnly)
        let sets: [ResponseSetSummary]
        do { sets = try store.listResponseSets() } catch { throw fail(error) }
        let rows = sets.map { s -> [TableValue] in
            [.text(s.id), .text(s.name), .integer(s.persons), .integer(s.items), .number(s.missingShare),
             TableValue(s.bankVersionID.map { common.format == .table ? String($0.prefix(12)) : $0 }), .text(s.sourceFile),
             .text(s.createdAt)]
        }
        try emitTable(common, try table(.responseSets, rows), json: Report(responseSets: sets))
    }
}

struct ResponsesShow: ParsableCommand {
    /// The tables of `responses show`, the main one first.
    static let tables: [TableSchema] = [.responseItems, .responseSets]

    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a stored response set: summary and per-item counts.",
        discussion: tablesHelp(tables))
    @Argument(help: "A response-set id (or a unique prefix of at least 6 characters).") var set: String
    @OptionGroup var common: CommonOptions
    @OptionGroup var tableSelection: TableSelection

    func validate() throws { try tableSelection.check(Self.tables, common) }

    /// Per-item summary: persons presented, mean score, missing share, counts per category.
    struct ItemSummary: Encodable {
        var itemId: String
        var categories: Int
        var presented: Int
        var missingShare: Double
        var meanScore: Double?
        var categoryCounts: [Int]
    }

    struct Report: Encodable {
        var schemaVersion = 1
        var responseSet: ResponseSetSummary
        var items: [ItemSummary]
        var warnings: [String]
    }

    func run() throws {
        let store = try openStore(common, mode: .existingOnly)
        let summary: ResponseSetSummary, matrix: ResponseMatrix
        do {
            summary = try store.responseSet(set)
            matrix = try store.responseMatrix(summary.id)
        } catch { throw fail(error) }
        var warnings: [String] = []
        let items: [ItemSummary] = (0..<matrix.itemCount).map { j in
            var counts = [Int](repeating: 0, count: matrix.categoryCounts[j])
            var n = 0, total = 0
            for p in 0..<matrix.personCount {
                if let v = matrix[p, j] { n += 1; total += Int(v); if Int(v) < counts.count { counts[Int(v)] += 1 } }
            }
            if n == 0 { warnings.append("item \(matrix.itemIDs[j]) has no responses; its mean score is null") }
            return ItemSummary(itemId: matrix.itemIDs[j], categories: matrix.categoryCounts[j], presented: n,
                               missingShare: matrix.personCount == 0 ? 0 : 1 - Double(n) / Double(matrix.personCount),
                               meanScore: n == 0 ? nil : Double(total) / Double(n), categoryCounts: counts)
        }
        let rows = items.map { i -> [TableValue] in
            [.text(i.itemId), .integer(i.categories), .integer(i.presented), .number(i.missingShare), TableValue(i.meanScore),
             .integers(i.categoryCounts)]
        }
        let title = "response set \(summary.id) \"\(summary.name)\": \(summary.persons) persons, \(summary.items) items, missing \(formatNumber(summary.missingShare * 100, decimals: 1))%, from \(summary.sourceFile)\(summary.bankVersionID.map { ", bank version \($0.prefix(12))" } ?? "")\(summary.groupNames.isEmpty ? "" : ", groups " + summary.groupNames.joined(separator: ", "))\n"
        // The one-row summary is the `response_sets` row of this set (the same schema as `responses list`).
        let summaryTable = try table(.responseSets, [[.text(summary.id), .text(summary.name), .integer(summary.persons),
            .integer(summary.items), .number(summary.missingShare), TableValue(summary.bankVersionID), .text(summary.sourceFile),
            .text(summary.createdAt)]])
        let itemTable = try table(.responseItems, rows)
        try emitTables(common, tableSelection, [itemTable, summaryTable],
                       json: Report(responseSet: summary, items: items, warnings: warnings)) {
            title + itemTable.terminalText()
        }
    }
}
