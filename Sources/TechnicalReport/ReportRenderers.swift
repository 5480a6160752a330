import Foundation
import Plots
import Tables

/// The report's numbers as text: integers plain, other numbers with three significant decimals,
/// missing as an en dash. Used by the HTML and Markdown renderers alike.
enum ValueText {
    static func text(_ v: ReportValue) -> String {
        switch v {
        case let .number(x):
            guard let x, x.isFinite else { return "–" }
            if x == x.rounded(), abs(x) < 1e9 { return String(Int(x)) }
            return NumberText.fixed(x, decimals: abs(x) >= 100 ? 1 : 3) ?? "–"
        case let .integer(i): return String(i)
        case let .text(s): return s
        case let .flag(b): return b ? "yes" : "no"
        }
    }

    static func status(_ s: ReportSection) -> String? {
        switch s.status {
        case .computed: nil
        case .partial: "Partly computed — " + (s.reason ?? "")
        case .notRecorded: "Not recorded — " + (s.reason ?? "")
        case .notAvailable: "Not computed — " + (s.reason ?? "")
        }
    }
}

/// `report.json`: the document as JSON (camelCase keys, `schemaVersion`, null for a missing number).
public enum JSONRenderer {
    public static func render(_ document: ReportDocument) throws(ReportError) -> String {
        do { return try JSONOutput.text(document) } catch { throw ReportError("the report could not be encoded as JSON: \(error)") }
    }
}

/// `report.md`: one `##` heading per section in §1.5 order, facts as a list, tables as pipe tables,
/// figures as links to `figures/<id>.svg`.
public enum MarkdownRenderer {
    public static func render(_ d: ReportDocument) -> String {
        var out = "# \(cell(d.title))\n\n"
        if let notice = d.simulatedNotice { out += "> **SIMULATED.** \(notice)\n\n" }
        out += "Bank \(d.bank.name) \(d.bank.version)" + (d.bank.contentHash.map { " (content hash `\($0)`)" } ?? "")
            + "; responses \(d.responses.source): \(d.responses.persons) persons, \(d.responses.items) items"
            + (d.simulation.map { "; simulation: \($0.examinees) examinees, seed \($0.seed)" } ?? "") + ".\n\n"
        for s in d.sections {
            out += "## \(s.number). \(s.title)\n\n"
            if let status = ValueText.status(s) { out += "*\(status)*\n\n" }
            if s.restsOnSimulatedParameters && d.bank.simulatedParameters { out += "*Rests on simulated parameters.*\n\n" }
            for p in s.paragraphs { out += p + "\n\n" }
            if !s.facts.isEmpty {
                for f in s.facts { out += "- \(f.label): \(ValueText.text(f.value))\n" }
                out += "\n"
            }
            for t in s.tables {
                out += "**\(t.title)**\n\n"
                out += "| " + t.columns.map { cell($0.label) }.joined(separator: " | ") + " |\n"
                out += "|" + t.columns.map { _ in "---" }.joined(separator: "|") + "|\n"
                for r in t.rows { out += "| " + r.map { cell(ValueText.text($0)) }.joined(separator: " | ") + " |\n" }
                if let note = t.note { out += "\n\(note)\n" }
                out += "\n"
            }
            for f in s.figures { out += "![\(cell(f.caption))](figures/\(f.id).svg)\n\n" }
        }
        if !d.warnings.isEmpty {
            out += "## Warnings\n\n" + d.warnings.map { "- \($0)\n" }.joined() + "\n"
        }
        return out
    }

    /// Text safe inside a pipe-table cell or a link text.
    static func cell(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
            .replacingOccurrences(of: "[", with: "\\[").replacingOccurrences(of: "]", with: "\\]")
    }
}

