import MathCore
import ResponseData
#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

/// Thresholds of the classical item-analysis flags (DOMAIN §1.4 conventions; all configurable).
public struct FlagThresholds: Sendable, Codable, Equatable {
    /// Flag a dichotomous item with p below this (too hard). Default .30.
    public var minimumPValue: Double
    /// Flag a dichotomous item with p above this (too easy). Default .90.
    public var maximumPValue: Double
    /// Flag an item whose corrected item–total (item–rest) correlation is below this. Default .20.
    public var minimumItemRest: Double
    /// Flag a distractor chosen by fewer than this share of the persons who answered. Default .05.
    public var minimumDistractorProportion: Double
    /// Flag a distractor whose point-biserial with the rest score exceeds this. Default 0.
    public var maximumDistractorPointBiserial: Double

    public init(minimumPValue: Double = 0.30, maximumPValue: Double = 0.90, minimumItemRest: Double = 0.20,
                minimumDistractorProportion: Double = 0.05, maximumDistractorPointBiserial: Double = 0) {
        self.minimumPValue = minimumPValue
        self.maximumPValue = maximumPValue
        self.minimumItemRest = minimumItemRest
        self.minimumDistractorProportion = minimumDistractorProportion
        self.maximumDistractorPointBiserial = maximumDistractorPointBiserial
    }
}

/// One option of a multiple-choice item in the distractor analysis.
public struct DistractorRow: Sendable, Codable, Equatable {
    /// The option label (`A`, `B`, …), or a chosen label the item does not list.
    public var option: String
    public var isKey: Bool
    /// Persons who chose it.
    public var count: Int
    /// Share of the persons who answered the item that chose it.
    public var proportion: Double
    /// Mean total score of the persons who chose it (nil when nobody did).
    public var meanTotalScore: Double?
    /// Point-biserial correlation of choosing it (1/0) with the rest score (complete cases); nil when
    /// not defined (nobody or everybody chose it, sparse data).
    public var pointBiserial: Double?
}

/// Classical statistics of one item.
public struct ItemAnalysisRow: Sendable, Codable, Equatable {
    public var itemID: String
    /// Persons who answered the item.
    public var n: Int
    /// Proportion correct (dichotomous items only).
    public var pValue: Double?
    /// Mean item score (nil when nobody answered).
    public var meanScore: Double?
    /// Highest possible item score K − 1.
    public var maxScore: Int
    /// Corrected item–total correlation: Pearson correlation of the item score with the rest score
    /// (point-biserial for dichotomous items), on complete cases.
    public var itemRestCorrelation: Double?
    /// Olsson, Drasgow & Dorans (1982) ad-hoc polyserial correlation with the rest score (polytomous
    /// items only).
    public var polyserial: Double?
    /// Cronbach's alpha of the test without this item (complete cases).
    public var alphaIfDeleted: Double?
    /// Distractor table (when raw choices and the item's options and key are given).
    public var distractors: [DistractorRow]?
    /// Flags raised by ``FlagThresholds``.
    public var flags: [String]
    /// Why a statistic is missing.
    public var warnings: [String]
}

/// Classical item analysis of a response set.
public struct ItemAnalysisReport: Sendable, Codable, Equatable {
    public var rows: [ItemAnalysisRow]
    /// Cronbach's alpha (complete cases); nil with a warning when not defined.
    public var alpha: Double?
    /// KR-20 (all items dichotomous, complete cases); nil otherwise.
    public var kr20: Double?
    /// Persons in the response set.
    public var n: Int
    /// Persons who answered every item (the listwise sample of the correlations and alpha).
    public var completeCount: Int
    /// Mean and standard deviation (n − 1) of the total score over complete cases.
    public var meanTotalScore: Double?
    public var standardDeviationTotalScore: Double?
    public var thresholds: FlagThresholds
    public var warnings: [String]
}

