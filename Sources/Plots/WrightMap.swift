/// A Wright map (item–person map): persons and items on one θ scale, side by side — the persons'
/// histogram on the left (bars grow leftwards), the items' locations on the right (one marker per
/// item, stacked within a bin, with the item ids when they fit), cut scores as dashed lines across both.
///
/// Wright, B. D. & Stone, M. H. (1979), *Best Test Design*, MESA Press (the variable map); Wilson, M.
/// (2005), *Constructing Measures*, ch. 5. Item location = b (dichotomous) or the mean threshold
/// (polytomous), supplied by the caller.
public struct WrightMap: Sendable, Codable, Equatable {
    public struct ItemLocation: Sendable, Codable, Equatable {
        public var id: String
        public var location: Double
        public init(id: String, location: Double) { self.id = id; self.location = location }
    }

    public var title: String
    public var personsLabel: String
    public var itemsLabel: String
    public var persons: [Double]
    public var items: [ItemLocation]
    public var cuts: [ReferenceLine]
    /// Bin width on θ.
    public var binWidth: Double
    public var width: Double
    public var height: Double

    public init(title: String, personsLabel: String = "Persons", itemsLabel: String = "Items", persons: [Double],
                items: [ItemLocation], cuts: [ReferenceLine] = [], binWidth: Double = 0.25,
                width: Double = 720, height: Double = 560) {
        self.title = title; self.personsLabel = personsLabel; self.itemsLabel = itemsLabel; self.persons = persons
        self.items = items; self.cuts = cuts; self.binWidth = binWidth; self.width = width; self.height = height
    }

    /// The SVG document. Non-finite θs and locations are skipped with a warning; a map with neither
    /// persons nor items is refused.
    /// - Complexity: O(persons + items).
    public func render() throws(PlotError) -> RenderedPlot {
        var warnings: [String] = []
        let persons = self.persons.filter(\.isFinite)
        if persons.count < self.persons.count { warnings.append("\(self.persons.count - persons.count) person(s) without a finite θ were skipped") }
        let items = self.items.filter { $0.location.isFinite }
        if items.count < self.items.count { warnings.append("\(self.items.count - items.count) item(s) without a finite location were skipped") }
        let cuts = self.cuts.filter { $0.x.isFinite }
        let all = persons + items.map(\.location) + cuts.map(\.x)
        guard let lo = all.min(), let hi = all.max() else { throw PlotError.noData(title) }
        let ticks = NiceTicks(minimum: lo, maximum: hi, target: 8)
        let bin = binWidth > 0 && binWidth.isFinite ? binWidth : 0.25
        let binCount = max(1, Int(((ticks.upper - ticks.lower) / bin).rounded(.up)))
        func binIndex(_ v: Double) -> Int { min(binCount - 1, max(0, Int(((v - ticks.lower) / bin).rounded(.down)))) }
        var personCounts = [Int](repeating: 0, count: binCount)
        for p in persons { personCounts[binIndex(p)] += 1 }
        var itemBins = [[String]](repeating: [], count: binCount)
        for i in items.sorted(by: { $0.location < $1.location }) { itemBins[binIndex(i.location)].append(i.id) }

        let top = 56.0, bottom = height - 40
        let axisX = width * 0.42
        let leftEdge = 70.0, rightEdge = width - 12
        func py(_ v: Double) -> Double { bottom - (v - ticks.lower) / (ticks.upper - ticks.lower) * (bottom - top) }
        var c = SVGCanvas(width: width, height: height, title: title)
        c.text(title, x: width / 2, y: 24, size: 15, anchor: .middle, bold: true)
        c.text("\(personsLabel) (n = \(persons.count))", x: (leftEdge + axisX) / 2, y: top - 10, size: 12, anchor: .middle, bold: true)
        c.text("\(itemsLabel) (n = \(items.count))", x: (axisX + rightEdge) / 2, y: top - 10, size: 12, anchor: .middle, bold: true)
        // The θ axis in the middle.
        for v in ticks.values {
            let y = py(v)
            c.line(leftEdge, y, rightEdge, y, stroke: "#eeeeee", width: 0.7)
            c.line(axisX - 4, y, axisX + 4, y)
            c.text(ticks.label(v), x: leftEdge - 8, y: y + 4, size: 11, anchor: .end)
        }
        c.line(axisX, top, axisX, bottom, width: 1.2)
        c.text("θ", x: 20, y: (top + bottom) / 2, size: 14, anchor: .middle)
        // Persons: bars leftwards, proportional to the largest bin.
        let maxCount = Double(personCounts.max() ?? 0)
        let barH = (bottom - top) / Double(binCount)
        for (k, n) in personCounts.enumerated() where n > 0 {
            let w = (axisX - leftEdge - 4) * Double(n) / max(1, maxCount)
            let yTop = py(ticks.lower + Double(k + 1) * bin)
            c.rect(axisX - w, yTop + 0.5, w, barH - 1, fill: SVGCanvas.colours[0], stroke: "#000000", opacity: 0.8)
        }
        // Items: markers stacked rightwards, labels while they fit.
        let slot = 9.0
        let maxSlots = Int((rightEdge - axisX - 8) / slot)
        for (k, ids) in itemBins.enumerated() where !ids.isEmpty {
            let yMid = py(ticks.lower + (Double(k) + 0.5) * bin)
            let labelsFit = barH >= 10 && ids.count * 58 <= Int(rightEdge - axisX - 8)
            if labelsFit {
                for (i, id) in ids.enumerated() {
                    c.text(id, x: axisX + 8 + Double(i) * 58, y: yMid + 4, size: 10)
                }
            } else {
                for i in 0..<min(ids.count, maxSlots - 4) {
                    c.rect(axisX + 8 + Double(i) * slot, yMid - min(3.5, barH / 2 - 0.5), slot - 2, min(7, barH - 1),
                           fill: SVGCanvas.colours[1], stroke: "#000000")
                }
                let shown = min(ids.count, maxSlots - 4)
                let text = ids.count > shown ? "\(ids.count) (+\(ids.count - shown))" : "\(ids.count)"
                c.text(text, x: axisX + 12 + Double(shown) * slot, y: yMid + 4, size: 9)
            }
        }
        for cut in cuts {
            let y = py(cut.x)
            c.line(leftEdge, y, rightEdge, y, stroke: "#444444", width: 1, dash: "5 4")
            c.text(cut.label, x: rightEdge, y: y - 3, size: 10, anchor: .end)
        }
        return RenderedPlot(svg: c.document, warnings: warnings)
    }
}