/// `report.html`: one self-contained page — inline CSS (with print rules), inline SVG figures, no
/// script, no external URL. Text passes through ``SVGText/escape(_:)`` (the same escaping as the SVG).
public enum HTMLRenderer {
    /// - Parameter figures: the rendered SVG of each figure, by id (``ReportWriter`` renders them once).
    public static func render(_ d: ReportDocument, figures: [String: RenderedPlot]) -> String {
        let e = SVGText.escape
        var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<title>\(e(d.title))</title>\n<style>\n\(css)</style>\n</head>\n<body>\n<main>\n"
        out += "<h1>\(e(d.title))</h1>\n"
        if let notice = d.simulatedNotice { out += "<p class=\"simulated\"><strong>SIMULATED.</strong> \(e(notice))</p>\n" }
        out += "<p class=\"identity\">Bank \(e(d.bank.name)) \(e(d.bank.version))"
            + (d.bank.contentHash.map { " (content hash <code>\(e($0))</code>)" } ?? "")
            + "; responses \(e(d.responses.source)): \(d.responses.persons) persons, \(d.responses.items) items"
            + (d.simulation.map { "; simulation: \($0.examinees) examinees, seed \($0.seed)" } ?? "") + ".</p>\n"
        out += "<nav><h2>Contents</h2><ol>\n"
        for s in d.sections { out += "<li><a href=\"#\(e(s.id))\">\(e(s.title))</a> <span class=\"status-\(s.status.rawValue)\">\(e(s.status.rawValue))</span></li>\n" }
        out += "</ol></nav>\n"
        for s in d.sections {
            out += "<section id=\"\(e(s.id))\" class=\"status-\(s.status.rawValue)\">\n<h2>\(s.number). \(e(s.title))</h2>\n"
            if let status = ValueText.status(s) { out += "<p class=\"status\">\(e(status))</p>\n" }
            if s.restsOnSimulatedParameters && d.bank.simulatedParameters { out += "<p class=\"simulated-tag\">Rests on simulated parameters.</p>\n" }
            for p in s.paragraphs { out += "<p>\(e(p))</p>\n" }
            if !s.facts.isEmpty {
                out += "<table class=\"facts\"><tbody>\n"
                for f in s.facts { out += "<tr><th scope=\"row\">\(e(f.label))</th><td>\(e(ValueText.text(f.value)))</td></tr>\n" }
                out += "</tbody></table>\n"
            }
            for t in s.tables {
                out += "<table id=\"\(e(s.id))-\(e(t.id))\"><caption>\(e(t.title))</caption>\n<thead><tr>"
                out += t.columns.map { "<th scope=\"col\">\(e($0.label))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
                for r in t.rows {
                    out += "<tr>" + r.map { v -> String in
                        if case .text = v { return "<td>\(e(ValueText.text(v)))</td>" }
                        return "<td class=\"num\">\(e(ValueText.text(v)))</td>"
                    }.joined() + "</tr>\n"
                }
                out += "</tbody></table>\n"
                if let note = t.note { out += "<p class=\"note\">\(e(note))</p>\n" }
            }
            for f in s.figures {
                out += "<figure id=\"figure-\(e(f.id))\">\n"
                if let svg = figures[f.id] { out += svg.inlineSVG } else { out += "<p class=\"status\">Figure not drawn (see warnings).</p>\n" }
                out += "<figcaption>\(e(f.caption))</figcaption>\n</figure>\n"
            }
            out += "</section>\n"
        }
        if !d.warnings.isEmpty {
            out += "<section id=\"warnings\"><h2>Warnings</h2><ul>\n" + d.warnings.map { "<li>\(e($0))</li>\n" }.joined() + "</ul></section>\n"
        }
        out += "</main>\n</body>\n</html>\n"
        return out
    }

    static let css = """
        body { font-family: Helvetica, Arial, sans-serif; color: #000; background: #fff; margin: 0; line-height: 1.45; }
        main { max-width: 1100px; margin: 0 auto; padding: 1.5rem; }
        h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; border-bottom: 1px solid #999; padding-bottom: .2rem; margin-top: 2rem; }
        table { border-collapse: collapse; margin: .8rem 0; font-size: .85rem; }
        caption { text-align: left; font-weight: bold; padding: .3rem 0; }
        th, td { border: 1px solid #bbb; padding: .2rem .45rem; text-align: left; vertical-align: top; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        td:first-child { white-space: nowrap; }
        table.facts th { font-weight: normal; background: #f4f4f4; }
        .simulated { border: 2px solid #000; padding: .6rem; background: #fff4d6; }
        .simulated-tag { font-style: italic; }
        .status { font-style: italic; color: #333; border-left: 4px solid #888; padding-left: .5rem; }
        nav ol { columns: 2; } nav span { font-size: .75rem; color: #555; }
        figure { margin: 1rem 0; } figure svg { max-width: 100%; height: auto; border: 1px solid #ddd; }
        figcaption { font-size: .85rem; }
        .note { font-size: .8rem; color: #333; }
        @media print {
          body { font-size: 10pt; } main { max-width: none; padding: 0; }
          nav { page-break-after: always; }
          section { page-break-inside: auto; } h2 { page-break-after: avoid; }
          figure, table { page-break-inside: avoid; }
          .simulated { background: none; }
          a { color: #000; text-decoration: none; }
        }

        """
}
