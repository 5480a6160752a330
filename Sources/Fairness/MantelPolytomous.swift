import Foundation
import MathCore

/// DIF statistics of a polytomous item: Mantel's (1963) test for ordered responses and the
/// standardized mean difference (Dorans & Schmitt 1991), classified AA/BB/CC as in Zwick, Thayer &
/// Mazzeo (1997, "Descriptive and inferential procedures for assessing DIF in polytomous items",
/// *Applied Measurement in Education* 10:321–344).
///
/// With item scores y_j = j (j = 0..K−1) and, in stratum k, n_Rjk and n_Fjk persons of each group in
/// category j (n_+jk = n_Rjk + n_Fjk, T_k all persons):
/// ```
/// F_k      = Σ_j y_j n_Fjk                                   (focal score total)
/// E(F_k)   = n_Fk / T_k · Σ_j y_j n_+jk
/// Var(F_k) = n_Rk n_Fk / (T_k² (T_k − 1)) · (T_k Σ_j y_j² n_+jk − (Σ_j y_j n_+jk)²)
/// χ²_Mantel = (Σ F_k − Σ E(F_k))² / Σ Var(F_k),   df = 1 (no continuity correction)
/// SMD      = Σ_k (n_Fk / n_F) (ȳ_Fk − ȳ_Rk)                  (< 0: the focal group scores lower)
/// ES       = SMD / SD(y)       SD(y): the item score's SD over both groups (persons in informative strata)
/// ```
/// For a dichotomous item Mantel's χ² is the Mantel–Haenszel χ² without continuity correction.
/// Edge cases: Σ Var = 0 → χ², p nil; SD(y) = 0 → ES nil. Complexity O(strata · K).
public enum MantelPolytomous {
    public struct Statistics: Sendable, Equatable {
        /// Informative strata used.
        public var strata: Int
        /// Mantel's χ² (df 1).
        public var chiSquare: Double?
        public var pValue: Double?
        /// The standardized mean difference (focal − reference, weighted by the focal group).
        public var standardizedMeanDifference: Double?
        /// SMD divided by the item score's standard deviation.
        public var effectSize: Double?
    }

    /// Zwick, Thayer & Mazzeo's (1997) effect-size bounds: |ES| ≤ .17 negligible, > .25 large.
    public static let moderateEffect = 0.17, largeEffect = 0.25

    public static func statistics(_ strata: [DIFStratum]) -> Statistics {
        var used = 0
        var sumF = 0.0, sumE = 0.0, sumV = 0.0
        var smdNumerator = 0.0, focalTotal = 0.0
        var n = 0.0, sumY = 0.0, sumY2 = 0.0
        for k in strata where k.isInformative {
            used += 1
            let nR = k.referenceTotal, nF = k.focalTotal, t = nR + nF
            var fk = 0.0, rk = 0.0, s1 = 0.0, s2 = 0.0
            for j in k.reference.indices {
                let y = Double(j), both = k.reference[j] + k.focal[j]
                fk += y * k.focal[j]
                rk += y * k.reference[j]
                s1 += y * both
                s2 += y * y * both
            }
            sumF += fk
            sumE += nF / t * s1
            sumV += nR * nF / (t * t * (t - 1)) * (t * s2 - s1 * s1)
            smdNumerator += nF * (fk / nF - rk / nR)
            focalTotal += nF
            n += t; sumY += s1; sumY2 += s2
        }
        var out = Statistics(strata: used)
        if sumV > 0 {
            let d = sumF - sumE
            out.chiSquare = d * d / sumV
            out.pValue = SpecialFunctions.chiSquaredSurvival(d * d / sumV, degreesOfFreedom: 1)
        }
        if focalTotal > 0 {
            let smd = smdNumerator / focalTotal
            out.standardizedMeanDifference = smd
            let variance = n > 1 ? (sumY2 - sumY * sumY / n) / (n - 1) : 0
            if variance > 0 { out.effectSize = smd / variance.squareRoot() }
        }
        return out
    }

    /// The ETS category of a polytomous item (Zwick, Thayer & Mazzeo 1997; Allen, Carlson & Zelenak 1999):
    /// ```
    /// AA  Mantel's χ² not significant at α, or |ES| ≤ .17
    /// CC  significant and |ES| > .25
    /// BB  otherwise
    /// ```
    public static func etsClass(_ s: Statistics, alpha: Double) -> ETSClass? {
        guard let p = s.pValue, let es = s.effectSize else { return nil }
        if p >= alpha || abs(es) <= moderateEffect { return .aa }
        return abs(es) > largeEffect ? .cc : .bb
    }
}
