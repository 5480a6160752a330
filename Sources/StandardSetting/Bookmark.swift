import ItemBanking
import ResponseData

/// How a bookmarked page becomes a panelist's θ cut.
public enum BookmarkCutRule: String, Sendable, Codable, CaseIterable {
    /// The location of the bookmarked page (Mitzel, Lewis, Patz & Green 2001): the default.
    case page
    /// The midpoint between the bookmarked page's location and the previous page's (page 1: its own).
    case midpoint
}

/// One bookmark of a panelist (a row `panelist,round,level,page`, DECISIONS §13).
public struct BookmarkPlacement: Sendable, Equatable {
    public var panelist: String
    public var round: Int
    public var level: MentorLevel
    /// The bookmarked page: the first page that a borderline candidate of the level is *not* expected to
    /// master with the response probability (the pages before it are mastered).
    public var page: Int
    public var line: Int

    public init(panelist: String, round: Int, level: MentorLevel, page: Int, line: Int) {
        self.panelist = panelist; self.round = round; self.level = level; self.page = page; self.line = line
    }
}

/// The Bookmark method (Lewis, Mitzel & Green 1996; Mitzel, Lewis, Patz & Green 2001).
///
/// Each panelist places, per level and round, a bookmark on the first page of the ordered item booklet
/// (``OrderedItemBooklet``) that the borderline candidate of the level would not master with the
/// response probability. Per level and round:
/// ```
/// θ_j      = location(page_j)                               rule `page` (default, Mitzel et al. 2001)
///          = (location(page_j − 1) + location(page_j)) / 2   rule `midpoint` (page 1: location(1))
/// θ_cut    = mean_j θ_j                                      (median, SD, SE = SD/√n, min, max beside it)
/// ```
/// The recommended cut of a level is its final round's unless another round is asked for.
public enum Bookmark {
    /// The header of a placements file.
    public static let columns = ["panelist", "round", "level", "page"]

    /// The placements of `file`, each cell checked against the booklet's pages; one placement per
    /// panelist, level and round.
    public static func placements(from file: PanelFile, booklet: OrderedItemBooklet) throws(StandardSettingError) -> [BookmarkPlacement] {
        let csv = file.csv
        let index: [String: Int]
        do { index = try csv.columnIndices(required: columns) } catch { throw StandardSettingError(error) }
        guard let cPanelist = index["panelist"], let cRound = index["round"], let cLevel = index["level"], let cPage = index["page"] else {
            throw StandardSettingError("\(file.path): header")
        }
        var reader = CellReader(csv)
        var result: [BookmarkPlacement] = []
        var seen: [String: Int] = [:]
        let pages = booklet.entries.count
        for record in csv.records {
            let panelist = reader.identifier(record, cPanelist, what: "panelist's id")
            let round = reader.round(record, cRound)
            let level = reader.level(record, cLevel)
            guard let page = reader.positiveInteger(record, cPage, what: "a page") else { continue }
            guard page <= pages else {
                reader.problem(line: record.line, column: cPage, value: String(page),
                               "the booklet has \(pages) pages; give a page 1…\(pages) (write the booklet to see it)")
                continue
            }
            guard let panelist, let round, let level else { continue }
            let key = "\(panelist)\u{1F}\(round)\u{1F}\(level.rawValue)"
            if let first = seen[key] {
                reader.problem(line: record.line, column: cPanelist, value: panelist,
                               "a second bookmark for \(level.rawValue) in round \(round) (the first is on line \(first)); keep one")
                continue
            }
            seen[key] = record.line
            result.append(BookmarkPlacement(panelist: panelist, round: round, level: level, page: page, line: record.line))
        }
        if csv.records.isEmpty { reader.problem(line: 1, "no placements; add one row panelist,round,level,page per bookmark") }
        try reader.check()
        return result
    }

    /// A panelist's θ cut for a bookmark on `page` (1-based, checked by the caller).
    public static func thetaCut(page: Int, booklet: OrderedItemBooklet, rule: BookmarkCutRule) -> Double {
        let here = booklet.entries[page - 1].location
        switch rule {
        case .page: return here
        case .midpoint: return page > 1 ? (booklet.entries[page - 2].location + here) / 2 : here
        }
    }

    /// The standard-setting record of the placements in `file` on `booklet` of `bank`.
    public static func record(file: PanelFile, booklet: OrderedItemBooklet, bank: ItemBank, bankVersionID: String,
                              rule: BookmarkCutRule = .page, round: Int? = nil) throws(StandardSettingError) -> StandardSettingRecord {
        let placements = try placements(from: file, booklet: booklet)
        var levels: [LevelResult] = []
        for (level, levelRows) in Dictionary(grouping: placements, by: \.level).sorted(by: { $0.key < $1.key }) {
            var rounds: [RoundResult] = []
            for (r, rows) in Dictionary(grouping: levelRows, by: \.round).sorted(by: { $0.key < $1.key }) {
                let judgements = rows.sorted { $0.panelist < $1.panelist }.map {
                    PanelistCut(panelist: $0.panelist, page: $0.page, thetaCut: thetaCut(page: $0.page, booklet: booklet, rule: rule))
                }
                let spread = CutSpread(judgements.compactMap(\.thetaCut))
                rounds.append(RoundResult(round: r, panelists: judgements.count, items: booklet.entries.count, maximumRawScore: nil,
                                          rawCut: nil, thetaCut: spread?.mean, rawCutSpread: nil, thetaCutSpread: spread,
                                          judgements: judgements))
            }
            let chosen = try recommended(rounds, round: round, level: level)
            levels.append(LevelResult(level: level, recommendedRound: chosen.round, rawCut: nil, thetaCut: chosen.thetaCut, rounds: rounds))
        }
        return StandardSettingRecord(method: .bookmark, bankName: bank.manifest.name, bankVersionId: bankVersionID,
                                     simulatedParameters: bank.manifest.parameterSource?.source == .simulated,
                                     panelFile: file.reference,
                                     settings: .init(round: round, responseProbability: booklet.responseProbability,
                                                     guessingCorrection: booklet.guessingCorrection, bookmarkCutRule: rule),
                                     levels: levels, previousCutScores: bank.manifest.cutScores, booklet: booklet.entries,
                                     warnings: booklet.warnings)
    }
}
