/// Builds an SVG document element by element. Attribute values and text always pass through
/// ``SVGText/escape(_:)`` and numbers through ``SVGText/number(_:)``; there is no way to add raw markup.
struct SVGCanvas {
    private(set) var body: [String] = []
    let width: Double
    let height: Double
    let title: String

    /// Okabe & Ito (2008) colour-blind-safe palette, with dash patterns so that a grey print still
    /// tells the series apart.
    static let colours = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
    static let dashes = ["", "6 3", "2 2", "8 3 2 3", "4 4", "1 3", "10 2"]

    /// Colour and dash of the k-th series: after the seventh the dashes shift, so no two of the
    /// first 49 series look alike.
    static func style(_ k: Int) -> (colour: String, dash: String) {
        (colours[k % colours.count], dashes[(k + k / colours.count) % dashes.count])
    }

    init(width: Double, height: Double, title: String) {
        self.width = width; self.height = height; self.title = title
    }

    static func attributes(_ pairs: [(String, String)]) -> String {
        pairs.map { " \($0.0)=\"\(SVGText.escape($0.1))\"" }.joined()
    }

    mutating func element(_ name: String, _ attributes: [(String, String)]) {
        body.append("<\(name)\(Self.attributes(attributes))/>")
    }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String = "#000000",
                       width: Double = 1, dash: String = "") {
        var a: [(String, String)] = [("x1", SVGText.number(x1)), ("y1", SVGText.number(y1)), ("x2", SVGText.number(x2)),
                                      ("y2", SVGText.number(y2)), ("stroke", stroke), ("stroke-width", SVGText.number(width))]
        if !dash.isEmpty { a.append(("stroke-dasharray", dash)) }
        element("line", a)
    }

    mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String, stroke: String? = nil,
                       opacity: Double? = nil) {
        var a: [(String, String)] = [("x", SVGText.number(x)), ("y", SVGText.number(y)), ("width", SVGText.number(max(0, w))),
                                      ("height", SVGText.number(max(0, h))), ("fill", fill)]
        if let stroke { a.append(("stroke", stroke)); a.append(("stroke-width", "0.5")) }
        if let opacity { a.append(("fill-opacity", SVGText.number(opacity))) }
        element("rect", a)
    }

    mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 2, dash: String = "") {
        guard !points.isEmpty else { return }
        var a: [(String, String)] = [("points", Self.pointList(points)), ("fill", "none"), ("stroke", stroke),
                                      ("stroke-width", SVGText.number(width)), ("stroke-linejoin", "round")]
        if !dash.isEmpty { a.append(("stroke-dasharray", dash)) }
        element("polyline", a)
    }

    mutating func polygon(_ points: [(Double, Double)], fill: String, opacity: Double) {
        guard points.count >= 3 else { return }
        element("polygon", [("points", Self.pointList(points)), ("fill", fill), ("fill-opacity", SVGText.number(opacity)),
                            ("stroke", "none")])
    }

    mutating func circle(_ x: Double, _ y: Double, r: Double, fill: String) {
        element("circle", [("cx", SVGText.number(x)), ("cy", SVGText.number(y)), ("r", SVGText.number(r)), ("fill", fill),
                           ("stroke", "#000000"), ("stroke-width", "0.4")])
    }

    enum Anchor: String { case start, middle, end }

    mutating func text(_ string: String, x: Double, y: Double, size: Double = 12, anchor: Anchor = .start,
                       bold: Bool = false, rotate: Double? = nil) {
        var a: [(String, String)] = [("x", SVGText.number(x)), ("y", SVGText.number(y)), ("font-size", SVGText.number(size)),
                                      ("text-anchor", anchor.rawValue), ("fill", "#000000")]
        if bold { a.append(("font-weight", "bold")) }
        if let rotate { a.append(("transform", "rotate(\(SVGText.number(rotate)) \(SVGText.number(x)) \(SVGText.number(y)))")) }
        body.append("<text\(Self.attributes(a))>\(SVGText.escape(string))</text>")
    }

    static func pointList(_ points: [(Double, Double)]) -> String {
        points.map { "\(SVGText.number($0.0)),\(SVGText.number($0.1))" }.joined(separator: " ")
    }

    /// The standalone document: XML declaration, the SVG namespace, a viewBox, a `<title>` for screen
    /// readers, a white background and a system font stack (no external fonts).
    var document: String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" viewBox=\"0 0 \(SVGText.number(width)) \(SVGText.number(height))\""
        out += " width=\"\(SVGText.number(width))\" height=\"\(SVGText.number(height))\" role=\"img\""
        out += " font-family=\"Helvetica, Arial, sans-serif\">\n"
        out += "<title>\(SVGText.escape(title))</title>\n"
        out += "<rect x=\"0\" y=\"0\" width=\"\(SVGText.number(width))\" height=\"\(SVGText.number(height))\" fill=\"#ffffff\"/>\n"
        out += body.joined(separator: "\n")
        out += "\n</svg>\n"
        return out
    }
}
