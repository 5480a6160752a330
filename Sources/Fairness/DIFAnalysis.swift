import Foundation
import IRTModels
import ResponseData
import Tables

/// Settings of a DIF analysis.
public struct DIFSettings: Sendable {
    /// Significance level of every test (DECISIONS §7: .05).
    public var alpha = 0.05
    /// Settings of the IRT likelihood-ratio calibrations.
    public var irt = IRTLikelihoodRatioDIF.Settings()
    /// Whether to run the IRT likelihood-ratio test when parameters are given.
    public var runIRT = true
    /// Called after each item of the IRT test with (items done, items).
    public var progress: (@Sendable (Int, Int) -> Void)?
    public init() {}
}

/// Differential item functioning between two groups: the one entry point of the `Fairness` module
/// (used by `mentorcert dif` and the technical report).
///
/// For every item it computes
/// 1. **Mantel–Haenszel** (dichotomous: α_MH, MH D-DIF, continuity-corrected χ², ETS A/B/C —
///    ``MantelHaenszel``) or **Mantel's test with the standardized mean difference** (polytomous: ETS
///    AA/BB/CC — ``MantelPolytomous``), matching on the **total score with the studied item included**
///    (Holland & Thayer 1988), over the persons with a response to every item;
/// 2. **logistic-regression DIF** (``LogisticRegressionDIF``: binary or cumulative logit, uniform and
///    non-uniform, Nagelkerke ΔR² classified by Jodoin & Gierl 2001) on the same persons and score;
/// 3. with parameters, the **IRT likelihood-ratio test** on the two-group calibration
///    (``IRTLikelihoodRatioDIF``) with a Benjamini–Hochberg adjustment across items.
///
/// An item is **flagged** for review when its ETS class is B/C (BB/CC), its logistic-regression class
/// is B/C, or its adjusted IRT-LR p is below α (DECISIONS §7; docs/DECISIONS.md, "Fairness: DIF").
/// A statistic that does not exist for the data (an item without variance, a regression that does not
/// converge) is nil with a warning naming the item.
public enum DIFAnalysis {
    /// The matching rule, as written in the report.
    public static let matchingRule = "total score over the analysed items, studied item included; persons with a response to every item"

