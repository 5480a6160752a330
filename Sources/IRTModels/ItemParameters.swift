#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif
import MathCore

/// The parameters of one item in slope/intercept form, with its IRT-form views.
///
/// `intercepts` holds d for dichotomous items, d_1..d_{K−1} (decreasing) for the graded model and
/// the step intercepts c_v = −a·b_v for the GPCM. `guessing` is c (0 unless 3PL/4PL) and
/// `upperAsymptote` u (1 unless 4PL).
public struct ItemParameters: Sendable, Equatable, Codable, Hashable {
    public var model: ItemModel
    /// Slope a (discrimination).
    public var discrimination: Double
    /// Intercepts (see the type's documentation).
    public var intercepts: [Double]
    /// Lower asymptote c.
    public var guessing: Double
    /// Upper asymptote u.
    public var upperAsymptote: Double

    public init(model: ItemModel, discrimination: Double, intercepts: [Double],
                guessing: Double = 0, upperAsymptote: Double = 1) {
        self.model = model
        self.discrimination = discrimination
        self.intercepts = intercepts
        self.guessing = guessing
        self.upperAsymptote = upperAsymptote
    }

    /// A dichotomous item from IRT form (a, b, c, u): d = −a·b.
    public static func dichotomous(_ model: ItemModel, discrimination a: Double, difficulty b: Double,
                                   guessing c: Double = 0, upperAsymptote u: Double = 1) -> ItemParameters {
        ItemParameters(model: model, discrimination: a, intercepts: [-a * b], guessing: c, upperAsymptote: u)
    }

    /// A graded item from thresholds b_k (increasing): d_k = −a·b_k.
    public static func graded(discrimination a: Double, thresholds: [Double]) -> ItemParameters {
        ItemParameters(model: .graded, discrimination: a, intercepts: thresholds.map { -a * $0 })
    }

    /// A GPCM item from step difficulties b_v: c_v = −a·b_v.
    public static func partialCredit(discrimination a: Double, stepDifficulties: [Double]) -> ItemParameters {
        ItemParameters(model: .gpcm, discrimination: a, intercepts: stepDifficulties.map { -a * $0 })
    }

    /// Number of response categories K.
    public var categoryCount: Int { model.isDichotomous ? 2 : intercepts.count + 1 }

    /// d of a dichotomous item.
    public var intercept: Double { intercepts.first ?? 0 }

    /// b = −d/a of a dichotomous item.
    public var difficulty: Double { -intercept / discrimination }

    /// Thresholds b_k = −d_k/a (GRM) or step difficulties b_v = −c_v/a (GPCM).
    public var thresholds: [Double] { intercepts.map { -$0 / discrimination } }

    // MARK: Free-parameter vectors (the order used by calibration and standard errors)

    /// Names of the free parameters in vector order, as in mirt (`a1`, `d`, `g`, `u`; `d1..dK`).
    public var parameterNames: [String] { model.parameterNames(categories: categoryCount) }

    /// The free parameters as a vector (order of `parameterNames`).
    public var freeParameters: [Double] {
        switch model {
        case .rasch: return [intercept]
        case .twoPL: return [discrimination, intercept]
        case .threePL: return [discrimination, intercept, guessing]
        case .fourPL: return [discrimination, intercept, guessing, upperAsymptote]
        case .graded, .gpcm: return [discrimination] + intercepts
        }
    }

    /// A copy with the free parameters replaced by `vector` (order of `parameterNames`).
    public func with(freeParameters v: [Double]) -> ItemParameters {
        var p = self
        switch model {
        case .rasch: p.intercepts = [v[0]]
        case .twoPL: p.discrimination = v[0]; p.intercepts = [v[1]]
        case .threePL: p.discrimination = v[0]; p.intercepts = [v[1]]; p.guessing = v[2]
        case .fourPL: p.discrimination = v[0]; p.intercepts = [v[1]]; p.guessing = v[2]; p.upperAsymptote = v[3]
        case .graded, .gpcm: p.discrimination = v[0]; p.intercepts = Array(v[1...])
        }
        return p
    }

    /// True when the parameters define valid probabilities: finite, a > 0 (a ≥ 0 for Rasch's fixed
    /// slope), 0 ≤ c < u ≤ 1, graded intercepts strictly decreasing.
    public var isValid: Bool { invalidity == nil }

    /// The first check of ``isValid`` that fails, in words (`nil` when the parameters are valid).
    public var invalidity: String? {
        if !discrimination.isFinite { return "the discrimination (slope) \(discrimination) is not a finite number" }
        if let d = intercepts.first(where: { !$0.isFinite }) { return "the intercept \(d) is not a finite number" }
        if !guessing.isFinite || !upperAsymptote.isFinite { return "the guessing or upper asymptote is not a finite number" }
        if guessing < 0 { return "the guessing parameter \(guessing) is negative" }
        if upperAsymptote > 1 { return "the upper asymptote \(upperAsymptote) is above 1" }
        if guessing >= upperAsymptote { return "the guessing parameter \(guessing) is not below the upper asymptote \(upperAsymptote)" }
        if model == .graded {
            for k in 1..<max(1, intercepts.count) where intercepts[k] >= intercepts[k - 1] {
                return "the graded intercepts are not strictly decreasing (intercept \(k + 1) = \(intercepts[k]) ≥ intercept \(k) = \(intercepts[k - 1]))"
            }
        }
        return nil
    }
}