/// Classical (CTT) item analysis: p-values, corrected item–total correlations, polyserial
/// correlations, alpha if item deleted, distractor analysis, flags, and test-level alpha and KR-20.
///
/// Formulas (complete cases, item covariance matrix C with n − 1 divisor, J items, X = Σ_j x_j):
/// ```
/// alpha            = J/(J − 1) · (1 − Σ_j C_jj / Σ_jk C_jk)                  (Cronbach 1951)
/// KR-20            = J/(J − 1) · (1 − Σ_j p_j q_j / σ²_X)  (σ² with n divisor) (Kuder & Richardson 1937)
/// r(item, rest)    = (Σ_k C_jk − C_jj) / √(C_jj · (Σ C − 2 Σ_k C_jk + C_jj))
/// alpha if deleted = (J − 1)/(J − 2) · (1 − (Σ_k C_kk − C_jj) / (Σ C − 2 Σ_k C_jk + C_jj))
/// polyserial       = r(item, rest) · σ_y / Σ_{k=1}^{K−1} φ(τ_k),  τ_k = Φ⁻¹(P(Y < k))
///                                                  (Olsson, Drasgow & Dorans 1982, *Psychometrika* 47:337–347)
/// ```
/// σ_y is the item-score standard deviation (n divisor) and categories are scored 0..K − 1 with unit
/// steps. KR-20 equals alpha on dichotomous data (the divisor cancels).
///
/// Persons: p-values and means use everyone who answered the item; correlations, alpha and KR-20 use the
/// persons who answered every item (listwise, DECISIONS §7). Missing means *not presented*, so
/// incomplete rows come from other forms or adaptive tests: when fewer than
/// ``minimumCompleteFraction`` of the persons (or fewer than 3) answered everything, the data are
/// *sparse* and those statistics are nil with the warning "not defined for adaptive data".
public enum ItemAnalysis {
    /// Below this share of complete cases the data are treated as sparse (adaptive / multi-form).
    public static let minimumCompleteFraction = 0.5

    /// The warning given when alpha and the correlations are not defined.
    public static let sparseWarning = "Alpha, KR-20 and the item–rest correlations are not defined for adaptive data"

