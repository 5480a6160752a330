import AdaptiveTesting
import BankCalibration
import Calibration
import ClassicalTestTheory
import ExamDesign
import Fairness
import Foundation
import IRTModels
import ItemBanking
import Reliability
import ResponseData
import Scoring
import Tables

/// Settings of a statistics export (`mentorcert export tables|notebook`).
public struct StatisticsExportOptions: Sendable {
    /// Simulated candidates of the bank's adaptive exam for the exposure rates and the adaptive
    /// reliability (nil: no simulation, no `item_exposure` table).
    public var simulatedExaminees: Int?
    /// Seed of the simulation study (recorded in the manifest).
    public var seed: UInt64
    /// Person-score estimator: WLE by default (Warm 1989; the engine's final estimator, DECISIONS §6).
    public var scoringMethod: ScoringMethod
    /// The engine version written in the manifest.
    public var engineVersion: String
    /// The bank-version id when the bank came from the store (else its content hash, which is the id an
    /// import would give it).
    public var bankVersionId: String?
    /// The time stamped in the manifest.
    public var createdAt: Date
    /// Threads for scoring and simulation.
    public var maxConcurrency: Int
    /// The DIF analysis between two groups of a group column of the responses (nil: no DIF tables, and
    /// the manifest says that DIF needs a group column).
    public var dif: DIFChoice?

    public init(simulatedExaminees: Int? = nil, seed: UInt64 = 1, scoringMethod: ScoringMethod = .wle,
                engineVersion: String, bankVersionId: String? = nil, createdAt: Date = Date(),
                maxConcurrency: Int = ProcessInfo.processInfo.activeProcessorCount, dif: DIFChoice? = nil) {
        self.simulatedExaminees = simulatedExaminees; self.seed = seed; self.scoringMethod = scoringMethod
        self.engineVersion = engineVersion; self.bankVersionId = bankVersionId; self.createdAt = createdAt
        self.maxConcurrency = maxConcurrency; self.dif = dif
    }

    /// The groups of a DIF analysis (``DIFGroups``) and whether the IRT likelihood-ratio test runs.
    public struct DIFChoice: Sendable, Equatable {
        /// The group column of the responses (e.g. `region`).
        public var column: String
        /// The focal group's value (nil: the smaller group) and the reference group's (nil: the other value).
        public var focal: String?
        public var reference: String?
        /// Run the IRT likelihood-ratio test too (one two-group calibration per item; off by default, as
        /// it dominates the export's time on a whole bank).
        public var irtLikelihoodRatio: Bool

        public init(column: String, focal: String? = nil, reference: String? = nil, irtLikelihoodRatio: Bool = false) {
            self.column = column; self.focal = focal; self.reference = reference; self.irtLikelihoodRatio = irtLikelihoodRatio
        }
    }
}

/// The tables of a statistics export with their manifest (not yet written; see ``ExportDirectory``).
public struct ExportedStatistics: Sendable {
    /// Every table, in the order they are written; one file per table, `<schema name>.csv`.
    public var tables: [Table]
    /// The manifest: bank version and content hash, data-set hash, engine version, seed, time, and
    /// one entry per table (filled in by ``ExportDirectory/write(_:extraFiles:to:force:)``).
    public var manifest: TableManifest
    /// The model behind the tables (for the notebook's figures).
    public var items: [ParameterSet.Item]
    /// Why a table or value is missing, what rests on simulated parameters.
    public var warnings: [String]

    /// The table written from `schema`, if any.
    public func table(_ schema: TableSchema) -> Table? { tables.first { $0.schema.name == schema.name } }

