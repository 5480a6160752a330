import ArgumentParser
import Foundation
import ItemBanking
import ResponseData
import StandardSetting
import Store
import Tables

/// `mentorcert standards angoff|bookmark|hofstee` — cut scores from a panel's judgements
/// (``StandardSetting``), printed as the standard-setting record and, with `--write`, stored as a new
/// bank version (parent, reason `standard setting`, the panel file's SHA-256 as source, an audit entry).
struct StandardsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "standards",
        abstract: "Standard setting: cut scores from a panel's modified-Angoff ratings, Bookmark placements or Hofstee judgements.",
        subcommands: [StandardsAngoffCommand.self, StandardsBookmarkCommand.self, StandardsHofsteeCommand.self])
}

/// The tables of a standard setting: rounds (main), judgements, and the booklet for Bookmark.
let standardsSchemas: [TableSchema] = [.standardSettingRounds, .standardSettingJudgements, .orderedItemBooklet]
let standardsAliases = ["rounds": "standard_setting_rounds", "judgements": "standard_setting_judgements", "booklet": "ordered_item_booklet"]

/// Options every standards command shares.
struct StandardsOptions: ParsableArguments {
    @Option(help: "The bank: a bank directory or a stored bank-version id (or unique prefix).")
    var bank: String

    @Flag(help: "Store the recommended cuts as a new bank version (parent, reason 'standard setting', the panel file's SHA-256 as source, an audit entry); refused when the cuts do not increase across levels.")
    var write = false
}

/// A bank named by `--bank`, with its version id (the content hash for a directory, as `bank import` would store it).
struct StandardsBank {
    var bank: ItemBank
    var versionID: String
    /// Nil when read from a directory (imported on `--write`).
    var storedID: String?

    init(_ reference: String, store: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: reference, isDirectory: &isDirectory), isDirectory.boolValue {
            bank = try BankReference.load(reference, store: store)
            do { versionID = try bank.contentHash() } catch { throw CLIError("\(reference): \(error.description)") }
            storedID = nil
        } else {
            let stored = try BankReference.stored(reference, store: store)
            bank = stored.bank; versionID = stored.id; storedID = stored.id
        }
    }
}

/// Runs a standards command body: the library's errors become a message, "nothing was written" and exit 1.
func runStandards(_ name: String, _ body: () throws -> Void) throws {
    do { try body() } catch let error as StandardSettingError {
        printError("standards \(name): \(error.description)\nNothing was written.")
        throw ExitCode(1)
    } catch let error as CLIError {
        printError("standards \(name): \(error.description)")
        throw ExitCode(1)
    } catch let error as StoreError {
        printError("standards \(name): \(error.description)\nNothing was written.")
        throw ExitCode(1)
    } catch let error as ResponseDataError {
        printError("standards \(name): \(error.description)")
        throw ExitCode(1)
    }
}

/// Writes the record's cuts when asked, then prints the record in the format asked.
func finishStandards(_ record: StandardSettingRecord, bank: StandardsBank, options: StandardsOptions, common: CommonOptions,
                     selection: TableSelection) throws {
    var record = record
    if options.write {
        // Checked before the store is opened, so that a refused standard setting leaves no file behind.
        _ = try StandardSettingPublication.bank(bank.bank, applying: record)
        let store = try MentorCertStore(path: common.store, mode: bank.storedID == nil ? .createIfMissing : .existingOnly)
        record = try StandardSettingPublication.publish(record, bank: bank.bank, parentID: bank.storedID, repository: store)
    }
    if !common.quiet && common.format != .json {
        for warning in record.warnings { printError("warning: \(warning)") }
    }
    let tables = try standardsTables(record)
    try emitTables(common, selection.resolving(standardsAliases), tables, json: record) { standardsText(record) }
}

