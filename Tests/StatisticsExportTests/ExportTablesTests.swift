import Foundation
import Testing
import IRTModels
import ItemBanking
import ResponseData
import Tables
@testable import StatisticsExport

@Suite("export tables")
struct ExportTablesTests {
    static let options = StatisticsExportOptions(simulatedExaminees: 12, seed: 3, engineVersion: "test-engine",
                                                 createdAt: Date(timeIntervalSince1970: 1_767_607_200), maxConcurrency: 2)

    @Test("every file's header is its schema's, the manifest has its keys, numbers read back exactly")
    func tablesFollowTheirSchemas() throws {
        let (bank, set, data) = try bundledBankAndGroupedResponses(persons: 120, difItems: ["S1-004"])
        var options = Self.options
        options.dif = .init(column: "region")
        let export = try ExportedStatistics.compute(bank: bank, responses: data, source: "sim.csv", options: options)
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        let manifest = try ExportDirectory.write(export, to: out.path)

        let expected: Set = ["item_parameters", "person_scores", "reliability_coefficients", "alpha_if_deleted",
                             "classification_indices", "information_curve", "section_reliability", "item_exposure",
                             "dif_items", "dif_mantel_haenszel", "dif_logistic_regression"]
        #expect(Set(manifest.tables.map(\.schema)) == expected)

        // Manifest keys, read as plain JSON.
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("manifest.json"))) as? [String: Any])
        for key in ["schemaVersion", "engineVersion", "createdAt", "seed", "bank", "dataSetHash", "tables", "warnings"] {
            #expect(json[key] != nil, "manifest key \(key)")
        }
        let bankEntry = try #require(json["bank"] as? [String: Any])
        let contentHash = try bank.contentHash()
        #expect(bankEntry["contentHash"] as? String == contentHash)
        #expect(bankEntry["versionId"] as? String == contentHash)
        #expect(json["engineVersion"] as? String == "test-engine")
        #expect(json["createdAt"] as? String == "2026-01-05T10:00:00Z")
        #expect((json["seed"] as? NSNumber)?.intValue == 3)
        #expect((json["dataSetHash"] as? String)?.count == 64)
        for entry in try #require(json["tables"] as? [[String: Any]]) {
            #expect(entry["schemaVersion"] is NSNumber && entry["rows"] is NSNumber)
        }

        for entry in manifest.tables {
            let schema = try #require(TableSchema.named(entry.schema))
            let text = try String(contentsOf: out.appendingPathComponent(entry.file), encoding: .utf8)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            #expect(csvFields(try #require(lines.first)) == schema.csvHeader, "\(entry.file) header")
            #expect(lines.count - 1 == entry.rows, "\(entry.file) rows")
            // Numbers round-trip: every number cell parses back to the table's exact value.
            let table = try #require(export.table(schema))
            for (row, line) in zip(table.rows, lines.dropFirst()) {
                for (value, cell) in zip(row, csvFields(line)) {
                    switch value {
                    case let .number(x): #expect(Double(cell) == x, "\(entry.file): \(cell) vs \(x)")
                    case let .integer(i): #expect(Int(cell) == i)
                    case let .text(s): #expect(cell == s)
                    case .null: #expect(cell.isEmpty)
                    default: break
                    }
                }
            }
            // The JSON twin has the schema's camelCase keys and the same rows.
            let doc = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent(schema.name + ".json"))) as? [String: Any])
            #expect(doc["schema"] as? String == schema.name)
            let rows = try #require(doc["rows"] as? [[String: Any]])
            #expect(rows.count == entry.rows)
            if let first = rows.first { #expect(Set(first.keys) == Set(schema.jsonKeys)) }
        }

        // Person scores: WLE, one per simulated person.
        let persons = try #require(export.table(.personScores))
        #expect(persons.rows.count == data.personCount)
        #expect(persons.rows.allSatisfy { $0[3] == .text("wle") })
        // Exposure rates are shares of 12 simulated exams.
        let exposure = try #require(export.table(.itemExposure))
        for row in exposure.rows {
            guard case let .number(rate) = row[1] else { Issue.record("rate not a number"); continue }
            #expect(abs(rate * 12 - (rate * 12).rounded()) < 1e-9 && rate > 0 && rate <= 1)
        }
        _ = set
    }

    @Test("the DIF tables find the built-in DIF, and MH D-DIF equals a Mantel–Haenszel computed here from the responses")
    func difTablesFindBuiltInDIF() throws {
        let difItems = ["S1-004", "S1-010"]
        let (bank, _, data) = try bundledBankAndGroupedResponses(persons: 800, difItems: difItems, shift: 1, seed: 11)
        let options = StatisticsExportOptions(engineVersion: "t", maxConcurrency: 2, dif: .init(column: "region", focal: "south"))
        let export = try ExportedStatistics.compute(bank: bank, responses: data, source: "sim.csv", options: options)
        let items = try #require(export.table(.difItems))
        #expect(export.table(.difIRTLikelihoodRatio) == nil)
        #expect(export.manifest.warnings.contains { $0.hasPrefix("DIF: the IRT likelihood-ratio test was not run") })
        let column = { (name: String) in items.schema.columns.firstIndex { $0.csvName == name } ?? -1 }
        let id = column("item_id"), delta = column("mh_delta"), flagged = column("flagged"), favours = column("favours")
        var falseFlags = 0
        for row in items.rows {
            guard case let .text(item) = row[id] else { continue }
            if difItems.contains(item) {
                #expect(row[flagged] == .boolean(true), "\(item) has DIF built in")
                #expect(row[favours] == .text("reference"))
                if case let .number(d) = row[delta] { #expect(d < -1, "\(item): MH D-DIF \(d)") } else { Issue.record("\(item): no MH D-DIF") }
            } else if row[flagged] == .boolean(true) {
                falseFlags += 1
            }
        }
        // 38 items without DIF at α = .05 and the ETS effect-size rule: a few false flags at most.
        #expect(falseFlags <= 4, "\(falseFlags) items without DIF flagged")

        // Independent Mantel–Haenszel of S1-004: strata = total score over the 40 items (every person is
        // complete), A/B reference right/wrong, C/D focal right/wrong, α = Σ AD/N ÷ Σ BC/N, Δ = −2.35 ln α.
        let j = try #require(data.itemIDs.firstIndex(of: "S1-004"))
        let labels = try #require(data.groups["region"])
        var strata: [Int: (a: Double, b: Double, c: Double, d: Double)] = [:]
        for p in 0..<data.personCount {
            let total = (0..<data.itemCount).reduce(0) { $0 + Int(data[p, $1] ?? 0) }
            let right = data[p, j] == 1
            var cell = strata[total] ?? (0, 0, 0, 0)
            if labels[p] == "north" { if right { cell.a += 1 } else { cell.b += 1 } } else { if right { cell.c += 1 } else { cell.d += 1 } }
            strata[total] = cell
        }
        var numerator = 0.0, denominator = 0.0
        for cell in strata.values {
            let n = cell.a + cell.b + cell.c + cell.d
            numerator += cell.a * cell.d / n
            denominator += cell.b * cell.c / n
        }
        let expected = -2.35 * log(numerator / denominator)
        let row = try #require(items.rows.first { $0[id] == .text("S1-004") })
        guard case let .number(d) = row[delta] else { Issue.record("S1-004: no MH D-DIF"); return }
        #expect(abs(d - expected) < 1e-9, "MH D-DIF \(d) vs \(expected)")
    }

    @Test("test information of the bank at θ = 0 equals the sum of the closed-form item informations")
    func informationMatchesClosedForm() throws {
        let (bank, set, _) = try bundledBankAndResponses(persons: 2)
        let export = try ExportedStatistics.compute(bank: bank, responses: nil, options: StatisticsExportOptions(engineVersion: "t"))
        let curve = try #require(export.table(.informationCurve))
        let row = try #require(curve.rows.first { $0[0] == .text("bank") && $0[1] == .number(0) })
        guard case let .number(info) = row[2], case let .number(csem) = row[3] else { Issue.record("no numbers"); return }
        // Independent: 3PL I = a² (P − c)² Q / ((1 − c)² P) (Lord 1980, eq. 10-13 with u = 1);
        // GRM I = Σ_k (P*_k′ − P*_{k+1}′)² / P_k with P*′ = a P*(1 − P*) (Samejima 1969).
        var expected = 0.0
        for item in set.items {
            let p = item.parameters, a = p.discrimination
            switch p.model {
            case .threePL:
                let c = p.guessing, s = 1 / (1 + exp(-(p.intercepts[0])))
                let P = c + (1 - c) * s, Q = 1 - P
                expected += a * a * (P - c) * (P - c) * Q / ((1 - c) * (1 - c) * P)
            case .graded:
                let star = [1.0] + p.intercepts.map { 1 / (1 + exp(-$0)) } + [0.0]
                let dstar = star.map { a * $0 * (1 - $0) }
                for k in 0..<(star.count - 1) {
                    let pk = star[k] - star[k + 1]
                    expected += (dstar[k] - dstar[k + 1]) * (dstar[k] - dstar[k + 1]) / pk
                }
            default:
                Issue.record("the bundled bank has a \(p.model) item; extend this oracle")
            }
        }
        #expect(abs(info - expected) <= 1e-9 * expected)
        #expect(abs(csem - 1 / expected.squareRoot()) <= 1e-9)
        // Without responses there are no person-level tables.
        #expect(export.table(.personScores) == nil && export.table(.reliabilityCoefficients) == nil)
        #expect(export.manifest.dataSetHash == nil)
    }

    @Test("the directory is written whole: a non-empty one is refused without force and replaced with it")
    func directoryWholeOrNothing() throws {
        let (bank, _, data) = try bundledBankAndResponses(persons: 30)
        let options = StatisticsExportOptions(engineVersion: "t", maxConcurrency: 2)
        let export = try ExportedStatistics.compute(bank: bank, responses: data, options: options)
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: false)
        try "keep".write(to: out.appendingPathComponent("mine.txt"), atomically: true, encoding: .utf8)
        #expect(throws: StatisticsExportError.directoryNotEmpty(path: out.path)) {
            try ExportDirectory.write(export, to: out.path)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["mine.txt"])
        try ExportDirectory.write(export, to: out.path, force: true)
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path)
        #expect(!files.contains("mine.txt") && files.contains("manifest.json"))
        // Nothing is left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["out"])
    }

    @Test("the data-set hash changes with one response and not with the reading")
    func dataSetHash() throws {
        let (_, _, data) = try bundledBankAndResponses(persons: 10)
        var changed = data
        changed.responses[7] = changed.responses[7] == 0 ? 1 : 0
        #expect(DataSetHash.of(data) == DataSetHash.of(data))
        #expect(DataSetHash.of(data) != DataSetHash.of(changed))
    }
}
