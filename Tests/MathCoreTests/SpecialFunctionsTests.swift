import Foundation
import MathCore
import Testing

private typealias SF = SpecialFunctions

@Suite("Normal distribution")
struct NormalTests {
    /// Published values (R `pnorm`/`qnorm`, SciPy `norm.cdf`/`norm.ppf`, Abramowitz & Stegun Table 26.1).
    @Test("Φ at published values", arguments: [
        (1.96, 0.9750021048517795),
        (-1.0, 0.15865525393145705),
        (0.0, 0.5),
        (-5.0, 2.866515718791939e-07),
    ])
    func cdf(x: Double, p: Double) {
        #expect(close(SF.normalCDF(x), p, relative: 1e-14))
        #expect(close(SF.normalSurvival(-x), p, relative: 1e-14))
    }

    @Test("Φ⁻¹ at published values", arguments: [
        (0.975, 1.959963984540054),
        (0.025, -1.959963984540054),
        (0.95, 1.6448536269514722),
        (1e-10, -6.361340902404056),
        (0.5, 0.0),
    ])
    func quantile(p: Double, x: Double) {
        #expect(close(SF.normalQuantile(p), x, relative: 1e-14))
    }

    @Test("Φ, Φ⁻¹ specials: ±∞, 0, 1, NaN, out of range")
    func specials() {
        #expect(SF.normalCDF(.infinity) == 1)
        #expect(SF.normalCDF(-.infinity) == 0)
        #expect(SF.normalCDF(.nan).isNaN)
        #expect(SF.normalQuantile(0) == -.infinity)
        #expect(SF.normalQuantile(1) == .infinity)
        #expect(SF.normalQuantile(.nan).isNaN)
        #expect(SF.normalQuantile(-0.1).isNaN)
        #expect(SF.normalQuantile(1.1).isNaN)
        #expect(close(SF.normalDensity(0), 1 / (2 * Double.pi).squareRoot()))
    }

    /// Φ(Φ⁻¹(p)) = p over eighteen decades of p, through all three branches of AS 241.
    @Test("round trip Φ(Φ⁻¹(p)) = p", arguments: [1e-300, 1e-100, 1e-20, 1e-12, 1e-5, 0.001, 0.02, 0.075, 0.3, 0.5, 0.7, 0.925, 0.99, 0.999999])
    func roundTripP(p: Double) {
        let x = SF.normalQuantile(p)
        #expect(close(SF.normalCDF(x), p, relative: 1e-12), "Φ(Φ⁻¹(\(p))) = \(SF.normalCDF(x))")
        if p >= 1e-5 {  // below that, 1 − p itself carries a rounding error too large to compare
            #expect(close(SF.normalQuantile(1 - p), -x, relative: 1e-9, absolute: 1e-15),
                    "symmetry Φ⁻¹(1 − p) = −Φ⁻¹(p)")
        }
    }

    @Test("round trip Φ⁻¹(Φ(x)) = x in the lower tail and centre")
    func roundTripX() {
        for i in 0...160 {
            let x = -37.0 + Double(i) * 0.25  // −37 … +3
            #expect(close(SF.normalQuantile(SF.normalCDF(x)), x, relative: 1e-12, absolute: 1e-13), "x = \(x)")
        }
    }
}

@Suite("Incomplete gamma, χ²")
struct GammaTests {
    /// P(1, x) = 1 − e^(−x); both the series (x < 2) and the continued fraction (x ≥ 2) branches.
    @Test("P(1, x) = 1 − e^(−x), Q(1, x) = e^(−x)", arguments: [1e-8, 0.1, 0.5, 1.99, 2.0, 5, 30, 300])
    func exponential(x: Double) {
        #expect(close(SF.regularizedGammaP(1, x), -expm1(-x), relative: 1e-13))
        #expect(close(SF.regularizedGammaQ(1, x), exp(-x), relative: 1e-12))
    }

    /// Q(n, x) = e^(−x) Σ_{k<n} x^k/k! (Poisson tail) for integer n.
    @Test("Q(n, x) equals the Poisson sum for integer n", arguments: [(3, 0.5), (3, 7.0), (10, 4.0), (10, 15.0), (25, 25.0)])
    func poisson(n: Int, x: Double) {
        var term = 1.0, sum = 1.0
        for k in 1..<n { term *= x / Double(k); sum += term }
        let q = exp(-x) * sum
        #expect(close(SF.regularizedGammaQ(Double(n), x), q, relative: 1e-12))
        #expect(close(SF.regularizedGammaP(Double(n), x), 1 - q, relative: 1e-12, absolute: 1e-15))
    }

    /// P(½, x) = erf(√x).
    @Test("P(½, x) = erf(√x)", arguments: [0.01, 0.3, 1.2, 4.0, 12.0])
    func half(x: Double) {
        #expect(close(SF.regularizedGammaP(0.5, x), erf(x.squareRoot()), relative: 1e-13))
        #expect(close(SF.regularizedGammaQ(0.5, x), erfc(x.squareRoot()), relative: 1e-11))
    }

