import IRTModels
import ItemBanking

/// Conversions between the bank's authored parameter record (`ItemBanking.ItemParameters`, every
/// field optional, as written in YAML) and the model parameters the numerics use
/// (`IRTModels.ItemParameters`).
public enum ParameterBridge {
    /// The model parameters of a bank record; nil when the record is incomplete.
    public static func modelParameters(_ p: ItemBanking.ItemParameters) -> IRTModels.ItemParameters? {
        let model = p.model
        let intercepts: [Double]
        if model.isDichotomous {
            guard let d = p.resolvedIntercept else { return nil }
            intercepts = [d]
        } else {
            guard let d = p.resolvedIntercepts, !d.isEmpty else { return nil }
            intercepts = d
        }
        let out = IRTModels.ItemParameters(model: model, discrimination: p.slope, intercepts: intercepts,
                                           guessing: p.guessing ?? 0, upperAsymptote: p.upperAsymptote ?? 1)
        return out.isValid ? out : nil
    }

    /// A bank record from model parameters, with both parameterisations, standard errors (given by
    /// mirt's names `a1`, `d`, `g`, `u`, `d1`…, `b`, `b1`… as `CalibrationResult.namedStandardErrors`
    /// gives them) and the calibration id. Values are rounded to 4 decimals (their SEs are
    /// orders of magnitude larger) so that the reviewed YAML stays readable.
    public static func bankParameters(_ p: IRTModels.ItemParameters, standardErrors: [String: Double]?,
                                      calibration: String?) -> ItemBanking.ItemParameters {
        let model = p.model
        let dich = p.model.isDichotomous
        // The bank names standard errors by its parameter fields (itembanks/README.md).
        var se: [String: StandardErrorValue]?
        if let e = standardErrors {
            var m = [String: StandardErrorValue]()
            if let v = e["a1"] { m["discrimination"] = .scalar(round4(v)) }
            if dich {
                if let v = e["d"] { m["intercept"] = .scalar(round4(v)) }
                if let v = e["b"] { m["difficulty"] = .scalar(round4(v)) }
            } else {
                let steps = p.intercepts.count
                let d = (1...steps).compactMap { e["d\($0)"] }
                let b = (1...steps).compactMap { e["b\($0)"] }
                if d.count == steps { m["intercepts"] = .list(d.map(round4)) }
                if b.count == steps { m["thresholds"] = .list(b.map(round4)) }
            }
            if let v = e["g"] { m["guessing"] = .scalar(round4(v)) }
            if let v = e["u"] { m["upperAsymptote"] = .scalar(round4(v)) }
            se = m.isEmpty ? nil : m
        }
        return ItemBanking.ItemParameters(
            model: model,
            discrimination: round4(p.discrimination),
            intercept: dich ? round4(p.intercept) : nil,
            difficulty: dich ? round4(p.difficulty) : nil,
            guessing: p.model.hasGuessing ? round4(p.guessing) : nil,
            upperAsymptote: p.model.hasUpperAsymptote ? round4(p.upperAsymptote) : nil,
            intercepts: dich ? nil : p.intercepts.map(round4),
            thresholds: dich ? nil : p.thresholds.map(round4),
            standardErrors: se, calibration: calibration)
    }

    /// The model an item is calibrated with: its recorded model, else 3PL for multiple-choice items
    /// (guessing is real for four-option items; the Beta prior keeps c stable at small N) and the
    /// graded response model for graded items.
    public static func model(for item: Item) -> ItemModel {
        if let p = item.parameters { return p.model }
        return item.type == .multipleChoice ? .threePL : .graded
    }

    static func round4(_ x: Double) -> Double { (x * 10_000).rounded() / 10_000 }

    /// The parameter set of a bank: its scored, non-retired items that have parameters, with the
    /// latent distribution of the bank's scale (its `scale` block, N(0, 1) without one; DECISIONS §4).
    /// Nil when no such item has parameters.
    public static func parameterSet(of bank: ItemBank) -> ParameterSet? {
        let items: [ParameterSet.Item] = bank.items.compactMap { item in
            guard item.scored, item.status != .retired, let p = item.parameters.flatMap(modelParameters) else { return nil }
            return ParameterSet.Item(id: item.id, parameters: p)
        }
        return items.isEmpty ? nil : ParameterSet(items: items, latent: bank.manifest.latentDistribution)
    }
}
