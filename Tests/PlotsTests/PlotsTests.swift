import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Plots

/// Parses `svg` with Foundation's XMLParser; returns the element names and the text content, or the
/// parser's error. An independent check that the document is well-formed XML.
final class XMLCollector: NSObject, XMLParserDelegate {
    var elements: [String] = []
    var attributes: [[String: String]] = []
    var text = ""
    var rootNamespace: String?
    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                attributes attributeDict: [String: String] = [:]) {
        if elements.isEmpty { rootNamespace = attributeDict["xmlns"] }
        elements.append(elementName); attributes.append(attributeDict)
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    static func parse(_ svg: String) -> (ok: Bool, collector: XMLCollector, error: String?) {
        let parser = XMLParser(data: Data(svg.utf8))
        let c = XMLCollector()
        parser.delegate = c
        let ok = parser.parse()
        return (ok, c, parser.parserError.map { "\($0)" })
    }
}

@Suite struct NiceTicksTests {
    // Hand-computed: span/target, rounded to 1, 2 or 5 × 10^k (thresholds 1.5, 3, 7), axis widened to whole steps.
    @Test func unitInterval() {
        let t = NiceTicks(minimum: 0, maximum: 1, target: 5)      // 0.2 → 0.2
        #expect(t.step == 0.2)
        #expect(t.values == [0, 0.2, 0.4, 0.6, 0.8, 1])
        #expect(t.decimals == 1)
        #expect(t.values.map(t.label) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
    }

    @Test func thetaScale() {
        let t = NiceTicks(minimum: -3, maximum: 3, target: 6)     // 1 → 1
        #expect(t.values == [-3, -2, -1, 0, 1, 2, 3])
        #expect(t.label(0) == "0")
    }

    @Test func widenedToWholeSteps() {
        let t = NiceTicks(minimum: 3, maximum: 97, target: 5)     // 18.8 → 20; ⌊3/20⌋ = 0, ⌈97/20⌉ = 5
        #expect(t.step == 20)
        #expect(t.values == [0, 20, 40, 60, 80, 100])
        let u = NiceTicks(minimum: -0.37, maximum: 2.41, target: 6)   // 0.463 → 0.5
        #expect(u.values == [-0.5, 0, 0.5, 1, 1.5, 2, 2.5])
        let v = NiceTicks(minimum: 0.0012, maximum: 0.0088, target: 4) // 0.0019 → 0.002
        #expect(v.step == 0.002)
        #expect(v.values == [0, 0.002, 0.004, 0.006, 0.008, 0.01])
        #expect(v.decimals == 3)
    }

    @Test func niceNumbers() {
        #expect(NiceTicks.nice(1.4) == 1)
        #expect(NiceTicks.nice(1.6) == 2)
        #expect(NiceTicks.nice(2.9) == 2)
        #expect(NiceTicks.nice(3.1) == 5)
        #expect(NiceTicks.nice(7.5) == 10)
        #expect(NiceTicks.nice(0.031) == 0.05)
    }

    @Test func degenerateRanges() {
        let t = NiceTicks(minimum: 5, maximum: 5)
        #expect(t.lower < 5 && t.upper > 5)
        let n = NiceTicks(minimum: .nan, maximum: 1)
        #expect(n.lower == 0 && n.upper == 1)
        #expect(!n.values.contains { !$0.isFinite })
    }
}

@Suite struct SVGTests {
    @Test func escapingOfSpecialCharacters() {
        #expect(SVGText.escape(#"a<b & "c" > 'd'"#) == "a&lt;b &amp; &quot;c&quot; &gt; &apos;d&apos;")
        #expect(SVGText.escape("bell\u{07}end") == "bellend")
    }

    @Test func userTextIsEscapedAndParses() throws {
        let hostile = #"R&D <script>alert("x")</script> 'q'"#
        let plot = Plot(title: hostile, xLabel: "θ < 0 & \"x\"", yLabel: "P(θ) > .5",
                        series: [Series(name: hostile, kind: .line, x: [-1, 0, 1], y: [0.2, 0.5, 0.8])],
                        referenceLines: [ReferenceLine(x: 0.5, label: "cut <&>")])
        let rendered = try PlotRenderer.render(plot)
        #expect(!rendered.svg.contains("<script"))
        let parsed = XMLCollector.parse(rendered.svg)
        #expect(parsed.ok, "not well-formed: \(parsed.error ?? "")")
        #expect(!parsed.collector.elements.contains("script"))
        // The parser gives the text back unescaped: what the user wrote, exactly.
        #expect(parsed.collector.text.contains(hostile))
        #expect(parsed.collector.text.contains("cut <&>"))
    }

