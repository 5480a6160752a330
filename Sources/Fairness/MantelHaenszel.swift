import Foundation
import MathCore

/// The Mantel–Haenszel DIF statistics of a dichotomous item (Mantel & Haenszel 1959; Holland & Thayer
/// 1988, "Differential item performance and the Mantel–Haenszel procedure", in *Test Validity*).
///
/// Over the informative strata k (both groups present, T_k ≥ 2), with A_k reference right, B_k
/// reference wrong, C_k focal right, D_k focal wrong, n_Rk = A_k + B_k, n_Fk = C_k + D_k,
/// m_1k = A_k + C_k, m_0k = B_k + D_k:
/// ```
/// α_MH   = Σ A_k D_k / T_k  ÷  Σ B_k C_k / T_k            (common odds ratio; > 1 favours the reference group)
/// Δ_MH   = −2.35 ln α_MH                                 (MH D-DIF, ETS delta scale; < 0 against the focal group)
/// χ²_MH  = (|Σ A_k − Σ E(A_k)| − ½)² / Σ Var(A_k),  df = 1 (continuity-corrected)
///   E(A_k)   = n_Rk m_1k / T_k
///   Var(A_k) = n_Rk n_Fk m_1k m_0k / (T_k² (T_k − 1))
/// Var(ln α_MH) = Σ P_k R_k / (2R²) + Σ (P_k S_k + Q_k R_k) / (2RS) + Σ Q_k S_k / (2S²)
///   R_k = A_k D_k / T_k, S_k = B_k C_k / T_k, P_k = (A_k + D_k)/T_k, Q_k = (B_k + C_k)/T_k, R = ΣR_k, S = ΣS_k
/// SE(Δ_MH) = 2.35 · SE(ln α_MH)
/// ```
/// The variance is Robins, Breslow & Greenland (1986, *Biometrics* 42:311–323). The continuity
/// correction is applied as written (not clamped at zero), as in Holland & Thayer and statsmodels'
/// `StratifiedTable.test_null_odds(correction=True)`.
///
/// Edge cases: α_MH is 0 or ∞ (Σ R_k = 0 or Σ S_k = 0) → odds ratio, delta and its SE are nil;
/// Σ Var(A_k) = 0 (no stratum with both right and wrong answers) → χ² and p are nil.
/// Complexity O(strata).
public enum MantelHaenszel {
    /// The statistics of one item; nil marks a quantity that does not exist for these data.
    public struct Statistics: Sendable, Equatable {
        /// Informative strata used.
        public var strata: Int
        /// α_MH.
        public var commonOddsRatio: Double?
        /// SE of ln α_MH (Robins–Breslow–Greenland).
        public var logOddsRatioStandardError: Double?
        /// Δ_MH = −2.35 ln α_MH.
        public var delta: Double?
        /// SE of Δ_MH.
        public var deltaStandardError: Double?
        /// The continuity-corrected χ²_MH (df 1).
        public var chiSquare: Double?
        /// Its p-value.
        public var pValue: Double?
    }

    /// The ETS delta scale's factor: Δ = −2.35 ln α (Holland & Thayer 1988).
    public static let deltaScale = 2.35

    /// The statistics of a dichotomous item's strata (categories 0 wrong, 1 right).
    public static func statistics(_ strata: [DIFStratum]) -> Statistics {
        var used = 0
        var sumA = 0.0, sumE = 0.0, sumV = 0.0
        var r = 0.0, s = 0.0, pr = 0.0, psqr = 0.0, qs = 0.0
        for k in strata where k.isInformative {
            precondition(k.reference.count == 2, "MantelHaenszel.statistics: dichotomous strata only")
            used += 1
            let a = k.reference[1], b = k.reference[0], c = k.focal[1], d = k.focal[0]
            let t = a + b + c + d
            let nR = a + b, nF = c + d, m1 = a + c, m0 = b + d
            sumA += a
            sumE += nR * m1 / t
            sumV += nR * nF * m1 * m0 / (t * t * (t - 1))
            let rk = a * d / t, sk = b * c / t, pk = (a + d) / t, qk = (b + c) / t
            r += rk; s += sk
            pr += pk * rk
            psqr += pk * sk + qk * rk
            qs += qk * sk
        }
        var out = Statistics(strata: used)
        if r > 0, s > 0 {
            let alpha = r / s
            let variance = pr / (2 * r * r) + psqr / (2 * r * s) + qs / (2 * s * s)
            out.commonOddsRatio = alpha
            out.delta = -deltaScale * log(alpha)
            if variance > 0, variance.isFinite {
                out.logOddsRatioStandardError = variance.squareRoot()
                out.deltaStandardError = deltaScale * variance.squareRoot()
            }
        }
        if sumV > 0 {
            let d = abs(sumA - sumE) - 0.5
            let chi = d * d / sumV
            out.chiSquare = chi
            out.pValue = SpecialFunctions.chiSquaredSurvival(chi, degreesOfFreedom: 1)
        }
        return out
    }

    /// The ETS category of a dichotomous item (Zieky 1993; Zwick 2012):
    /// ```
    /// A  |Δ| < 1, or χ²_MH not significant at α
    /// C  |Δ| ≥ 1.5 and |Δ| significantly greater than 1: (|Δ| − 1) / SE(Δ) > z_(1−α)   (one-sided)
    /// B  otherwise
    /// ```
    /// nil when Δ or the χ² p-value does not exist. A C-sized delta without a standard error is B.
    public static func etsClass(_ s: Statistics, alpha: Double) -> ETSClass? {
        guard let delta = s.delta, let p = s.pValue else { return nil }
        let size = abs(delta)
        if size < 1 || p >= alpha { return .a }
        if size >= 1.5, let se = s.deltaStandardError, se > 0,
           (size - 1) / se > SpecialFunctions.normalQuantile(1 - alpha) {
            return .c
        }
        return .b
    }
}