    /// Computes every table of issue 19 from `bank` and, when given, `responses`:
    ///
    /// - `item_parameters`: the bank's parameters and standard errors; with responses, S-X² item fit
    ///   (Orlando & Thissen 2000) and the classical item statistics of the response columns.
    /// - `person_scores` (responses): WLE by default (Warm 1989), with SEs.
    /// - `reliability_coefficients`, `alpha_if_deleted`, `classification_indices`, `information_curve`,
    ///   `section_reliability`: ``ReliabilityAnalysis/run(responses:model:options:source:)`` (responses), else
    ///   the bank's and sections' information curves alone.
    /// - `dif_items`, `dif_mantel_haenszel`, `dif_logistic_regression` and, when chosen,
    ///   `dif_irt_likelihood_ratio` (responses and ``StatisticsExportOptions/dif``):
    ///   ``DIFAnalysis/run(_:groups:parameters:settings:)`` over the matched items, the tables of
    ///   ``DIFReport/tables()`` (the schemas `mentorcert dif` writes). Without a group column the manifest
    ///   warns that DIF needs one.
    /// - `item_exposure` (with `simulatedExaminees`): ``SimulationStudy`` of the bank's adaptive exam.
    ///
    /// - Throws: ``StatisticsExportError`` naming what failed and what to do.
    /// - Complexity: dominated by the reliability analysis (O(N · J²) plus scoring O(N · J · Q)) and the
    ///   simulation (O(examinees · exam length · pool size)).
    public static func compute(bank: ItemBank, responses: ResponseMatrix?, source: String = "the responses",
                               options: StatisticsExportOptions) throws(StatisticsExportError) -> ExportedStatistics {
        let model: ReliabilityModel
        do { model = try ReliabilityModel(bank: bank) } catch { throw .bank(error.description) }
        let parameters = ParameterSet(items: model.items, latent: model.latent)
        let contentHash: String
        do { contentHash = try bank.contentHash() } catch { throw .bank(error.description) }
        var warnings: [String] = []
        if model.simulatedParameters {
            warnings.append("SIMULATED parameters: every IRT figure rests on parameters from a simulated field test, not on real candidates.")
        }
        var tables: [Table] = []
        var dataSetHash: String?
        do {
            var matched: ScoringInput?
            if let responses {
                do {
                    matched = try ScoringInput.match(responses, source: source, parameters: parameters, coverage: .subset)
                } catch { throw StatisticsExportError.responses("\(source): \(error)") }
                dataSetHash = DataSetHash.of(responses)
            }
            // Item parameters, fit and classical statistics.
            tables.append(try itemTable(parameters: parameters, input: matched, warnings: &warnings))
            // Person scores.
            if let input = matched {
                let scorer = PersonScorer(items: input.items.map(\.parameters), method: options.scoringMethod,
                                          latentMean: parameters.latent.mean, latentVariance: parameters.latent.variance)
                let scores: [PersonScore]
                do {
                    scores = try scorer.scoreAll(responses: input.matrix.responses, itemCount: input.matrix.itemCount,
                                                 columns: input.columns, maxConcurrency: options.maxConcurrency)
                } catch { throw StatisticsExportError.responses("\(source): \(error.description)") }
                tables.append(try PersonScoreTable.table(scores, personIDs: input.matrix.personIDs))
                warnings += input.warnings
            }
            // Reliability, classification, information.
            if let input = matched {
                let data = input.matrix.selectingItems(input.columns)
                let report: ReliabilityReport
                do {
                    report = try ReliabilityAnalysis.run(
                        responses: data, model: model,
                        options: ReliabilityOptions(simulatedExaminees: options.simulatedExaminees, seed: options.seed,
                                                    maxConcurrency: options.maxConcurrency),
                        source: source)
                } catch { throw StatisticsExportError.analysis(error.description) }
                tables += try ReliabilityTables.tables(report)
                warnings += report.warnings.filter { !$0.hasPrefix("SIMULATED") }
                if let choice = options.dif {
                    let dif = try difReport(data: data, items: input.items, latent: parameters.latent, choice: choice, source: source)
                    tables += try dif.tables()
                    warnings += dif.warnings.map { "DIF: \($0)" }
                    if dif.irtLikelihoodRatio == nil {
                        warnings.append("DIF: the IRT likelihood-ratio test was not run (it calibrates the two groups once per item); the tables hold Mantel–Haenszel and logistic regression. Choose the IRT test in the export's DIF options to add dif_irt_likelihood_ratio.")
                    }
                } else {
                    warnings.append(Self.noGroupWarning)
                }
            } else {
                var curves = [InformationCurve(scope: "bank", items: model.items.map(\.parameters))]
                for id in model.sections {
                    let items = model.items.filter { model.sectionOfItem[$0.id] == id }.map(\.parameters)
                    if !items.isEmpty { curves.append(InformationCurve(scope: "section:\(id)", items: items)) }
                }
                tables.append(try Table(.informationCurve, rows: curves.flatMap { curve in
                    curve.points.map { [TableValue.text(curve.scope), .number($0.theta), .number($0.information), TableValue($0.csem)] }
                }))
                warnings.append("No responses: person scores, item fit, classical statistics, reliability coefficients and classification indices need --responses.")
                warnings.append(Self.noGroupWarning)
            }
            // Exposure of the adaptive exam.
            if let n = options.simulatedExaminees {
                guard let engine = model.adaptiveEngine else {
                    throw StatisticsExportError.simulation(model.adaptiveEngineProblem ?? "the bank has no adaptive exam")
                }
                let outcomes: [SimulationStudy.Outcome]
                do {
                    outcomes = try SimulationStudy(engine: engine, examinees: n, seed: options.seed)
                        .run(maxConcurrency: options.maxConcurrency)
                } catch { throw StatisticsExportError.simulation(error.description) }
                let report = SimulationReport(outcomes: outcomes, pool: engine.pool)
                tables.append(try ExposureTable.table(report))
            }
        } catch let error as StatisticsExportError {
            throw error
        } catch {
            throw .analysis("a table did not fit its schema (\(error)); this is a bug, please report it")
        }
        var manifest = TableManifest(engineVersion: options.engineVersion,
                                     seed: options.simulatedExaminees == nil ? nil : options.seed,
                                     bank: .init(versionId: options.bankVersionId ?? contentHash, contentHash: contentHash),
                                     dataSetHash: dataSetHash, createdAt: options.createdAt)
        manifest.warnings = warnings
        return ExportedStatistics(tables: tables, manifest: manifest, items: model.items, warnings: warnings)
    }