    /// Analyses `data`.
    /// - Parameters:
    ///   - keys: per item id, the option labels and the key, for the distractor analysis of
    ///     multiple-choice items (needs `data.rawChoices`).
    ///   - flagging: thresholds of the flags.
    /// - Complexity: O(N · J²) for the item covariance matrix.
    public static func analyze(_ data: ResponseMatrix, keys: [String: (options: [String], key: String)]? = nil,
                               flagging: FlagThresholds = .init()) -> ItemAnalysisReport {
        let nPersons = data.personCount
        let jCount = data.itemCount
        let kCounts = data.categoryCounts
        var warnings = [String]()

        // Per-item counts and means over those who answered; per-person totals over answered items.
        var answered = [Int](repeating: 0, count: jCount)
        var sums = [Double](repeating: 0, count: jCount)
        var totals = [Double](repeating: 0, count: nPersons)
        var complete = [Int]()
        for p in 0..<nPersons {
            var isComplete = true
            for j in 0..<jCount {
                let v = data.responses[p * jCount + j]
                if v == ResponseMatrix.missing { isComplete = false; continue }
                answered[j] += 1
                sums[j] += Double(v)
                totals[p] += Double(v)
            }
            if isComplete { complete.append(p) }
        }
        let nc = complete.count
        let sparse = jCount == 0 || nc < 3 || Double(nc) < minimumCompleteFraction * Double(nPersons)
        if sparse {
            warnings.append("\(sparseWarning): only \(nc) of \(nPersons) persons answered every item.")
        } else if nc < nPersons {
            warnings.append("Correlations, alpha and KR-20 use the \(nc) of \(nPersons) persons who answered every item.")
        }

        // Item covariance matrix on complete cases.
        var cov = [Double](repeating: 0, count: jCount * jCount)
        var means = [Double](repeating: 0, count: jCount)
        var alpha: Double?
        var kr20: Double?
        var meanTotal: Double?
        var sdTotal: Double?
        var totalCov = 0.0, trace = 0.0
        if !sparse {
            for p in complete { for j in 0..<jCount { means[j] += Double(data.responses[p * jCount + j]) } }
            for j in 0..<jCount { means[j] /= Double(nc) }
            var centred = [Double](repeating: 0, count: jCount)
            for p in complete {
                for j in 0..<jCount { centred[j] = Double(data.responses[p * jCount + j]) - means[j] }
                for j in 0..<jCount {
                    let cj = centred[j]
                    if cj == 0 { continue }
                    for k in j..<jCount { cov[j * jCount + k] += cj * centred[k] }
                }
            }
            for j in 0..<jCount {
                for k in j..<jCount {
                    cov[j * jCount + k] /= Double(nc - 1)
                    cov[k * jCount + j] = cov[j * jCount + k]
                }
            }
            totalCov = cov.reduce(0, +)
            trace = (0..<jCount).reduce(0) { $0 + cov[$1 * jCount + $1] }
            meanTotal = means.reduce(0, +)
            sdTotal = max(totalCov, 0).squareRoot()
            if jCount < 2 {
                warnings.append("Alpha not defined: it needs at least two items.")
            } else if totalCov <= 0 {
                warnings.append("Alpha not defined: the total score does not vary.")
            } else {
                let jd = Double(jCount)
                alpha = jd / (jd - 1) * (1 - trace / totalCov)
                if kCounts.allSatisfy({ $0 == 2 }) {
                    // KR-20 with population variances: Σ p q / σ²_X(n divisor).
                    let scale = Double(nc - 1) / Double(nc)
                    let pq = means.reduce(0) { $0 + $1 * (1 - $1) }
                    kr20 = jd / (jd - 1) * (1 - pq / (totalCov * scale))
                }
            }
        }

        var rows = [ItemAnalysisRow]()
        for j in 0..<jCount {
            let id = data.itemIDs[j]
            let kCount = kCounts[j]
            let dichotomous = kCount == 2
            let mean = answered[j] > 0 ? sums[j] / Double(answered[j]) : nil
            var row = ItemAnalysisRow(itemID: id, n: answered[j], pValue: dichotomous ? mean : nil, meanScore: mean,
                                      maxScore: kCount - 1, itemRestCorrelation: nil, polyserial: nil,
                                      alphaIfDeleted: nil, distractors: nil, flags: [], warnings: [])
            if answered[j] == 0 { row.warnings.append("Nobody answered the item.") }
            if !sparse && jCount >= 2 {
                let cjj = cov[j * jCount + j]
                var rowSum = 0.0
                for k in 0..<jCount { rowSum += cov[j * jCount + k] }
                let covRest = rowSum - cjj
                let varRest = totalCov - 2 * rowSum + cjj
                if cjj > 0 && varRest > 0 {
                    let r = covRest / (cjj * varRest).squareRoot()
                    row.itemRestCorrelation = r
                    if kCount >= 3 {
                        row.polyserial = polyserial(itemRest: r, categoryProportions: proportions(data, item: j, rows: complete))
                    }
                } else {
                    row.warnings.append(cjj <= 0
                        ? "Item–rest correlation not defined: every complete case has the same score on the item."
                        : "Item–rest correlation not defined: the rest score does not vary.")
                }
                if jCount >= 3 && varRest > 0 {
                    let jd = Double(jCount - 1)
                    row.alphaIfDeleted = jd / (jd - 1) * (1 - (trace - cjj) / varRest)
                } else {
                    row.warnings.append("Alpha if item deleted not defined: it needs at least three items and a varying rest score.")
                }
            } else if sparse {
                row.warnings.append("\(sparseWarning).")
            }
            if let key = keys?[id], let raw = data.rawChoices {
                row.distractors = distractors(data, raw: raw, item: j, options: key.options, key: key.key,
                                              totals: totals, complete: sparse ? [] : complete, warnings: &row.warnings)
            } else if keys?[id] != nil {
                row.warnings.append("No distractor analysis: the responses carry no raw choices (read the responses as chosen option labels to have them).")
            }
            row.flags = flags(row, dichotomous: dichotomous, thresholds: flagging)
            rows.append(row)
        }
        return ItemAnalysisReport(rows: rows, alpha: alpha, kr20: kr20, n: nPersons, completeCount: nc,
                                  meanTotalScore: meanTotal, standardDeviationTotalScore: sdTotal,
                                  thresholds: flagging, warnings: warnings)
    }

    /// Olsson, Drasgow & Dorans's (1982) ad-hoc polyserial estimate from the point-polyserial
    /// (Pearson) correlation r and the category proportions π_0..π_{K−1} of the ordinal variable:
    /// r · σ_y / Σ_k φ(τ_k), τ_k = Φ⁻¹(π_0 + … + π_{k−1}); empty cumulative cells (τ = ±∞) add nothing.
    /// Nil when every response is in one category.
    public static func polyserial(itemRest r: Double, categoryProportions pi: [Double]) -> Double? {
        var mean = 0.0
        for (k, p) in pi.enumerated() { mean += Double(k) * p }
        var variance = 0.0
        for (k, p) in pi.enumerated() { variance += (Double(k) - mean) * (Double(k) - mean) * p }
        var cum = 0.0
        var density = 0.0
        for k in 1..<max(1, pi.count) {
            cum += pi[k - 1]
            if cum > 1e-12 && cum < 1 - 1e-12 {
                density += SpecialFunctions.normalDensity(SpecialFunctions.normalQuantile(cum))
            }
        }
        guard density > 0, variance > 0 else { return nil }
        return r * variance.squareRoot() / density
    }

