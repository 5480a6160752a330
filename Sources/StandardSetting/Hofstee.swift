import IRTModels
import ItemBanking
import ResponseData

/// One panelist's Hofstee judgement (a row `panelist,level,min_cut,max_cut,min_fail,max_fail`; the
/// `level` column is optional). Cuts are percent-correct scores, fail rates percentages, both 0…100.
public struct HofsteeJudgement: Sendable, Equatable {
    public var panelist: String
    public var level: MentorLevel
    /// The lowest acceptable cut (percent of the form's highest score).
    public var minimumCut: Double
    public var maximumCut: Double
    /// The lowest acceptable fail rate (percent of candidates).
    public var minimumFailRate: Double
    public var maximumFailRate: Double
    public var line: Int

    public init(panelist: String, level: MentorLevel, minimumCut: Double, maximumCut: Double, minimumFailRate: Double,
                maximumFailRate: Double, line: Int) {
        self.panelist = panelist; self.level = level; self.minimumCut = minimumCut; self.maximumCut = maximumCut
        self.minimumFailRate = minimumFailRate; self.maximumFailRate = maximumFailRate; self.line = line
    }
}

/// The Hofstee compromise of one level.
public struct HofsteeResult: Sendable, Equatable, Codable {
    public var level: MentorLevel
    public var panelists: Int
    /// The panel's means (percent): k_min, k_max, f_min, f_max.
    public var minimumCut: Double
    public var maximumCut: Double
    public var minimumFailRate: Double
    public var maximumFailRate: Double
    /// Candidates in the response data.
    public var persons: Int
    /// The form's highest raw score.
    public var maximumRawScore: Double
    /// The compromise cut, percent correct.
    public var cutPercent: Double
    /// The compromise cut on the raw-score scale (cutPercent × maximumRawScore / 100).
    public var rawCut: Double
    /// The fail rate at the compromise (percent), on the panel's line and the observed curve alike.
    public var failRate: Double
}

/// The Hofstee (1983) compromise method.
///
/// The panel gives the lowest and highest acceptable cut (percent correct, k_min < k_max) and the lowest
/// and highest acceptable fail rate (f_min ≤ f_max); their means over panelists define the line from
/// (k_min, f_max) to (k_max, f_min). The observed fail-rate curve of the response data is
/// ```
/// F(c) = 100 · #{persons with raw score < c} / N      at each whole raw cut c = 0 … M,
/// k = 100 · c / M                                      (M = the form's highest raw score)
/// ```
/// joined linearly between whole cuts (a cut of c passes a raw score of exactly c). The cut is where
/// the line meets the curve:
/// ```
/// F(k*) = f_max + (f_min − f_max) · (k* − k_min) / (k_max − k_min),   k_min ≤ k* ≤ k_max
/// ```
/// F rises and the line falls, so the meeting point is unique when it exists. When F(k_min) > f_max
/// (even the lowest acceptable cut fails more than acceptable) or F(k_max) < f_min (even the highest
/// fails fewer) the line misses the curve and there is no compromise: an error, never a clamped cut.
/// The θ cut is T⁻¹(raw cut) through the test characteristic curve of the form (the response data's
/// items). The method sets one pass/fail cut (Hofstee 1983; Cizek & Bunch 2007, ch. 9): without a
/// `level` column the judgements are for the bank's certification level. The responses must be complete
/// (a fixed form): percent correct over different item sets is not one scale.
public enum Hofstee {
    /// The required columns (and the optional `level`).
    public static let columns = ["panelist", "min_cut", "max_cut", "min_fail", "max_fail"]

