import ArgumentParser
import Candidates
import Foundation
import Store

/// `mentorcert cohort report --bank B --cohort COL=VALUE … --out DIR` (issue 20).
struct CohortCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cohort", abstract: "Cohort reports: levels, progression and the reference population for a programme, region or sector.",
        subcommands: [Report.self])

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "Write DIR/cohort-report.html (inline SVG) and DIR/cohort-report.json for the candidates whose attributes match.",
            discussion: """
                --cohort COL=VALUE selects candidates by an imported attribute; several on the same column are \
                alternatives, on different columns all must hold; a value also matches one tag of a list a;b;c.
                """)
        @Option(help: "The bank version (a stored version id or unique prefix, or a bank directory already imported).")
        var bank: String
        @Option(name: .customLong("cohort"), help: "COL=VALUE (repeatable), e.g. programme=2026-spring or sector=fintech.")
        var cohort: [String] = []
        @Option(help: "The output directory (new or empty, or any with --force; written whole or not at all).")
        var out: String
        @Option(name: .long, help: "The SQLite store (system of record).")
        var store: String = "mentorcert.sqlite"
        @Flag(help: "Replace an existing non-empty output directory (the new report is put in place first).")
        var force = false
        @Flag(name: .long, help: "Print nothing but errors.")
        var quiet = false

        func validate() throws {
            guard !cohort.isEmpty else { throw ValidationError("give at least one --cohort COL=VALUE (e.g. --cohort programme=2026-spring).") }
        }

        func run() throws {
            try candidateReporting("cohort report") {
                let selection = try CohortSelection(parsing: cohort)
                let records = try MentorCertStore(path: store, mode: .existingOnly)
                let version = try bankVersion(bank, store: records)
                let report = try CohortReport.build(store: records, bankVersion: version, selection: selection,
                                                      labels: BankSectorLabels(store: records))
                let warnings = try CohortReportWriter.write(report, to: out, force: force)
                if !quiet {
                    for w in report.warnings + warnings { printError("warning: \(w)") }
                    print("Wrote \(out)/\(CohortReportWriter.htmlName) and \(CohortReportWriter.jsonName): \(report.cohort), "
                          + "\(report.candidates) candidates, \(report.candidatesWithResults) with results.")
                }
            }
        }
    }
}

/// The stored version a `--bank` names: a version id or prefix, or a bank directory whose content is
/// already stored (a report reads the store; it never imports).
private func bankVersion(_ reference: String, store: MentorCertStore) throws -> String {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: reference, isDirectory: &isDirectory), isDirectory.boolValue {
        let bank = try BankReference.load(reference, store: store.path)
        do { return try store.resolveBankVersion(try bank.contentHash()) } catch {
            throw CLIError("\(reference): this bank's content is not in the store \(store.path); its sessions are recorded "
                + "against a stored version — give that version id (`mentorcert bank list`)")
        }
    }
    return reference
}
