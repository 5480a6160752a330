import ArgumentParser
import Candidates
import Foundation
import Plots
import Store
import Tables

/// `mentorcert candidate import|list|show` — candidates, their attributes, attempts and progression
/// (issue 20).
struct CandidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "candidate", abstract: "Candidates: import attributes, list, show attempts and progression.",
        subcommands: [Import.self, List.self, Show.self])

    /// `candidate import FILE`.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import candidates and their attributes from a CSV candidate,<attribute>… (one transaction; a re-import updates the attributes, audited).")
        @Argument(help: "The CSV file: header candidate,<attribute>… (e.g. candidate,programme,region,sector), one row per candidate.")
        var file: String
        @Option(name: .long, help: "The SQLite store (system of record).")
        var store: String = "mentorcert.sqlite"
        @Flag(name: .long, help: "Print nothing but errors.")
        var quiet = false

        func run() throws {
            try candidateReporting("candidate import") {
                let candidates = try CandidateFile.read(path: file)   // checked before the store is opened
                let records = try MentorCertStore(path: store)
                let summary = try storeCall { () throws(StoreError) in try records.importCandidates(candidates) }
                if !quiet {
                    print("Imported \(file): \(summary.added) new, \(summary.updated) updated, \(summary.unchanged) unchanged candidate"
                          + "\(candidates.count == 1 ? "" : "s").")
                }
            }
        }
    }

    /// `candidate list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List the imported candidates with their attributes and number of finished sessions.")
        @OptionGroup var common: CommonOptions

        func run() throws {
            try candidateReporting("candidate list") {
                let records = try MentorCertStore(path: common.store, mode: .existingOnly)
                let rows = try CandidateDirectory.list(store: records)
                let t = try table(.candidates, rows.map { r in
                    [TableValue(r.candidate), TableValue(attributeJSON(r.attributes)), TableValue(r.finishedSessions)]
                })
                try emitTable(common, t, json: CandidateListDocument(candidates: rows))
            }
        }
    }

    /// `candidate show ID`.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "A candidate's attempts (θ, SE, level, skill card) and progression overall and per section, each change with whether it exceeds measurement error.",
            discussion: tablesHelp([.candidateAttempts, .candidateSections], aliases: ["attempts": "candidate_attempts", "sections": "candidate_sections"]))
        @Argument(help: "The candidate id.")
        var id: String
        @Option(help: "Also write the progression plot (θ ± SE over attempts, with the cut scores) to this SVG file.")
        var plot: String?
        @OptionGroup var tableSelection: TableSelection
        @OptionGroup var common: CommonOptions

        func validate() throws {
            if let plot, !plot.lowercased().hasSuffix(".svg") { throw ValidationError("--plot must name an .svg file, e.g. --plot progression.svg.") }
            try tableSelection.resolving(Self.aliases).check([.candidateAttempts, .candidateSections], common)
        }
        static let aliases = ["attempts": "candidate_attempts", "sections": "candidate_sections"]

        func run() throws {
            try candidateReporting("candidate show") {
                let records = try MentorCertStore(path: common.store, mode: .existingOnly)
                let record = try CandidateRecord.load(id, store: records)
                let svg = try plot.map { _ in try PlotRenderer.render(try ProgressionPlots.candidate(record, store: records)) }
                let tables = [try attemptsTable(record), try sectionsTable(record)]
                try emitTables(common, tableSelection.resolving(Self.aliases), tables, json: record) { text(record) }
                if let plot, let svg {
                    try writeAtomically(svg.svg, to: plot)
                    if !common.quiet { for w in svg.warnings { printError("warning: \(w)") } }
                }
            }
        }
    }
}

/// `candidate list --format json`.
struct CandidateListDocument: Encodable {
    var schemaVersion = 1
    var candidates: [CandidateSummary]
}

/// Attributes as one JSON object with sorted keys (the `attributes` column of `candidates`).
private func attributeJSON(_ attributes: [String: String]) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return (try? encoder.encode(attributes)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
}

private func attemptsTable(_ record: CandidateRecord) throws -> Table {
    let steps = Dictionary(record.progression.steps.map { ($0.toSessionId, $0) }, uniquingKeysWith: { a, _ in a })
    return try table(.candidateAttempts, record.attempts.map { a in
        let s = steps[a.sessionId]
        return [TableValue(a.sessionId), TableValue(a.assessment), TableValue(a.attempt), TableValue(a.bankVersionId), TableValue(a.state),
                TableValue(a.finishedAt ?? a.startedAt), TableValue(a.theta), TableValue(a.standardError), TableValue(a.level),
                TableValue(a.pass), TableValue(a.simulated), TableValue(s?.change), TableValue(s?.standardError), TableValue(s?.z),
                TableValue(s?.exceedsMeasurementError)]
    })
}

