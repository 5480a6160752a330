import Foundation
import MathCore

/// Logistic-regression DIF (Swaminathan & Rogers 1990, *JEM* 27:361–370) with Zumbo's (1999) R²
/// effect sizes and the Jodoin & Gierl (2001, *AME* 14:329–349) thresholds. Polytomous items use the
/// cumulative (proportional-odds) logit model (Zumbo 1999, ch. 5), dichotomous ones binary logistic
/// regression — both ``CumulativeLogitModel``.
///
/// Three nested models of the item response on X, the matching total score (centred at its mean), and
/// G (1 focal, 0 reference):
/// ```
/// M1: logit P(Y ≥ j) = θ_j + β1 X
/// M2: logit P(Y ≥ j) = θ_j + β1 X + β2 G                 (uniform DIF)
/// M3: logit P(Y ≥ j) = θ_j + β1 X + β2 G + β3 X·G        (non-uniform DIF)
/// χ²_total = 2(ℓ3 − ℓ1), df 2;  χ²_uniform = 2(ℓ2 − ℓ1), df 1;  χ²_non-uniform = 2(ℓ3 − ℓ2), df 1
/// R²_m = Nagelkerke: (1 − exp(2(ℓ0 − ℓm)/n)) / (1 − exp(2ℓ0/n)),  ℓ0 the intercept-only model
/// ΔR² = R²_3 − R²_1   (Zumbo 1999)
/// class: A  χ²_total not significant at α, or ΔR² < .035
///        C  significant and ΔR² ≥ .070
///        B  otherwise                                     (Jodoin & Gierl 2001)
/// ```
/// β2 < 0 means the focal group is less likely to score higher at the same total score.
public enum LogisticRegressionDIF {
    /// Jodoin & Gierl's (2001) ΔR² bounds.
    public static let moderateRSquared = 0.035, largeRSquared = 0.070

    public struct Statistics: Sendable, Equatable {
        public var persons: Int
        /// ℓ1, ℓ2, ℓ3 (nil when a fit did not converge).
        public var logLikelihoods: [Double?]
        public var chiSquareTotal: Double?, pValueTotal: Double?
        public var chiSquareUniform: Double?, pValueUniform: Double?
        public var chiSquareNonUniform: Double?, pValueNonUniform: Double?
        /// Nagelkerke R² of M1, M2, M3.
        public var rSquared: [Double?]
        public var rSquaredChange: Double?, rSquaredChangeUniform: Double?, rSquaredChangeNonUniform: Double?
        /// β2 of M2 and β3 of M3.
        public var groupCoefficient: Double?, interactionCoefficient: Double?
        /// The Jodoin–Gierl category A/B/C.
        public var effectClass: ETSClass?
        /// Whether every fit converged.
        public var converged: Bool
    }

    /// The three models for one item: `score[p]` in 0..K−1 (every category present), `matching[p]` the
    /// total score, `isFocal[p]` the group.
    public static func statistics(score: [Int], matching: [Int], isFocal: [Bool], categories: Int,
                                  alpha: Double) -> Statistics {
        let n = score.count
        let mean = matching.reduce(0.0) { $0 + Double($1) } / Double(max(n, 1))
        let x = matching.map { Double($0) - mean }
        let g = isFocal.map { $0 ? 1.0 : 0.0 }
        let model = CumulativeLogitModel(categories: categories)
        let designs: [[[Double]]] = [
            x.map { [$0] },
            zip(x, g).map { [$0, $1] },
            zip(x, g).map { [$0, $1, $0 * $1] },
        ]
        let fits = designs.map { model.fit(score, covariates: $0) }
        let ll0 = CumulativeLogitModel.nullLogLikelihood(score, categories: categories)
        let lls: [Double?] = fits.map { $0.converged ? $0.logLikelihood : nil }
        let nd = Double(n)
        let maxR2 = 1 - exp(2 * ll0 / nd)
        let r2: [Double?] = lls.map { ll in
            guard let ll, maxR2 > 0 else { return nil }
            return (1 - exp(2 * (ll0 - ll) / nd)) / maxR2
        }
        func test(_ hi: Int, _ lo: Int, df: Double) -> (Double?, Double?) {
            guard let a = lls[hi], let b = lls[lo] else { return (nil, nil) }
            let chi = max(0, 2 * (a - b))
            return (chi, SpecialFunctions.chiSquaredSurvival(chi, degreesOfFreedom: df))
        }
        func change(_ hi: Int, _ lo: Int) -> Double? {
            guard let a = r2[hi], let b = r2[lo] else { return nil }
            return a - b
        }
        var s = Statistics(persons: n, logLikelihoods: lls, rSquared: r2, converged: fits.allSatisfy(\.converged))
        (s.chiSquareTotal, s.pValueTotal) = test(2, 0, df: 2)
        (s.chiSquareUniform, s.pValueUniform) = test(1, 0, df: 1)
        (s.chiSquareNonUniform, s.pValueNonUniform) = test(2, 1, df: 1)
        s.rSquaredChange = change(2, 0)
        s.rSquaredChangeUniform = change(1, 0)
        s.rSquaredChangeNonUniform = change(2, 1)
        s.groupCoefficient = fits[1].converged ? fits[1].coefficients[1] : nil
        s.interactionCoefficient = fits[2].converged ? fits[2].coefficients[2] : nil
        if let p = s.pValueTotal, let dr = s.rSquaredChange {
            s.effectClass = p >= alpha || dr < moderateRSquared ? .a : (dr >= largeRSquared ? .c : .b)
        }
        return s
    }
}
