import Reliability
import Tables

/// The tables of a reliability report — `reliability_coefficients`, `alpha_if_deleted`,
/// `classification_indices`, `information_curve`, `section_reliability` — built in one place for every
/// command that writes them (`mentorcert reliability`, `export tables`; DECISIONS §8).
public enum ReliabilityTables {
    /// The schemas, in the order of ``tables(_:)``.
    public static let schemas: [TableSchema] = [.reliabilityCoefficients, .alphaIfDeleted, .classificationIndices,
                                                .informationCurve, .sectionReliability]

    /// The five tables of `r`, in the order of ``schemas``.
    /// - Throws: ``TablesError`` when a row does not fit its schema (a bug).
    public static func tables(_ r: ReliabilityReport) throws -> [Table] {
        let simulated = r.simulatedParameters ?? false
        var coefficients: [[TableValue]] = []
        func add(_ name: String, _ value: Double?, lower: Double? = nil, upper: Double? = nil, simulated s: Bool = false) {
            coefficients.append([.text(name), TableValue(value), TableValue(lower), TableValue(upper), .boolean(s)])
        }
        add("alpha", r.alpha, lower: r.alphaCI?.lower, upper: r.alphaCI?.upper)
        add("standardized_alpha", r.standardizedAlpha)
        add("kr20", r.kr20)
        add("split_half_r", r.splitHalf?.halfCorrelation)
        add("spearman_brown", r.splitHalf?.spearmanBrown)
        add("guttman_split_half", r.splitHalf?.guttman)
        add("sem", r.sem)
        add("mean_score", r.meanScore)
        add("standard_deviation", r.standardDeviation)
        if r.simulatedParameters != nil {
            add("marginal_reliability", r.marginalReliability, simulated: simulated)
            add("bank_marginal_reliability", r.bankMarginalReliability, simulated: simulated)
            add("empirical_reliability", r.empiricalReliability, simulated: simulated)
        }
        if let a = r.adaptive {
            add("adaptive_empirical_reliability", a.empiricalReliability, simulated: simulated)
            add("adaptive_true_score_reliability", a.trueScoreReliability, simulated: simulated)
            add("adaptive_mean_se", a.meanSE, simulated: simulated)
            add("adaptive_rmse", a.rmse, simulated: simulated)
        }
        let itemRows = r.alphaIfDeleted.map { [TableValue.text($0.itemId), TableValue($0.alpha), TableValue($0.standardizedAlpha)] }
        var classification: [[TableValue]] = []
        func addReport(_ method: String, _ c: ClassificationReport?) {
            guard let c else { return }
            for cut in c.cuts {
                classification.append([.text(method), .text(cut.level), .number(cut.cut), TableValue(cut.summedScoreCut),
                                       .boolean(cut.certification), .number(cut.accuracy), .number(cut.consistency),
                                       TableValue(cut.kappa), .number(cut.falsePass), .number(cut.falseFail), TableValue(cut.csem),
                                       .boolean(simulated)])
            }
            classification.append([.text(method), .text("levels"), .null, .null, .boolean(false), .number(c.levels.accuracy),
                                   .number(c.levels.consistency), TableValue(c.levels.kappa), .null, .null, .null, .boolean(simulated)])
        }
        addReport("rudner", r.classification)
        addReport("lee", r.leeClassification)
        addReport("livingston-lewis", r.livingstonLewisClassification)
        addReport("adaptive-rudner", r.adaptive?.classification)
        if let achieved = r.adaptive?.achievedClassification {
            for cut in achieved.cuts {
                classification.append([.text("adaptive-achieved"), .text(cut.level), .number(cut.cut), .null, .boolean(cut.certification),
                                       .number(cut.accuracy), .null, .null, .number(cut.falsePass), .number(cut.falseFail), .null,
                                       .boolean(simulated)])
            }
            classification.append([.text("adaptive-achieved"), .text("levels"), .null, .null, .boolean(false), .number(achieved.levels),
                                   .null, .null, .null, .null, .null, .boolean(simulated)])
        }
        let curves = (r.information ?? []).flatMap { curve in
            curve.points.map { [TableValue.text(curve.scope), .number($0.theta), .number($0.information), TableValue($0.csem)] }
        }
        let sections = (r.sections ?? []).map {
            [TableValue.text($0.section), .integer($0.items), TableValue($0.marginalReliability), TableValue($0.empiricalReliability),
             TableValue($0.alpha)]
        }
        return [try Table(.reliabilityCoefficients, rows: coefficients), try Table(.alphaIfDeleted, rows: itemRows),
                try Table(.classificationIndices, rows: classification), try Table(.informationCurve, rows: curves),
                try Table(.sectionReliability, rows: sections)]
    }
}
