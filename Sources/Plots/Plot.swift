/// A figure of x–y data: line, step, bar and scatter series, shaded bands, vertical reference lines
/// (cut scores), a title, axis labels and a legend. A value, `Codable`, so a report can keep the data
/// of its figures beside the numbers and render them later (``PlotRenderer``).
public struct Plot: Sendable, Codable, Equatable {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [Series]
    public var bands: [Band]
    public var referenceLines: [ReferenceLine]
    /// Fixed axis ranges (nil = from the data, widened to nice ticks).
    public var xRange: ClosedRange<Double>?
    public var yRange: ClosedRange<Double>?
    /// The size of the drawing in SVG user units (the viewBox); it scales to any width.
    public var width: Double
    public var height: Double

    public init(title: String, xLabel: String, yLabel: String, series: [Series] = [], bands: [Band] = [],
                referenceLines: [ReferenceLine] = [], xRange: ClosedRange<Double>? = nil,
                yRange: ClosedRange<Double>? = nil, width: Double = 720, height: Double = 420) {
        self.title = title; self.xLabel = xLabel; self.yLabel = yLabel; self.series = series; self.bands = bands
        self.referenceLines = referenceLines; self.xRange = xRange; self.yRange = yRange
        self.width = width; self.height = height
    }
}

/// One point of a series.
public struct PlotPoint: Sendable, Codable, Equatable {
    public var x: Double
    public var y: Double
    public init(x: Double, y: Double) { self.x = x; self.y = y }
}

/// A named set of points drawn one way.
public struct Series: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Points joined in x order.
        case line
        /// A step function: each y holds until the next x (post-step).
        case step
        /// Vertical bars from 0 to y, centred on x, `barWidth` wide in x units.
        case bar
        /// Unconnected markers.
        case scatter
    }
    public var name: String
    public var kind: Kind
    public var points: [PlotPoint]
    /// Bar width in x units (bars only; nil = 80 % of the smallest gap between xs).
    public var barWidth: Double?

    public init(name: String, kind: Kind, points: [PlotPoint], barWidth: Double? = nil) {
        self.name = name; self.kind = kind; self.points = points; self.barWidth = barWidth
    }

    /// A series from parallel arrays of x and y.
    public init(name: String, kind: Kind, x: [Double], y: [Double], barWidth: Double? = nil) {
        self.init(name: name, kind: kind, points: zip(x, y).map { PlotPoint(x: $0, y: $1) }, barWidth: barWidth)
    }
}

/// A shaded region between a lower and an upper curve over the same xs (e.g. θ̂ ± SE), or, with
/// `lower == nil`, between 0 and `upper`.
public struct Band: Sendable, Codable, Equatable {
    public var name: String
    public var x: [Double]
    public var lower: [Double]?
    public var upper: [Double]
    public init(name: String, x: [Double], lower: [Double]?, upper: [Double]) {
        self.name = name; self.x = x; self.lower = lower; self.upper = upper
    }
}

/// A labelled vertical line at x (a cut score).
public struct ReferenceLine: Sendable, Codable, Equatable {
    public var x: Double
    public var label: String
    public init(x: Double, label: String) { self.x = x; self.label = label }
}
