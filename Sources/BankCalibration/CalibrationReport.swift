import Calibration
import ClassicalTestTheory
import Foundation
import IRTModels
import ResponseData
import Tables

/// The document of a calibration — the one a bank-aware calibration stores with its new version and
/// `calibrate` prints — built from the result, item fit and the classical item analysis (DECISIONS §8:
/// camelCase JSON with a `schemaVersion`, snake_case CSV headers, no NaN or ∞ — a missing quantity is
/// null with a warning). The items are the parameter set's `ItemRecord`s, so every parameter-set
/// reader reads a calibration document.
public struct CalibrationReport: Sendable {
    public let result: CalibrationResult
    public let fit: [ItemFitEntry]?
    public let source: String
    /// Classical item analysis of the same data (nil when not computed).
    public var analysis: ItemAnalysisReport? = nil

    /// Where a bank-aware calibration went in the store.
    public typealias Provenance = ParameterSet.Provenance
    public var provenance: Provenance? = nil

    /// - Parameters:
    ///   - result: the calibration.
    ///   - fit: item fit, one entry per item of the result (nil when not computed).
    ///   - source: where the responses came from (a file name), written as `source`.
    public init(result: CalibrationResult, fit: [ItemFitEntry]?, source: String,
                analysis: ItemAnalysisReport? = nil, provenance: Provenance? = nil) {
        self.result = result; self.fit = fit; self.source = source; self.analysis = analysis
        self.provenance = provenance
    }

    /// The report of a calibration of `data`, with item fit and the classical item analysis when asked
    /// for — both single-group statistics, so a multiple-group calibration has neither (per-group fit is
    /// a later issue). `keys` (option labels and key by item id) turn on the distractor analysis.
    /// - Throws: ``CalibrationError`` when `data` does not hold the result's items as columns.
    public init(result: CalibrationResult, data: ResponseMatrix, source: String, computeItemFit: Bool,
                computeItemAnalysis: Bool, keys: [String: (options: [String], key: String)]? = nil) throws(CalibrationError) {
        let singleGroup = result.groups.isEmpty
        self.init(result: result, fit: computeItemFit && singleGroup ? try Self.fitStatistics(result, data: data) : nil,
                  source: source,
                  analysis: computeItemAnalysis && singleGroup ? ItemAnalysis.analyze(data, keys: keys) : nil)
    }

    /// Why item fit is missing from a document.
    public enum FitOmission: Sendable, Equatable, CustomStringConvertible {
        /// Item fit was not asked for.
        case notRequested
        /// Item fit and item analysis are single-group statistics.
        case multipleGroups

        public var description: String {
            switch self {
            case .notRequested: return "Item fit not computed (not requested)."
            case .multipleGroups: return "Item fit and item analysis are not computed for a multiple-group calibration."
            }
        }
    }

    /// Why item fit is missing from this report, or nil when it is there.
    public var fitOmission: FitOmission? {
        guard fit == nil else { return nil }
        return result.groups.isEmpty ? .notRequested : .multipleGroups
    }

    /// Test-level classical statistics.
    public struct Classical: Codable, Sendable {
        public var alpha: Double?
        public var kr20: Double?
        public var persons: Int
        public var completePersons: Int
        public var meanTotalScore: Double?
        public var standardDeviationTotalScore: Double?
        public var warnings: [String]
    }

    /// Item-fit values of one item as written to the output.
    public struct ItemFitEntry: Codable, Sendable {
        public var sx2: Double?
        public var df: Int?
        public var p: Double?
        public var infit: Double?
        public var outfit: Double?

        /// An entry; nil where a statistic was not computed.
        public init(sx2: Double? = nil, df: Int? = nil, p: Double? = nil, infit: Double? = nil, outfit: Double? = nil) {
            self.sx2 = sx2; self.df = df; self.p = p; self.infit = infit; self.outfit = outfit
        }
    }

