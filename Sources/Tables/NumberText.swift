import Foundation

/// The two ways MentorCert writes a number: exactly, for files that are read back, and rounded, for
/// people reading a terminal.
///
/// Machine-readable output (CSV, JSON) uses ``exact(_:)``: the shortest decimal that reads back as the
/// same `Double` (Swift's `description`, Steele & White 1990 / Ryū), so `Double(exact(x)) == x` for
/// every finite x, including `-0.0` and subnormals. `%.6g` does not round-trip and is never used.
public enum NumberText {
    /// The shortest text that reads back as exactly `x` (`0.30000000000000004`, `1e-300`, `-0.0`,
    /// `1.0`), or nil when `x` is NaN or ±∞ (a table writes nil as an empty cell or JSON `null`).
    ///
    /// Complexity: O(1).
    public static func exact(_ x: Double) -> String? {
        x.isFinite ? x.description : nil
    }

    /// `x` rounded to `decimals` places for display (`fixed(2.5, decimals: 3)` is `2.5` when trimming,
    /// `2.500` when not); `-0` is shown as `0`; nil for NaN and ±∞.
    ///
    /// - Parameters:
    ///   - decimals: places after the point (0–17).
    ///   - trimmingZeros: drop trailing zeros (and a trailing point); the default, as in tables.
    public static func fixed(_ x: Double, decimals: Int, trimmingZeros: Bool = true) -> String? {
        guard x.isFinite else { return nil }
        let places = min(max(decimals, 0), 17)
        var s = formatted(x, places: places)
        if trimmingZeros && s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        if s.hasPrefix("-") && s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { s.removeFirst() }
        return s
    }

    /// `x` with `digits` significant digits for display (`%.Ng`: `0.000123`, `1.23e-09`); nil for NaN and ±∞.
    public static func significant(_ x: Double, digits: Int) -> String? {
        x.isFinite ? String(format: "%.\(min(max(digits, 1), 17))g", x) : nil
    }

    /// `x` in scientific notation with `decimals` places for display (`%.Ne`: `1.23e-05`); nil for NaN and ±∞.
    public static func scientific(_ x: Double, decimals: Int) -> String? {
        x.isFinite ? String(format: "%.\(min(max(decimals, 0), 17))e", x) : nil
    }

    /// `%.Nf` through Foundation (correctly rounded from the binary value).
    private static func formatted(_ x: Double, places: Int) -> String {
        String(format: "%.\(places)f", x)
    }
}
