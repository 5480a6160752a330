import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import IRTModels
import ItemBanking
import MathCore
import Plots
import Fairness
import Reliability
import ResponseData
import StandardSetting
import Tables
@testable import TechnicalReport

/// The repository root (three levels above this file).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The bundled bank, loaded and validated.
func bundledBank() throws -> ItemBank {
    let validation = ItemBank.validate(directory: repositoryRoot.appendingPathComponent("itembanks/mentorcert").path)
    return try #require(validation.bank)
}

/// A fixed form of the bundled bank (sections S1 and S2) answered by `persons` simulated persons,
/// with every fifth response of the first person missing.
func formResponses(_ bank: ItemBank, persons: Int, seed: UInt64 = 5) throws -> ResponseMatrix {
    let set = try #require(try bank.parameterSet())
    let ids = Set(bank.items.filter { ["S1", "S2"].contains($0.section) }.map(\.id))
    let form = ParameterSet(items: set.items.filter { ids.contains($0.id) }, latent: set.latent)
    var g = SeededGenerator(seed: seed)
    return Simulation.responses(from: form, persons: persons, mean: 0, standardDeviation: 1, generator: &g)
}

/// `value` as the CLI writes JSON (camelCase keys, the project's encoder).
func JSONOutputText<T: Encodable>(_ value: T) throws -> String { try JSONOutput.text(value) }

/// Whether `text` is well-formed XML (Foundation's parser, independent of the writer).
func isWellFormedXML(_ text: String) -> Bool {
    XMLParser(data: Data(text.utf8)).parse()
}

@Suite struct TechnicalReportTests {
    static let expectedOrder = ["purpose", "jobAnalysis", "blueprint", "itemDevelopment", "administration", "scoring",
                                "itemAnalysis", "testStatistics", "standardSetting", "equating", "classification",
                                "passRates", "validity", "security", "recertification", "deficiencies"]

