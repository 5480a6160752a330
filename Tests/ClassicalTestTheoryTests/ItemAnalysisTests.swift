import Foundation
import Testing
import IRTModels
import MathCore
import ResponseData
import Calibration
@testable import ClassicalTestTheory

private func close(_ a: Double?, _ b: Double, _ tol: Double = 1e-6) -> Bool {
    guard let a else { return false }
    return abs(a - b) < tol
}

@Suite("Classical item analysis")
struct ItemAnalysisTests {
    /// 6 persons × 4 dichotomous items.
    ///
    ///        I1 I2 I3 I4 | total
    ///   p1    1  1  1  1 |  4
    ///   p2    1  1  1  0 |  3
    ///   p3    1  1  0  0 |  2
    ///   p4    1  0  1  0 |  2
    ///   p5    0  1  0  0 |  1
    ///   p6    0  0  0  1 |  1
    ///
    /// p = 4/6, 4/6, 3/6, 2/6. Item covariances (n − 1 = 5 divisor), times 30:
    ///   [ 8  2  6 −2 ]
    ///   [ 2  8  0 −2 ]     e.g. var(I1) = (4·(1/3)² + 2·(2/3)²)/5 = (4/3)/5 = 8/30,
    ///   [ 6  0  9  0 ]          cov(I1, I3) = Σ(x − 2/3)(y − 1/2)/5 = 1/5 = 6/30.
    ///   [−2 −2  0  8 ]
    /// Σ C = 41/30, trace = 33/30 → alpha = 4/3 · (1 − 33/41) = 32/123 = 0.260163.
    /// Item–rest: cov(x_j, rest) = rowSum_j − C_jj, var(rest) = ΣC − 2 rowSum_j + C_jj (all /30):
    ///   I1: rowSum 14, cov 6, var 21 → r = 6/√(8·21) = 0.462910; alpha-del = 3/2 (1 − 25/21) = −0.285714
    ///   I2: rowSum  8, cov 0, var 33 → r = 0;                     alpha-del = 3/2 (1 − 25/33) = 0.363636
    ///   I3: rowSum 15, cov 6, var 20 → r = 6/√(9·20) = 0.447214;  alpha-del = 3/2 (1 − 24/20) = −0.3
    ///   I4: rowSum  4, cov −4, var 41 → r = −4/√(8·41) = −0.220863; alpha-del = 3/2 (1 − 25/41) = 0.585366
    /// KR-20: Σpq = 2/9 + 2/9 + 1/4 + 2/9 = 0.916667, σ²_X (n divisor) = 41/36 → 4/3 (1 − 33/41) = alpha.
    static var handData: ResponseMatrix {
        get throws {
            try ResponseMatrix(
        personIDs: ["p1", "p2", "p3", "p4", "p5", "p6"], itemIDs: ["I1", "I2", "I3", "I4"],
        responses: [1, 1, 1, 1,
                    1, 1, 1, 0,
                    1, 1, 0, 0,
                    1, 0, 1, 0,
                    0, 1, 0, 0,
                    0, 0, 0, 1],
        categoryCounts: [2, 2, 2, 2])
        }
    }

    @Test("hand-computed p, item–rest r, alpha and alpha-if-deleted on 6 × 4")
    func handExample() throws {
        let report = ItemAnalysis.analyze(try Self.handData)
        #expect(report.n == 6)
        #expect(report.completeCount == 6)
        #expect(close(report.alpha, 32.0 / 123))
        #expect(close(report.kr20, 32.0 / 123))
        let p = [4.0 / 6, 4.0 / 6, 0.5, 2.0 / 6]
        let r = [0.462910, 0, 0.447214, -0.220863]
        let del = [-0.285714, 0.363636, -0.3, 0.585366]
        for j in 0..<4 {
            let row = report.rows[j]
            #expect(row.n == 6)
            #expect(close(row.pValue, p[j], 1e-12))
            #expect(close(row.meanScore, p[j], 1e-12))
            #expect(row.maxScore == 1)
            #expect(close(row.itemRestCorrelation, r[j]))
            #expect(close(row.alphaIfDeleted, del[j]))
            #expect(row.polyserial == nil)
        }
        #expect(close(report.meanTotalScore, 13.0 / 6, 1e-12))
        // Flags: I2 and I4 have item–rest r below .20; none is outside [.30, .90].
        #expect(report.rows[0].flags.isEmpty)
        #expect(report.rows[1].flags == ["item-rest r < 0.2"])
        #expect(report.rows[3].flags == ["item-rest r < 0.2"])
        let strict = ItemAnalysis.analyze(try Self.handData, flagging: FlagThresholds(minimumPValue: 0.4, maximumPValue: 0.6))
        #expect(strict.rows[0].flags.contains("p > 0.6 (easy)"))
        #expect(strict.rows[3].flags.contains("p < 0.4 (hard)"))
    }

    @Test("KR-20 equals alpha on simulated dichotomous data")
    func kr20EqualsAlpha() {
        let sim = Simulation.generate(model: .twoPL, persons: 800, items: 15, seed: 17)
        let report = ItemAnalysis.analyze(sim.data)
        #expect(report.alpha != nil)
        #expect(close(report.kr20, report.alpha ?? -1, 1e-12))
        #expect((report.alpha ?? 0) > 0.6)
    }

