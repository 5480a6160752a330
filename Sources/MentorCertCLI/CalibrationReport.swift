import Calibration
import ClassicalTestTheory
import Foundation
import IRTModels
import ResponseData
import Tables

/// The output of `mentorcert calibrate` in its three formats (DECISIONS §8: camelCase JSON with a
/// `schemaVersion`, snake_case CSV headers, no NaN or ∞ — a missing quantity is null with a warning).
struct CalibrationReport {
    let result: CalibrationResult
    let fit: [ItemFitEntry]?
    let source: String
    /// Classical item analysis of the same data (nil when not computed).
    var analysis: ItemAnalysisReport? = nil

    /// Where a bank-aware calibration went in the store.
    typealias Provenance = ParameterSet.Provenance
    var provenance: Provenance? = nil

    /// Test-level classical statistics.
    struct Classical: Codable {
        var alpha: Double?
        var kr20: Double?
        var persons: Int
        var completePersons: Int
        var meanTotalScore: Double?
        var standardDeviationTotalScore: Double?
        var warnings: [String]
    }

    /// Item-fit values of one item as written to the output.
    struct ItemFitEntry: Codable {
        var sx2: Double?
        var df: Int?
        var p: Double?
        var infit: Double?
        var outfit: Double?
    }

    struct Document: Codable {
        var schemaVersion = 1
        var source: String
        var model: String
        var converged: Bool
        var iterations: Int
        var lastChange: Double?
        /// The bound-respecting first-order condition: the largest step one more M-step would take.
        var remainingStep: Double?
        var logLikelihood: Double?
        var logPosterior: Double?
        var aic: Double?
        var bic: Double?
        var parameterCount: Int
        var persons: Int
        var patterns: Int
        var latentMean: Double
        var latentVariance: Double
        var latentMeanEstimated: Bool
        var latentVarianceEstimated: Bool
        var latentStandardErrors: [String: Double]?
        /// Multiple-group calibrations: each group's latent mean and variance (reference first), with SEs.
        var groups: [GroupLatent]?
        var classical: Classical?
        var provenance: Provenance?
        var settings: [String: String]
        var items: [Item]
        var warnings: [String]
    }

    /// One item of the document: the parameter set's `ItemRecord` (the fields every reader decodes,
    /// written by the same type) plus item fit and the classical item analysis, flattened into one
    /// JSON object.
    @dynamicMemberLookup
    struct Item: Codable {
        var record: ParameterSet.ItemRecord
        var fit: ItemFitEntry?
        var classical: ItemAnalysisRow?

        subscript<T>(dynamicMember path: KeyPath<ParameterSet.ItemRecord, T>) -> T { record[keyPath: path] }

        init(record: ParameterSet.ItemRecord, fit: ItemFitEntry?, classical: ItemAnalysisRow?) {
            self.record = record; self.fit = fit; self.classical = classical
        }

        private enum Keys: String, CodingKey { case fit, classical }

        init(from decoder: any Decoder) throws {
            record = try ParameterSet.ItemRecord(from: decoder)
            let c = try decoder.container(keyedBy: Keys.self)
            fit = try c.decodeIfPresent(ItemFitEntry.self, forKey: .fit)
            classical = try c.decodeIfPresent(ItemAnalysisRow.self, forKey: .classical)
        }

        func encode(to encoder: any Encoder) throws {
            try record.encode(to: encoder)
            var c = encoder.container(keyedBy: Keys.self)
            try c.encodeIfPresent(fit, forKey: .fit)
            try c.encodeIfPresent(classical, forKey: .classical)
        }
    }

