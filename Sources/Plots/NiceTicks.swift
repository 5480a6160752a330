import Foundation

/// Axis ticks at "nice" numbers: steps of 1, 2 or 5 × 10ᵏ chosen so that about `target` intervals
/// cover the data range, with the axis widened outwards to whole steps.
///
/// ```
/// step  = nice(span / target)       nice(x) = f · 10^⌊log₁₀ x⌋, f ∈ {1, 2, 5, 10} nearest the fraction
/// lower = ⌊min / step⌋ · step       upper = ⌈max / step⌉ · step
/// ticks = lower, lower + step, …, upper
/// ```
/// The "nice numbers" of Heckbert, P. S. (1990), *Nice numbers for graph labels*, Graphics Gems I,
/// 61–63 (the rounding form of `nice`; the axis is not widened by a further step). A zero span is
/// widened to ±1 around the value (±10 % of it when that is larger) so that a constant series still
/// gets an axis.
public struct NiceTicks: Sendable, Equatable, Codable {
    /// The axis range, widened to whole steps.
    public var lower: Double
    public var upper: Double
    /// The distance between ticks.
    public var step: Double
    /// The tick values, from `lower` to `upper`.
    public var values: [Double]
    /// Decimals that show every tick exactly (0 for a step of 1 or more).
    public var decimals: Int

    /// Ticks for data in `[minimum, maximum]` with about `target` intervals (at least 1).
    /// Non-finite bounds give the axis [0, 1].
    public init(minimum: Double, maximum: Double, target: Int = 6) {
        var lo = minimum, hi = maximum
        if !lo.isFinite || !hi.isFinite { lo = 0; hi = 1 }
        if lo > hi { swap(&lo, &hi) }
        if hi - lo < 1e-12 * max(1, abs(lo)) {
            let pad = max(1, abs(lo) * 0.1)
            lo -= pad; hi += pad
        }
        let step = Self.nice((hi - lo) / Double(max(1, target)))
        let first = (lo / step + 1e-9).rounded(.down)
        let last = (hi / step - 1e-9).rounded(.up)
        let decimals = max(0, Int(-(log10(step) + 1e-9).rounded(.down)))
        let scale = pow(10, Double(decimals))
        var values: [Double] = []
        var k = first
        while k <= last + 0.5 {
            let v = ((k * step) * scale).rounded() / scale
            values.append(v == 0 ? 0 : v)   // no negative zero
            k += 1
        }
        self.step = step
        self.lower = values.first ?? lo
        self.upper = values.last ?? hi
        self.values = values
        self.decimals = decimals
    }

    /// The nice number nearest `x` > 0: 1, 2, 5 or 10 times a power of ten (Heckbert's rounding
    /// thresholds 1.5, 3 and 7).
    public static func nice(_ x: Double) -> Double {
        guard x > 0, x.isFinite else { return 1 }
        let exponent = log10(x).rounded(.down)
        let fraction = x / pow(10, exponent)
        let f: Double = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        return f * pow(10, exponent)
    }

    /// A tick value as text with ``decimals`` decimals (`-0` written `0`).
    public func label(_ value: Double) -> String {
        let s = String(format: "%.\(decimals)f", value)
        if s.hasPrefix("-"), Double(s) == 0 { return String(s.dropFirst()) }
        return s
    }
}
