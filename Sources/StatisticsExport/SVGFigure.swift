import Foundation

/// One series of a figure: points drawn as a line, as markers, or as bars from zero.
public struct FigureSeries: Sendable, Equatable {
    /// How the points are drawn.
    public enum Style: Sendable, Equatable { case line, markers, bars }
    /// The legend entry (empty: not in the legend).
    public var label: String
    public var x: [Double]
    public var y: [Double]
    public var style: Style

    public init(label: String, x: [Double], y: [Double], style: Style = .line) {
        precondition(x.count == y.count, "FigureSeries: one y per x")
        self.label = label; self.x = x; self.y = y; self.style = style
    }
}

/// A figure as a self-contained SVG document: axes with round tick values, one colour per series, a
/// legend. The minimal renderer of the export notebook's stored outputs — the one function to swap for
/// the `Plots` module when it lands. Non-finite points are skipped.
///
/// Ticks are "nice" numbers (1, 2, 5 × 10ᵏ; Heckbert 1990, "Nice numbers for graph labels", Graphics
/// Gems), about five per axis.
/// - Complexity: O(total points).
public func svgFigure(title: String, xLabel: String, yLabel: String, series: [FigureSeries],
                      width: Int = 640, height: Int = 400) -> String {
    let left = 64.0, right = 16.0, top = 32.0, bottom = 48.0
    let w = Double(width), h = Double(height)
    let plotW = w - left - right, plotH = h - top - bottom
    let xs = series.flatMap { s in zip(s.x, s.y).filter { $0.0.isFinite && $0.1.isFinite }.map(\.0) }
    var ys = series.flatMap { s in zip(s.x, s.y).filter { $0.0.isFinite && $0.1.isFinite }.map(\.1) }
    if series.contains(where: { $0.style == .bars }) { ys.append(0) }
    let (x0, x1) = paddedRange(xs), (y0, y1) = paddedRange(ys)
    let xTicks = niceTicks(x0, x1), yTicks = niceTicks(y0, y1)
    let lo = (x: min(x0, xTicks.first ?? x0), y: min(y0, yTicks.first ?? y0))
    let hi = (x: max(x1, xTicks.last ?? x1), y: max(y1, yTicks.last ?? y1))
    func px(_ x: Double) -> Double { left + (x - lo.x) / (hi.x - lo.x) * plotW }
    func py(_ y: Double) -> Double { top + plotH - (y - lo.y) / (hi.y - lo.y) * plotH }
    func f(_ v: Double) -> String { String(format: "%.2f", v) }
    func esc(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
    let colours = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]
    var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" "
        + "font-family=\"sans-serif\" font-size=\"11\">\n"
    out += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
    out += "<text x=\"\(f(w / 2))\" y=\"18\" text-anchor=\"middle\" font-size=\"13\">\(esc(title))</text>\n"
    // Axes and ticks.
    out += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(plotW))\" height=\"\(f(plotH))\" fill=\"none\" stroke=\"black\"/>\n"
    for t in xTicks {
        out += "<line x1=\"\(f(px(t)))\" y1=\"\(f(top + plotH))\" x2=\"\(f(px(t)))\" y2=\"\(f(top + plotH + 4))\" stroke=\"black\"/>"
        out += "<text x=\"\(f(px(t)))\" y=\"\(f(top + plotH + 16))\" text-anchor=\"middle\">\(tickText(t))</text>\n"
    }
    for t in yTicks {
        out += "<line x1=\"\(f(left - 4))\" y1=\"\(f(py(t)))\" x2=\"\(f(left))\" y2=\"\(f(py(t)))\" stroke=\"black\"/>"
        out += "<text x=\"\(f(left - 6))\" y=\"\(f(py(t) + 4))\" text-anchor=\"end\">\(tickText(t))</text>\n"
    }
    out += "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(h - 10))\" text-anchor=\"middle\">\(esc(xLabel))</text>\n"
    out += "<text x=\"14\" y=\"\(f(top + plotH / 2))\" text-anchor=\"middle\" transform=\"rotate(-90 14 \(f(top + plotH / 2)))\">\(esc(yLabel))</text>\n"
    // Series.
    for (k, s) in series.enumerated() {
        let colour = colours[k % colours.count]
        let points = zip(s.x, s.y).filter { $0.0.isFinite && $0.1.isFinite }
        switch s.style {
        case .line:
            let list = points.map { "\(f(px($0.0))),\(f(py($0.1)))" }.joined(separator: " ")
            out += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.5\" points=\"\(list)\"/>\n"
        case .markers:
            for p in points { out += "<circle cx=\"\(f(px(p.0)))\" cy=\"\(f(py(p.1)))\" r=\"2.5\" fill=\"\(colour)\"/>" }
            out += "\n"
        case .bars:
            let sorted = points.map(\.0).sorted()
            let gaps = zip(sorted, sorted.dropFirst()).map { $1 - $0 }.filter { $0 > 0 }
            let barW = max(1, (gaps.min() ?? (hi.x - lo.x) / 20) / (hi.x - lo.x) * plotW * 0.8)
            for p in points {
                let yTop = min(py(p.1), py(0)), barH = abs(py(p.1) - py(0))
                out += "<rect x=\"\(f(px(p.0) - barW / 2))\" y=\"\(f(yTop))\" width=\"\(f(barW))\" height=\"\(f(barH))\" fill=\"\(colour)\" fill-opacity=\"0.6\"/>"
            }
            out += "\n"
        }
    }
    // Legend.
    let labelled = series.enumerated().filter { !$0.element.label.isEmpty }.prefix(12)
    for (row, entry) in labelled.enumerated() {
        let y = top + 12 + Double(row) * 14
        out += "<rect x=\"\(f(left + plotW - 150))\" y=\"\(f(y - 8))\" width=\"10\" height=\"10\" fill=\"\(colours[entry.offset % colours.count])\"/>"
        out += "<text x=\"\(f(left + plotW - 136))\" y=\"\(f(y + 1))\">\(esc(entry.element.label))</text>\n"
    }
    out += "</svg>\n"
    return out
}

/// The range of `values`, widened to a unit interval when empty or flat.
private func paddedRange(_ values: [Double]) -> (Double, Double) {
    guard let lo = values.min(), let hi = values.max() else { return (0, 1) }
    if hi - lo < 1e-12 { return (lo - 0.5, hi + 0.5) }
    return (lo, hi)
}

/// About five ticks at m × 10ᵏ (m = 1, 2, 5) covering [lo, hi]; each tick is computed as an integer
/// multiple divided or multiplied by a power of ten, so 0.6 is 0.6 and not 0.6000000000000001.
func niceTicks(_ lo: Double, _ hi: Double) -> [Double] {
    let raw = (hi - lo) / 5
    guard raw > 0, raw.isFinite else { return [lo] }
    var k = Int(floor(log10(raw)))
    var m = [1, 2, 5, 10].first { Double($0) * pow(10, Double(k)) >= raw } ?? 10
    if m == 10 { m = 1; k += 1 }
    let step = Double(m) * pow(10, Double(k))
    func value(_ i: Int) -> Double {
        k >= 0 ? Double(i * m) * pow(10, Double(k)) : Double(i * m) / pow(10, Double(-k))
    }
    let first = Int((lo / step).rounded(.down)), last = Int((hi / step).rounded(.up))
    guard last - first < 40 else { return [lo, hi] }
    return (first...last).map(value)
}

private func tickText(_ v: Double) -> String {
    if v == v.rounded(), abs(v) < 1e9 { return String(Int(v)) }
    var s = String(format: "%.3f", v)
    while s.hasSuffix("0") { s.removeLast() }
    return s
}
