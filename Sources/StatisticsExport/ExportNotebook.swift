import Fairness
import Foundation
import IRTModels
import Plots
import Tables

/// The Jupyter notebook of `export notebook` (nbformat 4.5, one `.ipynb`): it loads the exported tables
/// with pandas by relative path (through `manifest.json`) and draws with matplotlib the item
/// characteristic curves, item and test information, CSEM, a Wright map, the exposure rates and the DIF
/// statistics. Each figure cell carries the engine's own SVG rendering of the same figure (``Plots``) as
/// its stored output (`display_data`, `image/svg+xml`), so the notebook shows its pictures before anyone
/// runs it; running it redraws them from the tables. Without DIF tables a markdown cell says that DIF
/// needs a group column.
public enum ExportNotebook {
    /// The notebook's file name in the export directory.
    public static let fileName = "mentorcert-statistics.ipynb"
    /// Items whose curves are drawn: every ⌊J/8⌋-th item, at most 8 (the Python cell picks the same).
    static let curveItems = 8
    /// θ grid of the curves: −4 to 4 by 0.05.
    static let thetaGrid: [Double] = (0...160).map { -4 + 0.05 * Double($0) }

    /// One figure: its Python code and the engine's drawing of it (rendered to SVG by ``Plots``).
    struct Figure {
        var title: String
        var code: String
        var plot: Plot
        /// Extra cell tags besides `figure` (`dif` for the DIF figures).
        var tags: [String] = []
    }