    /// The document: its JSON form is what `calibrate --format json` prints and what the store keeps.
    public struct Document: Codable, Sendable {
        public var schemaVersion = 1
        public var source: String
        public var model: String
        public var converged: Bool
        public var iterations: Int
        public var lastChange: Double?
        /// The bound-respecting first-order condition: the largest step one more M-step would take.
        public var remainingStep: Double?
        public var logLikelihood: Double?
        public var logPosterior: Double?
        public var aic: Double?
        public var bic: Double?
        public var parameterCount: Int
        public var persons: Int
        public var patterns: Int
        public var latentMean: Double
        public var latentVariance: Double
        public var latentMeanEstimated: Bool
        public var latentVarianceEstimated: Bool
        public var latentStandardErrors: [String: Double]?
        /// Multiple-group calibrations: each group's latent mean and variance (reference first), with SEs.
        public var groups: [GroupLatent]?
        public var classical: Classical?
        public var provenance: Provenance?
        public var settings: [String: String]
        public var items: [Item]
        public var warnings: [String]
    }

    /// One item of the document: the parameter set's `ItemRecord` (the fields every reader decodes,
    /// written by the same type) plus item fit and the classical item analysis, flattened into one
    /// JSON object.
    @dynamicMemberLookup
    public struct Item: Codable, Sendable {
        public var record: ParameterSet.ItemRecord
        public var fit: ItemFitEntry?
        public var classical: ItemAnalysisRow?

        public subscript<T>(dynamicMember path: KeyPath<ParameterSet.ItemRecord, T>) -> T { record[keyPath: path] }

        public init(record: ParameterSet.ItemRecord, fit: ItemFitEntry?, classical: ItemAnalysisRow?) {
            self.record = record; self.fit = fit; self.classical = classical
        }

        private enum Keys: String, CodingKey { case fit, classical }

        public init(from decoder: any Decoder) throws {
            record = try ParameterSet.ItemRecord(from: decoder)
            let c = try decoder.container(keyedBy: Keys.self)
            fit = try c.decodeIfPresent(ItemFitEntry.self, forKey: .fit)
            classical = try c.decodeIfPresent(ItemAnalysisRow.self, forKey: .classical)
        }

        public func encode(to encoder: any Encoder) throws {
            try record.encode(to: encoder)
            var c = encoder.container(keyedBy: Keys.self)
            try c.encodeIfPresent(fit, forKey: .fit)
            try c.encodeIfPresent(classical, forKey: .classical)
        }
    }

    /// The document. `describe` gives the text of a ``FitOmission`` among the warnings (its
    /// description unless the caller words it for its own interface).
    public func document(describe: (FitOmission) -> String = \.description) -> Document {
        let r = result
        var warnings = r.warnings
        if let omission = fitOmission { warnings.append(describe(omission)) }
        var latentSE: [String: Double]?
        if let cov = r.covariance {
            var m = [String: Double]()
            if let i = r.parameterLabels.firstIndex(of: "MEAN_1") { m["mean"] = cov[i, i].squareRoot() }
            if let i = r.parameterLabels.firstIndex(of: "COV_11") { m["variance"] = cov[i, i].squareRoot() }
            latentSE = m.isEmpty ? nil : m
        }
        let set = r.parameterSet(provenance: provenance)
        warnings += set.warnings
        let items: [Item] = set.items.enumerated().map { i, item in
            Item(record: ParameterSet.ItemRecord(item), fit: fit?[i],
                 classical: analysis?.rows.first { $0.itemID == item.id })
        }
        let models = Set(r.items.map(\.model.rawValue))
        return Document(
            source: source, model: models.count == 1 ? (models.first ?? "") : "mixed", converged: r.converged,
            iterations: r.iterations, lastChange: r.lastChange.isFinite ? r.lastChange : nil,
            remainingStep: r.remainingStep.isFinite ? r.remainingStep : nil,
            logLikelihood: finite(r.logLikelihood), logPosterior: finite(r.logPosterior), aic: finite(r.aic),
            bic: finite(r.bic),
            parameterCount: r.parameterCount, persons: r.personCount, patterns: r.patternCount,
            latentMean: r.latent.mean, latentVariance: r.latent.variance,
            latentMeanEstimated: r.latent.meanEstimated, latentVarianceEstimated: r.latent.varianceEstimated,
            latentStandardErrors: latentSE,
            groups: r.groups.isEmpty ? nil : r.groups,
            classical: analysis.map {
                Classical(alpha: $0.alpha, kr20: $0.kr20, persons: $0.n, completePersons: $0.completeCount,
                          meanTotalScore: $0.meanTotalScore, standardDeviationTotalScore: $0.standardDeviationTotalScore,
                          warnings: $0.warnings)
            },
            provenance: provenance,
            settings: r.configurationSummary, items: items, warnings: warnings)
    }

