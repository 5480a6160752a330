import Foundation

/// The one place text and numbers enter an SVG document — and the one text escaping of the codebase's
/// HTML too (the technical report, the public register and the score report of `Certification`).
///
/// Every piece of user text (titles, axis labels, series names, item ids) goes through
/// ``escape(_:)`` before it is placed in an element or an attribute; nothing else is spliced into
/// the markup. Numbers go through ``number(_:)``, which never writes NaN or ±∞ (callers drop
/// non-finite values first and say so in a warning).
public enum SVGText {
    /// `text` with the five XML special characters replaced by entity references
    /// (`&` → `&amp;`, `<` → `&lt;`, `>` → `&gt;`, `"` → `&quot;`, `'` → `&apos;`), and control
    /// characters other than tab, line feed and carriage return (not allowed in XML 1.0) dropped.
    /// Safe in element content and in attributes quoted with either quote (XML 1.0 §2.4, §2.2).
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                // XML 1.0 Char excludes C0 controls, U+FFFE and U+FFFF.
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A coordinate or length with at most two decimals and no trailing zeros (`12.5`, `-3`, `0`).
    /// A non-finite value is written `0`; the plot code never passes one (it filters them with a warning).
    public static func number(_ x: Double) -> String {
        guard x.isFinite else { return "0" }
        let rounded = (x * 100).rounded() / 100
        if rounded == rounded.rounded() && abs(rounded) < 1e15 {
            let i = Int(rounded)
            return String(i)
        }
        var s = String(format: "%.2f", rounded)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s == "-0" ? "0" : s
    }
}
