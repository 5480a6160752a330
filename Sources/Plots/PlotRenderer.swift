/// Draws a ``Plot`` as a standalone SVG document.
///
/// Layout: title on top, the plot area with nice ticks (``NiceTicks``) and light grid lines, axis
/// labels below and left (rotated), the legend to the right. Text is black and at least 10 units high
/// so that the figure stays readable when printed; colours come with dash patterns for grey prints.
/// Points with a non-finite coordinate are skipped and reported in ``RenderedPlot/warnings``; a plot
/// with no finite point at all is refused (``PlotError``).
public enum PlotRenderer {
    /// - Complexity: O(total points).
    public static func render(_ plot: Plot) throws(PlotError) -> RenderedPlot {
        var warnings: [String] = []
        // Clean the data: finite points only, said so.
        var series: [Series] = []
        for s in plot.series {
            var clean = s
            clean.points = s.points.filter { $0.x.isFinite && $0.y.isFinite }
            let dropped = s.points.count - clean.points.count
            if dropped > 0 { warnings.append("series \(s.name): \(dropped) point(s) with a non-finite value were skipped") }
            if !clean.points.isEmpty { series.append(clean) }
        }
        var bands: [Band] = []
        for b in plot.bands {
            var xs: [Double] = [], lo: [Double] = [], hi: [Double] = []
            for k in b.x.indices where k < b.upper.count {
                let l = b.lower.map { k < $0.count ? $0[k] : .nan } ?? 0
                if b.x[k].isFinite && b.upper[k].isFinite && l.isFinite { xs.append(b.x[k]); lo.append(l); hi.append(b.upper[k]) }
            }
            if xs.count < b.x.count { warnings.append("band \(b.name): \(b.x.count - xs.count) point(s) with a non-finite value were skipped") }
            if xs.count >= 2 { bands.append(Band(name: b.name, x: xs, lower: lo, upper: hi)) }
        }
        let lines = plot.referenceLines.filter { $0.x.isFinite }
        if lines.count < plot.referenceLines.count { warnings.append("reference lines with a non-finite position were skipped") }

        var xs = series.flatMap { $0.points.map(\.x) } + bands.flatMap(\.x) + lines.map(\.x)
        var ys = series.flatMap { $0.points.map(\.y) } + bands.flatMap { $0.upper + ($0.lower ?? []) }
        if series.contains(where: { $0.kind == .bar }) { ys.append(0) }
        // Bars extend half a width either side of their x.
        for s in series where s.kind == .bar {
            let w = barWidth(s)
            xs += s.points.flatMap { [$0.x - w / 2, $0.x + w / 2] }
        }
        guard let xmin = xs.min(), let xmax = xs.max(), let ymin = ys.min(), let ymax = ys.max() else {
            throw PlotError.noData(plot.title)
        }
        let xt = NiceTicks(minimum: plot.xRange?.lowerBound ?? xmin, maximum: plot.xRange?.upperBound ?? xmax, target: 8)
        let yt = NiceTicks(minimum: plot.yRange?.lowerBound ?? ymin, maximum: plot.yRange?.upperBound ?? ymax, target: 6)

        var legend: [(name: String, kind: LegendKind, style: Int)] = []
        for (k, s) in series.enumerated() { legend.append((s.name, s.kind == .bar ? .box : s.kind == .scatter ? .dot : .line, k)) }
        for (k, b) in bands.enumerated() { legend.append((b.name, .band, k)) }
        let hasLegend = legend.count > 1 || (legend.count == 1 && !legend[0].name.isEmpty)
        // The legend sits at the right when its longest name is short, else below the plot in columns.
        let entryWidth = 40 + 6.6 * Double(legend.map(\.name.count).max() ?? 0)
        let legendRight = hasLegend && entryWidth <= 0.3 * plot.width
        let columns = legendRight ? 1 : max(1, Int((plot.width - 80) / entryWidth))
        let legendRows = hasLegend && !legendRight ? (legend.count + columns - 1) / columns : 0
        let height = plot.height + Double(legendRows) * 18
        let frame = Frame(left: 72, right: plot.width - 16 - (legendRight ? entryWidth : 0), top: 44, bottom: plot.height - 56,
                          x: (xt.lower, xt.upper), y: (yt.lower, yt.upper))
        var c = SVGCanvas(width: plot.width, height: height, title: plot.title)
        c.text(plot.title, x: plot.width / 2, y: 24, size: 15, anchor: .middle, bold: true)
        drawAxes(&c, frame, xt, yt, xLabel: plot.xLabel, yLabel: plot.yLabel)

        for (k, b) in bands.enumerated() {
            let colour = SVGCanvas.colours[k % SVGCanvas.colours.count]
            let upper = zip(b.x, b.upper).map { (frame.px($0), frame.py($1)) }
            let lower = zip(b.x, b.lower ?? []).map { (frame.px($0), frame.py($1)) }.reversed()
            c.polygon(upper + lower, fill: colour, opacity: 0.18)
        }
        for (k, s) in series.enumerated() {
            let (colour, dash) = SVGCanvas.style(k)
            let pts = s.points
            switch s.kind {
            case .line:
                let sorted = pts.sorted { $0.x < $1.x }
                c.polyline(sorted.map { (frame.px($0.x), frame.py($0.y)) }, stroke: colour, dash: dash)
            case .step:
                let sorted = pts.sorted { $0.x < $1.x }
                var path: [(Double, Double)] = []
                for (i, p) in sorted.enumerated() {
                    if i > 0 { path.append((frame.px(p.x), frame.py(sorted[i - 1].y))) }
                    path.append((frame.px(p.x), frame.py(p.y)))
                }
                c.polyline(path, stroke: colour, dash: dash)
            case .bar:
                let w = barWidth(s)
                for p in pts {
                    let x0 = frame.px(p.x - w / 2), x1 = frame.px(p.x + w / 2)
                    let top = frame.py(max(p.y, 0)), bottom = frame.py(min(p.y, 0))
                    c.rect(x0, top, x1 - x0, bottom - top, fill: colour, stroke: "#000000", opacity: 0.85)
                }
            case .scatter:
                for p in pts { c.circle(frame.px(p.x), frame.py(p.y), r: 3, fill: colour) }
            }
        }
        // Labels of reference lines are staggered downwards so that close lines stay readable.
        for (k, line) in lines.sorted(by: { $0.x < $1.x }).enumerated() {
            let x = frame.px(line.x)
            c.line(x, frame.top, x, frame.bottom, stroke: "#444444", width: 1, dash: "5 4")
            c.text(line.label, x: x + 3, y: frame.top + 12 + Double(k % 4) * 12, size: 10)
        }
        if hasLegend {
            for (index, entry) in legend.enumerated() {
                let x = legendRight ? frame.right + 14 : 72 + Double(index % columns) * entryWidth
                let y = legendRight ? frame.top + 8 + Double(index) * 20 : plot.height - 4 + Double(index / columns) * 18
                let (colour, dash) = SVGCanvas.style(entry.style)
                switch entry.kind {
                case .line: c.line(x, y, x + 24, y, stroke: colour, width: 2, dash: dash)
                case .box: c.rect(x, y - 6, 24, 12, fill: colour, stroke: "#000000", opacity: 0.85)
                case .dot: c.circle(x + 12, y, r: 3.5, fill: colour)
                case .band: c.rect(x, y - 6, 24, 12, fill: colour, opacity: 0.18)
                }
                c.text(entry.name, x: x + 30, y: y + 4, size: 11)
            }
        }
        return RenderedPlot(svg: c.document, warnings: warnings)
    }

