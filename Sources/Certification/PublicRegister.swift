import Foundation
import Plots
import Store

/// One entry of the public register (DECISIONS §11): no scores, no session, no status other than valid.
public struct RegisterEntry: Sendable, Equatable, Codable {
    public var certificateId: String
    public var candidate: String
    public var level: String
    public var issued: String
    public var validUntil: String
    /// True for a certificate issued on simulated parameters (not valid for certification); shown so
    /// that a demo register is never mistaken for a real one.
    public var simulated: Bool
}

/// The public register of certified persons (ISO/IEC 17024:2012 §9.8 — the body keeps information on
/// valid certificates available): the certificates whose status is `valid` and whose validity period
/// contains the date of the register, ordered by candidate, then certificate id.
public enum PublicRegister {
    public static func entries(store: any CertificateRepository, on date: Date) throws(CertificationError) -> [RegisterEntry] {
        let today = ValidityPeriod.text(date)
        return try storeCall { () throws(StoreError) in try store.listCertificates(candidate: nil) }
            .filter { $0.status == .valid && $0.certificate.issued <= today && today <= $0.certificate.validUntil }
            .map { s in
                RegisterEntry(certificateId: s.certificate.id, candidate: s.certificate.candidate, level: s.certificate.level,
                              issued: s.certificate.issued, validUntil: s.certificate.validUntil, simulated: s.certificate.simulated)
            }
            .sorted { ($0.candidate, $0.certificateId) < ($1.candidate, $1.certificateId) }
    }

    /// The register as a self-contained HTML page (no scripts, no external resources). Text passes
    /// through ``SVGText/escape(_:)``, the one escaping of the codebase's SVG and HTML.
    public static func html(_ entries: [RegisterEntry], on date: Date) -> String {
        let escape = SVGText.escape
        var rows = ""
        for e in entries {
            rows += "<tr><td>\(escape(e.candidate))</td><td>\(escape(e.level))</td><td><code>\(escape(e.certificateId))</code></td>"
                + "<td>\(escape(e.issued))</td><td>\(escape(e.validUntil))</td><td>\(e.simulated ? "SIMULATED — not valid for certification" : "")</td></tr>\n"
        }
        if entries.isEmpty { rows = "<tr><td colspan=\"6\">No certificate is valid on this date.</td></tr>\n" }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>MentorCert public register of certified business mentors</title>
            <style>
            body { font-family: sans-serif; margin: 2em; color: #222; }
            table { border-collapse: collapse; }
            th, td { border: 1px solid #999; padding: 0.3em 0.7em; text-align: left; }
            th { background: #eee; }
            </style>
            </head>
            <body>
            <h1>Public register of certified business mentors</h1>
            <p>Certificates valid on \(ValidityPeriod.text(date)) (suspended, withdrawn and expired certificates are not listed).</p>
            <table>
            <thead><tr><th>Candidate</th><th>Level</th><th>Certificate</th><th>Issued</th><th>Valid until</th><th>Note</th></tr></thead>
            <tbody>
            \(rows)</tbody>
            </table>
            </body>
            </html>

            """
    }
}
