import AdaptiveTesting
import ExamSessions
import Foundation
import Plots
import ItemBanking
import Store

/// The candidate's score report (ISO/IEC 17024:2012 §9.4 — the candidate is informed of the decision;
/// AERA/APA/NCME *Standards* 2014, 6.10–6.11 — scores reported with their precision, in terms the
/// reader understands): one self-contained HTML page with the level, pass or fail, the scale score
/// with its CSEM as a band, and the skill card (each section's level or "not enough evidence"), in
/// plain words. It shows no item, no key, no θ and no response.
///
/// ```
/// band = scale score ± CSEM    (CSEM = slope · SE of the final estimate)
/// ```
public enum ScoreReport {
    /// The HTML page of a finished session.
    public static func html(session idOrPrefix: String, store: any RecordStore) throws(CertificationError) -> String {
        let stored: StoredSession, result: AdaptiveResult
        do { (stored, result) = try SessionArchive.result(idOrPrefix, store: store) } catch {
            throw CertificationError(.session(error.description))
        }
        return html(stored, result)
    }

    static func html(_ stored: StoredSession, _ result: AdaptiveResult) -> String {
        let manifest = stored.bank.manifest
        let e = SVGText.escape
        let levelTitles = Dictionary(uniqueKeysWithValues: manifest.levels.map { ($0.id.rawValue, $0) })
        let required = levelTitles[manifest.certificationLevel.rawValue]?.title ?? manifest.certificationLevel.rawValue
        let levelName = result.levelName ?? "—"
        let level = levelTitles[levelName]
        var body = "<h1>Your result: \(e(manifest.title))</h1>\n"
        body += "<p>Candidate <strong>\(e(stored.summary.candidate))</strong>, \(e(stored.summary.assessment)) assessment, attempt \(stored.summary.attempt).</p>\n"
        if result.pass == true {
            body += "<p class=\"decision pass\">PASSED — you reached the level needed for certification (\(e(required)) or above).</p>\n"
        } else {
            body += "<p class=\"decision fail\">NOT PASSED — certification needs the level \(e(required)) or above.</p>\n"
        }
        body += "<h2>Your level: \(e(level?.title ?? levelName))</h2>\n"
        if let level { body += "<p>\(e(level.description))</p>\n" }
        if let score = result.scaleScore, let csem = result.csem, score.isFinite, csem.isFinite {
            let low = Int((score - csem).rounded()), high = Int((score + csem).rounded())
            body += "<h2>Your score: \(Int(score.rounded()))</h2>\n"
            body += "<p>No test measures exactly. Your score is most likely between <strong>\(low)</strong> and <strong>\(high)</strong> "
                + "(your score plus or minus its standard error of measurement, \(Int(csem.rounded())) points). The level and the decision "
                + "come from your overall result only; the parts below are for your development.</p>\n"
        } else {
            body += "<p>This exam has no reporting scale; your level above is your result.</p>\n"
        }
        body += "<h2>Your skill card</h2>\n<table>\n<thead><tr><th>Area</th><th>Questions</th><th>Level shown</th></tr></thead>\n<tbody>\n"
        for section in result.sections {
            let title = manifest.blueprint.section(section.id)?.title ?? section.id
            let shown: String
            if section.sufficientEvidence, let index = section.level, index < stored.engine.pool.levelNames.count {
                let name = stored.engine.pool.levelNames[index]
                shown = levelTitles[name]?.title ?? name
            } else {
                shown = "not enough evidence (too few questions in this area to say)"
            }
            body += "<tr><td>\(e(title))</td><td>\(section.items)</td><td>\(e(shown))</td></tr>\n"
        }
        body += "</tbody>\n</table>\n"
        if manifest.parameterSource?.source == .simulated || stored.summary.simulated {
            body += "<p class=\"note\">SIMULATED: this exam's questions were calibrated on simulated data (or this is a simulated candidate); "
                + "this result is for demonstration and is not valid for certification.</p>\n"
        }
        return """
            <!DOCTYPE html>
            <html lang="\(e(manifest.language))">
            <head>
            <meta charset="utf-8">
            <title>Score report — \(e(stored.summary.candidate))</title>
            <style>
            body { font-family: sans-serif; margin: 2em; max-width: 48em; color: #222; }
            table { border-collapse: collapse; }
            th, td { border: 1px solid #999; padding: 0.3em 0.7em; text-align: left; }
            .decision { font-size: 1.3em; font-weight: bold; }
            .pass { color: #1b5e20; } .fail { color: #b71c1c; } .note { color: #b71c1c; }
            </style>
            </head>
            <body>
            \(body)</body>
            </html>

            """
    }
}
