import ArgumentParser
import AdaptiveTesting
import ExamDesign
import ExamSessions
import Foundation
import ItemBanking
import Store

/// The JSON of `exam result` (DECISIONS §6 keys).
struct ExamResultDocument: Encodable {
    struct Section: Encodable {
        var id: String
        var title: String
        var items: Int
        var theta: Double?
        var standardError: Double?
        var level: String?
        var evidence: String
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id); try c.encode(title, forKey: .title); try c.encode(items, forKey: .items)
            try c.encode(theta, forKey: .theta); try c.encode(standardError, forKey: .standardError)
            try c.encode(level, forKey: .level); try c.encode(evidence, forKey: .evidence)
        }
        enum CodingKeys: String, CodingKey { case id, title, items, theta, standardError, level, evidence }
    }
    struct Response: Encodable {
        var position: Int
        var itemId: String
        var response: Int
        var scored: Bool
        var theta: Double?
        var standardError: Double?
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(position, forKey: .position); try c.encode(itemId, forKey: .itemId)
            try c.encode(response, forKey: .response); try c.encode(scored, forKey: .scored)
            try c.encode(theta, forKey: .theta); try c.encode(standardError, forKey: .standardError)
        }
        enum CodingKeys: String, CodingKey { case position, itemId, response, scored, theta, standardError }
    }
    var schemaVersion = 1
    var sessionId: String
    var candidate: String
    var bankVersionId: String
    var assessment: String
    var attempt: Int
    var engineVersion: String
    var state: String
    var theta: Double?
    var standardError: Double?
    var estimator: String
    var scaleScore: Double?
    var csem: Double?
    var level: String?
    var levelProbabilities: [String: Double]
    var pass: Bool?
    var stopReason: String
    var length: Int
    var simulatedParameters: Bool
    var sections: [Section]
    /// The θ the item selection started from and where it came from (DECISIONS §3).
    var startingTheta: StartingTheta
    /// The sector label modules (DECISIONS §3): beside the level, never changing it.
    var sectorModules: [SectorModuleResult]
    var responses: [Response]?

    init(_ result: AdaptiveResult, session: StoredSession, withResponses: Bool) {
        let s = session.summary, pool = session.engine.pool
        sessionId = s.id; candidate = s.candidate; bankVersionId = s.bankVersionID; assessment = s.assessment
        attempt = s.attempt; engineVersion = session.history.created.engineVersion; state = s.state.rawValue
        theta = finiteOrNil(result.theta); standardError = finiteOrNil(result.standardError); estimator = result.estimator.rawValue
        scaleScore = result.scaleScore.flatMap(finiteOrNil); csem = result.csem.flatMap(finiteOrNil); level = result.levelName
        levelProbabilities = Dictionary(uniqueKeysWithValues: zip(pool.levelNames, result.levelProbabilities))
        pass = result.pass; stopReason = result.stopReason.rawValue; length = result.length
        simulatedParameters = session.bank.manifest.parameterSource?.source == .simulated
        sections = result.sections.map { section in
            Section(id: section.id, title: session.bank.manifest.blueprint.section(section.id)?.title ?? section.id,
                    items: section.items, theta: finiteOrNil(section.theta), standardError: finiteOrNil(section.standardError),
                    level: section.level.map { pool.levelNames[$0] },
                    evidence: section.sufficientEvidence ? "sufficient" : "insufficient")
        }
        startingTheta = session.history.created.startingTheta
            ?? StartingTheta(theta: session.history.created.settings.startTheta, source: .bank)
        sectorModules = SectorModuleResult.evaluate(bank: session.bank, administered: result.items)
        responses = withResponses ? result.items.map {
            Response(position: $0.position, itemId: $0.itemId, response: $0.response, scored: $0.scored,
                     theta: finiteOrNil($0.theta), standardError: finiteOrNil($0.standardError))
        } : nil
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(schemaVersion, forKey: .schemaVersion); try c.encode(sessionId, forKey: .sessionId)
        try c.encode(candidate, forKey: .candidate); try c.encode(bankVersionId, forKey: .bankVersionId)
        try c.encode(assessment, forKey: .assessment); try c.encode(attempt, forKey: .attempt)
        try c.encode(engineVersion, forKey: .engineVersion); try c.encode(state, forKey: .state)
        try c.encode(theta, forKey: .theta); try c.encode(standardError, forKey: .standardError)
        try c.encode(estimator, forKey: .estimator); try c.encode(scaleScore, forKey: .scaleScore)
        try c.encode(csem, forKey: .csem); try c.encode(level, forKey: .level)
        try c.encode(levelProbabilities, forKey: .levelProbabilities); try c.encode(pass, forKey: .pass)
        try c.encode(stopReason, forKey: .stopReason); try c.encode(length, forKey: .length)
        try c.encode(simulatedParameters, forKey: .simulatedParameters); try c.encode(sections, forKey: .sections)
        try c.encode(StartingThetaJSON(startingTheta), forKey: .startingTheta)
        try c.encode(sectorModules.map(SectorModuleJSON.init), forKey: .sectorModules)
        try c.encodeIfPresent(responses, forKey: .responses)
    }
    enum CodingKeys: String, CodingKey {
        case schemaVersion, sessionId, candidate, bankVersionId, assessment, attempt, engineVersion, state, theta,
             standardError, estimator, scaleScore, csem, level, levelProbabilities, pass, stopReason, length,
             simulatedParameters, sections, startingTheta, sectorModules, responses
    }

    /// `startingTheta`: `theta`, `source` (`bank` | `previous-result`), `sessionId`, `assessment` (null for `bank`).
    struct StartingThetaJSON: Encodable {
        var value: StartingTheta
        init(_ value: StartingTheta) { self.value = value }
        enum CodingKeys: String, CodingKey { case theta, source, sessionId, assessment, bankVersionId }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(finiteOrNil(value.theta), forKey: .theta); try c.encode(value.source.rawValue, forKey: .source)
            try c.encode(value.sessionId, forKey: .sessionId); try c.encode(value.assessment, forKey: .assessment)
            try c.encode(value.bankVersionId, forKey: .bankVersionId)
        }
    }

    /// One `sectorModules` entry: `id`, `title`, `sector`, `items`, `theta`, `standardError`, `cut`, `passed`
    /// (null with insufficient evidence), `label`, `evidence` (`sufficient` | `insufficient`).
    struct SectorModuleJSON: Encodable {
        var value: SectorModuleResult
        enum CodingKeys: String, CodingKey { case id, title, sector, items, theta, standardError, cut, passed, label, evidence }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(value.id, forKey: .id); try c.encode(value.title, forKey: .title)
            try c.encode(value.sector, forKey: .sector); try c.encode(value.items, forKey: .items)
            try c.encode(value.theta.flatMap(finiteOrNil), forKey: .theta)
            try c.encode(value.standardError.flatMap(finiteOrNil), forKey: .standardError)
            try c.encode(value.cut, forKey: .cut); try c.encode(value.passed, forKey: .passed)
            try c.encode(value.label.rawValue, forKey: .label)
            try c.encode(value.passed == nil ? "insufficient" : "sufficient", forKey: .evidence)
        }
    }
}

