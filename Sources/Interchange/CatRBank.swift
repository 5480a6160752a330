import IRTModels
import Tables

/// The item-bank matrices of catR (Magis & Raîche 2012; Magis & Barrada 2017) and mirtCAT, one CSV per
/// model family, each with an `item` id column first (DECISIONS §12).
///
/// ```
/// dichotomous  item, a, b, c, d     P(θ) = c + (d − c) · logistic(a (θ − b))    catR's (a, b, c, d):
///                                   d is the upper asymptote (our u), b = −d_ours / a
/// GRM          item, a, b1 … bK     P(X ≥ k) = logistic(a (θ − b_k))            catR's "GRM" rows (α, β_1 … β_K)
/// GPCM         item, a, d1 … dK     P(X = k) ∝ exp(Σ_{v ≤ k} a (θ − d_v))      catR's "GPCM" rows (α, δ_1 … δ_K),
///                                   δ_v = our step difficulties b_v = −c_v / a
/// ```
/// Items with fewer categories than the widest of their file leave the trailing cells `NA`, as catR's
/// polytomous matrices do. The metric is logistic with D = 1 (catR's functions take `D = 1` by default;
/// catsim uses no scaling constant either), ours without 1.702 (DECISIONS §4).
public enum CatRBank {
    /// One exported file: its name and CSV text.
    public struct File: Sendable, Equatable {
        public var name: String
        public var text: String
    }

    /// The files for `set`: `catr-dichotomous.csv`, `catr-grm.csv`, `catr-gpcm.csv`, each only when the
    /// set has items of that family.
    public static func files(for set: ParameterSet) -> [File] {
        var out: [File] = []
        let dich = set.items.filter { $0.parameters.model.isDichotomous }
        if !dich.isEmpty {
            var text = CSV.record(["item", "a", "b", "c", "d"])
            for item in dich {
                let p = item.parameters
                text += CSV.record([item.id, number(p.discrimination), number(p.difficulty), number(p.guessing),
                                    number(p.upperAsymptote)])
            }
            out.append(File(name: "catr-dichotomous.csv", text: text))
        }
        for (model, name, prefix) in [(ItemModel.graded, "catr-grm.csv", "b"), (.gpcm, "catr-gpcm.csv", "d")] {
            let items = set.items.filter { $0.parameters.model == model }
            guard let width = items.map({ $0.parameters.intercepts.count }).max() else { continue }
            var text = CSV.record(["item", "a"] + (1...width).map { "\(prefix)\($0)" })
            for item in items {
                let p = item.parameters
                let steps = p.thresholds.map(number)
                text += CSV.record([item.id, number(p.discrimination)] + steps
                                   + Array(repeating: "NA", count: width - steps.count))
            }
            out.append(File(name: name, text: text))
        }
        return out
    }

    /// Shortest round-trip digits (the values are finite: a parameter set is valid).
    static func number(_ x: Double) -> String { "\(x)" }
}
