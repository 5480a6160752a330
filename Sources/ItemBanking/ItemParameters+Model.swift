import IRTModels

/// The one conversion between the bank's authored parameter record (``ItemParameters``, every field
/// optional and kept as written, so that `bank export` writes back what was read) and the model
/// parameters the numerics use (`IRTModels.ItemParameters`, slope/intercept form).
///
/// ```
/// dichotomous  d = intercept, or d = −a·b from difficulty        (a = 1 for a Rasch item without one)
/// polytomous   d_k = intercepts, or d_k = −a·b_k from thresholds
/// back         b = −d/a, b_k = −d_k/a, every value rounded to 4 decimals
/// ```
/// (DECISIONS §4, logistic metric; Lord 1980 for the dichotomous forms, Samejima 1969 for the GRM,
/// Muraki 1992 for the GPCM.) Validation is ``IRTModels/ParameterBounds``' — the box the M-step keeps —
/// so a record is usable exactly when a calibration could have produced it.
extension ItemParameters {
    /// The model parameters of this record.
    ///
    /// - Parameter itemID: the item the record belongs to, named in errors.
    /// - Throws: ``ItemBankError/unusableParameters(itemID:reason:)`` when a required value is missing
    ///   (an intercept or difficulty, the intercepts or thresholds of a polytomous item) or a value is
    ///   outside ``IRTModels/ParameterBounds`` (the advisory limits are warnings and do not throw).
    ///   The model itself is typed (``IRTModels/ItemModel``): an unknown model name never reaches
    ///   this point, and no model is ever assumed in its place.
    /// - Complexity: O(K) for K categories.
    public func modelParameters(itemID: String) throws(ItemBankError) -> IRTModels.ItemParameters {
        let intercepts: [Double]
        if model.isDichotomous {
            guard let d = resolvedIntercept else {
                throw .unusableParameters(itemID: itemID, reason: "a \(model.rawValue) item needs an intercept (d) or a difficulty (b)")
            }
            intercepts = [d]
        } else {
            guard let d = resolvedIntercepts, !d.isEmpty else {
                throw .unusableParameters(itemID: itemID, reason: "a \(model.rawValue) item needs its intercepts (d_k) or thresholds (b_k)")
            }
            intercepts = d
        }
        if model.hasGuessing && guessing == nil {
            throw .unusableParameters(itemID: itemID, reason: "a \(model.rawValue) item needs its guessing (c)")
        }
        if model.hasUpperAsymptote && upperAsymptote == nil {
            throw .unusableParameters(itemID: itemID, reason: "a \(model.rawValue) item needs its upper asymptote (u)")
        }
        let out = IRTModels.ItemParameters(model: model, discrimination: slope, intercepts: intercepts,
                                           guessing: model.hasGuessing ? (guessing ?? 0) : 0,
                                           upperAsymptote: model.hasUpperAsymptote ? (upperAsymptote ?? 1) : 1)
        if let problem = ParameterBounds.problems(of: out).first(where: { $0.severity == .error }) {
            throw .unusableParameters(itemID: itemID, reason: problem.message)
        }
        return out
    }

    /// A bank record from model parameters, with both parameterisations, the standard errors (given by
    /// mirt's names `a1`, `d`, `g`, `u`, `d1`…, `b`, `b1`… as `CalibrationResult.namedStandardErrors`
    /// gives them, written under the bank's field names) and the calibration id. Values are rounded to
    /// 4 decimals (``rounded(_:)``: their standard errors are orders of magnitude larger) so that the
    /// reviewed YAML stays readable.
    public init(_ p: IRTModels.ItemParameters, standardErrors: [String: Double]?, calibration: String?) {
        let round4 = Self.rounded
        let dichotomous = p.model.isDichotomous
        var se: [String: StandardErrorValue]?
        if let e = standardErrors {
            var m = [String: StandardErrorValue]()
            if let v = e["a1"] { m["discrimination"] = .scalar(round4(v)) }
            if dichotomous {
                if let v = e["d"] { m["intercept"] = .scalar(round4(v)) }
                if let v = e["b"] { m["difficulty"] = .scalar(round4(v)) }
            } else {
                let steps = p.intercepts.count
                let d = (1...max(1, steps)).compactMap { e["d\($0)"] }
                let b = (1...max(1, steps)).compactMap { e["b\($0)"] }
                if steps > 0 && d.count == steps { m["intercepts"] = .list(d.map(round4)) }
                if steps > 0 && b.count == steps { m["thresholds"] = .list(b.map(round4)) }
            }
            if let v = e["g"] { m["guessing"] = .scalar(round4(v)) }
            if let v = e["u"] { m["upperAsymptote"] = .scalar(round4(v)) }
            se = m.isEmpty ? nil : m
        }
        self.init(model: p.model,
                  discrimination: round4(p.discrimination),
                  intercept: dichotomous ? round4(p.intercept) : nil,
                  difficulty: dichotomous ? round4(p.difficulty) : nil,
                  guessing: p.model.hasGuessing ? round4(p.guessing) : nil,
                  upperAsymptote: p.model.hasUpperAsymptote ? round4(p.upperAsymptote) : nil,
                  intercepts: dichotomous ? nil : p.intercepts.map(round4),
                  thresholds: dichotomous ? nil : p.thresholds.map(round4),
                  standardErrors: se, calibration: calibration)
    }

    /// `x` rounded to 4 decimals, the precision of every number a calibration writes into a bank
    /// (parameters, standard errors, the scale's latent mean and variance).
    public static func rounded(_ x: Double) -> Double { (x * 10_000).rounded() / 10_000 }
}

extension Item {
    /// The model parameters of the item; nil when it has none (a new item before its calibration).
    /// - Throws: ``ItemBankError/unusableParameters(itemID:reason:)``, naming this item.
    public func modelParameters() throws(ItemBankError) -> IRTModels.ItemParameters? {
        guard let parameters else { return nil }
        return try parameters.modelParameters(itemID: id)
    }

    /// The model the item is calibrated with: its recorded model, else 3PL for a multiple-choice item
    /// (guessing is real for four-option items; the Beta prior keeps c stable at small N) and the
    /// graded response model (Samejima 1969) for a graded item.
    public var calibrationModel: ItemModel {
        if let p = parameters { return p.model }
        return type == .multipleChoice ? .threePL : .graded
    }

    /// Whether the item counts on the certification scale: scored and not retired.
    public var isOnScale: Bool { scored && status != .retired }
}

extension ItemBank {
    /// The parameter set of the bank: its scored, non-retired items that have parameters, with the
    /// latent distribution of the bank's scale (its `scale` block, N(0, 1) without one; DECISIONS §4),
    /// fixed rather than estimated (a bank version is a given scale). Nil when no such item has
    /// parameters.
    /// - Throws: ``ItemBankError/unusableParameters(itemID:reason:)`` for the first item whose
    ///   parameters cannot be used (never skipped silently).
    /// - Complexity: O(Σ K_j) over the items.
    public func parameterSet() throws(ItemBankError) -> ParameterSet? {
        var items = [ParameterSet.Item]()
        for item in self.items where item.isOnScale {
            guard let p = try item.modelParameters() else { continue }
            items.append(ParameterSet.Item(id: item.id, parameters: p))
        }
        return items.isEmpty ? nil : ParameterSet(items: items, latent: manifest.latentDistribution)
    }
}