private func finiteOrNil(_ x: Double) -> Double? { x.isFinite ? x : nil }

/// A CSV field (RFC 4180 quoting).
private func csvField(_ text: String) -> String {
    text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
        ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
}

private func csvNumber(_ x: Double?) -> String { x.map { "\($0)" } ?? "" }

/// Opens an existing store for reading.
private func openStore(_ path: String) throws -> MentorCertStore {
    try MentorCertStore(path: path, mode: .existingOnly)
}

/// Runs a command body, turning the library's errors into a message and exit status 1.
private func reporting(_ command: String, _ body: () throws -> Void) throws {
    do { try body() } catch let error as ExamSessionError {
        printError("\(command): \(error.description)"); throw ExitCode(1)
    } catch let error as StoreError {
        printError("\(command): \(error.description)"); throw ExitCode(1)
    } catch let error as CLIError {
        printError("\(command): \(error.description)"); throw ExitCode(1)
    }
}

/// `mentorcert exam result SESSION [--responses]` — a finished session's result (staff view: item ids
/// with `--responses`, never keys).
struct ExamResultCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "result", abstract: "Show a finished session's result and skill card (with --responses, every response).")

    @Argument(help: "The session id (or a unique prefix of at least 6 characters).")
    var session: String

    @Flag(help: "Add the ordered responses: position, item id, response, θ and SE after it.")
    var responses = false

    @OptionGroup var common: CommonOptions

    func run() throws {
        try reporting("exam result") {
            let (stored, result) = try SessionArchive.result(session, store: try openStore(common.store))
            try emit(Self.text(result, stored, responses: responses, format: common.format), to: common.out)
        }
    }

    static func text(_ result: AdaptiveResult, _ stored: StoredSession, responses: Bool, format: OutputFormat) throws -> String {
        let document = ExamResultDocument(result, session: stored, withResponses: responses)
        switch format {
        case .json:
            return try jsonText(document)
        case .csv:
            if responses {
                var text = "position,item_id,response,scored,theta,standard_error\n"
                for r in document.responses ?? [] {
                    text += "\(r.position),\(csvField(r.itemId)),\(r.response),\(r.scored),\(csvNumber(r.theta)),\(csvNumber(r.standardError))\n"
                }
                return text
            }
            var text = "session_id,candidate,bank_version_id,assessment,attempt,state,theta,standard_error,estimator,"
                + "scale_score,csem,level,pass,stop_reason,length\n"
            text += [document.sessionId, document.candidate, document.bankVersionId, document.assessment, "\(document.attempt)",
                     document.state, csvNumber(document.theta), csvNumber(document.standardError), document.estimator,
                     csvNumber(document.scaleScore), csvNumber(document.csem), document.level ?? "",
                     document.pass.map { "\($0)" } ?? "", document.stopReason, "\(document.length)"].map(csvField).joined(separator: ",") + "\n"
            return text
        case .table:
            var text = "Session \(document.sessionId): candidate \(document.candidate), \(document.assessment) attempt \(document.attempt), "
                + "bank version \(document.bankVersionId.prefix(12))\n"
            text += "θ = \(formatNumber(document.theta)) (SE \(formatNumber(document.standardError)), \(document.estimator)), "
                + "stop: \(document.stopReason), \(document.length) scored items\n"
            let start = document.startingTheta
            text += "Item selection started at θ = \(formatNumber(start.theta)) ("
                + (start.source == .previousResult
                    ? "the \(start.assessment ?? "earlier") result of session \(start.sessionId ?? "?")"
                    : "the bank's start θ") + ")\n"
            text += resultScreen(result, bank: stored.bank)
            for module in document.sectorModules {
                text += "Sector module \(module.title): \(module.label.rawValue)"
                    + (module.theta.map { " (θ = \(formatNumber($0)), SE \(formatNumber(module.standardError)), cut \(formatNumber(module.cut)), \(module.items) items)" } ?? " (no item of the sector given)")
                    + "; the level above does not depend on it\n"
            }
            if let rows = document.responses {
                text += "\nposition  item        response  θ        SE\n"
                for r in rows {
                    text += pad("\(r.position)", 10) + pad(r.itemId, 12) + pad("\(r.response)\(r.scored ? "" : " (unscored)")", 10)
                        + pad(formatNumber(r.theta), 9) + formatNumber(r.standardError) + "\n"
                }
            }
            return text
        }
    }
}

