import Foundation
import IRTModels
import Tables

/// A parameter set as mirt's parameter table (``MirtValuesRow``) and back, and its CSV text.
///
/// The `est` column says which parameters a calibration of the same model would estimate (mirt's
/// convention in `mod2values`: Rasch `a1` fixed at 1 with `COV_11` free; `g` free only for 3PL/4PL,
/// `u` only for 4PL; gpcm `ak*` and `d0` fixed). The R script ``MirtScript`` sets every `est` to FALSE
/// to build the fixed-parameter model. The CSV writes mirt's literals `-Inf`, `Inf`, `NaN`, `TRUE`,
/// `FALSE`, which R's `read.csv` reads as numbers and logicals — the one place our output carries
/// non-finite numbers, because they are mirt's format (DECISIONS, Interchange).
public enum MirtValuesTable {
    /// The rows of `set`: each item's parameters in mirt's order, then the group's `MEAN_1`, `COV_11`.
    ///
    /// GPCM intercepts become mirt's cumulative form `d_k = Σ_{v ≤ k} c_v` (d_0 = 0). Complexity O(Σ K).
    public static func rows(of set: ParameterSet) -> [MirtValuesRow] {
        var rows: [MirtValuesRow] = []
        func add(_ item: String, _ cls: String, _ name: String, _ value: Double, est: Bool,
                 lbound: Double = -.infinity, ubound: Double = .infinity) {
            rows.append(MirtValuesRow(item: item, itemClass: cls, name: name, parnum: rows.count + 1, value: value,
                                      lbound: lbound, ubound: ubound, est: est))
        }
        for item in set.items {
            let p = item.parameters, cls = p.model.mirtClass, id = item.id
            switch p.model {
            case .rasch, .twoPL, .threePL, .fourPL:
                add(id, cls, "a1", p.discrimination, est: p.model != .rasch)
                add(id, cls, "d", p.intercept, est: true)
                add(id, cls, "g", p.guessing, est: p.model.hasGuessing, lbound: 0, ubound: 1)
                add(id, cls, "u", p.upperAsymptote, est: p.model.hasUpperAsymptote, lbound: 0, ubound: 1)
            case .graded:
                add(id, cls, "a1", p.discrimination, est: true)
                for (k, d) in p.intercepts.enumerated() { add(id, cls, "d\(k + 1)", d, est: true) }
            case .gpcm:
                add(id, cls, "a1", p.discrimination, est: true)
                for k in 0..<p.categoryCount { add(id, cls, "ak\(k)", Double(k), est: false) }
                add(id, cls, "d0", 0, est: false)
                var cumulative = 0.0
                for (k, c) in p.intercepts.enumerated() {
                    cumulative += c
                    add(id, cls, "d\(k + 1)", cumulative, est: true)
                }
            }
        }
        add("GROUP", "GroupPars", "MEAN_1", set.latent.mean, est: set.latent.meanEstimated)
        add("GROUP", "GroupPars", "COV_11", set.latent.variance, est: set.latent.varianceEstimated, lbound: 0)
        return rows
    }

    /// The CSV text of `rows` (header = mirt's column names; numbers in shortest round-trip form).
    public static func csv(_ rows: [MirtValuesRow]) -> String {
        var text = CSV.record(MirtValuesRow.columns)
        for r in rows {
            text += CSV.record([r.group, r.item, r.itemClass, r.name, String(r.parnum), number(r.value),
                                number(r.lbound), number(r.ubound), r.est ? "TRUE" : "FALSE", r.const, r.nconst,
                                r.priorType, number(r.prior1), number(r.prior2)])
        }
        return text
    }

