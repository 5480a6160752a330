import Foundation
import Testing
import IRTModels
@testable import Interchange

/// The printed mod2values tables of mirt's documentation (fixture), parsed into rows of cells by column.
func documentedTables() throws -> [String: [[String: String]]] {
    let url = try #require(Bundle.module.url(forResource: "Fixtures/mirt-docs-mod2values", withExtension: "txt"))
    let text = try String(contentsOf: url, encoding: .utf8)
    var tables: [String: [[String: String]]] = [:]
    var current = "", header: [String] = []
    var rows: [Int: [String: String]] = [:]
    func flush() {
        if !current.isEmpty { tables[current] = rows.keys.sorted().compactMap { rows[$0] } }
        rows = [:]
    }
    for line in text.split(separator: "\n").map(String.init) {
        if line.hasPrefix("# [") {
            flush()
            current = String(line.dropFirst(3).prefix { $0 != "]" })
            continue
        }
        guard line.hasPrefix("#>") else { continue }
        let cells = line.dropFirst(2).split(separator: " ").map(String.init)
        if let n = Int(cells[0]) {
            for (k, c) in cells.dropFirst().enumerated() { rows[n, default: [:]][header[k]] = c }
        } else {
            header = cells
        }
    }
    flush()
    return tables
}

@Suite("mirt export")
struct MirtExportTests {
    /// Our rows against a documented mod2values table, column by column (values to the 3 printed decimals).
    func expectSameLayout(_ ours: [MirtValuesRow], _ documented: [[String: String]]) {
        #expect(ours.count == documented.count)
        for (r, d) in zip(ours, documented) {
            #expect(r.group == d["group"]); #expect(r.item == d["item"]); #expect(r.itemClass == d["class"])
            #expect(r.name == d["name"]); #expect(String(r.parnum) == d["parnum"])
            #expect(abs(r.value - (Double(d["value"] ?? "") ?? .nan)) < 5e-4, "\(r.item) \(r.name)")
            // R prints -Inf, Inf, 0, 1 (Swift's Double() reads R's "Inf" too).
            #expect(r.lbound == Double(d["lbound"] ?? ""), "\(r.item) \(r.name) lbound")
            #expect(r.ubound == Double(d["ubound"] ?? ""), "\(r.item) \(r.name) ubound")
            #expect((r.est ? "TRUE" : "FALSE") == d["est"], "\(r.item) \(r.name) est")
            #expect(r.const == d["const"]); #expect(r.nconst == d["nconst"]); #expect(r.priorType == d["prior.type"])
            #expect(r.prior1.isNaN && d["prior_1"] == "NaN"); #expect(r.prior2.isNaN && d["prior_2"] == "NaN")
        }
    }

    @Test("A Rasch set gives mirt's documented Rasch table (a1 fixed at 1, COV_11 estimated)")
    func raschLayout() throws {
        let documented = try #require(try documentedTables()["rasch"])
        let d = [1.868, 0.791, 1.461, 0.521, 1.993]
        let set = ParameterSet(items: d.enumerated().map {
            ParameterSet.Item(id: "Item.\($0 + 1)", parameters: ItemParameters(model: .rasch, discrimination: 1, intercepts: [$1]))
        }, latent: LatentDistribution(mean: 0, variance: 1.022, meanEstimated: false, varianceEstimated: true))
        expectSameLayout(MirtValuesTable.rows(of: set), documented)
    }

    @Test("A graded set gives mirt's documented graded table")
    func gradedLayout() throws {
        let documented = try #require(try documentedTables()["graded"])
        let items = [("Comfort", [4.390, 2.583, -1.471]), ("Work", [2.707, 0.842, -2.120]),
                     ("Future", [3.543, 1.522, -1.357]), ("Benefit", [3.166, 0.982, -1.661])]
        let set = ParameterSet(items: items.map {
            ParameterSet.Item(id: $0.0, parameters: ItemParameters(model: .graded, discrimination: 0.851, intercepts: $0.1))
        })
        expectSameLayout(MirtValuesTable.rows(of: set), documented)
    }

    @Test("The documented tables read back as the parameters they print")
    func readDocumented() throws {
        let rasch = try #require(try documentedTables()["rasch"])
        let csv = CSVOf(rasch)
        let set = try MirtValuesTable.parameterSet(try MirtValuesTable.parse(csv, file: "doc"), file: "doc")
        #expect(set.items.map(\.parameters.model) == Array(repeating: .rasch, count: 5))
        #expect(set.items[2].parameters.intercept == 1.461)
        #expect(set.latent.variance == 1.022 && set.latent.varianceEstimated)
    }