    enum LegendKind { case line, box, dot, band }

    static func barWidth(_ s: Series) -> Double {
        if let w = s.barWidth, w > 0, w.isFinite { return w }
        let xs = Array(Set(s.points.map(\.x))).sorted()
        let gaps = zip(xs.dropFirst(), xs).map { $0 - $1 }.filter { $0 > 0 }
        return 0.8 * (gaps.min() ?? 1)
    }

    static func drawAxes(_ c: inout SVGCanvas, _ f: Frame, _ xt: NiceTicks, _ yt: NiceTicks, xLabel: String, yLabel: String) {
        for v in yt.values {
            let y = f.py(v)
            c.line(f.left, y, f.right, y, stroke: "#dddddd", width: 0.7)
            c.line(f.left - 5, y, f.left, y)
            c.text(yt.label(v), x: f.left - 8, y: y + 4, size: 11, anchor: .end)
        }
        for v in xt.values {
            let x = f.px(v)
            c.line(x, f.top, x, f.bottom, stroke: "#eeeeee", width: 0.7)
            c.line(x, f.bottom, x, f.bottom + 5)
            c.text(xt.label(v), x: x, y: f.bottom + 18, size: 11, anchor: .middle)
        }
        c.line(f.left, f.bottom, f.right, f.bottom, width: 1.2)
        c.line(f.left, f.top, f.left, f.bottom, width: 1.2)
        c.text(xLabel, x: (f.left + f.right) / 2, y: f.bottom + 40, size: 13, anchor: .middle)
        c.text(yLabel, x: 18, y: (f.top + f.bottom) / 2, size: 13, anchor: .middle, rotate: -90)
    }
}

/// The plot area in SVG units and the data ranges it shows.
struct Frame {
    var left: Double, right: Double, top: Double, bottom: Double
    var x: (Double, Double), y: (Double, Double)
    func px(_ v: Double) -> Double { left + (v - x.0) / (x.1 - x.0) * (right - left) }
    func py(_ v: Double) -> Double { bottom - (v - y.0) / (y.1 - y.0) * (bottom - top) }
}

extension RenderedPlot {
    /// The `<svg>` element without the XML declaration and the namespace attribute, for inlining in
    /// an HTML page (HTML5 puts `<svg>` in the SVG namespace by itself, so the page names no URL).
    public var inlineSVG: String {
        var out = svg
        if out.hasPrefix("<?xml"), let end = out.firstIndex(of: "\n") { out = String(out[out.index(after: end)...]) }
        if let r = out.range(of: " xmlns=\"http://www.w3.org/2000/svg\"") { out.removeSubrange(r) }
        return out
    }
}