    func document() -> Document {
        let r = result
        var warnings = r.warnings
        if fit == nil {
            warnings.append(r.groups.isEmpty ? "Item fit not computed (--no-fit)."
                : "Item fit and item analysis are not computed for a multiple-group calibration.")
        }
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

    func render(_ format: OutputFormat) throws -> String {
        let doc = document()
        switch format {
        case .json:
            let data = try jsonEncoder().encode(doc)
            return String(decoding: data, as: UTF8.self) + "\n"
        case .csv:
            let items = try itemTable(doc)
            for w in items.warnings { printError("warning: \(w)") }
            return items.csvText()
        case .table:
            var out = "Calibration of \(doc.persons) persons (\(doc.patterns) patterns) × \(doc.items.count) items, model \(doc.model)\n"
            out += "converged: \(doc.converged ? "yes" : "NO") after \(doc.iterations) E-steps (last change \(doc.lastChange.flatMap { NumberText.scientific($0, decimals: 2) } ?? "-"))\n"
            out += "log-likelihood \(fixedNumber(doc.logLikelihood, 4, fallback: "n/a"))   AIC "
                + "\(fixedNumber(doc.aic, 2, fallback: "n/a"))   BIC \(fixedNumber(doc.bic, 2, fallback: "n/a"))"
                + "   parameters \(doc.parameterCount)\n"
            out += "latent distribution N(\(fixedNumber(doc.latentMean, 4)), \(fixedNumber(doc.latentVariance, 4)))  "
                + "(mean \(doc.latentMeanEstimated ? "estimated" : "fixed"), variance \(doc.latentVarianceEstimated ? "estimated" : "fixed"))\n"
            // The item_parameters table itself (its column names, DECISIONS §8), the columns a reader scans:
            // `fixed` tells the items held at their parameters from the estimated ones.
            out += try itemTable(doc).terminalText(decimals: 3, columns: Self.terminalColumns, hidingEmptyColumns: true)
            if let c = doc.classical {
                out += "classical: alpha \(fixedNumber(c.alpha, 3, fallback: "n/a"))"
                    + ", KR-20 \(fixedNumber(c.kr20, 3, fallback: "n/a")), \(c.completePersons) complete of \(c.persons) persons\n"
                for it in doc.items {
                    if let flags = it.classical?.flags, !flags.isEmpty { out += "review \(it.id): " + flags.joined(separator: "; ") + "\n" }
                }
            }
            for w in doc.warnings { out += "warning: \(w)\n" }
            return out
        }
    }

    /// The columns of `item_parameters` the terminal form shows (the CSV and JSON carry every one).
    static let terminalColumns = ["itemId", "model", "fixed", "discrimination", "difficulty", "thresholds", "guessing",
                                  "upperAsymptote", "seA1", "seB", "sx2", "p"]

    /// The tables of `calibrate`, the main one first.
    static let tableSchemas: [TableSchema] = [.itemParameters, .calibrationSummary, .latentGroups]

    /// Every table of the document: `item_parameters`, `calibration_summary`, `latent_groups` (empty for a
    /// single-group calibration).
    func tables(_ doc: Document) throws -> [Table] {
        let summary = try table(.calibrationSummary, [[
            .text(doc.model), .boolean(doc.converged), .integer(doc.iterations), TableValue(doc.lastChange),
            TableValue(doc.remainingStep), TableValue(doc.logLikelihood), TableValue(doc.logPosterior), TableValue(doc.aic),
            TableValue(doc.bic), .integer(doc.parameterCount), .integer(doc.persons), .integer(doc.patterns),
            .number(doc.latentMean), .number(doc.latentVariance), .boolean(doc.latentMeanEstimated),
            .boolean(doc.latentVarianceEstimated),
        ]])
        let groups = try table(.latentGroups, (doc.groups ?? []).map { g -> [TableValue] in
            [.text(g.name), .integer(g.persons), .number(g.mean), .number(g.variance), .boolean(g.meanEstimated),
             .boolean(g.varianceEstimated), TableValue(g.meanStandardError), TableValue(g.varianceStandardError)]
        })
        return [try itemTable(doc), summary, groups]
    }

    /// Emits the report in the format asked: JSON (the parameter document, which holds every table's
    /// values), CSV (`item_parameters`, or the table `--table` names, or all of them into a directory),
    /// or the terminal summary.
    func emit(_ output: some OutputSettings, _ selection: TableSelection) throws {
        let doc = document()
        try emitTables(output, selection, try tables(doc), json: doc) { try render(.table) }
    }

    /// The profile as text: wall seconds per phase and the E-step products' rate.
    static func profileText(_ p: CalibrationProfile) -> String {
        String(format: """
            profile: total %.3f s = preparation %.3f + E-steps %.3f + M-steps %.3f + standard errors %.3f (wall)
            profile: E-step thread-seconds: indicators %.3f, BLAS products %.3f, posterior (max, exp, normalise) %.3f
            profile: %d E-steps, products %.2f GFLOP at %.1f GFLOP/s per thread
            """, p.total, p.preparation, p.eStep, p.mStep, p.standardErrors,
            p.eStepIndicatorsThreadSeconds, p.eStepProductsThreadSeconds, p.eStepPosteriorThreadSeconds,
            p.eSteps, p.productFlops * 1e-9, p.productGflopsPerThread)
    }

    /// Item fit from the calibration (S-X² for every model; infit/outfit for Rasch).
    static func fitStatistics(_ result: CalibrationResult, data: ResponseMatrix) -> [ItemFitEntry]? {
        let sx2 = ItemFit.sx2(calibration: result, data: data)
        let byID = Dictionary(sx2.map { ($0.itemID, $0) }, uniquingKeysWith: { a, _ in a })
        // Infit/outfit mean squares (WLE person estimates) for Rasch items.
        var meanSquares = [String: ItemFitStatistic]()
        if result.items.contains(where: { $0.model == .rasch }) {
            let columns = result.itemIDs.compactMap { data.itemIDs.firstIndex(of: $0) }
            if columns.count == result.itemIDs.count {
                let sub = data.selectingItems(columns)
                for s in ItemFit.raschMeanSquares(items: result.items, data: sub) { meanSquares[s.itemID] = s }
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
    func itemTable(_ doc: Document) throws -> Table {
        try table(.itemParameters, doc.items.map { it -> [TableValue] in
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
        })
    }
}

/// Per-step standard errors `d1;d2;…` (or `b1;…`) of a polytomous item, one list cell; null when the
/// item has no steps or no step has a standard error.
func steps(_ se: [String: Double], _ prefix: String, _ count: Int?) -> TableValue {
    guard let count, count > 0 else { return .null }
    let values = (1...count).map { se["\(prefix)\($0)"] }
    return values.allSatisfy { $0 == nil } ? .null : .numbers(values)
}

/// The value when finite, else nil (JSON never carries NaN or ∞; DECISIONS §8).
func finite(_ v: Double) -> Double? { v.isFinite ? v : nil }

/// Three decimals for the calibration summary's columns; empty for nil.
func fmt(_ v: Double?) -> String { fixedNumber(v, 3) }