    /// R's spelling of a double: `Inf`, `-Inf`, `NaN`, else Swift's shortest round-trip digits.
    static func number(_ x: Double) -> String {
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x < 0 ? "-Inf" : "Inf" }
        return "\(x)"
    }

    /// Parses mirt's parameter table from CSV text (`file` names the source in errors).
    ///
    /// - Throws: ``InterchangeError`` naming the file and line when the header is not mirt's 14 columns
    ///   (in any order; extra columns such as R's row names are ignored), a cell is not a number or
    ///   logical, or a value is missing.
    public static func parse(_ text: String, file: String) throws(InterchangeError) -> [MirtValuesRow] {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .map(String.init).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        guard let headerLine = lines.first else { throw InterchangeError("\(file): the file is empty; it must hold mirt's parameter table (mod2values columns).") }
        let header = splitCSV(headerLine)
        var index: [String: Int] = [:]
        for column in MirtValuesRow.columns {
            guard let k = header.firstIndex(of: column) else {
                throw InterchangeError("\(file):1: the column `\(column)` of mirt's parameter table is missing; the header must name "
                    + MirtValuesRow.columns.joined(separator: ", ") + " (write one with `mod2values(mod)` and `write.csv`).")
            }
            index[column] = k
        }
        var rows: [MirtValuesRow] = []
        for (n, line) in lines.enumerated().dropFirst() {
            let cells = splitCSV(line), lineNumber = n + 1
            func cell(_ c: String) throws(InterchangeError) -> String {
                guard let k = index[c], k < cells.count else {
                    throw InterchangeError("\(file):\(lineNumber): the row has \(cells.count) cells, fewer than the header's \(header.count); fix the row.")
                }
                return cells[k]
            }
            func double(_ c: String) throws(InterchangeError) -> Double {
                let s = try cell(c)
                switch s {
                case "Inf": return .infinity
                case "-Inf": return -.infinity
                case "NaN", "NA", "": return .nan
                default:
                    guard let x = Double(s) else {
                        throw InterchangeError("\(file):\(lineNumber): column `\(c)` holds \"\(s)\", not a number; fix the cell.")
                    }
                    return x
                }
            }
            let estText = try cell("est")
            guard estText == "TRUE" || estText == "FALSE" else {
                throw InterchangeError("\(file):\(lineNumber): column `est` holds \"\(estText)\"; it must be TRUE or FALSE.")
            }
            guard let parnum = Int(try cell("parnum")) else {
                throw InterchangeError("\(file):\(lineNumber): column `parnum` holds \"\(try cell("parnum"))\", not a whole number; fix the cell.")
            }
            rows.append(MirtValuesRow(group: try cell("group"), item: try cell("item"), itemClass: try cell("class"),
                                      name: try cell("name"), parnum: parnum, value: try double("value"),
                                      lbound: try double("lbound"), ubound: try double("ubound"), est: estText == "TRUE",
                                      const: try cell("const"), nconst: try cell("nconst"), priorType: try cell("prior.type"),
                                      prior1: try double("prior_1"), prior2: try double("prior_2")))
        }
        return rows
    }

    /// The parameter set of mirt's table: items in order of first appearance, the latent distribution
    /// from the `GroupPars` rows (N(0, 1) when absent). Only the first group is read.
    ///
    /// A `dich` item is 4PL when `u` is estimated or ≠ 1, 3PL when `g` is estimated or ≠ 0, else Rasch
    /// when `a1` is not estimated (mirt's Rasch: a1 fixed, its value 1 or a common slope) — or, in a
    /// table where nothing is estimated, when `a1` = 1 — else 2PL. GPCM intercepts are turned back
    /// from cumulative to step form (c_v = d_v − d_{v−1}).
    /// - Throws: ``InterchangeError`` naming the item when a class is not `dich`, `graded` or `gpcm`
    ///   (mirt has more; MentorCert models only these), a parameter is missing, or the values are invalid.
    public static func parameterSet(_ rows: [MirtValuesRow], file: String) throws(InterchangeError) -> ParameterSet {
        let firstGroup = rows.first?.group
        let used = rows.filter { $0.group == firstGroup }
        var order: [String] = []
        var byItem: [String: [MirtValuesRow]] = [:]
        for r in used where r.itemClass != "GroupPars" {
            if byItem[r.item] == nil { order.append(r.item) }
            byItem[r.item, default: []].append(r)
        }
        // A table with every parameter fixed (the script's `est = FALSE`) says nothing about which were
        // free: there a Rasch item is one whose slope is 1.
        let allFixed = !used.contains { $0.est }
        var items: [ParameterSet.Item] = []
        for id in order {
            let rs = byItem[id] ?? []
            let cls = rs[0].itemClass
            func value(_ name: String) throws(InterchangeError) -> MirtValuesRow {
                guard let r = rs.first(where: { $0.name == name }) else {
                    throw InterchangeError("\(file): item \(id) (class \(cls)) has no `\(name)` row; export the whole table with mod2values.")
                }
                return r
            }
            let p: ItemParameters
            switch cls {
            case "dich":
                let a = try value("a1"), d = try value("d"), g = try value("g"), u = try value("u")
                let model: ItemModel
                if u.est || u.value != 1 { model = .fourPL }
                else if g.est || g.value != 0 { model = .threePL }
                else if allFixed ? a.value == 1 : !a.est { model = .rasch }
                else { model = .twoPL }
                p = ItemParameters(model: model, discrimination: a.value, intercepts: [d.value], guessing: g.value,
                                   upperAsymptote: u.value)
            case "graded":
                let a = try value("a1")
                var d: [Double] = []
                var k = 1
                while let r = rs.first(where: { $0.name == "d\(k)" }) { d.append(r.value); k += 1 }
                p = ItemParameters(model: .graded, discrimination: a.value, intercepts: d)
            case "gpcm":
                let a = try value("a1")
                var cumulative: [Double] = [try value("d0").value]
                var k = 1
                while let r = rs.first(where: { $0.name == "d\(k)" }) { cumulative.append(r.value); k += 1 }
                for (k, r) in rs.filter({ $0.name.hasPrefix("ak") }).enumerated() where r.value != Double(k) || r.name != "ak\(k)" {
                    throw InterchangeError("\(file): item \(id) has \(r.name) = \(r.value); MentorCert's GPCM needs the scoring ak_k = k "
                        + "(a nominal-model item cannot be represented).")
                }
                let steps = (1..<cumulative.count).map { cumulative[$0] - cumulative[$0 - 1] }
                p = ItemParameters(model: .gpcm, discrimination: a.value, intercepts: steps)
            default:
                throw InterchangeError("\(file): item \(id) has mirt class `\(cls)`; MentorCert reads only dich, graded and gpcm items.")
            }
            if let problem = p.invalidity { throw InterchangeError("\(file): item \(id): \(problem).") }
            items.append(ParameterSet.Item(id: id, parameters: p))
        }
        guard !items.isEmpty else { throw InterchangeError("\(file): the table holds no item rows.") }
        var latent = LatentDistribution.standard
        if let mean = used.first(where: { $0.itemClass == "GroupPars" && $0.name == "MEAN_1" }) {
            latent.mean = mean.value; latent.meanEstimated = mean.est
        }
        if let cov = used.first(where: { $0.itemClass == "GroupPars" && $0.name == "COV_11" }) {
            latent.variance = cov.value; latent.varianceEstimated = cov.est
        }
        guard latent.isValid else { throw InterchangeError("\(file): the group's MEAN_1/COV_11 are not a valid normal distribution (COV_11 must be > 0).") }
        return ParameterSet(items: items, latent: latent)
    }

    /// Splits one CSV record (RFC 4180 quotes; R's `write.csv` quotes strings).
    static func splitCSV(_ line: String) -> [String] {
        var fields: [String] = [], current = "", quoted = false
        var chars = line.makeIterator()
        var pending: Character? = nil
        while let c = pending ?? chars.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let next = chars.next() {
                        if next == "\"" { current.append("\"") } else { quoted = false; pending = next }
                    } else { quoted = false }
                } else { current.append(c) }
            } else if c == "\"" { quoted = true }
            else if c == "," { fields.append(current); current = "" }
            else if c != "\r" { current.append(c) }
        }
        fields.append(current)
        return fields
    }
}
