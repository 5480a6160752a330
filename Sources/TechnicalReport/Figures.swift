import IRTModels
import Plots
import ExamDesign

/// The figures of item-response theory as ``Plots`` values, shared by `mentorcert plot` and the
/// technical report.
///
/// ```
/// ICC   P_k(θ) of each category (dichotomous: P(X = 1 | θ))
/// IIF   I_j(θ)                                   (Lord 1980, ch. 5; Samejima 1969 for graded items)
/// TIF   I(θ) = Σ_j I_j(θ)
/// CSEM  SE(θ) = 1 / √I(θ)                        (Lord 1980, eq. 5-3)
/// ```
/// Curves are drawn on θ ∈ [−4, 4] at 161 points (step 0.05), with the cut scores as reference lines.
public enum Figures {
    /// The θ points of every curve.
    public static let thetas: [Double] = (0...160).map { -4 + Double($0) * 0.05 }

    /// Item characteristic curves: for a dichotomous item P(X = 1 | θ); for a graded item each
    /// category's probability (one series per item × category).
    public static func icc(_ items: [ParameterSet.Item], cuts: [ReferenceLine] = [], title: String? = nil) -> Plot {
        var series: [Series] = []
        for item in items {
            let k = item.parameters.categoryCount
            var curves = [[Double]](repeating: [], count: k)
            for t in thetas {
                let probabilities = item.parameters.probabilities(at: t)
                for c in 0..<k { curves[c].append(c < probabilities.count ? probabilities[c] : .nan) }
            }
            if item.parameters.model.isDichotomous {
                series.append(Series(name: item.id, kind: .line, x: thetas, y: curves[1]))
            } else {
                for c in 0..<k { series.append(Series(name: "\(item.id) category \(c)", kind: .line, x: thetas, y: curves[c])) }
            }
        }
        return Plot(title: title ?? "Item characteristic curves", xLabel: "θ (ability)", yLabel: "Probability",
                    series: series, referenceLines: cuts, xRange: -4...4, yRange: 0...1)
    }

    /// Item information functions, one series per item.
    public static func iif(_ items: [ParameterSet.Item], cuts: [ReferenceLine] = [], title: String? = nil) -> Plot {
        let batch = ItemBatch(items.map(\.parameters))
        let series = items.enumerated().map { j, item in
            Series(name: item.id, kind: .line, x: thetas, y: thetas.map { batch.information(item: j, at: $0) })
        }
        return Plot(title: title ?? "Item information", xLabel: "θ (ability)", yLabel: "Information",
                    series: series, referenceLines: cuts, xRange: -4...4)
    }

    /// Test information of named groups of items (e.g. the whole form and each blueprint section).
    public static func tif(_ groups: [(name: String, items: [ParameterSet.Item])], cuts: [ReferenceLine] = [],
                           title: String? = nil) -> Plot {
        let series = groups.map { g -> Series in
            let batch = ItemBatch(g.items.map(\.parameters))
            return Series(name: g.name, kind: .line, x: thetas, y: thetas.map { batch.testInformation(at: $0) })
        }
        return Plot(title: title ?? "Test information", xLabel: "θ (ability)", yLabel: "Information I(θ)",
                    series: series, referenceLines: cuts, xRange: -4...4)
    }

    /// Conditional standard error of measurement SE(θ) = 1/√I(θ) of named groups of items; points with
    /// zero information (no finite SE) are left out by the renderer with a warning.
    public static func csem(_ groups: [(name: String, items: [ParameterSet.Item])], cuts: [ReferenceLine] = [],
                            extra: [Series] = [], title: String? = nil) -> Plot {
        let series = groups.map { g -> Series in
            let batch = ItemBatch(g.items.map(\.parameters))
            return Series(name: g.name, kind: .line, x: thetas, y: thetas.map { batch.standardError(at: $0) ?? .nan })
        }
        return Plot(title: title ?? "Conditional standard error of measurement", xLabel: "θ (ability)",
                    yLabel: "SE(θ) = 1/√I(θ)", series: series + extra, referenceLines: cuts, xRange: -4...4)
    }

    /// The location of an item on θ: b for a dichotomous item, the mean threshold for a polytomous one.
    public static func location(_ p: ItemParameters) -> Double {
        if p.model.isDichotomous { return p.difficulty }
        let t = p.thresholds
        return t.isEmpty ? .nan : t.reduce(0, +) / Double(t.count)
    }

    /// A Wright map of persons' θ̂ and the items' locations.
    public static func wright(persons: [Double], items: [ParameterSet.Item], cuts: [ReferenceLine] = [],
                              title: String? = nil, personsLabel: String = "Persons (θ̂)") -> WrightMap {
        WrightMap(title: title ?? "Wright map: persons and items on the θ scale", personsLabel: personsLabel,
                  itemsLabel: "Items (location b)", persons: persons,
                  items: items.map { .init(id: $0.id, location: location($0.parameters)) }, cuts: cuts)
    }

    /// Exposure rates of the operational items of a simulation, highest first (one bar per item, by
    /// rank), with the exposure limit as a reference series.
    public static func exposure(_ report: SimulationReport, limit: Double?, title: String? = nil) -> Plot {
        let rates = report.exposure.filter { !$0.pretest }.map(\.rate).sorted(by: >)
        var series = [Series(name: "exposure rate", kind: .bar, x: rates.indices.map { Double($0 + 1) }, y: rates, barWidth: 0.9)]
        if let limit, !rates.isEmpty {
            series.append(Series(name: "limit \(limit)", kind: .line, x: [0.5, Double(rates.count) + 0.5], y: [limit, limit]))
        }
        return Plot(title: title ?? "Item exposure in \(report.examinees) simulated exams",
                    xLabel: "Operational items given at least once, by rank", yLabel: "Exposure rate", series: series)
    }
}
