import Foundation
import AdaptiveTesting
import Calibration
import ClassicalTestTheory
import ExamDesign
import Fairness
import IRTModels
import ItemBanking
import Plots
import Reliability
import ResponseData
import Scoring

/// Builds the ``ReportDocument`` of a bank version and its responses from the engine's modules:
/// ItemBanking (scheme, blueprint, coverage, bank status), ClassicalTestTheory (item analysis, alpha,
/// KR-20), Calibration (S-X², infit/outfit), Scoring (θ̂ by the bank's final estimator), IRTModels
/// (information and CSEM), Reliability (marginal, empirical and section reliability; Rudner, Lee and
/// Livingston–Lewis classification at each cut), Fairness (DIF between two groups), StandardSetting
/// (the panel's record) and ExamDesign (a simulation study of the adaptive exam: exposure and
/// classification accuracy).
///
/// What the engine has no record of is a ``ReportSection/Status/notRecorded`` entry, and evidence that
/// could not be computed for these inputs says why; no number is ever made up.
public enum ReportBuilder {
    /// Builds the whole document; nothing is written.
    /// - Throws: ``ReportError`` when the bank has no parameters or the responses share no item with it.
    public static func build(_ input: ReportInput) throws(ReportError) -> ReportDocument {
        let context = try Context(input)
        var sections: [ReportSection] = []
        sections.append(context.purpose())
        sections.append(context.jobAnalysis())
        sections.append(context.blueprint())
        sections.append(context.itemDevelopment())
        sections.append(context.administration())
        sections.append(context.scoring())
        sections.append(context.itemAnalysis())
        sections.append(context.testStatistics())
        sections.append(context.standardSetting())
        sections.append(context.equating())
        sections.append(context.classification())
        sections.append(context.passRates())
        sections.append(context.validity())
        sections.append(context.security())
        sections.append(context.recertification())
        sections.append(context.deficiencies(sections))
        let bank = input.bank
        let hash = try? bank.contentHash()
        let manifest = bank.manifest
        return ReportDocument(
            title: "Technical report — \(manifest.title) \(manifest.version)",
            bank: .init(name: manifest.name, version: manifest.version, title: manifest.title, contentHash: hash,
                        parameterSource: manifest.parameterSource?.source.rawValue, simulatedParameters: context.simulated,
                        items: bank.items.count),
            responses: .init(source: input.responsesName, persons: input.responses.personCount, items: context.form.count),
            simulation: input.simulation.map { .init(examinees: $0.examinees, seed: $0.seed) },
            simulatedNotice: context.simulated
                ? "The item parameters of this bank are SIMULATED (parameter source: simulated"
                    + (manifest.parameterSource?.seed.map { ", seed \($0)" } ?? "")
                    + "). Every statistic marked “rests on simulated parameters” illustrates the method and is not evidence about real candidates."
                : nil,
            sections: sections,
            warnings: context.warnings)
    }
}

/// Everything computed once and shared by the sections.
struct Context {
    let input: ReportInput
    let bank: ItemBank
    let simulated: Bool
    /// The bank's parameter set (scored, non-retired items with parameters).
    let parameters: ParameterSet
    /// The items of the responses that have parameters, in parameter order, and their columns.
    let form: [ParameterSet.Item]
    let data: ResponseMatrix
    let cuts: [(level: String, theta: Double)]
    let certificationCut: Double?
    let estimator: ScoringMethod
    let scores: [PersonScore]
    let analysis: ItemAnalysisReport
    var fit: [ItemFitStatistic]?
    var simulation: SimulationReport?
    /// The Reliability module's analysis of the form (nil with the reason when it could not run).
    var reliability: ReliabilityReport?
    var reliabilityProblem: String?
    /// The Fairness module's DIF analysis (nil with the reason when no group was given or it failed).
    var dif: DIFReport?
    var difProblem: String?
    var warnings: [String] = []

    init(_ input: ReportInput) throws(ReportError) {
        self.input = input
        bank = input.bank
        let manifest = bank.manifest
        simulated = manifest.parameterSource?.source == .simulated
        let set: ParameterSet?
        do { set = try bank.parameterSet() } catch { throw ReportError("\(input.bankName): \(error.description)") }
        guard let set else {
            throw ReportError("\(input.bankName): no scored item of the bank has parameters; calibrate the bank first.")
        }
        parameters = set
        let matched: ScoringInput
        do {
            matched = try ScoringInput.match(input.responses, source: input.responsesName, parameters: set, coverage: .subset)
        } catch {
            throw ReportError("\(input.responsesName): \(error)")
        }
        form = matched.items
        data = input.responses.selectingItems(matched.columns)
        warnings += matched.warnings
        let c = manifest.cutScores
        cuts = [("intermediate", c.intermediate), ("advanced", c.advanced), ("expert", c.expert)]
        certificationCut = cuts.first { $0.level == manifest.certificationLevel.rawValue }?.theta
        estimator = ScoringMethod(rawValue: manifest.exam.finalEstimator.rawValue) ?? .wle
        let latent = manifest.latentDistribution
        let scorer = PersonScorer(items: form.map(\.parameters), method: estimator, latentMean: latent.mean,
                                  latentVariance: latent.variance)
        do {
            scores = try scorer.scoreAll(responses: data.responses, itemCount: data.itemCount)
        } catch {
            throw ReportError("\(input.responsesName): \(error.description)")
        }
        analysis = ItemAnalysis.analyze(data)
        warnings += analysis.warnings
        if input.itemFit {
            do {
                fit = try ItemFit.statistics(items: form.map(\.parameters), data: data, latentMean: latent.mean,
                                             latentVariance: latent.variance)
            } catch {
                warnings.append("item fit not computed: \(error.description)")
            }
        }
        do {
            let model = try ReliabilityModel(bank: bank)
            reliability = try ReliabilityAnalysis.run(
                responses: data, model: model,
                options: ReliabilityOptions(simulatedExaminees: input.simulation.map { max(2, $0.examinees) }, seed: input.simulation?.seed ?? 1),
                source: input.responsesName)
            warnings += reliability?.warnings.map { "reliability: \($0)" } ?? []
        } catch {
            reliabilityProblem = error.description
            warnings.append("reliability not computed: \(error.description)")
        }
        (dif, difProblem) = Self.difAnalysis(data, group: input.difGroup, focal: input.difFocal)
        if let dif { warnings += dif.warnings.map { "DIF: \($0)" } }
        if let sim = input.simulation {
            do {
                let pool = try ItemPool(bank: bank)
                let engine = try AdaptiveEngine(pool: pool, settings: AdaptiveSettings(bank: bank))
                let study = try SimulationStudy(engine: engine, examinees: sim.examinees, seed: sim.seed)
                simulation = SimulationReport(outcomes: study.run(), pool: pool)
            } catch {
                warnings.append("simulation not run: \(error.description)")
            }
        }
    }

    var cutLines: [ReferenceLine] { cuts.map { ReferenceLine(x: $0.theta, label: $0.level) } }
    var thetas: [Double] { scores.compactMap(\.theta) }
    var operational: [ParameterSet.Item] {
        let ids = Set(bank.items.filter { $0.status == .operational }.map(\.id))
        return parameters.items.filter { ids.contains($0.id) }
    }

    func section(_ number: Int, _ id: String, _ title: String) -> ReportSection {
        ReportSection(number: number, id: id, title: title)
    }
}