    /// A multiple-choice item whose best option is B but whose key says A, among 9 good 2PL items.
    private func miskeyedData() -> (ResponseMatrix, [String: (options: [String], key: String)]) {
        var g = SeededGenerator(seed: 31)
        let items = Simulation.parameters(model: .twoPL, items: 10, generator: &g)
        let thetas = (0..<1000).map { _ in g.nextNormal() }
        var data = Simulation.responses(items: items, thetas: thetas, generator: &g)
        var raw = [String](repeating: "", count: data.responses.count)
        let truth = ItemParameters.dichotomous(.twoPL, discrimination: 1.5, difficulty: 0)
        for p in 0..<thetas.count {
            let choice: String
            if Simulation.response(truth, theta: thetas[p], generator: &g) == 1 {
                choice = "B"
            } else {
                let u = g.nextUniform()
                choice = u < 0.6 ? "A" : (u < 0.97 ? "C" : "D")
            }
            raw[p * 10] = choice
            data.responses[p * 10] = choice == "A" ? 1 : 0   // scored with the wrong key
        }
        data.rawChoices = raw
        return (data, ["I001": (options: ["A", "B", "C", "D"], key: "A")])
    }

    @Test("a miskeyed item is flagged; distractor proportions sum to 1")
    func miskey() throws {
        let (data, keys) = miskeyedData()
        let report = ItemAnalysis.analyze(data, keys: keys)
        let row = report.rows[0]
        let table = try #require(row.distractors)
        #expect(table.map(\.option) == ["A", "B", "C", "D"])
        #expect(table.map(\.isKey) == [true, false, false, false])
        #expect(abs(table.reduce(0) { $0 + $1.proportion } - 1) < 1e-12)
        #expect(table.reduce(0) { $0 + $1.count } == 1000)
        #expect((table[0].pointBiserial ?? 0) < 0)
        #expect((table[1].pointBiserial ?? 0) > 0.3)
        #expect(row.flags.contains("possible miskey"))
        #expect(row.flags.contains("distractor B: positive point-biserial"))
        #expect(row.flags.contains("distractor D: chosen by < 5%"))
        #expect(!row.flags.contains("distractor C: chosen by < 5%"))
        // The key's point-biserial is the item–rest correlation of the scored item.
        #expect(close(table[0].pointBiserial, row.itemRestCorrelation ?? 9, 1e-12))
        // Choosers of B have the highest mean total score among the distractors' choosers.
        #expect((table[1].meanTotalScore ?? 0) > (table[2].meanTotalScore ?? 99))
        // The other items are not keyed: no distractor table.
        #expect(report.rows[1].distractors == nil)
    }

    @Test("polyserial: known value on a 12-person example and |polyserial| ≥ |point-polyserial|")
    func polyserial() throws {
        // Y (3 categories) and a rest score R (a second item with 11 categories):
        //   Y = 0 0 1 1 1 2 2 2 2 1 0 2,  R = 3 5 4 6 8 7 9 10 8 5 2 6
        // Pearson r(Y, R) = 0.799376; π = (3, 4, 5)/12; τ = Φ⁻¹(.25), Φ⁻¹(.58333) = −0.674490, 0.210428;
        // φ(τ) = 0.317777, 0.390501 (sum 0.708278); σ_Y (n divisor) = √(0.638889) = 0.799305;
        // polyserial = 0.799376 · 0.799305 / 0.708278 = 0.902487.
        let y: [UInt8] = [0, 0, 1, 1, 1, 2, 2, 2, 2, 1, 0, 2]
        let r: [UInt8] = [3, 5, 4, 6, 8, 7, 9, 10, 8, 5, 2, 6]
        var bytes = [UInt8]()
        for i in 0..<12 { bytes += [y[i], r[i]] }
        let data = try ResponseMatrix(personIDs: (1...12).map { "p\($0)" }, itemIDs: ["Y", "R"], responses: bytes,
                                  categoryCounts: [3, 11])
        let report = ItemAnalysis.analyze(data)
        #expect(close(report.rows[0].itemRestCorrelation, 0.799376))
        #expect(close(report.rows[0].polyserial, 0.902487))
        #expect(report.rows[0].pValue == nil)
        #expect(close(report.rows[0].meanScore, 14.0 / 12, 1e-12))
        #expect(close(ItemAnalysis.polyserial(itemRest: 0.799376047350594, categoryProportions: [0.25, 1.0 / 3, 5.0 / 12]),
                      0.9024866357085396, 1e-12))

        let sim = Simulation.generate(model: .graded, persons: 1000, items: 6, categories: 5, seed: 8)
        let graded = ItemAnalysis.analyze(sim.data)
        for row in graded.rows {
            let rp = row.itemRestCorrelation ?? 0, rs = row.polyserial ?? 0
            #expect(abs(rs) >= abs(rp))
            #expect(rs > 0.3 && rs < 1)
        }
    }

    @Test("sparse (adaptive) data: alpha and correlations nil with the warning")
    func sparse() {
        let sim = Simulation.generate(model: .twoPL, persons: 200, items: 10, seed: 4)
        var data = sim.data
        var g = SeededGenerator(seed: 4)
        for p in 0..<200 {
            for j in 0..<10 where g.nextUniform() < 0.5 { data.responses[p * 10 + j] = ResponseMatrix.missing }
        }
        let report = ItemAnalysis.analyze(data)
        #expect(report.alpha == nil)
        #expect(report.kr20 == nil)
        #expect(report.warnings.contains { $0.contains("not defined for adaptive data") })
        for row in report.rows {
            #expect(row.itemRestCorrelation == nil)
            #expect(row.alphaIfDeleted == nil)
            #expect(row.pValue != nil)
            #expect(row.n > 50 && row.n < 150)
        }
    }

    @Test("the report round-trips through JSON")
    func codable() throws {
        let report = ItemAnalysis.analyze(try Self.handData)
        let json = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
        #expect(json.contains("\"alphaIfDeleted\""))
        let back = try JSONDecoder().decode(ItemAnalysisReport.self, from: Data(json.utf8))
        #expect(back == report)
    }
}
