import Foundation
import Plots

/// The cohort report as one self-contained HTML page: inline CSS, the figures as inline SVG (no
/// script, no external resource), the tables of the JSON in words.
public enum CohortReportHTML {
    /// The page and the figures' warnings.
    public static func render(_ report: CohortReport) -> (html: String, warnings: [String]) {
        var warnings: [String] = []
        func figure(_ plot: Plot, caption: String) -> String {
            do {
                let rendered = try PlotRenderer.render(plot)
                warnings += rendered.warnings.map { "figure “\(plot.title)”: \($0)" }
                return "<figure>\(rendered.inlineSVG)<figcaption>\(SVGText.escape(caption))</figcaption></figure>\n"
            } catch {
                warnings.append("figure “\(plot.title)” not drawn: \(error)")
                return "<p class=\"warning\">Figure not drawn: \(SVGText.escape("\(error)"))</p>\n"
            }
        }
        var h = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Cohort report: \(SVGText.escape(report.cohort))</title>
            <style>
            body{font-family:system-ui,sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#111}
            table{border-collapse:collapse;margin:0.5em 0 1.5em}th,td{border:1px solid #999;padding:0.25em 0.6em;text-align:right}
            th:first-child,td:first-child{text-align:left}figure{margin:1em 0}figure svg{width:100%;height:auto}
            .warning{background:#fff3cd;border:1px solid #c90;padding:0.5em}
            </style></head><body>
            <h1>Cohort report</h1>
            <p>Cohort: <strong>\(SVGText.escape(report.cohort))</strong> — \(report.candidates) candidate\(report.candidates == 1 ? "" : "s"), \
            \(report.candidatesWithResults) with results on bank <strong>\(SVGText.escape(report.bankName))</strong> \
            (version \(SVGText.escape(String(report.bankVersionId.prefix(12))))).</p>

            """
        for w in report.warnings { h += "<p class=\"warning\">\(SVGText.escape(w))</p>\n" }
        h += "<p>Reference population: θ ~ N(\(num(report.latentMean)), \(num(report.latentStandardDeviation))²); cut scores "
            + zip(report.levels.dropFirst(), report.cutScores).map { "\(SVGText.escape($0)) \(num($1))" }.joined(separator: ", ") + ".</p>\n"

        h += "<h2>Levels by assessment</h2>\n<p>Each candidate's latest attempt of each assessment type.</p>\n"
        for a in report.assessments {
            h += "<h3>\(SVGText.escape(a.assessment)): \(a.candidates) candidates, \(a.passed) passed</h3>\n"
            h += "<table><tr><th>level</th><th>candidates</th><th>share</th><th>expected share (reference)</th></tr>\n"
            for l in a.reference.levels {
                h += "<tr><td>\(SVGText.escape(l.level))</td><td>\(l.observed)</td><td>\(pct(l.observedShare))</td><td>\(pct(l.expectedShare))</td></tr>\n"
            }
            h += "</table>\n"
            let r = a.reference
            h += "<p>Mean θ̂ \(num(r.meanTheta)) (SE \(num(r.standardErrorOfMean))) against the reference mean \(num(r.latentMean)): "
                + "z = \(num(r.z)); level shares against the reference: X² = \(num(r.chiSquare)), df \(r.degreesOfFreedom), "
                + "p = \(num(r.pValue, digits: 4)). The estimates carry measurement error, so their levels spread wider than the latent θ.</p>\n"
            h += figure(ProgressionPlots.levels(a), caption: "\(a.assessment): share of each level in the cohort and expected in the reference population.")
            h += "<table><tr><th>section</th>" + report.levels.map { "<th>\(SVGText.escape($0))</th>" }.joined() + "<th>not enough evidence</th></tr>\n"
            for s in a.sections {
                h += "<tr><td>\(SVGText.escape(s.title))</td>" + s.levels.map { "<td>\($0.count)</td>" }.joined() + "<td>\(s.insufficientEvidence)</td></tr>\n"
            }
            h += "</table>\n"
        }

        h += "<h2>Progression</h2>\n"
        if !report.occasions.isEmpty {
            h += "<table><tr><th>occasion</th><th>candidates</th><th>mean θ̂</th><th>SE</th></tr>\n"
            for o in report.occasions {
                h += "<tr><td>\(SVGText.escape(o.assessment)) #\(o.attempt)</td><td>\(o.candidates)</td><td>\(num(o.meanTheta))</td><td>\(num(o.standardError))</td></tr>\n"
            }
            h += "</table>\n"
            h += figure(ProgressionPlots.occasions(report), caption: "Mean θ̂ of the cohort at each occasion, ± one standard error of the mean, with the cut scores.")
        }
        if let p = report.progression {
            h += "<p>From \(SVGText.escape(p.from)) to \(SVGText.escape(p.to)), \(p.candidates) candidates: mean growth \(num(p.meanGrowth)) "
                + "(SE \(num(p.standardError)), SD \(num(p.standardDeviation))). Change beyond measurement error (|z| > 1.96): "
                + "\(p.significantGain) gained, \(p.significantDecline) declined, \(p.withinMeasurementError) within measurement error.</p>\n"
            h += "<table><tr><th>section</th><th>candidates</th><th>mean growth</th><th>SE</th></tr>\n"
            for s in p.sections {
                h += "<tr><td>\(SVGText.escape(s.title))</td><td>\(s.candidates)</td><td>\(num(s.meanGrowth))</td><td>\(num(s.standardError))</td></tr>\n"
            }
            h += "</table>\n"
            h += figure(ProgressionPlots.growth(p), caption: "Each candidate's change of θ̂ from \(p.from) to \(p.to).")
        }
        if !report.sectorLabels.isEmpty {
            h += "<h2>Sector labels (final assessment)</h2>\n<table><tr><th>label</th><th>assessed</th><th>earned</th></tr>\n"
            for l in report.sectorLabels { h += "<tr><td>\(SVGText.escape(l.label))</td><td>\(l.assessed)</td><td>\(l.earned)</td></tr>\n" }
            h += "</table>\n"
        }
        h += "</body></html>\n"
        return (h, warnings)
    }

    static func num(_ x: Double?, digits: Int = 2) -> String {
        guard let x, x.isFinite else { return "—" }
        return String(format: "%.\(digits)f", x)
    }

    static func pct(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "—" }
        return String(format: "%.1f %%", 100 * x)
    }
}
