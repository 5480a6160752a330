import IRTModels
import ItemBanking
import ResponseData

/// One rating of a modified-Angoff panel (a row `panelist,round,level,item,rating`, DECISIONS §13).
public struct AngoffRating: Sendable, Equatable {
    public var panelist: String
    public var round: Int
    /// The level whose borderline candidate the rating is about.
    public var level: MentorLevel
    public var itemID: String
    /// The borderline candidate's probability of a correct answer (dichotomous item) or expected score
    /// 0…K−1 (graded item) (DECISIONS §7).
    public var rating: Double
    /// The line of the file the rating is on.
    public var line: Int

    public init(panelist: String, round: Int, level: MentorLevel, itemID: String, rating: Double, line: Int) {
        self.panelist = panelist; self.round = round; self.level = level; self.itemID = itemID; self.rating = rating; self.line = line
    }
}

/// The modified Angoff method (Angoff 1971; the "modified" form with probabilities and rounds of
/// discussion, Hambleton & Plake 1995; Hambleton & Pitoniak 2006).
///
/// Each panelist rates, for each item of the rated form, the expected score of a borderline candidate of
/// the level (a probability for a dichotomous item, an expected score 0…K−1 for a graded one). Per level
/// and round:
/// ```
/// raw cut of panelist j      R_j = Σ_i r_ij                       (over the rated form)
/// panel raw cut              R̄ = mean_j R_j
/// θ cut                      θ_cut = T⁻¹(R̄),   T(θ) = Σ_i E[X_i | θ] over the rated form
/// panelist θ cut             θ_j = T⁻¹(R_j)    (their spread shows the agreement on the θ scale)
/// ```
/// The rated form is the set of items rated in that level and round; every panelist rates every item
/// of it (a missing rating is an error: a sum over fewer items is not the same cut). The recommended cut
/// of a level is its final round's unless another round is asked for. The test characteristic curve of
/// the rated form carries the raw cut to θ (Kane 1987; Hambleton & Pitoniak 2006, "Angoff with IRT").
///
/// Complexity: O(ratings + levels × rounds × panelists × 40 × Σ K_i) (one bisection per panelist).
public enum ModifiedAngoff {
    /// The header of a ratings file.
    public static let columns = ["panelist", "round", "level", "item", "rating"]

    /// The ratings of `file`, each cell checked: a known level with a cut, a round 1, 2, …, an item of
    /// `bank` with parameters, a rating in [0, 1] (dichotomous) or [0, K−1] (graded), no rating given twice.
    /// - Throws: ``StandardSettingError`` listing every bad cell with its line and column.
    public static func ratings(from file: PanelFile, bank: ItemBank) throws(StandardSettingError) -> [AngoffRating] {
        let csv = file.csv
        let index: [String: Int]
        do { index = try csv.columnIndices(required: columns) } catch { throw StandardSettingError(error) }
        guard let cPanelist = index["panelist"], let cRound = index["round"], let cLevel = index["level"],
              let cItem = index["item"], let cRating = index["rating"] else { throw StandardSettingError("\(file.path): header") }
        var reader = CellReader(csv)
        var ratings: [AngoffRating] = []
        var seen: [String: Int] = [:]
        for record in csv.records {
            let panelist = reader.identifier(record, cPanelist, what: "panelist's id")
            let round = reader.round(record, cRound)
            let level = reader.level(record, cLevel)
            guard let itemID = reader.identifier(record, cItem, what: "item id") else { continue }
            guard let item = bank.item(itemID) else {
                reader.problem(line: record.line, column: cItem, value: itemID,
                               "no such item in bank \(bank.manifest.name); rate items by their bank ids")
                continue
            }
            let model: IRTModels.ItemParameters?
            do { model = try item.modelParameters() } catch {
                reader.problem(line: record.line, column: cItem, value: itemID, error.description); continue
            }
            guard let model else {
                reader.problem(line: record.line, column: cItem, value: itemID,
                               "the item has no parameters, so it has no place on the θ scale; calibrate it first or leave it out")
                continue
            }
            let top = Double(model.categoryCount - 1)
            let what = model.model.isDichotomous ? "a rating of a dichotomous item (the borderline candidate's probability of a correct answer)"
                : "a rating of a graded item (the borderline candidate's expected score)"
            guard let rating = reader.number(record, cRating, in: 0...top, what: what) else { continue }
            guard let panelist, let round, let level else { continue }
            let key = "\(panelist)\u{1F}\(round)\u{1F}\(level.rawValue)\u{1F}\(itemID)"
            if let first = seen[key] {
                reader.problem(line: record.line, column: cItem, value: itemID,
                               "panelist \(panelist) already rated this item for \(level.rawValue) in round \(round) (line \(first)); keep one rating")
                continue
            }
            seen[key] = record.line
            ratings.append(AngoffRating(panelist: panelist, round: round, level: level, itemID: itemID, rating: rating, line: record.line))
        }
        if csv.records.isEmpty { reader.problem(line: 1, "no ratings; add one row panelist,round,level,item,rating per rating") }
        try reader.check()
        // Every panelist rates the whole rated form of a level and round.
        for (key, group) in Dictionary(grouping: ratings, by: { LevelRound(level: $0.level, round: $0.round) })
            .sorted(by: { $0.key < $1.key }) {
            let form = Set(group.map(\.itemID))
            for (panelist, rows) in Dictionary(grouping: group, by: \.panelist).sorted(by: { $0.key < $1.key }) {
                let missing = form.subtracting(rows.map(\.itemID)).sorted()
                guard !missing.isEmpty else { continue }
                reader.problem(line: rows.map(\.line).min() ?? 1, column: cPanelist, value: panelist,
                               "rated \(rows.count) of the \(form.count) items rated for \(key.level.rawValue) in round \(key.round); "
                               + "missing: \(missing.prefix(10).joined(separator: ", "))\(missing.count > 10 ? " …" : ""); "
                               + "every panelist rates every item of the form (add the missing ratings)")
            }
        }
        try reader.check()
        return ratings
    }