    static func proportions(_ data: ResponseMatrix, item j: Int, rows: [Int]) -> [Double] {
        var counts = [Double](repeating: 0, count: data.categoryCounts[j])
        for p in rows {
            let v = Int(data.responses[p * data.itemCount + j])
            if v < counts.count { counts[v] += 1 }
        }
        let n = max(1, rows.count)
        return counts.map { $0 / Double(n) }
    }

    static func distractors(_ data: ResponseMatrix, raw: [String], item j: Int, options: [String], key: String,
                            totals: [Double], complete: [Int], warnings: inout [String]) -> [DistractorRow] {
        let jCount = data.itemCount
        guard raw.count == data.responses.count else {
            warnings.append("No distractor analysis: the raw choices do not match the responses.")
            return []
        }
        if !options.contains(key) { warnings.append("The key \(key) is not one of the options \(options).") }
        var labels = options
        var counts = [String: Int]()
        var totalSums = [String: Double]()
        var answeredCount = 0
        for p in 0..<data.personCount {
            let choice = raw[p * jCount + j]
            if choice.isEmpty { continue }
            answeredCount += 1
            if !labels.contains(choice) { labels.append(choice) }
            counts[choice, default: 0] += 1
            totalSums[choice, default: 0] += totals[p]
        }
        if labels.count > options.count {
            warnings.append("Choices not among the listed options: \(labels[options.count...].joined(separator: ", ")).")
        }
        // Point-biserials with the rest score on complete cases.
        var rest = [Double]()
        var chosen = [String]()
        for p in complete {
            let choice = raw[p * jCount + j]
            if choice.isEmpty { continue }
            rest.append(totals[p] - Double(data.responses[p * jCount + j]))
            chosen.append(choice)
        }
        return labels.map { label in
            let c = counts[label] ?? 0
            let indicator = chosen.map { $0 == label ? 1.0 : 0.0 }
            return DistractorRow(
                option: label, isKey: label == key, count: c,
                proportion: answeredCount > 0 ? Double(c) / Double(answeredCount) : 0,
                meanTotalScore: c > 0 ? (totalSums[label] ?? 0) / Double(c) : nil,
                pointBiserial: pearson(indicator, rest))
        }
    }

    /// Pearson correlation; nil when either variable is constant or fewer than two pairs.
    static func pearson(_ x: [Double], _ y: [Double]) -> Double? {
        let n = x.count
        guard n >= 2, y.count == n else { return nil }
        let mx = x.reduce(0, +) / Double(n), my = y.reduce(0, +) / Double(n)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in 0..<n {
            let dx = x[i] - mx, dy = y[i] - my
            sxy += dx * dy
            sxx += dx * dx
            syy += dy * dy
        }
        guard sxx > 0, syy > 0 else { return nil }
        return sxy / (sxx * syy).squareRoot()
    }

    /// 0.05 → "5%", 0.025 → "2.5%".
    static func percent(_ x: Double) -> String {
        let v = x * 100
        return v == v.rounded() ? "\(Int(v))%" : "\(v)%"
    }

    static func flags(_ row: ItemAnalysisRow, dichotomous: Bool, thresholds t: FlagThresholds) -> [String] {
        var out = [String]()
        if dichotomous, let p = row.pValue {
            if p < t.minimumPValue { out.append("p < \(t.minimumPValue) (hard)") }
            if p > t.maximumPValue { out.append("p > \(t.maximumPValue) (easy)") }
        }
        if let r = row.itemRestCorrelation, r < t.minimumItemRest {
            out.append("item-rest r < \(t.minimumItemRest)")
        }
        for d in row.distractors ?? [] {
            if d.isKey {
                if let pb = d.pointBiserial, pb < 0 { out.append("possible miskey") }
            } else {
                if let pb = d.pointBiserial, pb > t.maximumDistractorPointBiserial {
                    out.append("distractor \(d.option): positive point-biserial")
                }
                if d.proportion < t.minimumDistractorProportion {
                    out.append("distractor \(d.option): chosen by < \(percent(t.minimumDistractorProportion))")
                }
            }
        }
        return out
    }
}