/// `mentorcert exam list [--candidate ID] [--bank B]` — stored sessions, oldest first.
struct ExamListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List exam sessions, oldest first.")

    @Option(help: "Only this candidate's sessions.")
    var candidate: String?

    @Option(help: "Only sessions of this bank version (id or unique prefix).")
    var bank: String?

    @OptionGroup var common: CommonOptions

    func run() throws {
        try reporting("exam list") {
            let store = try openStore(common.store)
            let version = try bank.map { b throws(StoreError) in try store.resolveBankVersion(b) }
            let rows = try SessionArchive.overview(store: store, candidate: candidate, bankVersion: version)
            switch common.format {
            case .json:
                try emit(try jsonText(rows.map(ListRow.init)), to: common.out)
            case .csv:
                var text = "session_id,candidate,bank_version_id,assessment,attempt,state,items_answered,started_at,finished_at,simulated\n"
                for r in rows {
                    text += [r.sessionId, r.candidate, r.bankVersionId, r.assessment, "\(r.attempt)", r.state, "\(r.itemsAnswered)",
                             r.startedAt, r.finishedAt ?? "", "\(r.simulated)"].map(csvField).joined(separator: ",") + "\n"
                }
                try emit(text, to: common.out)
            case .table:
                var text = pad("session", 22) + pad("candidate", 14) + pad("bank version", 14) + pad("assessment", 12)
                    + pad("attempt", 9) + pad("state", 13) + pad("answered", 10) + "started\n"
                for r in rows {
                    text += pad(r.sessionId, 22) + pad(r.candidate, 14) + pad(String(r.bankVersionId.prefix(12)), 14)
                        + pad(r.assessment, 12) + pad("\(r.attempt)", 9) + pad(r.state, 13) + pad("\(r.itemsAnswered)", 10)
                        + r.startedAt + (r.simulated ? "  (simulated)" : "") + "\n"
                }
                if rows.isEmpty { text += "(no sessions)\n" }
                try emit(text, to: common.out)
            }
        }
    }

    /// One session with every key present (`finishedAt` null while unfinished).
    struct ListRow: Encodable {
        var row: SessionOverview
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(row.sessionId, forKey: .sessionId); try c.encode(row.candidate, forKey: .candidate)
            try c.encode(row.bankVersionId, forKey: .bankVersionId); try c.encode(row.assessment, forKey: .assessment)
            try c.encode(row.attempt, forKey: .attempt); try c.encode(row.state, forKey: .state)
            try c.encode(row.itemsAnswered, forKey: .itemsAnswered); try c.encode(row.startedAt, forKey: .startedAt)
            try c.encode(row.finishedAt, forKey: .finishedAt); try c.encode(row.simulated, forKey: .simulated)
        }
        enum CodingKeys: String, CodingKey {
            case sessionId, candidate, bankVersionId, assessment, attempt, state, itemsAnswered, startedAt, finishedAt, simulated
        }
    }
}