    /// The judgements of `file`; a missing or empty `level` means `defaultLevel`.
    public static func judgements(from file: PanelFile, defaultLevel: MentorLevel) throws(StandardSettingError) -> [HofsteeJudgement] {
        let csv = file.csv
        let index: [String: Int]
        do { index = try csv.columnIndices(required: columns, optional: ["level"]) } catch { throw StandardSettingError(error) }
        guard let cPanelist = index["panelist"], let cMinCut = index["min_cut"], let cMaxCut = index["max_cut"],
              let cMinFail = index["min_fail"], let cMaxFail = index["max_fail"] else { throw StandardSettingError("\(file.path): header") }
        var reader = CellReader(csv)
        var result: [HofsteeJudgement] = []
        var seen: [String: Int] = [:]
        for record in csv.records {
            let panelist = reader.identifier(record, cPanelist, what: "panelist's id")
            var level: MentorLevel? = defaultLevel
            if let cLevel = index["level"], cLevel < record.fields.count, !record.fields[cLevel].isEmpty {
                level = reader.level(record, cLevel)
            }
            let minCut = reader.number(record, cMinCut, in: 0...100, what: "the lowest acceptable cut (percent correct)")
            let maxCut = reader.number(record, cMaxCut, in: 0...100, what: "the highest acceptable cut (percent correct)")
            let minFail = reader.number(record, cMinFail, in: 0...100, what: "the lowest acceptable fail rate (percent)")
            let maxFail = reader.number(record, cMaxFail, in: 0...100, what: "the highest acceptable fail rate (percent)")
            guard let panelist, let level, let minCut, let maxCut, let minFail, let maxFail else { continue }
            if minCut >= maxCut {
                reader.problem(line: record.line, column: cMaxCut, value: record.fields[cMaxCut],
                               "the highest acceptable cut must exceed the lowest (\(NumberTextShort.rounded(minCut))); swap or correct them")
                continue
            }
            if minFail > maxFail {
                reader.problem(line: record.line, column: cMaxFail, value: record.fields[cMaxFail],
                               "the highest acceptable fail rate is below the lowest (\(NumberTextShort.rounded(minFail))); swap or correct them")
                continue
            }
            let key = "\(panelist)\u{1F}\(level.rawValue)"
            if let first = seen[key] {
                reader.problem(line: record.line, column: cPanelist, value: panelist,
                               "a second judgement for \(level.rawValue) (the first is on line \(first)); keep one")
                continue
            }
            seen[key] = record.line
            result.append(HofsteeJudgement(panelist: panelist, level: level, minimumCut: minCut, maximumCut: maxCut,
                                           minimumFailRate: minFail, maximumFailRate: maxFail, line: record.line))
        }
        if csv.records.isEmpty { reader.problem(line: 1, "no judgements; add one row per panelist") }
        try reader.check()
        return result
    }

    /// The raw scores of complete responses.
    /// - Throws: ``StandardSettingError`` naming the first person with a missing response.
    public static func rawScores(_ responses: ResponseMatrix) throws(StandardSettingError) -> [Int] {
        guard responses.personCount > 0, responses.itemCount > 0 else {
            throw StandardSettingError("the response data hold no candidates or no items; the Hofstee method needs a form's scores")
        }
        var scores = [Int](repeating: 0, count: responses.personCount)
        for p in 0..<responses.personCount {
            for i in 0..<responses.itemCount {
                let v = responses.responses[p * responses.itemCount + i]
                guard v != ResponseMatrix.missing else {
                    throw StandardSettingError("person \(responses.personIDs[p]) has no response to item \(responses.itemIDs[i]); "
                        + "the Hofstee method needs every candidate's score on the whole form (a fixed form, no missing responses)")
                }
                scores[p] += Int(v)
            }
        }
        return scores
    }

    /// The compromise of judgements (one level) on raw scores out of `maximumScore`.
    /// - Throws: ``StandardSettingError`` when the line misses the observed curve.
    public static func compromise(_ judgements: [HofsteeJudgement], rawScores: [Int], maximumScore: Int) throws(StandardSettingError) -> HofsteeResult {
        guard let level = judgements.first?.level, maximumScore > 0, !rawScores.isEmpty else {
            throw StandardSettingError("the Hofstee method needs judgements and a form with candidates' scores")
        }
        let n = Double(judgements.count)
        let kMin = judgements.reduce(0) { $0 + $1.minimumCut } / n, kMax = judgements.reduce(0) { $0 + $1.maximumCut } / n
        let fMin = judgements.reduce(0) { $0 + $1.minimumFailRate } / n, fMax = judgements.reduce(0) { $0 + $1.maximumFailRate } / n
        let m = Double(maximumScore), persons = Double(rawScores.count)
        // Fail rate at each whole cut c = 0…M (percent), by counting the scores below c.
        var below = [Int](repeating: 0, count: maximumScore + 2)
        for s in rawScores { below[min(max(s, 0), maximumScore) + 1] += 1 }
        for c in 1..<below.count { below[c] += below[c - 1] }
        func observed(_ k: Double) -> Double {
            let x = min(max(k, 0), 100) * m / 100
            let c0 = min(Int(x.rounded(.down)), maximumScore), c1 = min(c0 + 1, maximumScore)
            let f0 = 100 * Double(below[c0]) / persons, f1 = 100 * Double(below[c1]) / persons
            return c1 == c0 ? f0 : f0 + (f1 - f0) * (x - Double(c0))
        }
        func line(_ k: Double) -> Double { fMax + (fMin - fMax) * (k - kMin) / (kMax - kMin) }
        let lowGap = observed(kMin) - line(kMin), highGap = observed(kMax) - line(kMax)
        let where_ = "for \(level.rawValue) (panel means: cut \(NumberTextShort.rounded(kMin))–\(NumberTextShort.rounded(kMax)) %, "
            + "fail rate \(NumberTextShort.rounded(fMin))–\(NumberTextShort.rounded(fMax)) %)"
        guard lowGap <= 0 else {
            throw StandardSettingError("no Hofstee compromise \(where_): at the lowest acceptable cut \(NumberTextShort.rounded(kMin)) % the observed "
                + "fail rate is already \(NumberTextShort.rounded(observed(kMin))) %, above the highest acceptable \(NumberTextShort.rounded(fMax)) %; "
                + "the panel's limits and the data disagree — review the limits with the panel (or use another method)")
        }
        guard highGap >= 0 else {
            throw StandardSettingError("no Hofstee compromise \(where_): at the highest acceptable cut \(NumberTextShort.rounded(kMax)) % the observed "
                + "fail rate is only \(NumberTextShort.rounded(observed(kMax))) %, below the lowest acceptable \(NumberTextShort.rounded(fMin)) %; "
                + "the panel's limits and the data disagree — review the limits with the panel (or use another method)")
        }
        // Breakpoints of the observed curve inside [k_min, k_max]; the gap is linear between them.
        var knots = [kMin]
        for c in 0...maximumScore {
            let k = 100 * Double(c) / m
            if k > kMin && k < kMax { knots.append(k) }
        }
        knots.append(kMax)
        var cut = kMax
        for j in 0..<(knots.count - 1) {
            let a = knots[j], b = knots[j + 1]
            let ga = observed(a) - line(a), gb = observed(b) - line(b)
            if ga == 0 { cut = a; break }
            if ga < 0 && gb >= 0 { cut = a + (b - a) * (-ga) / (gb - ga); break }
        }
        return HofsteeResult(level: level, panelists: judgements.count, minimumCut: kMin, maximumCut: kMax, minimumFailRate: fMin,
                             maximumFailRate: fMax, persons: rawScores.count, maximumRawScore: m, cutPercent: cut,
                             rawCut: cut * m / 100, failRate: line(cut))
    }

