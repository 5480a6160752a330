import AdaptiveTesting
import ExamDesign
import IRTModels
import MathCore
import ResponseData
import Scoring

/// Settings of a reliability analysis.
public struct ReliabilityOptions: Sendable {
    /// Listwise (default) or pairwise covariances for the classical statistics (DECISIONS §7).
    public var missingData: MissingDataRule
    /// Level of Feldt's interval (default 0.95).
    public var confidence: Double
    /// Simulated candidates of the adaptive exam (nil: no simulation study).
    public var simulatedExaminees: Int?
    /// Seed of the simulation study.
    public var seed: UInt64
    /// Threads for the covariance, the scoring and the simulation.
    public var maxConcurrency: Int

    public init(missingData: MissingDataRule = .listwise, confidence: Double = 0.95, simulatedExaminees: Int? = nil,
                seed: UInt64 = 1, maxConcurrency: Int = 2) {
        self.missingData = missingData; self.confidence = confidence
        self.simulatedExaminees = simulatedExaminees; self.seed = seed; self.maxConcurrency = maxConcurrency
    }
}

/// The reliability analysis of issue 18 — **the one public entry point** (`mentorcert reliability`
/// and the technical report call it):
///
/// ```swift
/// let report = try ReliabilityAnalysis.run(responses: matrix, model: try ReliabilityModel(bank: bank),
///                                          options: ReliabilityOptions(simulatedExaminees: 1000, seed: 7))
/// ```
/// - Classical (always, from the responses alone): ``ClassicalReliabilityAnalysis``.
/// - IRT (with a model): marginal reliability of the form (the response columns with parameters) and of
///   the bank, empirical reliability of EAP scores (``IRTReliability``), information and CSEM curves of
///   the bank, the form, each section and (with a simulation) the mean adaptive exam, and per section
///   its marginal and empirical reliability and alpha.
/// - Classification (with cut scores): Rudner's indices from the final estimator's θ̂ and SE; on fixed-form
///   (non-sparse) data also Lee's and Livingston–Lewis's for the summed score.
/// - Adaptive (with `simulatedExaminees`): the bank's adaptive exam on simulated candidates drawn from
///   the latent distribution — empirical and true-score reliability, CSEM by θ band, Rudner's and the
///   achieved classification.
///
/// Output never holds NaN or ∞: a quantity that does not exist is nil with a warning.
public enum ReliabilityAnalysis {
    /// Analyses `responses`; `source` names them in messages.
    /// - Throws: ``ReliabilityError`` for empty responses or settings out of range.
    /// - Complexity: classical O(N · J²) in BLAS; IRT scoring O(N · J · Q); Lee O(Q · S · Σ K_j);
    ///   simulation O(examinees · exam length · pool size).
    public static func run(responses data: ResponseMatrix, model: ReliabilityModel? = nil,
                           options: ReliabilityOptions = .init(), source: String = "the responses") throws(ReliabilityError) -> ReliabilityReport {
        guard data.itemCount > 0 else { throw .noItems(source: source) }
        guard data.personCount > 0 else { throw .noPersons(source: source) }
        guard options.confidence > 0, options.confidence < 1 else { throw .invalidSetting("the confidence level must lie between 0 and 1") }
        if let n = options.simulatedExaminees, n < 2 { throw .invalidSetting("simulate at least 2 candidates") }

        let covariance = ItemCovariance(data, rule: options.missingData, maxConcurrency: options.maxConcurrency)
        let classical = ClassicalReliabilityAnalysis.analyze(data, covariance: covariance, confidence: options.confidence)
        var report = ReliabilityReport(
            schemaVersion: ReliabilityReport.currentSchemaVersion, persons: data.personCount, items: data.itemCount,
            missingData: options.missingData, personsUsed: classical.personsUsed, alpha: classical.alpha,
            alphaCI: classical.alphaCI, standardizedAlpha: classical.standardizedAlpha, kr20: classical.kr20,
            alphaIfDeleted: classical.alphaIfDeleted, splitHalf: classical.splitHalf, meanScore: classical.meanScore,
            standardDeviation: classical.standardDeviation, sem: classical.sem, simulatedParameters: nil,
            itemsWithParameters: nil, marginalReliability: nil, bankMarginalReliability: nil, empiricalReliability: nil,
            empiricalEstimator: nil, information: nil, sections: nil, classification: nil, leeClassification: nil,
            livingstonLewisClassification: nil, adaptive: nil, warnings: classical.warnings)
        let sparse = classical.alpha == nil && classical.warnings.contains { $0.hasPrefix(ClassicalReliabilityAnalysis.sparseWarning) }
        if let model {
            try irt(&report, data: data, model: model, options: options, sparse: sparse)
        }
        sanitise(&report)
        return report
    }

    // MARK: IRT and classification