    /// The notebook of `export` as JSON text.
    /// - Throws: ``PlotError`` when a figure has no finite point, or an encoding error (a bug: every value
    ///   is finite text).
    public static func text(_ export: ExportedStatistics) throws -> String {
        var cells: [[String: Any]] = []
        var counter = 0
        func nextID() -> String { counter += 1; return "cell-\(counter)" }
        func source(_ text: String) -> [String] {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            return lines.enumerated().map { $0.offset == lines.count - 1 ? $0.element : $0.element + "\n" }
        }
        func markdown(_ text: String) {
            cells.append(["cell_type": "markdown", "id": nextID(), "metadata": [String: Any](), "source": source(text)])
        }
        func code(_ text: String, outputs: [[String: Any]] = [], tags: [String] = []) {
            var metadata: [String: Any] = [:]
            if !tags.isEmpty { metadata["tags"] = tags }
            cells.append(["cell_type": "code", "id": nextID(), "metadata": metadata, "execution_count": NSNull(),
                          "source": source(text), "outputs": outputs])
        }
        let m = export.manifest
        var intro = "# MentorCert statistics\n\nWritten by `mentorcert export notebook` (engine \(m.engineVersion), \(m.createdAt))"
        if let bank = m.bank { intro += " from bank version `\(bank.versionId.prefix(12))`" }
        if let hash = m.dataSetHash { intro += " and the response data set `\(hash.prefix(12))`" }
        intro += ". The tables beside this notebook are described in `manifest.json`; their columns are documented in "
            + "the MentorCert repository's `notebooks-export/README.md`. The figures below were drawn by the engine; "
            + "run the notebook to redraw them from the tables with matplotlib."
        for w in m.warnings where w.hasPrefix("SIMULATED") { intro += "\n\n**\(w)**" }
        markdown(intro)
        code(prologue)
        var difIntroduced = false
        for figure in figures(export) {
            if figure.tags.contains("dif") && !difIntroduced {
                markdown(difHeading + "\n\n" + difIntroduction(export))
                difIntroduced = true
            }
            markdown("## \(figure.title)")
            let svg = try PlotRenderer.render(figure.plot).svg
            code(figure.code, outputs: [[
                "output_type": "display_data", "metadata": [String: Any](),
                "data": ["image/svg+xml": source(svg), "text/plain": ["<Figure: \(figure.title)>"]],
            ]], tags: ["figure"] + figure.tags)
        }
        if export.table(.difItems) == nil {
            markdown(difHeading + "\n\n" + ExportedStatistics.noGroupWarning
                + " Export again with responses that carry a group column and name it as the DIF group "
                + "(`mentorcert export notebook … --group COLUMN [--focal VALUE]`) to add the DIF tables and figures.")
        }
        let notebook: [String: Any] = [
            "nbformat": 4, "nbformat_minor": 5, "cells": cells,
            "metadata": [
                "kernelspec": ["name": "python3", "display_name": "Python 3", "language": "python"],
                "language_info": ["name": "python"],
            ],
        ]
        let data = try JSONSerialization.data(withJSONObject: notebook, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The number of figure cells the notebook of `export` has.
    public static func figureCount(_ export: ExportedStatistics) -> Int { figures(export).count }

    /// The heading of the notebook's DIF part.
    static let difHeading = "# Differential item functioning"

    /// What the DIF figures show: the groups and the flagged items, from `dif_items`.
    static func difIntroduction(_ export: ExportedStatistics) -> String {
        let table = export.table(.difItems)
        let rows = table?.rows ?? []
        let column = table?.schema.columns.firstIndex { $0.name == "flagged" }
        let flagged = column.map { c in rows.filter { $0[c] == .boolean(true) }.count } ?? 0
        return "Persons matched on the total score, focal group against reference group (`dif_mantel_haenszel`, "
            + "`dif_logistic_regression`; `dif_items` holds each item's verdict). \(flagged) of \(rows.count) items "
            + "are flagged for review: ETS class B or C (Mantel–Haenszel D-DIF, dichotomous items; BB/CC from Mantel's "
            + "test and the standardized mean difference for polytomous items), logistic-regression class B or C "
            + "(Jodoin & Gierl 2001), or a significant IRT likelihood-ratio test after Benjamini–Hochberg. "
            + "A flag asks for a content review, not for removal."
    }

    // MARK: Figures

    /// The figures of `export`, each with the matplotlib code that redraws it from the tables.
    static func figures(_ export: ExportedStatistics) -> [Figure] {
        var out: [Figure] = []
        let items = export.items
        let step = max(1, items.count / curveItems)
        let shown = Array(stride(from: 0, to: items.count, by: step).prefix(curveItems))
        let batch = ItemBatch(items.map(\.parameters))
        let grid = thetaGrid
        out.append(Figure(
            title: "Item characteristic curves",
            code: """
                fig, ax = plt.subplots(figsize=(8, 5))
                for _, row in shown.iterrows():
                    ax.plot(theta, expected_score(row, theta), label=row["item_id"])
                ax.set(title="Item characteristic curves", xlabel="θ", ylabel="expected item score")
                ax.legend(fontsize=8)
                plt.show()
                """,
            plot: Plot(title: "Item characteristic curves", xLabel: "θ", yLabel: "expected item score",
                       series: shown.map { j in Series(name: items[j].id, kind: .line, x: grid, y: grid.map { batch.expectedScore(item: j, at: $0) }) })))
        out.append(Figure(
            title: "Item information",
            code: """
                fig, ax = plt.subplots(figsize=(8, 5))
                for _, row in shown.iterrows():
                    ax.plot(theta, item_information(row, theta), label=row["item_id"])
                ax.set(title="Item information", xlabel="θ", ylabel="information")
                ax.legend(fontsize=8)
                plt.show()
                """,
            plot: Plot(title: "Item information", xLabel: "θ", yLabel: "information",
                       series: shown.map { j in Series(name: items[j].id, kind: .line, x: grid, y: grid.map { batch.information(item: j, at: $0) }) })))
        if let curve = export.table(.informationCurve), !curve.rows.isEmpty {
            var scopes: [String] = []
            var points: [String: [(Double, Double, Double?)]] = [:]
            for row in curve.rows {
                guard case let .text(scope) = row[0], case let .number(t) = row[1], case let .number(info) = row[2] else { continue }
                if points[scope] == nil { scopes.append(scope) }
                var csem: Double?
                if case let .number(c) = row[3] { csem = c }
                points[scope, default: []].append((t, info, csem))
            }
            out.append(Figure(
                title: "Test information",
                code: """
                    curves = tables["information_curve"]
                    fig, ax = plt.subplots(figsize=(8, 5))
                    for scope, part in curves.groupby("scope", sort=False):
                        ax.plot(part["theta"], part["information"], label=scope)
                    ax.set(title="Test information", xlabel="θ", ylabel="information")
                    ax.legend(fontsize=8)
                    plt.show()
                    """,
                plot: Plot(title: "Test information", xLabel: "θ", yLabel: "information", series: scopes.map { s in
                    Series(name: s, kind: .line, x: (points[s] ?? []).map(\.0), y: (points[s] ?? []).map(\.1))
                })))
            out.append(Figure(
                title: "Conditional standard error of measurement",
                code: """
                    fig, ax = plt.subplots(figsize=(8, 5))
                    for scope, part in curves.groupby("scope", sort=False):
                        ax.plot(part["theta"], part["csem"], label=scope)
                    ax.set(title="Conditional standard error of measurement", xlabel="θ", ylabel="CSEM (θ)", ylim=(0, 2))
                    ax.legend(fontsize=8)
                    plt.show()
                    """,
                plot: Plot(title: "Conditional standard error of measurement", xLabel: "θ", yLabel: "CSEM (θ)",
                           series: scopes.map { s in
                               let p = (points[s] ?? []).filter { ($0.2 ?? .infinity) <= 2 }
                               return Series(name: s, kind: .line, x: p.map(\.0), y: p.map { $0.2 ?? .nan })
                           }, yRange: 0...2)))
        }
        if let persons = export.table(.personScores), !persons.rows.isEmpty {
            let thetas = persons.rows.compactMap { row -> Double? in if case let .number(t) = row[1] { return t }; return nil }
            let locations = items.map { item -> Double in
                let b = item.parameters.thresholds
                return item.parameters.model.isDichotomous ? item.parameters.difficulty : b.reduce(0, +) / Double(max(1, b.count))
            }
            let edges = wrightBins
            let centres = zip(edges, edges.dropFirst()).map { ($0 + $1) / 2 }
            out.append(Figure(
                title: "Wright map",
                code: """
                    persons = tables["person_scores"]["theta"].dropna()
                    locations = params.apply(lambda r: r["difficulty"] if pd.notna(r["difficulty"]) else np.mean(number_list(r["thresholds"])), axis=1)
                    edges = np.arange(-6, 6.25, 0.25)
                    centres = (edges[:-1] + edges[1:]) / 2
                    fig, ax = plt.subplots(figsize=(8, 5))
                    ax.bar(centres, np.histogram(persons, bins=edges)[0], width=0.2, label="persons (WLE θ)")
                    ax.bar(centres, -np.histogram(locations, bins=edges)[0], width=0.2, label="items (difficulty, mean threshold)")
                    ax.set(title="Wright map: persons above, items below, one θ scale", xlabel="θ", ylabel="count")
                    ax.legend(fontsize=8)
                    plt.show()
                    """,
                plot: Plot(title: "Wright map: persons above, items below, one θ scale", xLabel: "θ", yLabel: "count", series: [
                    Series(name: "persons (WLE θ)", kind: .bar, x: centres, y: histogram(thetas, edges).map(Double.init), barWidth: 0.2),
                    Series(name: "items (difficulty, mean threshold)", kind: .bar, x: centres,
                           y: histogram(locations, edges).map { -Double($0) }, barWidth: 0.2),
                ].map { s in var s = s; s.points.removeAll { $0.y == 0 }; return s }, xRange: -6...6)))
        }
        if let exposure = export.table(.itemExposure), !exposure.rows.isEmpty {
            let rates = exposure.rows.compactMap { row -> Double? in if case let .number(r) = row[1] { return r }; return nil }
                .sorted(by: >)
            out.append(Figure(
                title: "Item exposure",
                code: """
                    rates = tables["item_exposure"]["rate"].sort_values(ascending=False).reset_index(drop=True)
                    fig, ax = plt.subplots(figsize=(8, 5))
                    ax.bar(rates.index + 1, rates, width=0.8)
                    ax.set(title="Item exposure in the simulated adaptive exam", xlabel="item rank", ylabel="exposure rate")
                    plt.show()
                    """,
                plot: Plot(title: "Item exposure in the simulated adaptive exam", xLabel: "item rank", yLabel: "exposure rate",
                           series: [Series(name: "", kind: .bar, x: rates.indices.map { Double($0 + 1) }, y: rates, barWidth: 0.8)])))
        }
        if let dif = export.table(.difItems), !dif.rows.isEmpty {
            out += difFigures(dif)
        }
        return out
    }

    /// The DIF figures from `dif_items`: MH D-DIF of the dichotomous items against the ETS bands (|Δ| < 1:
    /// A; 1–1.5: B, when significant; Holland & Thayer 1988, Zieky 1993) and the logistic-regression ΔR²
    /// of every item against Jodoin & Gierl's (2001) bounds; points coloured by their class (classes in
    /// sorted order, as pandas' groupby gives them).
    static func difFigures(_ dif: Table) -> [Figure] {
        let columns = dif.schema.columns.map(\.csvName)
        func column(_ name: String) -> Int? { columns.firstIndex(of: name) }
        guard let classColumn = column("mh_class"), let deltaColumn = column("mh_delta"), let lrClassColumn = column("lr_class"),
              let lrColumn = column("lr_r_squared_change") else { return [] }
        /// Points (item position, value) per class, classes sorted.
        func byClass(_ value: Int, _ cls: Int) -> [(String, [PlotPoint])] {
            var points: [String: [PlotPoint]] = [:]
            for (k, row) in dif.rows.enumerated() {
                guard case let .number(v) = row[value], case let .text(c) = row[cls] else { continue }
                points[c, default: []].append(PlotPoint(x: Double(k + 1), y: v))
            }
            return points.keys.sorted().map { ($0, points[$0] ?? []) }
        }
        let span = [0.5, Double(dif.rows.count) + 0.5]
        var out: [Figure] = []
        let mh = byClass(deltaColumn, classColumn)
        if !mh.isEmpty {
            out.append(Figure(
                title: "DIF: Mantel–Haenszel D-DIF of the dichotomous items",
                code: """
                    dif = tables["dif_items"].reset_index(drop=True)
                    dif["position"] = np.arange(1, len(dif) + 1)
                    fig, ax = plt.subplots(figsize=(8, 5))
                    ax.axhspan(-1.5, 1.5, color="grey", alpha=0.12, label="|Δ| < 1.5 (not C)")
                    ax.axhspan(-1, 1, color="grey", alpha=0.12, label="|Δ| < 1 (A)")
                    for cls, part in dif.dropna(subset=["mh_delta"]).groupby("mh_class"):
                        ax.scatter(part["position"], part["mh_delta"], s=12, label=f"ETS {cls}")
                    ax.set(title="DIF: Mantel–Haenszel D-DIF of the dichotomous items", xlabel="item (dif_items order)",
                           ylabel="MH D-DIF (< 0: against the focal group)")
                    ax.legend(fontsize=8)
                    plt.show()
                    """,
                plot: Plot(title: "DIF: Mantel–Haenszel D-DIF of the dichotomous items", xLabel: "item (dif_items order)",
                           yLabel: "MH D-DIF (< 0: against the focal group)",
                           series: mh.map { Series(name: "ETS \($0.0)", kind: .scatter, points: $0.1) },
                           bands: [Band(name: "|Δ| < 1.5 (not C)", x: span, lower: [-1.5, -1.5], upper: [1.5, 1.5]),
                                   Band(name: "|Δ| < 1 (A)", x: span, lower: [-1, -1], upper: [1, 1])]),
                tags: ["dif"]))
        }
        let lr = byClass(lrColumn, lrClassColumn)
        if !lr.isEmpty {
            let moderate = LogisticRegressionDIF.moderateRSquared, large = LogisticRegressionDIF.largeRSquared
            out.append(Figure(
                title: "DIF: logistic-regression ΔR² of every item",
                code: """
                    dif = tables["dif_items"].reset_index(drop=True)
                    dif["position"] = np.arange(1, len(dif) + 1)
                    fig, ax = plt.subplots(figsize=(8, 5))
                    ax.axhspan(0, \(large), color="grey", alpha=0.12, label="ΔR² < \(large) (not C)")
                    ax.axhspan(0, \(moderate), color="grey", alpha=0.12, label="ΔR² < \(moderate) (A)")
                    for cls, part in dif.dropna(subset=["lr_r_squared_change"]).groupby("lr_class"):
                        ax.scatter(part["position"], part["lr_r_squared_change"], s=12, label=f"class {cls}")
                    ax.set(title="DIF: logistic-regression ΔR² of every item", xlabel="item (dif_items order)",
                           ylabel="Nagelkerke ΔR² (group and group × score)")
                    ax.legend(fontsize=8)
                    plt.show()
                    """,
                plot: Plot(title: "DIF: logistic-regression ΔR² of every item", xLabel: "item (dif_items order)",
                           yLabel: "Nagelkerke ΔR² (group and group × score)",
                           series: lr.map { Series(name: "class \($0.0)", kind: .scatter, points: $0.1) },
                           bands: [Band(name: "ΔR² < \(large) (not C)", x: span, lower: nil, upper: [large, large]),
                                   Band(name: "ΔR² < \(moderate) (A)", x: span, lower: nil, upper: [moderate, moderate])]),
                tags: ["dif"]))
        }
        return out
    }

    /// Bin edges of the Wright map: −6 to 6 by 0.25 (the scoring fence is ±6).
    static let wrightBins: [Double] = (0...48).map { -6 + 0.25 * Double($0) }

    /// Counts of `values` per bin [e_i, e_{i+1}), the last bin closed (numpy.histogram's rule).
    static func histogram(_ values: [Double], _ edges: [Double]) -> [Int] {
        var counts = [Int](repeating: 0, count: edges.count - 1)
        guard let first = edges.first, let last = edges.last else { return counts }
        for v in values where v >= first && v <= last {
            var i = edges.lastIndex { $0 <= v } ?? 0
            if i == counts.count { i -= 1 }
            counts[i] += 1
        }
        return counts
    }

    /// The first code cell: imports, the tables by relative path, the item response functions.
    static let prologue = """
        import json
        import numpy as np
        import pandas as pd
        import matplotlib.pyplot as plt
        %matplotlib inline

        # Every table beside this notebook, by the manifest (relative paths).
        with open("manifest.json") as f:
            manifest = json.load(f)
        tables = {entry["schema"]: pd.read_csv(entry["file"]) for entry in manifest["tables"]}
        params = tables["item_parameters"]
        theta = np.linspace(-4, 4, 161)
        # The items whose curves are drawn: every floor(J/8)-th, at most 8 (as the engine's stored figures).
        shown = params.iloc[::max(1, len(params) // 8)].head(8)

        def number_list(cell):
            # A list cell: numbers separated by ';'.
            return [float(v) for v in str(cell).split(";") if v != ""]

        def category_probabilities(row, t):
            # Logistic metric (no 1.702). Dichotomous: P = c + (u - c) * logistic(a*t + d).
            # GRM: P(X >= k) = logistic(a*t + d_k). GPCM: P(X = k) ∝ exp(sum_{v<=k} (a*t + d_v)).
            a = row["discrimination"]
            if row["model"] in ("rasch", "2pl", "3pl", "4pl"):
                c = 0.0 if pd.isna(row["guessing"]) else row["guessing"]
                u = 1.0 if pd.isna(row["upper_asymptote"]) else row["upper_asymptote"]
                p = c + (u - c) / (1 + np.exp(-(a * t + row["intercept"])))
                return np.stack([1 - p, p])
            d = number_list(row["intercepts"])
            if row["model"] == "grm":
                star = [np.ones_like(t)] + [1 / (1 + np.exp(-(a * t + dk))) for dk in d] + [np.zeros_like(t)]
                return np.stack([star[k] - star[k + 1] for k in range(len(d) + 1)])
            z = np.cumsum(np.stack([np.zeros_like(t)] + [a * t + dv for dv in d]), axis=0)
            e = np.exp(z - z.max(axis=0))
            return e / e.sum(axis=0)

        def expected_score(row, t):
            p = category_probabilities(row, t)
            return (np.arange(p.shape[0])[:, None] * p).sum(axis=0)

        def item_information(row, t, h=1e-5):
            # Fisher information sum_k P_k'(t)^2 / P_k(t) (Lord 1980), derivatives by central differences.
            p = category_probabilities(row, t)
            dp = (category_probabilities(row, t + h) - category_probabilities(row, t - h)) / (2 * h)
            return (dp ** 2 / np.clip(p, 1e-300, None)).sum(axis=0)
        """
}