    @Test func sectionsAndNumbersAgreeWithTheModules() throws {
        let bank = try bundledBank()
        let data = try formResponses(bank, persons: 300)
        let doc = try ReportBuilder.build(ReportInput(bank: bank, bankName: "bundled", responses: data, responsesName: "form.csv",
                                                      simulation: .init(examinees: 60, seed: 3), itemFit: true))
        #expect(doc.sections.map(\.number) == Array(1...16))
        #expect(doc.sections.map(\.id) == Self.expectedOrder)

        // Blueprint coverage counts, counted here from the bank's items.
        let blueprint = try #require(doc.sections.first { $0.id == "blueprint" })
        let coverage = try #require(blueprint.tables.first { $0.id == "blueprintCoverage" })
        let sections = bank.manifest.blueprint.sections.map(\.id)
        #expect(coverage.column("section") == sections.map { .text($0) })
        #expect(coverage.column("operationalItems") == sections.map { s in
            .integer(bank.items.filter { $0.section == s && $0.status == .operational }.count) })
        #expect(coverage.column("itemsInResponses") == sections.map { s in
            .integer(bank.items.filter { $0.section == s && data.itemIDs.contains($0.id) }.count) })
        let counts = try #require(blueprint.tables.first { $0.id == "itemCounts" })
        let total = counts.column("items").reduce(0) { sum, v in if case let .integer(i) = v { return sum + i }; return sum }
        #expect(total == bank.items.count)

        // Item analysis: one row per item of the form; p-values counted here.
        let items = try #require(doc.sections.first { $0.id == "itemAnalysis" }?.tables.first)
        #expect(items.rows.count == data.itemCount)
        for (j, id) in data.itemIDs.enumerated() where data.categoryCounts[j] == 2 {
            let row = try #require(items.rows.first { $0.first == .text(id) })
            let answered = (0..<data.personCount).compactMap { data[$0, j] }
            let p = Double(answered.filter { $0 == 1 }.count) / Double(answered.count)
            if case let .number(value?) = row[4] { #expect(abs(value - p) < 1e-12) } else { Issue.record("no p-value for \(id)") }
        }
        // Item fit was computed: every S-X² is a number or explained.
        #expect(items.column("sx2").contains { if case .number(let x) = $0 { return x != nil }; return false })

        // Cronbach's alpha, computed here from the item and total variances.
        let stats = try #require(doc.sections.first { $0.id == "testStatistics" })
        let alpha = try #require(stats.facts.first { $0.key == "alpha" })
        #expect(Self.close(alpha.value, Self.cronbachAlpha(data)), "alpha \(alpha.value) vs \(Self.cronbachAlpha(data))")
        #expect(stats.facts.first { $0.key == "persons" }?.value == .integer(300))
        // CSEM = 1/√I at each cut, in the same row.
        let csem = try #require(stats.tables.first { $0.id == "csemAtCuts" })
        #expect(csem.rows.count == 3)
        for row in csem.rows {
            if case let .number(i?) = row[2], case let .number(se?) = row[3] { #expect(abs(se - 1 / i.squareRoot()) < 1e-12) }
            else { Issue.record("no form information at a cut") }
        }

        // Level distribution: every person with a θ̂ is counted once.
        let levels = try #require(doc.sections.first { $0.id == "passRates" }?.tables.first)
        let persons = levels.column("persons").reduce(0) { s, v in if case let .integer(i) = v { return s + i }; return s }
        #expect(persons == 300)

        // Simulation numbers are present; classification at each cut from the Reliability module, equal to its own run.
        let classification = try #require(doc.sections.first { $0.id == "classification" })
        #expect(classification.tables.contains { $0.id == "accuracyAtCuts" && $0.rows.count == 3 })
        let reliability = try ReliabilityAnalysis.run(responses: data, model: try ReliabilityModel(bank: bank),
                                                      options: ReliabilityOptions(simulatedExaminees: 60, seed: 3))
        let rudner = try #require(classification.tables.first { $0.id == "rudner" })
        let expected = try #require(reliability.classification)
        #expect(rudner.rows.count == 4)
        for (row, cut) in zip(rudner.rows, expected.cuts) {
            #expect(row[0] == .text(cut.level))
            #expect(Self.close(row[3], cut.accuracy) && Self.close(row[4], cut.consistency))
        }
        #expect(Self.close(try #require(stats.facts.first { $0.key == "marginalReliability" }).value, try #require(reliability.marginalReliability)))
        #expect(stats.tables.contains { $0.id == "sectionReliability" })
        // Without records, standard setting says where they come from; without a group, no DIF numbers.
        let standard = try #require(doc.sections.first { $0.id == "standardSetting" })
        #expect(standard.status == .notRecorded)
        #expect(standard.reason?.contains("standards angoff") == true)
        #expect(standard.facts.isEmpty && standard.tables.isEmpty)
        #expect(doc.sections.first { $0.id == "itemAnalysis" }?.reason?.contains("no group column") == true)
        #expect(doc.sections.first { $0.id == "passRates" }?.tables.contains { $0.id == "dif" } == false)

        // The bundled bank is simulated: said at the top and in the sections that rest on it.
        #expect(doc.bank.simulatedParameters)
        #expect(doc.simulatedNotice?.contains("SIMULATED") == true)
        #expect(doc.sections.first { $0.id == "itemAnalysis" }?.restsOnSimulatedParameters == true)
    }

    @Test func renderingsAreSelfContainedOrderedAndValid() throws {
        let bank = try bundledBank()
        let data = try formResponses(bank, persons: 120)
        let doc = try ReportBuilder.build(ReportInput(bank: bank, bankName: "bundled", responses: data, responsesName: "form.csv",
                                                      simulation: .init(examinees: 40, seed: 9), itemFit: false))
        let files = try ReportWriter.files(doc)
        let html = try #require(files.contents["report.html"])
        #expect(!html.contains("http"))
        #expect(!html.contains("src="))
        #expect(!html.contains("<script"))
        #expect(!html.contains("url("))
        #expect(!html.contains("@import"))
        let figureCount = doc.sections.flatMap(\.figures).count
        #expect(figureCount >= 5)
        #expect(html.components(separatedBy: "<svg").count - 1 == figureCount)
        #expect(html.contains("@media print"))
        // Every figure file is well-formed XML.
        let svgs = files.contents.filter { $0.key.hasPrefix("figures/") }
        #expect(svgs.count == figureCount)
        for (name, svg) in svgs { #expect(isWellFormedXML(svg), "\(name) is not well-formed") }
        // JSON: every section, no NaN; it reads back as the same document.
        let json = try #require(files.contents["report.json"])
        #expect(!json.contains("NaN") && !json.contains("Infinity"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect((object["sections"] as? [Any])?.count == 16)
        #expect(object["schemaVersion"] as? Int == 1)
        let decoded = try JSONDecoder().decode(ReportDocument.self, from: Data(json.utf8))
        #expect(decoded.sections.map(\.id) == doc.sections.map(\.id))
        // Markdown: the headings in §1.5 order.
        let md = try #require(files.contents["report.md"])
        let numbers = md.split(separator: "\n").filter { $0.hasPrefix("## ") && $0.dropFirst(3).first?.isNumber == true }
            .compactMap { Int($0.dropFirst(3).prefix { $0.isNumber }) }
        #expect(numbers == Array(1...16))
        // A section title in the HTML for each.
        for s in doc.sections { #expect(html.contains("id=\"\(s.id)\"")) }
    }

    @Test func difAndStandardSettingAreWiredIn() throws {
        let bank = try bundledBank()
        var data = try formResponses(bank, persons: 200)
        data.groups["gender"] = (0..<data.personCount).map { $0 % 2 == 0 ? "f" : "m" }
        let file = try PanelFile.read(path: repositoryRoot.appendingPathComponent("examples/standard-setting/angoff-ratings.csv").path)
        let record = try ModifiedAngoff.record(file: file, bank: bank, bankVersionID: try bank.contentHash())
        let doc = try ReportBuilder.build(ReportInput(bank: bank, bankName: "bundled", responses: data, responsesName: "form.csv",
                                                      itemFit: false, difGroup: "gender", difFocal: "f",
                                                      standardSetting: [.init(name: "angoff.json", record: record)]))
        // DIF: one row per item of the form, the same classes as the Fairness module's own run.
        let groups = try DIFGroups(column: "gender", labels: data.groups["gender"] ?? [], focal: "f")
        var settings = DIFSettings()
        settings.runIRT = false
        let dif = try DIFAnalysis.run(data, groups: groups, settings: settings)
        let table = try #require(doc.sections.first { $0.id == "passRates" }?.tables.first { $0.id == "dif" })
        #expect(table.rows.count == dif.items.count)
        #expect(table.column("mhClass") == dif.items.map { .text($0.mhClass?.rawValue ?? "–") })
        #expect(table.column("flagged") == dif.items.map { .flag($0.flagged) })
        #expect(doc.sections.first { $0.id == "itemAnalysis" }?.status == .computed)
        // Standard setting: the recommended round's θ cut of each level, as in the record.
        let standard = try #require(doc.sections.first { $0.id == "standardSetting" })
        #expect(standard.status == .partial)
        let rounds = try #require(standard.tables.first { $0.id == "rounds1" })
        for level in record.levels {
            let row = try #require(rounds.rows.first { $0[0] == .text(level.level.rawValue) && $0[2] == .flag(true) })
            #expect(row[6] == .finite(level.thetaCut))
        }
        // The record read back from its JSON (as `standards … --format json` writes it) is the same.
        let json = try JSONOutputText(record)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("record-\(UUID().uuidString).json")
        try json.write(to: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: path) }
        #expect(try ReportInput.standardSettingRecord(path: path.path).record == record)
    }

    @Test func responsesWithoutBankItemsAreRefused() throws {
        let bank = try bundledBank()
        let data = ResponseMatrix(personIDs: ["a"], itemIDs: ["X1"], categoryCounts: [2])
        #expect(throws: ReportError.self) {
            try ReportBuilder.build(ReportInput(bank: bank, bankName: "bundled", responses: data, responsesName: "other.csv", itemFit: false))
        }
    }

    @Test func writerNeverLeavesAHalfWrittenDirectory() throws {
        let bank = try bundledBank()
        let data = try formResponses(bank, persons: 50)
        let doc = try ReportBuilder.build(ReportInput(bank: bank, bankName: "bundled", responses: data, responsesName: "form.csv", itemFit: false))
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("out")
        // A non-empty directory without force: refused, untouched.
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: out.appendingPathComponent("notes.txt"))
        #expect(throws: ReportError.self) { try ReportWriter.write(doc, to: out.path, force: false) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["notes.txt"])
        // With force: replaced as a whole.
        try ReportWriter.write(doc, to: out.path, force: true)
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: out.path)) == ["report.html", "report.md", "report.json", "figures"])
        // An empty directory is filled; a file in the way and a missing parent are refused.
        let empty = root.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        try ReportWriter.write(doc, to: empty.path, force: false)
        #expect(FileManager.default.fileExists(atPath: empty.appendingPathComponent("report.html").path))
        let file = root.appendingPathComponent("file")
        try Data().write(to: file)
        #expect(throws: ReportError.self) { try ReportWriter.write(doc, to: file.path, force: true) }
        #expect(throws: ReportError.self) { try ReportWriter.write(doc, to: root.appendingPathComponent("no/such").path, force: false) }
        // No temporary or set-aside directory is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.hasPrefix(".") }.isEmpty)
    }

    // MARK: Independent computations

    /// Cronbach's alpha over complete cases: J/(J−1)·(1 − Σ var_j / var_total), n − 1 divisors.
    static func cronbachAlpha(_ data: ResponseMatrix) -> Double {
        let rows = (0..<data.personCount).filter { p in (0..<data.itemCount).allSatisfy { data[p, $0] != nil } }
        func variance(_ xs: [Double]) -> Double {
            let m = xs.reduce(0, +) / Double(xs.count)
            return xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count - 1)
        }
        let j = Double(data.itemCount)
        let itemVariances = (0..<data.itemCount).map { i in variance(rows.map { Double(data[$0, i] ?? 0) }) }
        let totals = rows.map { p in (0..<data.itemCount).reduce(0.0) { $0 + Double(data[p, $1] ?? 0) } }
        return j / (j - 1) * (1 - itemVariances.reduce(0, +) / variance(totals))
    }

    static func close(_ v: ReportValue, _ x: Double) -> Bool {
        if case let .number(y?) = v { return abs(y - x) < 1e-10 }
        return false
    }
}