/// The record's tables (the booklet only for Bookmark).
func standardsTables(_ record: StandardSettingRecord) throws -> [Table] {
    var rounds: [[TableValue]] = []
    var judgements: [[TableValue]] = []
    for level in record.levels {
        for round in level.rounds {
            let raw = round.rawCutSpread, theta = round.thetaCutSpread
            rounds.append([.text(record.method.rawValue), .text(level.level.rawValue), .integer(round.round),
                           .boolean(round.round == level.recommendedRound), .integer(round.panelists), .integer(round.items),
                           TableValue(round.maximumRawScore), TableValue(round.rawCut), TableValue(round.thetaCut),
                           TableValue(raw?.standardDeviation), TableValue(raw?.standardError), TableValue(raw?.minimum), TableValue(raw?.maximum),
                           TableValue(theta?.mean), TableValue(theta?.median), TableValue(theta?.standardDeviation),
                           TableValue(theta?.standardError), TableValue(theta?.minimum), TableValue(theta?.maximum)])
            for j in round.judgements {
                judgements.append([.text(level.level.rawValue), .integer(round.round), .text(j.panelist), TableValue(j.rawCut),
                                   TableValue(j.page), TableValue(j.thetaCut)])
            }
        }
    }
    var tables = [try table(.standardSettingRounds, rounds), try table(.standardSettingJudgements, judgements)]
    if let booklet = record.booklet { tables.append(try bookletTable(booklet)) }
    return tables
}

/// The ordered item booklet as a table.
func bookletTable(_ entries: [BookletEntry]) throws -> Table {
    try table(.orderedItemBooklet, entries.map { [.integer($0.page), .text($0.itemId), TableValue($0.categoryStep), .number($0.location)] })
}

/// The terminal summary of a record.
func standardsText(_ record: StandardSettingRecord) -> String {
    let title: String
    switch record.method {
    case .angoff: title = "Modified Angoff"
    case .bookmark:
        title = "Bookmark (RP \(formatNumber(record.settings.responseProbability))"
            + (record.settings.guessingCorrection == true ? ", guessing correction" : "")
            + ", cut at the \(record.settings.bookmarkCutRule == .midpoint ? "midpoint before the bookmarked page" : "bookmarked page's location"))"
    case .hofstee: title = "Hofstee compromise"
    }
    var text = "\(title) on bank \(record.bankName) (version \(record.bankVersionId.prefix(12))), panel file "
        + "\(record.panelFile.fileName) (sha256 \(record.panelFile.sha256.prefix(12))…)"
        + (record.simulatedParameters ? "; the θ cuts rest on SIMULATED item parameters" : "") + ".\n"
    text += "level         round  panelists  raw cut   θ cut    θ SD     θ SE     θ min    θ max\n"
    for level in record.levels {
        for round in level.rounds {
            let s = round.thetaCutSpread
            text += pad(level.level.rawValue, 14) + pad(String(round.round) + (round.round == level.recommendedRound ? "*" : ""), 7)
                + pad(String(round.panelists), 11) + pad(fixedNumber(round.rawCut, 3, fallback: "—"), 10)
                + pad(fixedNumber(round.thetaCut, 3, fallback: "—"), 9) + pad(fixedNumber(s?.standardDeviation, 3, fallback: "—"), 9)
                + pad(fixedNumber(s?.standardError, 3, fallback: "—"), 9) + pad(fixedNumber(s?.minimum, 3, fallback: "—"), 9)
                + fixedNumber(s?.maximum, 3, fallback: "—") + "\n"
        }
    }
    text += "(* the recommended round)\n"
    if let h = record.hofstee {
        for r in h {
            text += "Hofstee \(r.level.rawValue): panel cut \(formatNumber(r.minimumCut, decimals: 1))–\(formatNumber(r.maximumCut, decimals: 1)) %, "
                + "fail rate \(formatNumber(r.minimumFailRate, decimals: 1))–\(formatNumber(r.maximumFailRate, decimals: 1)) %; compromise "
                + "\(fixedNumber(r.cutPercent, 2)) % (raw \(fixedNumber(r.rawCut, 2)) of \(formatNumber(r.maximumRawScore))), fail rate "
                + "\(fixedNumber(r.failRate, 1)) % of \(r.persons) candidates.\n"
        }
    }
    func cuts(_ c: CutScores) -> String {
        "intermediate \(fixedNumber(c.intermediate, 3)), advanced \(fixedNumber(c.advanced, 3)), expert \(fixedNumber(c.expert, 3))"
    }
    text += "Bank cuts now:        " + cuts(record.previousCutScores) + "\n"
    if let c = record.cutScores {
        text += "Recommended cuts:     " + cuts(c) + (record.ordered ? "" : "  — NOT ORDERED, cannot be stored") + "\n"
    } else {
        text += "Recommended cuts:     none (a judged level has no θ cut; see the warnings)\n"
    }
    if let w = record.writtenVersion {
        text += w.created ? "New bank version \(w.bankVersionId) (parent \(w.parentId), reason \(w.reason)).\n"
            : "Bank version \(w.bankVersionId) already holds these cuts; nothing new was stored.\n"
    }
    return text
}

