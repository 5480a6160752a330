import Foundation
import Plots
import Store

/// The figures of `candidate show --plot` and of the cohort report, as ``Plot`` values (the Plots module
/// renders them to SVG).
public enum ProgressionPlots {
    /// A candidate's θ ± SE over the finished attempts (x = attempt number in time order, 1 = the first),
    /// with the cut scores as horizontal lines.
    public static func candidate(_ record: CandidateRecord, cuts: [Double], levels: [String]) -> Plot {
        let points = record.progression.points.enumerated().compactMap { k, p -> (Double, Double, Double)? in
            guard let t = p.theta else { return nil }
            return (Double(k + 1), t, p.standardError ?? 0)
        }
        let xs = points.map(\.0)
        let names = record.progression.points.enumerated().map { "\($0 + 1) = \($1.assessment) #\($1.attempt)" }.joined(separator: ", ")
        return Plot(title: "\(record.candidate): θ ± SE over attempts", xLabel: "attempt (\(names))", yLabel: "θ",
                    series: [Series(name: "θ", kind: .line, x: xs, y: points.map(\.1)),
                             Series(name: "attempts", kind: .scatter, x: xs, y: points.map(\.1))] + cutLines(cuts, levels: levels, x: xs),
                    bands: [Band(name: "± SE", x: xs, lower: points.map { $0.1 - $0.2 }, upper: points.map { $0.1 + $0.2 })],
                    xRange: 0.5...(Double(max(points.count, 1)) + 0.5))
    }

    /// The cut scores as horizontal line series over `x`'s range (widened by half a step).
    static func cutLines(_ cuts: [Double], levels: [String], x: [Double]) -> [Series] {
        let lo = (x.min() ?? 1) - 0.5, hi = (x.max() ?? 1) + 0.5
        return cuts.enumerated().map { k, c in
            Series(name: "cut \(levels.indices.contains(k + 1) ? levels[k + 1] : "\(k + 1)")", kind: .line, x: [lo, hi], y: [c, c])
        }
    }

    /// Mean θ ± SE of the mean at each occasion of the cohort, with the cut scores.
    public static func occasions(_ report: CohortReport) -> Plot {
        let rows = report.occasions.enumerated().compactMap { k, o -> (Double, Double, Double)? in
            guard let m = o.meanTheta else { return nil }
            return (Double(k + 1), m, o.standardError ?? 0)
        }
        let xs = rows.map(\.0)
        return Plot(title: "Mean θ ± SE at each occasion", xLabel: "occasion (\(occasionNames(report)))", yLabel: "mean θ",
                    series: [Series(name: "mean θ", kind: .line, x: xs, y: rows.map(\.1)),
                             Series(name: "occasions", kind: .scatter, x: xs, y: rows.map(\.1))]
                        + cutLines(report.cutScores, levels: report.levels, x: xs),
                    bands: [Band(name: "± SE", x: xs, lower: rows.map { $0.1 - $0.2 }, upper: rows.map { $0.1 + $0.2 })],
                    xRange: 0.5...(Double(max(rows.count, 1)) + 0.5))
    }

    /// "1 = entry #1, 2 = continuing #1, …": the occasions as the x axis numbers them.
    public static func occasionNames(_ report: CohortReport) -> String {
        report.occasions.enumerated().map { "\($0 + 1) = \($1.assessment) #\($1.attempt)" }.joined(separator: ", ")
    }

    /// Observed and expected (reference population) level shares of one assessment type; x = level
    /// number (1 = the lowest).
    public static func levels(_ summary: CohortReport.AssessmentSummary) -> Plot {
        let r = summary.reference
        let xs = r.levels.indices.map { Double($0 + 1) }
        let legend = r.levels.enumerated().map { "\($0 + 1) = \($1.level)" }.joined(separator: ", ")
        return Plot(title: "\(summary.assessment): level shares, cohort vs reference", xLabel: "level (\(legend))", yLabel: "share",
                    series: [Series(name: "cohort", kind: .bar, x: xs.map { $0 - 0.18 }, y: r.levels.map { $0.observedShare ?? 0 }, barWidth: 0.34),
                             Series(name: "reference N(μ, σ²)", kind: .bar, x: xs.map { $0 + 0.18 }, y: r.levels.map(\.expectedShare), barWidth: 0.34)],
                    xRange: 0.5...(Double(r.levels.count) + 0.5), yRange: 0...1)
    }

    /// The histogram of the candidates' growth from entry to final (bins of 0.25 on θ).
    public static func growth(_ progression: CohortReport.Progression) -> Plot {
        let changes = progression.perCandidate.compactMap(\.change)
        let width = 0.25
        var bins: [Int: Int] = [:]
        for c in changes { bins[Int((c / width).rounded(.down)), default: 0] += 1 }
        let keys = bins.keys.sorted()
        return Plot(title: "Growth from \(progression.from) to \(progression.to): θ̂ change per candidate", xLabel: "θ change",
                    yLabel: "candidates",
                    series: [Series(name: "candidates", kind: .bar, x: keys.map { (Double($0) + 0.5) * width },
                                    y: keys.map { Double(bins[$0] ?? 0) }, barWidth: width * 0.9)],
                    referenceLines: [ReferenceLine(x: 0, label: "no change")])
    }
}

extension ProgressionPlots {
    /// The candidate's progression plot with the cut scores of the bank version of the last finished
    /// attempt (the first bank version of the record when none is finished).
    /// - Throws: ``CandidatesError/store(_:)`` when the bank version cannot be read.
    public static func candidate(_ record: CandidateRecord, store: any BankRepository) throws(CandidatesError) -> Plot {
        let reference: ReferencePopulation?
        if let version = record.attempts.last(where: \.isFinished)?.bankVersionId ?? record.attempts.first?.bankVersionId {
            do { reference = ReferencePopulation(manifest: try store.bankVersion(version).manifest) } catch { throw .store("\(error)") }
        } else {
            reference = nil
        }
        return candidate(record, cuts: reference?.cuts ?? [], levels: reference?.levels ?? [])
    }
}
