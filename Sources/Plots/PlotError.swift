/// Why a figure could not be drawn: what, and what to do.
public struct PlotError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }

    static func noData(_ title: String) -> PlotError {
        PlotError("plot \"\(title)\": no finite data point to draw; check that the items or persons have values "
            + "(non-finite values are skipped with a warning).")
    }
}

/// An SVG document with what was left out of it and why.
public struct RenderedPlot: Sendable, Equatable {
    /// A standalone SVG 1.1 document (xmlns, viewBox, no external references).
    public var svg: String
    /// E.g. "series ICC: 2 points with a non-finite value were skipped".
    public var warnings: [String]
}