    @Test("χ² survival: 2 df is e^(−x/2); 1 df at 3.841458820694124 is 0.05")
    func chiSquared() {
        for x in [0.1, 1.0, 2.5, 9.0, 40.0] {
            #expect(close(SF.chiSquaredSurvival(x, degreesOfFreedom: 2), exp(-x / 2), relative: 1e-12))
        }
        #expect(abs(SF.chiSquaredSurvival(3.841458820694124, degreesOfFreedom: 1) - 0.05) < 1e-9)
        // 1 df: survival = 2(1 − Φ(√x)) = erfc(√(x/2)).
        #expect(close(SF.chiSquaredSurvival(6.635, degreesOfFreedom: 1), erfc((6.635 / 2).squareRoot()), relative: 1e-11))
        #expect(SF.chiSquaredSurvival(0, degreesOfFreedom: 3) == 1)
    }

    @Test("gamma edge cases")
    func edges() {
        #expect(SF.regularizedGammaP(2, 0) == 0)
        #expect(SF.regularizedGammaQ(2, 0) == 1)
        #expect(SF.regularizedGammaP(2, .infinity) == 1)
        #expect(SF.regularizedGammaQ(2, .infinity) == 0)
        #expect(SF.regularizedGammaP(0, 1).isNaN)
        #expect(SF.regularizedGammaP(1, -1).isNaN)
        #expect(SF.regularizedGammaQ(.nan, 1).isNaN)
        #expect(close(SF.logGamma(5), log(24.0)))
        #expect(close(SF.logGamma(0.5), 0.5 * log(Double.pi)))
    }
}

@Suite("Incomplete beta, F and t")
struct BetaTests {
    @Test("I_x(1, 1) = x, I_x(a, 1) = x^a, I_x(1, b) = 1 − (1 − x)^b", arguments: [0.001, 0.2, 0.5, 0.77, 0.999])
    func closedForms(x: Double) {
        #expect(close(SF.regularizedBeta(x, 1, 1), x, relative: 1e-14))
        for a in [0.5, 2.0, 3.7, 12.0] {
            #expect(close(SF.regularizedBeta(x, a, 1), pow(x, a), relative: 1e-12), "a = \(a)")
            #expect(close(SF.regularizedBeta(x, 1, a), -expm1(a * log1p(-x)), relative: 1e-12), "b = \(a)")
        }
    }

    @Test("symmetry I_x(a, b) = 1 − I_{1−x}(b, a) and I_½(a, a) = ½",
          arguments: [(0.3, 2.5, 4.0), (0.6, 0.7, 9.0), (0.05, 30.0, 2.0), (0.9, 1.5, 1.5)])
    func symmetry(x: Double, a: Double, b: Double) {
        #expect(close(SF.regularizedBeta(x, a, b), 1 - SF.regularizedBeta(1 - x, b, a), relative: 1e-12, absolute: 1e-15))
        #expect(close(SF.regularizedBeta(0.5, a, a), 0.5, relative: 1e-13))
    }

    /// I_x(a, 2) = (a + 1)·x^a − a·x^(a+1) = x^a (a + 1 − a x), since B(a, 2) = 1/(a(a + 1));
    /// checked deep in the tail too (x = 0.05, a = 30 gives ≈ 2.7e−38).
    @Test("I_x(a, 2) = x^a (a + 1 − a x), including the far tail", arguments: [(0.05, 30.0), (0.3, 2.5), (0.8, 7.0), (0.999, 0.5)])
    func bIsTwo(x: Double, a: Double) {
        #expect(close(SF.regularizedBeta(x, a, 2), pow(x, a) * (a + 1 - a * x), relative: 1e-12))
    }

    @Test("beta edge cases")
    func edges() {
        #expect(SF.regularizedBeta(0, 2, 3) == 0)
        #expect(SF.regularizedBeta(1, 2, 3) == 1)
        #expect(SF.regularizedBeta(-0.1, 2, 3).isNaN)
        #expect(SF.regularizedBeta(1.1, 2, 3).isNaN)
        #expect(SF.regularizedBeta(0.5, 0, 3).isNaN)
        #expect(SF.regularizedBeta(.nan, 2, 3).isNaN)
    }

    @Test("t two-sided p at the published 0.975 quantile with 10 df is 0.05")
    func tTable() {
        #expect(abs(SF.tTwoSided(2.228138851986, degreesOfFreedom: 10) - 0.05) < 1e-9)
        #expect(abs(SF.tTwoSided(-2.228138851986, degreesOfFreedom: 10) - 0.05) < 1e-9)
        #expect(SF.tTwoSided(0, degreesOfFreedom: 10) == 1)
    }

    /// With 1 df the t distribution is Cauchy: two-sided p = 1 − (2/π) atan|t|.
    @Test("t with 1 df is Cauchy", arguments: [0.3, 1.0, 4.0, 50.0])
    func cauchy(t: Double) {
        #expect(close(SF.tTwoSided(t, degreesOfFreedom: 1), 1 - 2 / Double.pi * atan(t), relative: 1e-12))
    }

    @Test("F upper tail at the published F(0.95; 3, 10) = 3.708264819 is 0.05")
    func fTable() {
        #expect(abs(SF.fSurvival(3.708264819, 3, 10) - 0.05) < 1e-9)
        #expect(SF.fSurvival(0, 3, 10) == 1)
    }

    @Test("F(2, 2) survival = 1/(1 + x); F(1, ν) at t² equals the two-sided t p", arguments: [0.25, 1.0, 3.0, 19.0])
    func fClosedForms(x: Double) {
        #expect(close(SF.fSurvival(x, 2, 2), 1 / (1 + x), relative: 1e-13))
        #expect(close(SF.fSurvival(x * x, 1, 7), SF.tTwoSided(x, degreesOfFreedom: 7), relative: 1e-12))
    }
}