    /// The standard-setting record of `file` on `bank` (stored as `bankVersionID`).
    ///
    /// - Parameter round: the round whose cut is recommended; nil = each level's final round.
    /// - Throws: ``StandardSettingError`` for a bad file, or a `round` that some judged level lacks.
    public static func record(file: PanelFile, bank: ItemBank, bankVersionID: String, round: Int? = nil) throws(StandardSettingError) -> StandardSettingRecord {
        let ratings = try ratings(from: file, bank: bank)
        var parameters: [String: IRTModels.ItemParameters] = [:]
        for item in bank.items {
            if let p = try? item.modelParameters() { parameters[item.id] = p }
        }
        var warnings: [String] = []
        var levels: [LevelResult] = []
        for (level, levelRatings) in Dictionary(grouping: ratings, by: \.level).sorted(by: { $0.key < $1.key }) {
            var rounds: [RoundResult] = []
            for (r, roundRatings) in Dictionary(grouping: levelRatings, by: \.round).sorted(by: { $0.key < $1.key }) {
                let form = Set(roundRatings.map(\.itemID)).sorted()
                let tcc = TestCharacteristicCurve(items: form.compactMap { parameters[$0] })
                var judgements: [PanelistCut] = []
                for (panelist, rows) in Dictionary(grouping: roundRatings, by: \.panelist).sorted(by: { $0.key < $1.key }) {
                    let raw = rows.reduce(0) { $0 + $1.rating }
                    let theta = tcc.theta(atExpectedScore: raw)
                    if theta == nil {
                        warnings.append(outsideWarning(raw: raw, tcc: tcc, who: "panelist \(panelist)", level: level, round: r))
                    }
                    judgements.append(PanelistCut(panelist: panelist, rawCut: raw, thetaCut: theta))
                }
                let rawSpread = CutSpread(judgements.compactMap(\.rawCut))
                let panelRaw = rawSpread?.mean
                let panelTheta = panelRaw.flatMap { tcc.theta(atExpectedScore: $0) }
                if let panelRaw, panelTheta == nil {
                    warnings.append(outsideWarning(raw: panelRaw, tcc: tcc, who: "the panel", level: level, round: r))
                }
                rounds.append(RoundResult(round: r, panelists: judgements.count, items: form.count, maximumRawScore: tcc.maximumScore,
                                          rawCut: panelRaw, thetaCut: panelTheta, rawCutSpread: rawSpread,
                                          thetaCutSpread: CutSpread(judgements.compactMap(\.thetaCut)), judgements: judgements))
            }
            let chosen = try recommended(rounds, round: round, level: level)
            levels.append(LevelResult(level: level, recommendedRound: chosen.round, rawCut: chosen.rawCut, thetaCut: chosen.thetaCut,
                                      rounds: rounds))
        }
        return StandardSettingRecord(method: .angoff, bankName: bank.manifest.name, bankVersionId: bankVersionID,
                                     simulatedParameters: bank.manifest.parameterSource?.source == .simulated,
                                     panelFile: file.reference, settings: .init(round: round), levels: levels,
                                     previousCutScores: bank.manifest.cutScores, warnings: warnings)
    }

    static func outsideWarning(raw: Double, tcc: TestCharacteristicCurve, who: String, level: MentorLevel, round: Int) -> String {
        let low = tcc.expectedScore(at: -TestCharacteristicCurve.fence), high = tcc.expectedScore(at: TestCharacteristicCurve.fence)
        return "\(level.rawValue), round \(round): the raw cut \(NumberTextShort.rounded(raw)) of \(who) is outside the expected scores "
            + "of the rated form between θ = −6 and 6 (\(NumberTextShort.rounded(low)) to \(NumberTextShort.rounded(high))), "
            + "so it has no θ cut (null)"
    }
}

/// The round asked for, or the final one.
func recommended(_ rounds: [RoundResult], round: Int?, level: MentorLevel) throws(StandardSettingError) -> RoundResult {
    if let round {
        guard let chosen = rounds.first(where: { $0.round == round }) else {
            throw StandardSettingError("\(level.rawValue) has no round \(round) (rounds: \(rounds.map { String($0.round) }.joined(separator: ", "))); "
                + "ask for a round every judged level has, or leave the round out to take each level's final round")
        }
        return chosen
    }
    guard let last = rounds.last else { throw StandardSettingError("\(level.rawValue) has no judgements") }
    return last
}

/// A level and a round, ordered by level then round.
struct LevelRound: Hashable, Comparable {
    var level: MentorLevel
    var round: Int
    static func < (a: LevelRound, b: LevelRound) -> Bool { (a.level.rank, a.round) < (b.level.rank, b.round) }
}