    private static func irt(_ report: inout ReliabilityReport, data: ResponseMatrix, model: ReliabilityModel,
                            options: ReliabilityOptions, sparse: Bool) throws(ReliabilityError) {
        if model.simulatedParameters {
            report.warnings.append("SIMULATED parameters: the IRT, classification and adaptive figures rest on parameters from a simulated field test, not on real candidates.")
        }
        report.simulatedParameters = model.simulatedParameters
        let columnOf = Dictionary(data.itemIDs.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let matched = model.items.filter { columnOf[$0.id] != nil }
        let columns = matched.compactMap { columnOf[$0.id] }
        report.itemsWithParameters = matched.count
        let unmatched = data.itemIDs.count - matched.count
        if unmatched > 0 {
            report.warnings.append("\(unmatched) item column(s) have no parameters: the IRT and classification figures use the \(matched.count) with parameters.")
        }
        let all = model.items.map(\.parameters)
        report.bankMarginalReliability = IRTReliability.marginal(items: all, latent: model.latent)
        var curves = [InformationCurve(scope: "bank", items: all)]
        if !matched.isEmpty, matched.count < model.items.count {
            curves.append(InformationCurve(scope: "form", items: matched.map(\.parameters)))
        }
        guard !matched.isEmpty else {
            report.warnings.append("No item column of the responses has parameters: only the bank's marginal reliability and information are given.")
            report.information = curves
            return
        }
        let formItems = matched.map(\.parameters)
        report.marginalReliability = IRTReliability.marginal(items: formItems, latent: model.latent)
        // EAP for the empirical reliability; the final estimator for Rudner.
        let eap = score(data, items: formItems, columns: columns, method: .eap, model: model, options: options)
        report.empiricalReliability = IRTReliability.empirical(thetas: eap.map(\.theta), standardErrors: eap.map(\.standardError))
        report.empiricalEstimator = "eap"
        if report.empiricalReliability == nil {
            report.warnings.append("Empirical reliability is not defined: fewer than two persons have an EAP estimate.")
        }
        // Sections.
        if !model.sections.isEmpty {
            var sections: [SectionReliability] = []
            for id in model.sections {
                let bankItems = model.items.filter { model.sectionOfItem[$0.id] == id }
                guard !bankItems.isEmpty else { continue }
                curves.append(InformationCurve(scope: "section:\(id)", items: bankItems.map(\.parameters)))
                let sectionMatched = matched.enumerated().filter { model.sectionOfItem[$0.element.id] == id }
                var row = SectionReliability(section: id, items: bankItems.count,
                                             marginalReliability: IRTReliability.marginal(items: bankItems.map(\.parameters), latent: model.latent),
                                             empiricalReliability: nil, alpha: nil)
                if !sectionMatched.isEmpty {
                    let sectionColumns = sectionMatched.map { columns[$0.offset] }
                    let scores = score(data, items: sectionMatched.map(\.element.parameters), columns: sectionColumns, method: .eap,
                                       model: model, options: options)
                    let answered = scores.filter { $0.itemsAnswered > 0 }
                    row.empiricalReliability = IRTReliability.empirical(thetas: answered.map(\.theta), standardErrors: answered.map(\.standardError))
                    if sectionColumns.count >= 2 {
                        let sub = data.selectingItems(sectionColumns)
                        row.alpha = ClassicalReliabilityAnalysis.analyze(sub, rule: options.missingData, confidence: options.confidence).alpha
                    }
                }
                sections.append(row)
            }
            report.sections = sections
        }
        // Classification.
        if model.cuts.isEmpty {
            report.warnings.append("No cut scores: the classification indices need cut scores (a bank carries them).")
        } else {
            let final = model.finalEstimator == .eap ? eap
                : score(data, items: formItems, columns: columns, method: model.finalEstimator, model: model, options: options)
            let batch = ItemBatch(formItems)
            let csem = model.cuts.map { cut -> Double? in batch.standardError(at: cut.theta) }
            let (rudner, used) = RudnerClassification.tables(thetas: final.map(\.theta), standardErrors: final.map(\.standardError), model: model)
            if used > 0 {
                report.classification = rudner.report(
                    method: "rudner", basis: "θ̂ and SE of the final estimator (\(model.finalEstimator.rawValue)) of \(used) persons",
                    model: model, csem: csem)
            } else {
                report.warnings.append("Rudner's indices are not defined: no person has a final estimate with a standard error.")
            }
            if sparse {
                report.warnings.append("Lee's and Livingston–Lewis's indices need a fixed form (every person answering the same items); not defined for adaptive data.")
            } else {
                // The fixed form: persons with every matched item answered.
                if let (lee, scoreCuts) = LeeClassification.tables(items: formItems, model: model) {
                    report.leeClassification = lee.report(
                        method: "lee", basis: "summed score of the \(formItems.count)-item form; true θ ~ N(\(model.latent.mean), \(model.latent.variance)); cuts x_c = ⌈TCC(θ_c)⌉",
                        model: model, summedScoreCuts: scoreCuts, csem: csem)
                    livingstonLewis(&report, data: data, columns: columns, items: formItems, scoreCuts: scoreCuts, model: model, options: options)
                }
            }
        }
        // The adaptive exam by simulation.
        if let examinees = options.simulatedExaminees {
            let adaptive = try simulate(model: model, examinees: examinees, seed: options.seed, maxConcurrency: options.maxConcurrency)
            report.adaptive = adaptive.reliability
            curves.append(adaptive.curve)
        }
        report.information = curves
    }

    private static func livingstonLewis(_ report: inout ReliabilityReport, data: ResponseMatrix, columns: [Int],
                                        items: [ItemParameters], scoreCuts: [Int], model: ReliabilityModel,
                                        options: ReliabilityOptions) {
        // Summed scores of the persons who answered every item of the form, and the form's alpha.
        let j = data.itemCount
        var scores: [Double] = []
        scores.reserveCapacity(data.personCount)
        for p in 0..<data.personCount {
            var total = 0.0, complete = true
            for c in columns {
                let v = data.responses[p * j + c]
                if v == ResponseMatrix.missing { complete = false; break }
                total += Double(v)
            }
            if complete { scores.append(total) }
        }
        let form = columns.count == j ? report.alpha
            : ClassicalReliabilityAnalysis.analyze(data.selectingItems(columns), rule: .listwise, confidence: options.confidence).alpha
        let maxScore = items.reduce(0) { $0 + $1.categoryCount - 1 }
        guard let r = form, let fit = LivingstonLewis.fit(scores: scores, maxScore: maxScore, reliability: r) else {
            report.warnings.append("Livingston–Lewis indices are not defined: they need alpha strictly between 0 and 1 and varying summed scores of complete cases.")
            return
        }
        let tables = LivingstonLewis.tables(fit: fit, scoreCuts: scoreCuts, maxScore: maxScore)
        let shape = fit.fourParameter
            ? "four-parameter beta(\(fmt(fit.alpha)), \(fmt(fit.beta))) on [\(fmt(fit.lower)), \(fmt(fit.upper))]"
            : "two-parameter beta(\(fmt(fit.alpha)), \(fmt(fit.beta))) on [0, 1] (the four-parameter fit was not admissible)"
        report.livingstonLewisClassification = tables.report(
            method: "livingston-lewis",
            basis: "raw summed score of \(scores.count) complete cases, alpha \(fmt(r)), effective test length \(fit.effectiveLength), true proportion ~ \(shape)",
            model: model, summedScoreCuts: scoreCuts, csem: scoreCuts.map { _ in nil })
    }

    private static func fmt(_ x: Double) -> String {
        let scaled = (x * 1000).rounded() / 1000
        return "\(scaled)"
    }

    /// Scores `data`'s `columns` with `items` by `method` under the model's latent distribution.
    private static func score(_ data: ResponseMatrix, items: [ItemParameters], columns: [Int], method: ScoringMethod,
                              model: ReliabilityModel, options: ReliabilityOptions) -> [PersonScore] {
        let scorer = PersonScorer(items: items, method: method, latentMean: model.latent.mean, latentVariance: model.latent.variance)
        // The columns index the data's own columns, matched above; the layout always fits.
        return (try? scorer.scoreAll(responses: data.responses, itemCount: data.itemCount, columns: columns,
                                     maxConcurrency: options.maxConcurrency)) ?? []
    }

    // MARK: Sanitising

    /// Replaces any non-finite number by nil with a warning (DECISIONS §8).
    private static func sanitise(_ report: inout ReliabilityReport) {
        var dropped: [String] = []
        func clean(_ value: inout Double?, _ name: String) {
            if let v = value, !v.isFinite { value = nil; dropped.append(name) }
        }
        clean(&report.alpha, "alpha"); clean(&report.standardizedAlpha, "standardizedAlpha"); clean(&report.kr20, "kr20")
        clean(&report.meanScore, "meanScore"); clean(&report.standardDeviation, "standardDeviation"); clean(&report.sem, "sem")
        clean(&report.marginalReliability, "marginalReliability"); clean(&report.bankMarginalReliability, "bankMarginalReliability")
        clean(&report.empiricalReliability, "empiricalReliability")
        for i in report.alphaIfDeleted.indices {
            clean(&report.alphaIfDeleted[i].alpha, "alphaIfDeleted"); clean(&report.alphaIfDeleted[i].standardizedAlpha, "alphaIfDeleted")
        }
        if let ci = report.alphaCI, !(ci.lower.isFinite && ci.upper.isFinite) { report.alphaCI = nil; dropped.append("alphaCI") }
        if let s = report.splitHalf, ![s.halfCorrelation, s.spearmanBrown, s.guttman].allSatisfy(\.isFinite) {
            report.splitHalf = nil; dropped.append("splitHalf")
        }
        if !dropped.isEmpty {
            report.warnings.append("Not a finite number, reported as null: " + Set(dropped).sorted().joined(separator: ", ") + ".")
        }
    }
}