    /// The manifest's warning when no DIF table was written: DIF compares two groups of a group column
    /// of the responses.
    public static let noGroupWarning = "No DIF tables: DIF compares two groups of candidates and needs responses with a group column (e.g. region or gender) named as the export's DIF group; none was given."

    /// The DIF analysis of the matched responses between the two groups of `choice`.
    static func difReport(data: ResponseMatrix, items: [ParameterSet.Item], latent: LatentDistribution,
                          choice: StatisticsExportOptions.DIFChoice, source: String) throws(StatisticsExportError) -> DIFReport {
        do {
            let groups = try DIFGroups(column: choice.column, of: data, focal: choice.focal, reference: choice.reference)
            var settings = DIFSettings()
            settings.runIRT = choice.irtLikelihoodRatio
            return try DIFAnalysis.run(data, groups: groups, parameters: ParameterSet(items: items, latent: latent), settings: settings)
        } catch {
            throw .dif("\(source): \(error.description)")
        }
    }

    /// `item_parameters` from the bank's parameters, with fit and classical statistics of the matched
    /// response columns when there are responses.
    static func itemTable(parameters: ParameterSet, input: ScoringInput?, warnings: inout [String]) throws -> Table {
        var fit: [String: CalibrationReport.ItemFitEntry] = [:]
        var classical: [String: ItemAnalysisRow] = [:]
        if let input {
            let data = input.matrix.selectingItems(input.columns)
            let analysis = ItemAnalysis.analyze(data)
            for row in analysis.rows { classical[row.itemID] = row }
            do {
                let sx2 = try ItemFit.sx2(items: input.items.map(\.parameters), data: data,
                                          latentMean: parameters.latent.mean, latentVariance: parameters.latent.variance)
                for s in sx2 { fit[s.itemID] = .init(sx2: s.sx2, df: s.df, p: s.p) }
            } catch {
                warnings.append("Item fit (S-X²) not computed: \(error.description)")
            }
        }
        return try Table(.itemParameters, rows: parameters.items.map { item in
            var record = ParameterSet.ItemRecord(item)
            record.fixed = true
            return CalibrationReport.itemRow(.init(record: record, fit: fit[item.id], classical: classical[item.id]))
        })
    }
}

/// The `person_scores` table (`score`, `export tables`): one row per person.
public enum PersonScoreTable {
    /// One row per person, in the order of `personIDs`.
    public static func table(_ scores: [PersonScore], personIDs: [String]) throws -> Table {
        try Table(.personScores, rows: zip(personIDs, scores).map { id, s -> [TableValue] in
            [.text(id), TableValue(s.theta), TableValue(s.standardError), .text(s.method.rawValue), TableValue(s.flag?.rawValue),
             .integer(s.itemsAnswered)]
        })
    }
}

/// The `item_exposure` table (`exam simulate`, `export tables`): one row per item given at least once.
public enum ExposureTable {
    public static func table(_ report: SimulationReport) throws -> Table {
        try Table(.itemExposure, rows: report.exposure.map { [.text($0.itemId), .number($0.rate), .boolean($0.pretest)] })
    }
}