    @Test func everyKindParsesWithNamespaceAndViewBox() throws {
        let plot = Plot(title: "All kinds", xLabel: "x", yLabel: "y",
                        series: [Series(name: "line", kind: .line, x: [0, 1, 2], y: [1, 3, 2]),
                                 Series(name: "step", kind: .step, x: [0, 1, 2], y: [0.5, 1, 1.5]),
                                 Series(name: "bar", kind: .bar, x: [0, 1, 2], y: [2, -1, 4]),
                                 Series(name: "scatter", kind: .scatter, x: [0.5, 1.5], y: [1, 2])],
                        bands: [Band(name: "± SE", x: [0, 1, 2], lower: [0.5, 2, 1], upper: [1.5, 4, 3])])
        let r = try PlotRenderer.render(plot)
        let parsed = XMLCollector.parse(r.svg)
        #expect(parsed.ok, "not well-formed: \(parsed.error ?? "")")
        #expect(parsed.collector.elements.first == "svg")
        #expect(parsed.collector.rootNamespace == "http://www.w3.org/2000/svg")
        #expect(parsed.collector.attributes.first?["viewBox"] == "0 0 720 420")
        #expect(parsed.collector.elements.contains("polygon"))   // the band
        #expect(parsed.collector.elements.filter { $0 == "circle" }.count >= 2)  // scatter (+ legend)
        #expect(r.warnings.isEmpty)
        // Legend names every series.
        for name in ["line", "step", "bar", "scatter", "± SE"] { #expect(parsed.collector.text.contains(name)) }
        // No external reference of any kind.
        #expect(!r.svg.contains("href"))
        #expect(!r.svg.contains("url("))
        #expect(!r.inlineSVG.hasPrefix("<?xml"))
        #expect(r.inlineSVG.hasPrefix("<svg"))
    }

    @Test func ticksAppearAsLabels() throws {
        let plot = Plot(title: "t", xLabel: "θ", yLabel: "I", series: [Series(name: "", kind: .line, x: [-3, 3], y: [0, 1])],
                        xRange: -3...3)
        let r = try PlotRenderer.render(plot)
        let parsed = XMLCollector.parse(r.svg)
        // x ticks at −3 … 3 (target 8 → step nice(0.75) = 1), y at 0 … 1 by 0.2.
        for label in ["-3", "-2", "-1", "0", "1", "2", "3", "0.0", "0.2", "1.0"] {
            #expect(parsed.collector.text.contains(label))
        }
    }

    @Test func nonFiniteValuesAreSkippedWithAWarning() throws {
        let plot = Plot(title: "gaps", xLabel: "x", yLabel: "y",
                        series: [Series(name: "s", kind: .line, x: [0, 1, 2, .infinity], y: [1, .nan, 2, 3])],
                        bands: [Band(name: "b", x: [0, 1, 2], lower: [0, .nan, 1], upper: [2, 2, 3])])
        let r = try PlotRenderer.render(plot)
        #expect(!r.svg.lowercased().contains("nan"))
        #expect(!r.svg.lowercased().contains("inf"))
        #expect(r.warnings.count == 2)
        #expect(r.warnings[0].contains("2 point(s)"))
        #expect(XMLCollector.parse(r.svg).ok)
    }

    @Test func noFiniteDataIsRefused() {
        let plot = Plot(title: "empty", xLabel: "x", yLabel: "y", series: [Series(name: "s", kind: .line, x: [.nan], y: [1])])
        #expect(throws: PlotError.self) { try PlotRenderer.render(plot) }
    }

    @Test func wrightMapParsesAndCountsPersons() throws {
        // 3 persons in [0, 0.25), 1 in [1, 1.25); items at −1 and 0.1; one NaN person skipped.
        let map = WrightMap(title: "Wright <map>", persons: [0.1, 0.2, 0.05, 1.1, .nan],
                            items: [.init(id: "S1-01", location: -1), .init(id: "S2&3", location: 0.1)],
                            cuts: [ReferenceLine(x: 0.5, label: "intermediate")])
        let r = try map.render()
        let parsed = XMLCollector.parse(r.svg)
        #expect(parsed.ok, "not well-formed: \(parsed.error ?? "")")
        #expect(parsed.collector.text.contains("Persons (n = 4)"))
        #expect(parsed.collector.text.contains("Items (n = 2)"))
        #expect(parsed.collector.text.contains("S2&3"))
        #expect(parsed.collector.text.contains("intermediate"))
        #expect(r.warnings == ["1 person(s) without a finite θ were skipped"])
        // Two person bins drawn: the larger (3 persons) is three times as wide as the smaller.
        let bars = parsed.collector.attributes.filter { $0["fill"] == SVGCanvas.colours[0] }.compactMap { $0["width"].flatMap(Double.init) }
        #expect(bars.count == 2)
        if let hi = bars.max(), let lo = bars.min() { #expect(abs(hi / lo - 3) < 0.01) }
        #expect(!r.svg.lowercased().contains("nan"))
    }

    @Test func numbersNeverNonFinite() {
        #expect(SVGText.number(.nan) == "0")
        #expect(SVGText.number(12.345) == "12.35")
        #expect(SVGText.number(-0.001) == "0")
        #expect(SVGText.number(3) == "3")
    }
}