private func sectionsTable(_ record: CandidateRecord) throws -> Table {
    var steps: [String: ProgressionStep] = [:]
    for track in record.sections { for s in track.steps { steps[track.scope + "\u{0}" + s.toSessionId] = s } }
    return try table(.candidateSections, record.attempts.filter(\.isFinished).flatMap { a in
        a.sections.map { c in
            let s = steps[c.id + "\u{0}" + a.sessionId]
            return [TableValue(a.sessionId), TableValue(a.assessment), TableValue(a.attempt), TableValue(c.id), TableValue(c.title),
                    TableValue(c.items), TableValue(c.theta), TableValue(c.standardError), TableValue(c.level), TableValue(c.evidence),
                    TableValue(s?.change), TableValue(s?.standardError), TableValue(s?.z), TableValue(s?.exceedsMeasurementError)]
        }
    })
}

/// The terminal form of `candidate show`.
private func text(_ record: CandidateRecord) -> String {
    var t = "Candidate \(record.candidate)" + (record.imported ? "" : " (not imported: known from exam sessions only)") + "\n"
    if !record.attributes.isEmpty {
        t += record.attributes.sorted { $0.key < $1.key }.map { "  \($0.key): \($0.value)" }.joined(separator: "\n") + "\n"
    }
    t += "\n" + pad("session", 22) + pad("assessment", 12) + pad("attempt", 8) + pad("bank", 14) + pad("date", 21)
        + pad("θ", 9) + pad("SE", 8) + pad("level", 14) + "pass\n"
    let titleWidth = (record.attempts.flatMap { $0.sections.map(\.title.count) }.max() ?? 0) + 2
    for a in record.attempts {
        t += pad(a.sessionId, 22) + pad(a.assessment, 12) + pad("\(a.attempt)", 8) + pad(String(a.bankVersionId.prefix(12)), 14)
            + pad(String((a.finishedAt ?? a.startedAt).prefix(19)), 21)
        t += a.isFinished
            ? pad(formatNumber(a.theta, decimals: 3), 9) + pad(formatNumber(a.standardError, decimals: 3), 8) + pad(a.level ?? "", 14)
                + (a.pass.map { $0 ? "yes" : "no" } ?? "") + (a.simulated ? "  (simulated)" : "") + "\n"
            : "(\(a.state), no result)\n"
        for c in a.sections {
            t += "    " + pad(c.title, titleWidth) + (c.level ?? "not enough evidence")
                + "  (θ \(formatNumber(c.theta, decimals: 2)), SE \(formatNumber(c.standardError, decimals: 2)), \(c.items) items)\n"
        }
    }
    func track(_ p: ProgressionTrack) -> String {
        var s = "\(p.title):"
        if p.steps.isEmpty { return s + " fewer than two finished attempts\n" }
        s += "\n"
        for (step, point) in zip(p.steps, p.points.dropFirst()) {
            s += "  → \(point.assessment) #\(point.attempt): change \(formatNumber(step.change, decimals: 3)) (SE \(formatNumber(step.standardError, decimals: 3)), "
                + "z \(formatNumber(step.z, decimals: 2))) " + (step.exceedsMeasurementError.map { $0 ? "exceeds measurement error" : "within measurement error" } ?? "")
                + "\n"
        }
        return s
    }
    t += "\nProgression (z = change / √(SE₁² + SE₂²); |z| > 1.96 exceeds measurement error)\n" + track(record.progression)
    for s in record.sections { t += track(s) }
    return t
}

private func storeCall<T>(_ body: () throws(StoreError) -> T) throws -> T { try body() }

/// Runs a command body, turning the library's errors into a message and exit status 1.
func candidateReporting(_ command: String, _ body: () throws -> Void) throws {
    do { try body() } catch let error as CandidatesError {
        printError("\(command): \(error.description)"); throw ExitCode(1)
    } catch let error as StoreError {
        printError("\(command): \(error.description)"); throw ExitCode(1)
    } catch let error as PlotError {
        printError("\(command): \(error)"); throw ExitCode(1)
    } catch let error as CLIError {
        printError("\(command): \(error.description)"); throw ExitCode(1)
    }
}