/// `mentorcert exam replay SESSION` — replays the stored events through the engine with the stored bank
/// version and settings; shows each step and whether it matches. Exit 1 on a mismatch; a different
/// engine version is reported on its own line (and is not by itself a mismatch).
struct ExamReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay", abstract: "Replay a session's stored events through the engine and compare every step and the result.")

    @Argument(help: "The session id (or a unique prefix of at least 6 characters).")
    var session: String

    @OptionGroup var common: CommonOptions

    struct Document: Encodable {
        struct Step: Encodable {
            var position: Int
            var storedItemId: String
            var replayedItemId: String?
            var response: Int?
            var matches: Bool
            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(position, forKey: .position); try c.encode(storedItemId, forKey: .storedItemId)
                try c.encode(replayedItemId, forKey: .replayedItemId); try c.encode(response, forKey: .response)
                try c.encode(matches, forKey: .matches)
            }
            enum CodingKeys: String, CodingKey { case position, storedItemId, replayedItemId, response, matches }
        }
        var schemaVersion = 1
        var sessionId: String
        var storedEngineVersion: String
        var engineVersion: String
        var otherEngineVersion: Bool
        var matches: Bool
        var resultMatches: Bool?
        var steps: [Step]
        var result: ExamResultDocument?
    }

    func run() throws {
        var mismatch = false
        try reporting("exam replay") {
            let stored = try SessionArchive.load(session, store: try openStore(common.store))
            let h = stored.history
            let resultMatches: Bool? = h.storedResult.map { $0 == h.replayedResult }
            let document = Document(
                sessionId: stored.summary.id, storedEngineVersion: h.created.engineVersion,
                engineVersion: ExamEngineVersion.current, otherEngineVersion: h.otherEngineVersion, matches: h.matches,
                resultMatches: resultMatches,
                steps: h.steps.map { .init(position: $0.position, storedItemId: $0.storedItemId, replayedItemId: $0.replayedItemId,
                                           response: $0.response, matches: $0.matches) },
                result: h.replayedResult.map { ExamResultDocument($0, session: stored, withResponses: true) })
            mismatch = !h.matches
            switch common.format {
            case .json:
                try emit(try jsonText(document), to: common.out)
            case .csv:
                var text = "position,stored_item_id,replayed_item_id,response,matches\n"
                for s in document.steps {
                    text += "\(s.position),\(csvField(s.storedItemId)),\(csvField(s.replayedItemId ?? "")),\(s.response.map { "\($0)" } ?? ""),\(s.matches)\n"
                }
                try emit(text, to: common.out)
            case .table:
                var text = "Replay of session \(document.sessionId) (bank version \(stored.summary.bankVersionID.prefix(12)))\n"
                if document.otherEngineVersion {
                    text += "Engine version: the session was run by \(document.storedEngineVersion); this is \(document.engineVersion).\n"
                }
                text += pad("position", 10) + pad("stored", 12) + pad("replayed", 12) + pad("response", 10) + "step\n"
                for s in document.steps {
                    text += pad("\(s.position)", 10) + pad(s.storedItemId, 12) + pad(s.replayedItemId ?? "-", 12)
                        + pad(s.response.map { "\($0)" } ?? "-", 10) + (s.matches ? "matches" : "MISMATCH") + "\n"
                }
                switch resultMatches {
                case .some(true): text += "Result: matches the stored result.\n"
                case .some(false): text += "Result: DIFFERS from the stored result.\n"
                case .none: text += "Result: the session has not finished; \(h.answers.count) answers replayed.\n"
                }
                text += document.matches ? "Replay matches.\n" : "Replay does NOT match.\n"
                try emit(text, to: common.out)
            }
        }
        if mismatch { throw ExitCode(1) }
    }
}