    /// The standard-setting record of the judgements in `file` on `responses` of `bank`'s items.
    /// - Parameter responsesName: names the response data in the record (file name and hash, or a set id).
    public static func record(file: PanelFile, responses: ResponseMatrix, responsesName: String, bank: ItemBank,
                              bankVersionID: String) throws(StandardSettingError) -> StandardSettingRecord {
        let judgements = try judgements(from: file, defaultLevel: bank.manifest.certificationLevel)
        let scores = try rawScores(responses)
        let maximum = responses.categoryCounts.reduce(0) { $0 + $1 - 1 }
        var warnings: [String] = []
        var parameters: [IRTModels.ItemParameters] = []
        var unplaced: [String] = []
        for id in responses.itemIDs {
            if let item = bank.item(id), let p = try? item.modelParameters() { parameters.append(p) } else { unplaced.append(id) }
        }
        let tcc = unplaced.isEmpty ? TestCharacteristicCurve(items: parameters) : nil
        if !unplaced.isEmpty {
            warnings.append("items without parameters in the bank (\(unplaced.prefix(5).joined(separator: ", "))"
                + (unplaced.count > 5 ? " …" : "") + "): the form has no test characteristic curve, so the θ cut is null")
        }
        var levels: [LevelResult] = []
        var results: [HofsteeResult] = []
        for (level, rows) in Dictionary(grouping: judgements, by: \.level).sorted(by: { $0.key < $1.key }) {
            let result = try compromise(rows, rawScores: scores, maximumScore: maximum)
            let theta = tcc?.theta(atExpectedScore: result.rawCut)
            if let tcc, theta == nil {
                warnings.append(ModifiedAngoff.outsideWarning(raw: result.rawCut, tcc: tcc, who: "the Hofstee compromise", level: level, round: 1))
            }
            results.append(result)
            let round = RoundResult(round: 1, panelists: rows.count, items: responses.itemCount, maximumRawScore: Double(maximum),
                                    rawCut: result.rawCut, thetaCut: theta, rawCutSpread: nil, thetaCutSpread: nil,
                                    judgements: rows.sorted { $0.panelist < $1.panelist }.map { PanelistCut(panelist: $0.panelist, thetaCut: nil) })
            levels.append(LevelResult(level: level, recommendedRound: 1, rawCut: result.rawCut, thetaCut: theta, rounds: [round]))
        }
        return StandardSettingRecord(method: .hofstee, bankName: bank.manifest.name, bankVersionId: bankVersionID,
                                     simulatedParameters: bank.manifest.parameterSource?.source == .simulated,
                                     panelFile: file.reference, settings: .init(responses: responsesName), levels: levels,
                                     previousCutScores: bank.manifest.cutScores, hofstee: results, warnings: warnings)
    }
}
