import AdaptiveTesting
import ExamDesign
import IRTModels
import ItemBanking
import Plots
import ResponseData
import Scoring

extension Figures {
    /// The cut scores of a bank as reference lines.
    public static func cuts(of bank: ItemBank) -> [ReferenceLine] {
        let c = bank.manifest.cutScores
        return [ReferenceLine(x: c.intermediate, label: "intermediate"), ReferenceLine(x: c.advanced, label: "advanced"),
                ReferenceLine(x: c.expert, label: "expert")]
    }

    /// The items of `set` whose ids are in `ids`, in the order given.
    /// - Throws: ``ReportError`` naming the ids that are not in the set.
    public static func items(_ ids: [String], of set: ParameterSet) throws(ReportError) -> [ParameterSet.Item] {
        let missing = ids.filter { set.item($0) == nil }
        guard missing.isEmpty else {
            throw ReportError("no parameters for item(s) \(missing.joined(separator: ", ")); give ids of scored items with parameters.")
        }
        return ids.compactMap { set.item($0) }
    }

    /// The items of `set` in the blueprint section `section` of `bank`.
    public static func items(inSection section: String, of bank: ItemBank, set: ParameterSet) throws(ReportError) -> [ParameterSet.Item] {
        guard bank.manifest.blueprint.section(section) != nil else {
            throw ReportError("no blueprint section \(section); the bank's sections are "
                + bank.manifest.blueprint.sections.map(\.id).joined(separator: ", ") + ".")
        }
        let ids = Set(bank.items(inSection: section).map(\.id))
        return set.items.filter { ids.contains($0.id) }
    }

    /// The Wright map of `responses` scored with `method` on `set`'s items (the columns with parameters).
    /// - Throws: ``ReportError`` when the responses share no item with the set.
    public static func wright(responses: ResponseMatrix, source: String, set: ParameterSet, method: ScoringMethod,
                              cuts: [ReferenceLine]) throws(ReportError) -> WrightMap {
        let matched: ScoringInput
        do { matched = try ScoringInput.match(responses, source: source, parameters: set, coverage: .subset) } catch {
            throw ReportError("\(source): \(error)")
        }
        let scorer = PersonScorer(items: matched.items.map(\.parameters), method: method, latentMean: set.latent.mean,
                                  latentVariance: set.latent.variance)
        let scores: [PersonScore]
        do {
            scores = try scorer.scoreAll(responses: matched.matrix.responses, itemCount: matched.matrix.itemCount, columns: matched.columns)
        } catch { throw ReportError("\(source): \(error.description)") }
        return wright(persons: scores.compactMap(\.theta), items: matched.items, cuts: cuts,
                      personsLabel: "Persons (θ̂, \(method.rawValue.uppercased()))")
    }

    /// Exposure of the bank's adaptive exam (its own settings) in `examinees` simulated exams.
    public static func exposure(bank: ItemBank, examinees: Int, seed: UInt64) throws(ReportError) -> Plot {
        do {
            let pool = try ItemPool(bank: bank)
            let engine = try AdaptiveEngine(pool: pool, settings: AdaptiveSettings(bank: bank))
            let study = try SimulationStudy(engine: engine, examinees: examinees, seed: seed)
            return exposure(SimulationReport(outcomes: study.run(), pool: pool), limit: bank.manifest.exam.maxExposure)
        } catch {
            throw ReportError("the simulation could not run: \(error.description)")
        }
    }
}