    @Test("GPCM intercepts are written cumulatively with ak_k = k, d0 = 0 (mirt's gpcm form)")
    func gpcmCumulative() throws {
        let p = ItemParameters.partialCredit(discrimination: 1.2, stepDifficulties: [-1, 0.5, 1.5])
        let rows = MirtValuesTable.rows(of: ParameterSet(items: [ParameterSet.Item(id: "x", parameters: p)]))
        let byName = Dictionary(uniqueKeysWithValues: rows.map { ($0.name, $0.value) })
        // c_v = −a·b_v = 1.2, −0.6, −1.8; cumulative 1.2, 0.6, −1.2 (by hand).
        #expect(abs(byName["d1"]! - 1.2) < 1e-12 && abs(byName["d2"]! - 0.6) < 1e-12 && abs(byName["d3"]! + 1.2) < 1e-12)
        #expect(byName["d0"] == 0 && byName["ak0"] == 0 && byName["ak3"] == 3)
        #expect(rows.map(\.name).prefix(9) == ["a1", "ak0", "ak1", "ak2", "ak3", "d0", "d1", "d2", "d3"])
        let back = try MirtValuesTable.parameterSet(try MirtValuesTable.parse(MirtValuesTable.csv(rows), file: "t"), file: "t")
        for (x, y) in zip(back.items[0].parameters.intercepts, p.intercepts) { #expect(abs(x - y) < 1e-12) }
    }

    @Test("The bundled bank's parameters round-trip through the CSV to 1e-12")
    func roundTrip() throws {
        let set = try bundledParameterSet()
        let csv = MirtValuesTable.csv(MirtValuesTable.rows(of: set))
        let back = try MirtValuesTable.parameterSet(try MirtValuesTable.parse(csv, file: "t"), file: "t")
        #expect(back.items.count == set.items.count)
        for (a, b) in zip(set.items, back.items) {
            #expect(a.id == b.id && a.parameters.model == b.parameters.model)
            for (x, y) in zip(a.parameters.freeParameters, b.parameters.freeParameters) { #expect(abs(x - y) <= 1e-12) }
        }
        #expect(back.latent == set.latent)
    }

    @Test("The R script parses in R (skipped without Rscript)")
    func scriptParses() throws {
        guard let rscript = executable("Rscript") else {
            print("skipped: Rscript is not installed; the R script was not parsed")
            return
        }
        let dir = temporaryPath("mirt")
        try Interchange.exportMirt(try bundledParameterSet(), to: dir)
        let script = dir + "/" + Interchange.mirtScriptFile
        let (status, _, err) = try run(rscript, ["-e", "invisible(parse(file = '\(script)'))"])
        #expect(status == 0, "\(err)")
        // R reads the table back with read.csv: same values to 1e-12 (R's own parser as the oracle).
        let values = dir + "/" + Interchange.mirtValuesFile
        let (s2, out, err2) = try run(rscript, ["-e", "v <- read.csv('\(values)', check.names = FALSE); cat(names(v), sep = '|'); cat('\\n'); cat(sprintf('%.17g', v$value), sep = '\\n')"])
        #expect(s2 == 0, "\(err2)")
        let lines = out.split(separator: "\n").map(String.init)
        #expect(lines.first == MirtValuesRow.columns.joined(separator: "|"))
        let rows = MirtValuesTable.rows(of: try bundledParameterSet())
        #expect(lines.count - 1 == rows.count)
        for (r, l) in zip(rows, lines.dropFirst()) { #expect(abs(r.value - (Double(l) ?? .nan)) <= 1e-12) }
    }
}

extension MirtExportTests {
    @Test("A Rasch set with a common slope ≠ 1 keeps its model through the table; an all-fixed table reads a1 = 1 as Rasch")
    func raschCommonSlope() throws {
        let set = ParameterSet(items: [ParameterSet.Item(id: "r1", parameters: ItemParameters(model: .rasch, discrimination: 1.3, intercepts: [0.2])),
                                       ParameterSet.Item(id: "t1", parameters: ItemParameters(model: .twoPL, discrimination: 1, intercepts: [0.4]))])
        let rows = MirtValuesTable.rows(of: set)
        let back = try MirtValuesTable.parameterSet(rows, file: "t")
        #expect(back.items.map(\.parameters.model) == [.rasch, .twoPL])
        let fixed = rows.map { r -> MirtValuesRow in var r = r; r.est = false; return r }
        #expect(try MirtValuesTable.parameterSet(fixed, file: "t").items.map(\.parameters.model) == [.twoPL, .rasch])
    }
}

/// CSV text of documented rows (mirt's column names).
func CSVOf(_ rows: [[String: String]]) -> String {
    ([MirtValuesRow.columns.joined(separator: ",")] + rows.map { r in MirtValuesRow.columns.map { r[$0] ?? "" }.joined(separator: ",") })
        .joined(separator: "\n")
}