struct StandardsAngoffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "angoff",
        abstract: "Modified Angoff: a CSV of ratings (panelist,round,level,item,rating) to raw and θ cuts per level and round.",
        discussion: """
            Ratings are the borderline candidate's probability of a correct answer (dichotomous items) or expected \
            score 0..K−1 (graded items). Per level and round the panelist's raw cut is the sum of their ratings over \
            the rated form; the panel's raw cut is the mean, and its θ cut the inverse of the rated form's test \
            characteristic curve at it. The final round is recommended unless --round says otherwise. \
            \(tablesHelp(Array(standardsSchemas.prefix(2)), aliases: standardsAliases))
            """)

    @Argument(help: "The ratings CSV: panelist,round,level,item,rating (level = intermediate, advanced or expert).")
    var ratings: String

    @OptionGroup var options: StandardsOptions

    @Option(help: "Recommend this round's cuts instead of each level's final round.")
    var round: Int?

    @OptionGroup var tableSelection: TableSelection
    @OptionGroup var common: CommonOptions

    func validate() throws {
        if let round, round < 1 { throw ValidationError("--round is a round number 1, 2, …") }
        try tableSelection.resolving(standardsAliases).check(Array(standardsSchemas.prefix(2)), common)
    }

    func run() throws {
        try runStandards("angoff") {
            let bank = try StandardsBank(options.bank, store: common.store)
            let file = try PanelFile.read(path: ratings)
            let record = try ModifiedAngoff.record(file: file, bank: bank.bank, bankVersionID: bank.versionID, round: round)
            try finishStandards(record, bank: bank, options: options, common: common, selection: tableSelection)
        }
    }
}

struct StandardsBookmarkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bookmark",
        abstract: "Bookmark: the ordered item booklet at RP (--booklet-out), and cuts from placements (panelist,round,level,page).",
        discussion: """
            The booklet has one page per dichotomous item and per category step of a graded item (the bank's scored \
            operational items), ordered by the θ at which the response probability is reached. A panelist's \
            bookmark is the first page the borderline candidate would not master; the panelist's θ cut is that \
            page's location (Mitzel, Lewis, Patz & Green 2001; --cut-rule midpoint takes the midpoint with the \
            page before), the panel's the mean. Without --placements the command prints the booklet. \
            \(tablesHelp(standardsSchemas, aliases: standardsAliases))
            """)

    @OptionGroup var options: StandardsOptions

    @Option(name: .customLong("rp"), help: "The response probability (RP) that locates a page.")
    var responseProbability: Double = OrderedItemBooklet.defaultResponseProbability

    @Flag(name: .customLong("guessing-correction"),
          help: "For 3PL/4PL items apply the RP to the part of the curve above the guessing floor (Huynh).")
    var guessingCorrection = false

    @Option(name: .customLong("booklet-out"), help: "Write the ordered item booklet (page,item_id,category_step,location) to this CSV.")
    var bookletOut: String?

    @Option(help: "The placements CSV: panelist,round,level,page.")
    var placements: String?

    @Option(name: .customLong("cut-rule"), help: "A bookmarked page's θ: page (its location) or midpoint (with the page before).")
    var cutRule: BookmarkCutRule = .page

    @Option(help: "Recommend this round's cuts instead of each level's final round.")
    var round: Int?

    @OptionGroup var tableSelection: TableSelection
    @OptionGroup var common: CommonOptions

    func validate() throws {
        guard responseProbability > 0, responseProbability < 1 else { throw ValidationError("--rp lies strictly between 0 and 1, e.g. 0.67.") }
        if let round, round < 1 { throw ValidationError("--round is a round number 1, 2, …") }
        if options.write && placements == nil { throw ValidationError("--write stores cuts computed from --placements FILE; give it.") }
        try tableSelection.resolving(standardsAliases).check(standardsSchemas, common)
    }

    func run() throws {
        try runStandards("bookmark") {
            let bank = try StandardsBank(options.bank, store: common.store)
            let booklet = try OrderedItemBooklet(bank: bank.bank, responseProbability: responseProbability,
                                                 guessingCorrection: guessingCorrection)
            let bookletCSV = try bookletTable(booklet.entries)
            if let bookletOut { try writeAtomically(bookletCSV.csvText(), to: bookletOut) }
            guard let placements else {
                if !common.quiet { for w in booklet.warnings { printError("warning: \(w)") } }
                if bookletOut != nil && common.format == .table && common.out == nil {
                    if !common.quiet { printError("Wrote the \(booklet.entries.count)-page booklet to \(bookletOut ?? "").") }
                    return
                }
                try emitTable(common, bookletCSV, json: BookletDocument(booklet: booklet, bankVersionId: bank.versionID))
                return
            }
            let file = try PanelFile.read(path: placements)
            let record = try Bookmark.record(file: file, booklet: booklet, bank: bank.bank, bankVersionID: bank.versionID,
                                             rule: cutRule, round: round)
            try finishStandards(record, bank: bank, options: options, common: common, selection: tableSelection)
        }
    }
}

