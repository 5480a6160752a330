import Reliability
import Plots

/// The Reliability module's evidence in the report (sections 8 and 11): ``ReliabilityAnalysis/run``
/// on the form's responses with the bank's model (marginal, empirical and section reliabilities, alpha
/// with Feldt's interval, Rudner's, Lee's and Livingston–Lewis's classification indices at each cut and,
/// with a simulation, the adaptive exam's).
extension Context {
    func reliabilityFacts(_ r: ReliabilityReport) -> [ReportFact] {
        [
            ReportFact("alphaLower", "Alpha, lower bound (\(r.alphaCI.map { "\(Int(($0.level * 100).rounded())) % \($0.method)" } ?? "interval"))", .finite(r.alphaCI?.lower)),
            ReportFact("alphaUpper", "Alpha, upper bound", .finite(r.alphaCI?.upper)),
            ReportFact("splitHalf", "Split-half (odd–even, Spearman–Brown)", .finite(r.splitHalf?.spearmanBrown)),
            ReportFact("marginalReliability", "IRT marginal reliability of the form", .finite(r.marginalReliability)),
            ReportFact("bankMarginalReliability", "IRT marginal reliability of the bank", .finite(r.bankMarginalReliability)),
            ReportFact("empiricalReliability", "Empirical reliability (\(r.empiricalEstimator?.uppercased() ?? "θ̂"))", .finite(r.empiricalReliability)),
            ReportFact("adaptiveEmpiricalReliability", "Adaptive exam: empirical reliability (simulation)", .finite(r.adaptive?.empiricalReliability)),
            ReportFact("adaptiveTrueScoreReliability", "Adaptive exam: true-score reliability (simulation)", .finite(r.adaptive?.trueScoreReliability)),
        ]
    }

    func sectionReliabilityTable(_ r: ReliabilityReport) -> ReportTable? {
        guard let sections = r.sections, !sections.isEmpty else { return nil }
        return ReportTable(
            id: "sectionReliability", title: "Reliability by blueprint section (diagnostic subscores)",
            columns: [.init("section", "Section"), .init("items", "Items"), .init("marginalReliability", "Marginal"),
                      .init("empiricalReliability", "Empirical"), .init("alpha", "Alpha")],
            rows: sections.map { [.text($0.section), .integer($0.items), .finite($0.marginalReliability), .finite($0.empiricalReliability), .finite($0.alpha)] },
            note: "Short sections rarely reach .70: section results are diagnostic, never a level (DECISIONS §3).")
    }

    func classificationTables(_ r: ReliabilityReport) -> [ReportTable] {
        var out: [ReportTable] = []
        func table(_ id: String, _ title: String, _ c: ClassificationReport?) {
            guard let c else { return }
            var rows: [[ReportValue]] = c.cuts.map {
                [.text($0.level), .finite($0.cut), $0.summedScoreCut.map { .integer($0) } ?? .number(nil), .finite($0.accuracy),
                 .finite($0.consistency), .finite($0.kappa), .finite($0.falsePass), .finite($0.falseFail), .finite($0.csem)]
            }
            rows.append([.text("all four levels"), .number(nil), .number(nil), .finite(c.levels.accuracy), .finite(c.levels.consistency),
                         .finite(c.levels.kappa), .number(nil), .number(nil), .number(nil)])
            out.append(ReportTable(
                id: id, title: "\(title) — \(c.method) (\(c.basis))",
                columns: [.init("level", "Cut"), .init("theta", "θ"), .init("summedScoreCut", "Summed-score cut"), .init("accuracy", "Accuracy"),
                          .init("consistency", "Consistency"), .init("kappa", "κ"), .init("falsePass", "False pass"),
                          .init("falseFail", "False fail"), .init("csem", "CSEM at the cut")],
                rows: rows))
        }
        table("rudner", "Decision accuracy and consistency from θ̂ and SE", r.classification)
        table("lee", "IRT summed-score classification", r.leeClassification)
        table("livingstonLewis", "Raw-score classification", r.livingstonLewisClassification)
        table("adaptiveRudner", "Adaptive exam (simulation)", r.adaptive?.classification)
        return out
    }
}
