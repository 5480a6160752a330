import Foundation
import IRTModels
import MathCore
import Testing
@testable import Fairness

@Suite("Logistic-regression DIF")
struct LogisticRegressionTests {
    /// A closed form: with two score levels (X ∈ {3, 7}) and two groups, model 3 (X, G, X·G) is saturated
    /// on the four cells and model 1 (X) on the two score levels, so the fitted probabilities are the
    /// observed proportions:
    /// ```
    ///            X=3            X=7
    /// ref     6 of 20 right   14 of 20 right
    /// focal   3 of 20 right   12 of 20 right
    /// ℓ3 = Σ_cells [r ln(r/n) + (n−r) ln(1 − r/n)]
    /// ℓ1 = Σ_X   [r ln(r/n) + (n−r) ln(1 − r/n)] with the groups pooled (9 of 40, 26 of 40)
    /// β3 = ln OR(focal, X=7) − ln OR(focal, X=3) per 4 score points:
    ///      (logit(12/20) − logit(14/20) − logit(3/20) + logit(6/20)) / 4
    /// ```
    @Test("Saturated cases match the closed form: ℓ1, ℓ3, the 2-df χ² and the interaction coefficient")
    func closedForm() {
        var score: [Int] = [], matching: [Int] = [], isFocal: [Bool] = []
        func cell(_ x: Int, _ focal: Bool, right: Int, of n: Int) {
            for i in 0..<n { score.append(i < right ? 1 : 0); matching.append(x); isFocal.append(focal) }
        }
        cell(3, false, right: 6, of: 20); cell(7, false, right: 14, of: 20)
        cell(3, true, right: 3, of: 20); cell(7, true, right: 12, of: 20)
        func ll(_ r: Double, _ n: Double) -> Double { r * log(r / n) + (n - r) * log(1 - r / n) }
        let l3 = ll(6, 20) + ll(14, 20) + ll(3, 20) + ll(12, 20)
        let l1 = ll(9, 40) + ll(26, 40)
        let s = LogisticRegressionDIF.statistics(score: score, matching: matching, isFocal: isFocal, categories: 2, alpha: 0.05)
        #expect(s.converged)
        #expect(close(s.logLikelihoods[2], l3, relative: 1e-9))
        #expect(close(s.logLikelihoods[0], l1, relative: 1e-9))
        #expect(close(s.chiSquareTotal, 2 * (l3 - l1), relative: 1e-7))
        let logit = Logistic.logit
        let beta3 = (logit(12.0 / 20) - logit(14.0 / 20) - logit(3.0 / 20) + logit(6.0 / 20)) / 4
        #expect(close(s.interactionCoefficient, beta3, relative: 1e-7))
        // Nagelkerke R²: ℓ0 = 35 of 80 right.
        let l0 = ll(35, 80)
        let r2 = (1 - exp(2 * (l0 - l3) / 80)) / (1 - exp(2 * l0 / 80))
        #expect(close(s.rSquared[2], r2, relative: 1e-9))
    }

    /// With no covariate the cumulative-logit fit is the marginal distribution: θ_j = logit P(Y ≥ j).
    @Test("The intercept-only cumulative logit reproduces the marginal cumulative logits")
    func interceptOnly() {
        let y = [0, 0, 1, 1, 1, 2, 2, 2, 2, 2]
        let fit = CumulativeLogitModel(categories: 3).fit(y, covariates: y.map { _ in [] })
        #expect(fit.converged)
        #expect(close(fit.thresholds[0], Logistic.logit(0.8), relative: 1e-9))
        #expect(close(fit.thresholds[1], Logistic.logit(0.5), absolute: 1e-9))
        #expect(close(fit.logLikelihood, CumulativeLogitModel.nullLogLikelihood(y, categories: 3), relative: 1e-12))
    }

    /// Seeded two-group data (one dichotomous and one 4-category item with DIF) against statsmodels'
    /// `Logit` (binary, with a constant) and `OrderedModel` (logit link; τ_j = −θ_(j+1), same β): the
    /// three nested models' log-likelihoods and the group and interaction coefficients.
    @Test("Binary and cumulative logit fits agree with statsmodels Logit and OrderedModel",
          .enabled(if: PythonOracle.available, Comment(rawValue: PythonOracle.skipMessage)))
    func statsmodelsFits() throws {
        var g = SeededGenerator(seed: 99)
        for categories in [2, 4] {
            var y: [Int] = [], x: [Int] = [], focal: [Bool] = []
            for p in 0..<600 {
                let isFocal = p % 3 == 0
                let total = Int(g.nextUniform() * 21)
                let eta = 0.25 * Double(total - 10) - (isFocal ? 0.5 : 0) + (isFocal ? 0.05 * Double(total - 10) : 0)
                // Cumulative logit thresholds 1, 0, −1 (K = 4) or 0 (K = 2).
                let thresholds = categories == 2 ? [0.0] : [1.0, 0, -1]
                let u = g.nextUniform()
                var score = 0
                for t in thresholds where u < Logistic.logistic(t + eta) { score += 1 }
                y.append(score); x.append(total); focal.append(isFocal)
            }
            let s = LogisticRegressionDIF.statistics(score: y, matching: x, isFocal: focal, categories: categories, alpha: 0.05)
            let mean = Double(x.reduce(0, +)) / Double(x.count)
            let input = zip(y, zip(x, focal)).map { "\($0) \(Double($1.0) - mean) \($1.1 ? 1 : 0)" }.joined(separator: "\n")
            let script = """
                import sys, json, numpy as np
                import statsmodels.api as sm
                from statsmodels.miscmodels.ordinal_model import OrderedModel
                d = np.loadtxt(sys.stdin)
                y, x, g = d[:, 0].astype(int), d[:, 1], d[:, 2]
                designs = [np.column_stack([x]), np.column_stack([x, g]), np.column_stack([x, g, x * g])]
                out = []
                for X in designs:
                    if \(categories) == 2:
                        r = sm.Logit(y, sm.add_constant(X)).fit(disp=0, method="newton", maxiter=200, tol=1e-12)
                        out.append([float(r.llf)] + [float(v) for v in r.params[1:]])
                    else:
                        r = OrderedModel(y, X, distr="logit").fit(method="bfgs", disp=0, maxiter=5000, gtol=1e-10)
                        out.append([float(r.llf)] + [float(v) for v in r.params[:X.shape[1]]])
                print(json.dumps(out))
                """
            let reference = try #require(try PythonOracle.json(script, input: input) as? [[Double]])
            for m in 0..<3 {
                #expect(close(s.logLikelihoods[m], reference[m][0], relative: 1e-7), "K=\(categories) model \(m + 1): ℓ \(String(describing: s.logLikelihoods[m])) vs \(reference[m][0])")
            }
            #expect(close(s.groupCoefficient, reference[1][2], relative: 1e-4), "β_G \(String(describing: s.groupCoefficient)) vs \(reference[1][2])")
            #expect(close(s.interactionCoefficient, reference[2][3], relative: 1e-3, absolute: 1e-5))
        }
    }
}