    /// Runs the analysis.
    /// - Parameters:
    ///   - responses: scored responses (0..K−1), one column per item.
    ///   - groups: the reference and focal groups (``DIFGroups``), one entry per person of `responses`.
    ///   - parameters: item models and parameters (a bank's or a calibration's); the items analysed are
    ///     then those of `parameters`, each of which must be a column. Without them every column is analysed
    ///     and the IRT test is not run.
    /// - Throws: ``DIFError`` when the groups or items cannot be analysed.
    /// - Complexity: MH O(n·J); logistic regression O(n·J·iterations); IRT-LR J + 1 calibrations.
    public static func run(_ responses: ResponseMatrix, groups: DIFGroups, parameters: ParameterSet? = nil,
                           settings: DIFSettings = DIFSettings()) throws(DIFError) -> DIFReport {
        precondition(groups.isFocal.count == responses.personCount,
                     "DIFAnalysis.run: one group entry per person (build DIFGroups from the same matrix)")
        var warnings: [String] = []
        // The items analysed.
        var columns: [Int]
        if let parameters {
            columns = []
            for item in parameters.items {
                guard let c = responses.itemIDs.firstIndex(of: item.id) else {
                    throw DIFError(.itemNotInResponses(item: item.id))
                }
                columns.append(c)
            }
            let extra = responses.itemCount - columns.count
            if extra > 0 {
                warnings.append("\(extra) response column(s) are not items of the parameters and are not analysed")
            }
        } else {
            columns = Array(0..<responses.itemCount)
        }
        guard columns.count >= 2 else { throw DIFError(.tooFewItems(found: columns.count)) }
        let categories = columns.enumerated().map { j, c in
            max(responses.categoryCounts[c], parameters?.items[j].parameters.categoryCount ?? 0)
        }

        // Persons of the two groups; complete ones for MH and logistic regression.
        var members: [Int] = [], complete: [Int] = []
        for p in 0..<responses.personCount where groups.isFocal[p] != nil {
            members.append(p)
            if columns.allSatisfy({ responses[p, $0] != nil }) { complete.append(p) }
        }
        let incomplete = members.count - complete.count
        if incomplete > 0 {
            warnings.append("\(incomplete) person(s) of the two groups did not answer every item and are left out of Mantel–Haenszel and logistic regression (the IRT test uses them)")
        }
        let completeFocal = complete.filter { groups.isFocal[$0] == true }.count
        let completeReference = complete.count - completeFocal
        if completeReference < 2 { throw DIFError(.tooFewPersons(group: groups.reference, persons: completeReference, needed: 2)) }
        if completeFocal < 2 { throw DIFError(.tooFewPersons(group: groups.focal, persons: completeFocal, needed: 2)) }
        let isFocal = complete.map { groups.isFocal[$0] == true }
        let matching = complete.map { p in columns.reduce(0) { $0 + Int(responses[p, $1] ?? 0) } }

        var itemRows: [DIFItemRow] = [], mhRows: [MantelHaenszelRow] = [], lrRows: [LogisticRegressionRow] = []
        for (j, c) in columns.enumerated() {
            let id = responses.itemIDs[c]
            let score = complete.map { Int(responses[$0, c] ?? 0) }
            // A matrix built in code may declare fewer categories than it holds: count what is there.
            let k = max(categories[j], (score.max() ?? 0) + 1, 2)
            let strata = DIFStratum.strata(score: score, matching: matching, isFocal: isFocal, categories: k)
            let informative = strata.filter(\.isInformative)
            var mh = MantelHaenszelRow(
                itemId: id, method: k == 2 ? "mantel-haenszel" : "mantel", strata: informative.count,
                referencePersons: Int(informative.reduce(0) { $0 + $1.referenceTotal }),
                focalPersons: Int(informative.reduce(0) { $0 + $1.focalTotal }), degreesOfFreedom: 1)
            var favours: String?
            if k == 2 {
                let s = MantelHaenszel.statistics(strata)
                mh.oddsRatio = s.commonOddsRatio
                mh.delta = s.delta
                mh.deltaStandardError = s.deltaStandardError
                mh.chiSquare = s.chiSquare
                mh.pValue = s.pValue
                mh.etsClass = MantelHaenszel.etsClass(s, alpha: settings.alpha)
                if s.delta == nil {
                    warnings.append("item \(id): α_MH is 0 or infinite (in every informative score stratum one group answered all right or all wrong); odds ratio and MH D-DIF are null")
                }
                if let d = s.delta, d != 0 { favours = d < 0 ? "reference" : "focal" }
            } else {
                let s = MantelPolytomous.statistics(strata)
                mh.chiSquare = s.chiSquare
                mh.pValue = s.pValue
                mh.standardizedMeanDifference = s.standardizedMeanDifference
                mh.effectSize = s.effectSize
                mh.etsClass = MantelPolytomous.etsClass(s, alpha: settings.alpha)
                if s.effectSize == nil && s.standardizedMeanDifference != nil {
                    warnings.append("item \(id): the item score has no variance, so SMD/SD is null")
                }
                if let d = s.standardizedMeanDifference, d != 0 { favours = d < 0 ? "reference" : "focal" }
            }
            if mh.chiSquare == nil {
                warnings.append("item \(id): no score stratum with both groups has variation in the item score; the \(mh.method) χ² and its p are null")
            }

            // Logistic regression on the observed categories (renumbered 0.. when some are unused).
            let observed = Array(Set(score)).sorted()
            var lr = LogisticRegressionRow(itemId: id, model: k == 2 ? "logit" : "cumulative-logit", persons: score.count,
                                           converged: false)
            if observed.count < 2 {
                warnings.append("item \(id): every person of the two groups scored \(observed.first ?? 0); the logistic regressions are null")
            } else {
                if observed.count < k {
                    warnings.append("item \(id): categories \(Set(0..<k).subtracting(observed).sorted().map(String.init).joined(separator: ", ")) are unused; the logistic regression merges them away")
                }
                let index = Dictionary(uniqueKeysWithValues: observed.enumerated().map { ($1, $0) })
                let y = score.map { index[$0] ?? 0 }
                let s = LogisticRegressionDIF.statistics(score: y, matching: matching, isFocal: isFocal,
                                                         categories: observed.count, alpha: settings.alpha)
                lr.logLikelihood1 = s.logLikelihoods[0]; lr.logLikelihood2 = s.logLikelihoods[1]; lr.logLikelihood3 = s.logLikelihoods[2]
                lr.chiSquareTotal = s.chiSquareTotal; lr.pValueTotal = s.pValueTotal
                lr.chiSquareUniform = s.chiSquareUniform; lr.pValueUniform = s.pValueUniform
                lr.chiSquareNonUniform = s.chiSquareNonUniform; lr.pValueNonUniform = s.pValueNonUniform
                lr.rSquared1 = s.rSquared[0]; lr.rSquared2 = s.rSquared[1]; lr.rSquared3 = s.rSquared[2]
                lr.rSquaredChange = s.rSquaredChange; lr.rSquaredChangeUniform = s.rSquaredChangeUniform
                lr.rSquaredChangeNonUniform = s.rSquaredChangeNonUniform
                lr.groupCoefficient = s.groupCoefficient; lr.interactionCoefficient = s.interactionCoefficient
                lr.effectClass = s.effectClass
                lr.converged = s.converged
                if !s.converged {
                    warnings.append("item \(id): a logistic regression did not converge (the score or the group predicts the answer perfectly in part of the data); the statistics of the models concerned are null")
                }
            }
            mhRows.append(mh)
            lrRows.append(lr)
            itemRows.append(DIFItemRow(
                itemId: id, categories: k, persons: score.count, mhClass: mh.etsClass, mhDelta: mh.delta,
                mhEffectSize: mh.effectSize, mhPValue: mh.pValue, lrClass: lr.effectClass, lrRSquaredChange: lr.rSquaredChange,
                lrPValue: lr.pValueTotal, irtPValueAdjusted: nil, favours: favours, flagged: false, reasons: nil))
        }

        // The IRT likelihood-ratio test.
        var irtRows: [IRTLikelihoodRatioRow]?
        var focalMean: Double?, focalVariance: Double?
        if let parameters, settings.runIRT {
            var data = responses.selectingPersons(members).selectingItems(columns)
            data.categoryCounts = categories
            let labels = members.map { groups.isFocal[$0] == true ? groups.focal : groups.reference }
            let outcome = try IRTLikelihoodRatioDIF.run(
                data, models: parameters.items.map(\.parameters.model), start: parameters.items.map(\.parameters),
                labels: labels, reference: groups.reference, settings: settings.irt, progress: settings.progress)
            warnings += outcome.warnings
            focalMean = outcome.focalMean
            focalVariance = outcome.focalVariance
            let byID = Dictionary(uniqueKeysWithValues: outcome.items.map { ($0.itemId, $0) })
            let tested = data.itemIDs.map { byID[$0] }
            let adjusted = BenjaminiHochberg.adjust(tested.map { $0?.pValue })
            irtRows = data.itemIDs.enumerated().map { j, id in
                let r = tested[j]
                return IRTLikelihoodRatioRow(
                    itemId: id, model: parameters.items[j].parameters.model.rawValue, degreesOfFreedom: r?.degreesOfFreedom,
                    logLikelihoodConstrained: r?.logLikelihoodConstrained, logLikelihoodFree: r?.logLikelihoodFree,
                    chiSquare: r?.chiSquare, pValue: r?.pValue, pValueAdjusted: adjusted[j],
                    significant: (adjusted[j] ?? 1) < settings.alpha, converged: r?.converged ?? false)
            }
        }

        // Flags.
        for j in itemRows.indices {
            var reasons: [String] = []
            if let c = itemRows[j].mhClass, c.isFlagged {
                if let d = itemRows[j].mhDelta {
                    reasons.append("ETS \(c.rawValue) (MH D-DIF \(NumberText.fixed(d, decimals: 2) ?? "?"))")
                } else {
                    reasons.append("ETS \(c.rawValue) (SMD/SD \(itemRows[j].mhEffectSize.flatMap { NumberText.fixed($0, decimals: 3) } ?? "?"))")
                }
            }
            if let c = itemRows[j].lrClass, c.isFlagged {
                reasons.append("logistic regression \(c.rawValue) (ΔR² \(itemRows[j].lrRSquaredChange.flatMap { NumberText.fixed($0, decimals: 3) } ?? "?"))")
            }
            if let irt = irtRows?[j], irt.significant {
                itemRows[j].irtPValueAdjusted = irt.pValueAdjusted
                reasons.append("IRT-LR G² \(irt.chiSquare.flatMap { NumberText.fixed($0, decimals: 1) } ?? "?"), BH-adjusted p \(pText(irt.pValueAdjusted))")
            } else {
                itemRows[j].irtPValueAdjusted = irtRows?[j].pValueAdjusted
            }
            itemRows[j].flagged = !reasons.isEmpty
            itemRows[j].reasons = reasons.isEmpty ? nil : reasons.joined(separator: "; ")
        }
        if parameters == nil {
            warnings.append("no item parameters: the IRT likelihood-ratio test was not run (it needs the items' models)")
        }

        return DIFReport(
            schemaVersion: TableSchema.difItems.version, groupColumn: groups.column, referenceGroup: groups.reference,
            focalGroup: groups.focal, focalChoice: groups.focalNamed ? "named" : "smaller group",
            referencePersons: groups.referenceCount, focalPersons: groups.focalCount, excludedPersons: groups.excludedCount,
            incompletePersons: incomplete, alpha: settings.alpha, matching: matchingRule, items: itemRows,
            mantelHaenszel: mhRows, logisticRegression: lrRows, irtLikelihoodRatio: irtRows, irtFocalMean: focalMean,
            irtFocalVariance: focalVariance, flagged: itemRows.filter(\.flagged).map(\.itemId), warnings: warnings)
    }
}

/// A p-value for a reason text: four decimals, `< 0.0001` below that.
func pText(_ p: Double?) -> String {
    guard let p else { return "?" }
    return p < 0.0001 ? "< 0.0001" : (NumberText.fixed(p, decimals: 4) ?? "?")
}

extension DIFGroups {
    /// The groups of group column `column` of `responses` (see ``init(column:labels:focal:reference:)``).
    /// - Throws: ``DIFError`` when the column was not read as a group column, or the groups cannot be chosen.
    public init(column: String, of responses: ResponseMatrix, focal: String? = nil, reference: String? = nil) throws(DIFError) {
        guard let labels = responses.groups[column] else {
            throw DIFError(.unknownGroupColumn(column: column, available: responses.groups.keys.sorted()))
        }
        try self.init(column: column, labels: labels, focal: focal, reference: reference)
    }
}
