import Foundation
import Testing
import IRTModels
@testable import Interchange

@Suite("catR export")
struct CatRExportTests {
    @Test("Dichotomous file: catR's a, b, c, d with b = −d/a and d the upper asymptote")
    func dichotomousColumns() throws {
        let p = ItemParameters(model: .fourPL, discrimination: 2, intercepts: [1], guessing: 0.2, upperAsymptote: 0.95)
        let set = ParameterSet(items: [ParameterSet.Item(id: "i1", parameters: p),
                                       ParameterSet.Item(id: "g1", parameters: .graded(discrimination: 1, thresholds: [-1, 0, 1])),
                                       ParameterSet.Item(id: "g2", parameters: .graded(discrimination: 1.5, thresholds: [-0.5, 0.5]))])
        let files = CatRBank.files(for: set)
        #expect(files.map(\.name) == ["catr-dichotomous.csv", "catr-grm.csv"])
        #expect(files[0].text == "item,a,b,c,d\ni1,2.0,-0.5,0.2,0.95\n")
        #expect(files[1].text == "item,a,b1,b2,b3\ng1,1.0,-1.0,0.0,1.0\ng2,1.5,-0.5,0.5,NA\n")
    }

    @Test("GPCM file: catR's (α, δ_1 … δ_K) with δ_v = −c_v/a, NA-padded")
    func gpcmColumns() throws {
        // c_v = −a·b_v with a = 2, b = (−1, 0.5): c = (2, −1); δ back = (−1, 0.5) by hand.
        let set = ParameterSet(items: [ParameterSet.Item(id: "p1", parameters: ItemParameters(model: .gpcm, discrimination: 2, intercepts: [2, -1])),
                                       ParameterSet.Item(id: "p2", parameters: .partialCredit(discrimination: 0.5, stepDifficulties: [0.25, 1, 2]))])
        let files = CatRBank.files(for: set)
        #expect(files.map(\.name) == ["catr-gpcm.csv"])
        #expect(files[0].text == "item,a,d1,d2,d3\np1,2.0,-1.0,0.5,NA\np2,0.5,0.25,1.0,2.0\n")
    }

    @Test("catsim reads the dichotomous file and gives our item information to 1e-9 (skipped without catsim)")
    func catsimInformation() throws {
        guard let python = executable("python3"),
              (try? run(python, ["-c", "import catsim.irt"]))?.0 == 0 else {
            print("skipped: python3 with catsim is not available (pip install catsim)")
            return
        }
        let set = try bundledParameterSet()
        let dir = temporaryPath("catr")
        try Interchange.exportCatR(set, to: dir)
        let thetas = [-2.5, -1.0, 0.0, 0.7, 2.0]
        let script = """
        import csv, sys
        from catsim import irt
        rows = list(csv.DictReader(open(sys.argv[1])))
        for r in rows:
            vals = [irt.inf(t, float(r['a']), float(r['b']), float(r['c']), float(r['d'])) for t in [\(thetas.map { "\($0)" }.joined(separator: ", "))]]
            print(r['item'], *['%.17g' % v for v in vals])
        """
        let (status, out, err) = try run(python, ["-c", script, dir + "/catr-dichotomous.csv"])
        #expect(status == 0, "\(err)")
        let byID = Dictionary(uniqueKeysWithValues: set.items.map { ($0.id, $0.parameters) })
        let lines = out.split(separator: "\n")
        #expect(lines.count == set.items.filter { $0.parameters.model.isDichotomous }.count)
        for line in lines {
            let cells = line.split(separator: " ").map(String.init)
            let p = try #require(byID[cells[0]])
            for (t, cell) in zip(thetas, cells.dropFirst()) {
                let theirs = try #require(Double(cell))
                #expect(abs(p.information(at: t) - theirs) <= 1e-9, "\(cells[0]) θ=\(t)")
            }
        }
    }
}
