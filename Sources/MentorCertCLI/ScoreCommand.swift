import ArgumentParser
import Foundation
import IRTModels
import MathCore
import ResponseData
import Scoring
import Tables

/// `mentorcert score RESPONSES --params P --method eap|map|ml|wle` — person scores with standard errors.
///
/// Reads a wide response CSV and a parameter file written by `mentorcert calibrate --format json`,
/// matches items to columns by id and scores every person with ``PersonScorer`` (EAP and MAP use the
/// file's `latentMean` / `latentVariance` as the prior, DECISIONS §5). Output: one row per person,
/// `personId, theta, standardError, method, flag, itemsAnswered` (CSV in snake_case); JSON adds
/// `schemaVersion` and `warnings`; a missing value is `null` and explained in `warnings`.
struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score persons (EAP, MAP, ML, WLE) with standard errors.",
        discussion: """
            RESPONSES is a wide CSV (one row per person; the first column is the person id unless \
            --person-column says otherwise; cells are scored categories 0..K-1; empty or NA = not presented). \
            Every item of the parameter file must be a column of RESPONSES; other columns are ignored with a warning. \
            ML and WLE keep estimates inside the fence [-6, 6]: an all-correct (all-wrong) pattern has no finite \
            ML estimate and gets +6 (-6), flagged; see docs/DECISIONS.md, "Scoring".
            """)

    @Argument(help: "The response file (wide CSV).")
    var responses: String

    @Option(help: "The item parameters: a JSON file written by `mentorcert calibrate --format json`, a bank directory, or a stored bank-version id.")
    var params: String

    @Option(help: "Scoring method: eap, map, ml or wle.")
    var method: String

    @OptionGroup var responseFile: ResponseFileOptions

    @Option(name: .customLong("quadrature-nodes"), help: "EAP: equally spaced nodes on [-6, 6] SD around the prior mean.")
    var quadratureNodes: Int = 61

    @Option(help: "ML/MAP/WLE: estimates are kept inside [-FENCE, FENCE].")
    var fence: Double = 6

    @OptionGroup var common: CommonOptions

    func run() throws {
        do {
            try score()
        } catch let error as CLIError {
            printError(error.description)
            throw ExitCode(1)
        } catch let error as ResponseDataError {
            printError(error.description)
            throw ExitCode(1)
        }
    }

    private func score() throws {
        guard let method = ScoringMethod(rawValue: method.lowercased()) else {
            throw CLIError("unknown scoring method '\(method)'; use one of "
                + ScoringMethod.allCases.map(\.rawValue).joined(separator: ", ") + " (e.g. --method wle).")
        }
        guard (3...301).contains(quadratureNodes) else {
            throw CLIError("--quadrature-nodes must be between 3 and 301 (default 61).")
        }
        guard fence > 0, fence.isFinite else { throw CLIError("--fence must be a positive number (default 6).") }
        let file = try ParameterReference.resolve(params, store: common.store)
        let items = file.items
        let seen = Set(items.map(\.id))
        // Columns without parameters are ignored (with a warning); the parameter file is the catalogue,
        // so a category outside 0..K−1 is reported with its line and column by the reader.
        let header = try Self.headerNames(responses)
        let personName = responseFile.personColumn ?? header.first ?? ""
        let itemColumns = header.filter { $0 != personName && !responseFile.group.contains($0) && !responseFile.ignore.contains($0) }
        let headerSet = Set(itemColumns)
        let missing = items.map(\.id).filter { !headerSet.contains($0) }
        if !missing.isEmpty {
            let shown = missing.prefix(10).joined(separator: ", ") + (missing.count > 10 ? ", …" : "")
            throw CLIError("\(params): \(missing.count) item(s) are not columns of \(responses): \(shown). "
                + "Add the columns (empty cells for items not presented), or score with a parameter file of the items in \(responses).")
        }
        let extra = itemColumns.filter { !seen.contains($0) }
        var warnings: [String] = []
        if !extra.isEmpty {
            warnings.append("\(extra.count) column(s) of \(responses) have no parameters in \(params) and were ignored: "
                + extra.prefix(10).joined(separator: ", ") + (extra.count > 10 ? ", …" : ""))
        }
        let catalogue = ItemCatalogue(items: items.map { ($0.id, ItemCatalogue.Entry(categoryCount: $0.parameters.categoryCount)) })
        let options = responseFile.importOptions(extraIgnored: extra)
        let matrix = try ResponseReader.read(path: responses, options: options, catalogue: catalogue).matrix
        let columnOf = Dictionary(matrix.itemIDs.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let columns = items.compactMap { columnOf[$0.id] }
        guard columns.count == items.count else {
            throw CLIError("\(responses): the item columns could not be matched to \(params); check for duplicate column names.")
        }
        try checkCategories(matrix, items: items, columns: columns)

        let scorer = PersonScorer(items: items.map(\.parameters), method: method, latentMean: file.latent.mean,
                                  latentVariance: file.latent.variance,
                                  quadrature: .normalGrid(count: quadratureNodes), fence: -fence...fence)
        let scores = scorer.scoreAll(responses: matrix.responses, itemCount: matrix.itemCount, columns: columns)
        warnings += Self.warnings(scores, method: method, fence: fence)
        // Table and JSON carry the warnings; CSV has no place for them, and a file is not on screen.
        if !common.quiet && (common.format == .csv || common.out != nil) { for w in warnings { printError("warning: \(w)") } }
        try emit(render(scores, personIDs: matrix.personIDs, method: method, warnings: warnings, file: file), to: common.out)
        if !common.quiet, let out = common.out {
            printError("Wrote \(scores.count) \(method.rawValue.uppercased()) scores to \(out).")
        }
    }

    /// The names in the header line of a CSV file (RFC 4180 quoting, UTF-8 BOM skipped, names trimmed).
    static func headerNames(_ path: String) throws -> [String] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CLIError("\(path): cannot read the response file; check the path and the permissions.")
        }
        defer { try? handle.close() }
        var bytes: [UInt8] = []
        var inQuotes = false
        reading: while true {
            let chunk = handle.readData(ofLength: 65_536)
            if chunk.isEmpty { break }
            for b in chunk {
                if b == UInt8(ascii: "\"") { inQuotes.toggle() }
                if !inQuotes && (b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r")) { break reading }
                bytes.append(b)
            }
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var names: [String] = [], field: [UInt8] = []
        var quoted = false, index = 0
        while index < bytes.count {
            let b = bytes[index]
            if quoted {
                if b == UInt8(ascii: "\"") {
                    if index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\"") { field.append(b); index += 1 } else { quoted = false }
                } else { field.append(b) }
            } else if b == UInt8(ascii: "\"") {
                quoted = true
            } else if b == UInt8(ascii: ",") {
                names.append(String(decoding: field, as: UTF8.self).trimmingCharacters(in: .whitespaces)); field = []
            } else { field.append(b) }
            index += 1
        }
        names.append(String(decoding: field, as: UTF8.self).trimmingCharacters(in: .whitespaces))
        return names
    }

    /// Every response must be a category of its item; the first offending cell is named.
    private func checkCategories(_ matrix: ResponseMatrix, items: [ParameterSet.Item],
                                 columns: [Int]) throws {
        for (j, column) in columns.enumerated() where matrix.categoryCounts[column] > items[j].parameters.categoryCount {
            let k = items[j].parameters.categoryCount
            for p in 0..<matrix.personCount {
                if let x = matrix[p, column], Int(x) >= k {
                    throw CLIError("\(responses): person \(matrix.personIDs[p]), item \(items[j].id): category \(x) is out of range; "
                        + "\(params) gives the item \(k) categories (0..\(k - 1)). Fix the score, or use the parameters of this form.")
                }
            }
        }
    }

    /// One warning per kind of flag, with the rule that produced the value.
    static func warnings(_ scores: [PersonScore], method: ScoringMethod, fence: Double) -> [String] {
        var counts: [ScoreFlag: Int] = [:]
        for s in scores { if let f = s.flag { counts[f, default: 0] += 1 } }
        var out: [String] = []
        let f = formatNumber(fence)
        if let n = counts[.allCorrect] {
            switch method {
            case .ml: out.append("\(n) person(s) answered every item in the top category: ML has no finite estimate; theta is held at the fence +\(f) (flag allCorrect)")
            case .wle: out.append("\(n) person(s) answered every item in the top category: Warm's estimate is reported, held at +\(f) if beyond the fence (flag allCorrect)")
            default: out.append("\(n) person(s) answered every item in the top category (flag allCorrect); the estimate rests on the prior")
            }
        }
        if let n = counts[.allIncorrect] {
            switch method {
            case .ml: out.append("\(n) person(s) answered every item in category 0: ML has no finite estimate; theta is held at the fence -\(f) (flag allIncorrect)")
            case .wle: out.append("\(n) person(s) answered every item in category 0: Warm's estimate is reported, held at -\(f) if beyond the fence (flag allIncorrect)")
            default: out.append("\(n) person(s) answered every item in category 0 (flag allIncorrect); the estimate rests on the prior")
            }
        }
        if let n = counts[.fenced] { out.append("\(n) estimate(s) lay beyond the fence [-\(f), \(f)] and are held at it (flag fenced)") }
        if let n = counts[.notConverged] { out.append("\(n) estimate(s) did not converge within \(PersonScorer.maxIterations) iterations (flag notConverged)") }
        if let n = counts[.noResponses] {
            out.append(method.usesPrior
                ? "\(n) person(s) answered no item: the prior mean and SD are reported (flag noResponses)"
                : "\(n) person(s) answered no item: \(method.rawValue.uppercased()) gives no estimate; theta and standardError are null (flag noResponses)")
        }
        let noSE = scores.filter { $0.theta != nil && $0.standardError == nil }.count
        if noSE > 0 { out.append("\(noSE) estimate(s) have zero test information: standardError is null") }
        return out
    }

    // MARK: Output

    struct Document: Encodable {
        var schemaVersion = TableSchema.personScores.version
        var method: ScoringMethod
        var latentMean: Double
        var latentVariance: Double
        /// The `person_scores` rows (every key present, `null` for a missing value).
        var persons: [TableRow]
        var warnings: [String]
    }

    /// The `person_scores` table: one row per person.
    static func scoreTable(_ scores: [PersonScore], personIDs: [String]) throws -> Table {
        try table(.personScores, zip(personIDs, scores).map { id, s -> [TableValue] in
            [.text(id), TableValue(s.theta), TableValue(s.standardError), .text(s.method.rawValue), TableValue(s.flag?.rawValue),
             .integer(s.itemsAnswered)]
        })
    }

    private func render(_ scores: [PersonScore], personIDs: [String], method: ScoringMethod, warnings: [String],
                        file: ParameterSet) throws -> String {
        let scoreTable = try Self.scoreTable(scores, personIDs: personIDs)
        switch common.format {
        case .json:
            let doc = Document(method: method, latentMean: file.latent.mean, latentVariance: file.latent.variance,
                               persons: scoreTable.jsonRows, warnings: warnings + scoreTable.warnings.map(\.description))
            return try jsonText(doc)
        case .csv:
            if !common.quiet { for w in scoreTable.warnings { printError("warning: \(w)") } }
            return scoreTable.csvText()
        case .table:
            let width = max(9, personIDs.reduce(0) { max($0, $1.count) }) + 2
            var out = "\(method.rawValue.uppercased()) scores of \(scores.count) persons on \(file.items.count) items"
                + (method.usesPrior ? " (prior N(\(formatNumber(file.latent.mean)), \(formatNumber(file.latent.variance))))" : "") + "\n"
            out += pad("person", width) + pad("theta", 10) + pad("SE", 9) + pad("items", 7) + "flag\n"
            for (id, s) in zip(personIDs, scores) {
                out += pad(id, width) + pad(fixedNumber(s.theta, 4, fallback: "-"), 10)
                    + pad(fixedNumber(s.standardError, 4, fallback: "-"), 9)
                    + pad(String(s.itemsAnswered), 7) + (s.flag?.rawValue ?? "") + "\n"
            }
            for w in warnings { out += "warning: \(w)\n" }
            return out
        }
    }
}