    /// The document as JSON text (the form the store keeps), ending in a line break.
    public func jsonText(describe: (FitOmission) -> String = \.description) throws -> String {
        try JSONOutput.text(document(describe: describe))
    }

    /// Item fit from the calibration (S-X² for every model; infit/outfit for Rasch).
    /// - Throws: ``CalibrationError`` when the data do not hold the result's items as columns.
    public static func fitStatistics(_ result: CalibrationResult, data: ResponseMatrix) throws(CalibrationError) -> [ItemFitEntry]? {
        let sx2 = try ItemFit.sx2(calibration: result, data: data)
        let byID = Dictionary(sx2.map { ($0.itemID, $0) }, uniquingKeysWith: { a, _ in a })
        // Infit/outfit mean squares (WLE person estimates) for Rasch items.
        var meanSquares = [String: ItemFitStatistic]()
        if result.items.contains(where: { $0.model == .rasch }) {
            let columns = result.itemIDs.compactMap { data.itemIDs.firstIndex(of: $0) }
            if columns.count == result.itemIDs.count {
                let sub = data.selectingItems(columns)
                for s in try ItemFit.raschMeanSquares(items: result.items, data: sub) { meanSquares[s.itemID] = s }
            }
        }
        return result.itemIDs.map { id in
            let s = byID[id]
            let m = meanSquares[id]
            return ItemFitEntry(sx2: s?.sx2, df: s?.df, p: s?.p, infit: m?.infit, outfit: m?.outfit)
        }
    }
}

extension CalibrationReport {
    /// The `item_parameters` table of the document: one row per item.
    /// - Throws: the table's error when a row does not fit the schema (a bug).
    public func itemTable(_ doc: Document) throws -> Table {
        try Table(.itemParameters, rows: doc.items.map(Self.itemRow))
    }

    /// One row of the `item_parameters` table: the item's parameters, standard errors, fit and classical
    /// statistics (the one layout of that table; `export tables` writes its rows through it too).
    public static func itemRow(_ it: Item) -> [TableValue] {
        let se = it.standardErrors ?? [:]
        return [
            .text(it.id), .text(it.model), .number(it.discrimination), TableValue(it.difficulty), TableValue(it.intercept),
            TableValue(it.guessing), TableValue(it.upperAsymptote), TableValue(it.intercepts), TableValue(it.thresholds),
            TableValue(se["a1"]), se["d"].map(TableValue.number) ?? steps(se, "d", it.intercepts?.count),
            TableValue(se["g"]), TableValue(se["u"]), se["b"].map(TableValue.number) ?? steps(se, "b", it.thresholds?.count),
            .boolean(it.fixed ?? false), TableValue(it.fit?.sx2), TableValue(it.fit?.df), TableValue(it.fit?.p),
            TableValue(it.fit?.infit), TableValue(it.fit?.outfit), TableValue(it.classical?.pValue),
            TableValue(it.classical?.meanScore), TableValue(it.classical?.itemRestCorrelation),
            TableValue(it.classical?.alphaIfDeleted), .text((it.classical?.flags ?? []).joined(separator: "; ")),
        ]
    }
}

/// Per-step standard errors `d1;d2;…` (or `b1;…`) of a polytomous item, one list cell; null when the
/// item has no steps or no step has a standard error.
private func steps(_ se: [String: Double], _ prefix: String, _ count: Int?) -> TableValue {
    guard let count, count > 0 else { return .null }
    let values = (1...count).map { se["\(prefix)\($0)"] }
    return values.allSatisfy { $0 == nil } ? .null : .numbers(values)
}

/// The value when finite, else nil (JSON never carries NaN or ∞; DECISIONS §8).
private func finite(_ v: Double) -> Double? { v.isFinite ? v : nil }