extension BookmarkCutRule: ExpressibleByArgument {}

/// `standards bookmark --format json` without placements: the booklet.
struct BookletDocument: Encodable {
    var schemaVersion = 1
    let bankVersionId: String
    let responseProbability: Double
    let guessingCorrection: Bool
    let pages: [BookletEntry]
    let warnings: [String]

    init(booklet: OrderedItemBooklet, bankVersionId: String) {
        self.bankVersionId = bankVersionId
        responseProbability = booklet.responseProbability; guessingCorrection = booklet.guessingCorrection
        pages = booklet.entries; warnings = booklet.warnings
    }
}

struct StandardsHofsteeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hofstee",
        abstract: "Hofstee compromise: panel limits (panelist,level?,min_cut,max_cut,min_fail,max_fail) and a response file to a cut.",
        discussion: """
            Cuts are percent-correct scores and fail rates percentages (0–100); the panel's means define the line \
            from (min_cut, max_fail) to (max_cut, min_fail), and the cut is where it meets the observed fail-rate \
            curve of the responses' raw scores (complete responses to one form). Hofstee sets one pass/fail cut: \
            without a level column it is the bank's certification level. The θ cut goes through the test \
            characteristic curve of the responses' items. \
            \(tablesHelp(Array(standardsSchemas.prefix(2)), aliases: standardsAliases))
            """)

    @Argument(help: "The judgements CSV: panelist,level (optional),min_cut,max_cut,min_fail,max_fail.")
    var judgements: String

    @Option(help: "The responses: a wide CSV of scored responses (a fixed form, no missing cells) or a stored response-set id.")
    var responses: String

    @OptionGroup var options: StandardsOptions
    @OptionGroup var tableSelection: TableSelection
    @OptionGroup var common: CommonOptions

    func validate() throws {
        try tableSelection.resolving(standardsAliases).check(Array(standardsSchemas.prefix(2)), common)
    }

    func run() throws {
        try runStandards("hofstee") {
            let bank = try StandardsBank(options.bank, store: common.store)
            let file = try PanelFile.read(path: judgements)
            let matrix: ResponseMatrix
            switch try ResponseSource.resolve(responses, store: common.store) {
            case let .file(path): matrix = try ResponseReader.read(path: path, catalogue: bank.bank.catalogue).matrix
            case let .stored(_, stored): matrix = stored
            }
            let name = responses.split(separator: "/").last.map(String.init) ?? responses
            let record = try Hofstee.record(file: file, responses: matrix, responsesName: name, bank: bank.bank, bankVersionID: bank.versionID)
            try finishStandards(record, bank: bank, options: options, common: common, selection: tableSelection)
        }
    }
}
