#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

/// Special functions for p-values and interval estimates: normal, χ², F, t, gamma and beta.
///
/// References: Abramowitz & Stegun (1964) §6.5, §26; Press et al., *Numerical Recipes* (3rd ed.) §6.2
/// (series and continued fraction of the incomplete gamma), §6.4 (Lentz continued fraction of the
/// incomplete beta); Wichura (1988) AS 241 for the normal quantile.
public enum SpecialFunctions {
    /// Relative accuracy targeted by the series and continued fractions.
    public static let epsilon = 1e-15
    /// Iteration cap of the series and continued fractions (enough for arguments up to ~10⁵).
    public static let maxIterations = 10_000

    /// Standard normal density φ(x) = exp(−x²/2)/√(2π).
    public static func normalDensity(_ x: Double) -> Double { exp(-0.5 * x * x) / (2 * Double.pi).squareRoot() }

    /// Standard normal cdf Φ(x) = erfc(−x/√2)/2, accurate in the lower tail (no cancellation).
    public static func normalCDF(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

    /// Upper tail 1 − Φ(x) = erfc(x/√2)/2.
    public static func normalSurvival(_ x: Double) -> Double { 0.5 * erfc(x / 2.0.squareRoot()) }

    /// Standard normal quantile Φ⁻¹(p), Wichura's AS 241 (PPND16, relative error ≈ 1e−16).
    /// Returns −∞ at 0, +∞ at 1 and NaN outside [0, 1].
    public static func normalQuantile(_ p: Double) -> Double {
        if p.isNaN || p < 0 || p > 1 { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        let q = p - 0.5
        if abs(q) <= 0.425 {
            let r = 0.180625 - q * q
            let num = (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r
                + 45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r
                + 133.14166789178437745) * r + 3.387132872796366608)
            let den = (((((((5226.495278852545925 * r + 28729.085735721942674) * r + 39307.89580009271061) * r
                + 21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r
                + 42.313330701600911252) * r + 1.0)
            return q * num / den
        }
        var r = q < 0 ? p : 1 - p
        r = (-log(r)).squareRoot()
        var x: Double
        if r <= 5 {
            r -= 1.6
            let num = (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r + 0.24178072517745061177) * r
                + 1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r
                + 4.6303378461565452959) * r + 1.42343711074968357734)
            let den = (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r
                + 0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r
                + 2.05319162663775882187) * r + 1.0)
            x = num / den
        } else {
            r -= 5
            let num = (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r
                + 0.026532189526576123093) * r + 0.29656057182850489123) * r + 1.7848265399172913358) * r
                + 5.4637849111641143699) * r + 6.6579046435011037772)
            let den = (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r
                + 7.868691311456132591e-4) * r + 0.0148753612908506148525) * r + 0.13692988092273580531) * r
                + 0.59983220655588793769) * r + 1.0)
            x = num / den
        }
        return q < 0 ? -x : x
    }

    /// log Γ(x) for x > 0 (C library `lgamma`).
    public static func logGamma(_ x: Double) -> Double { lgamma(x) }

    /// Regularized lower incomplete gamma P(a, x) = γ(a, x)/Γ(a), a > 0, x ≥ 0.
    /// Series for x < a + 1, continued fraction otherwise (Numerical Recipes §6.2).
    public static func regularizedGammaP(_ a: Double, _ x: Double) -> Double {
        if a.isNaN || x.isNaN || a <= 0 || x < 0 { return .nan }
        if x == 0 { return 0 }
        if x == .infinity { return 1 }
        if x < a + 1 { return gammaSeries(a, x) }
        return 1 - gammaContinuedFraction(a, x)
    }

    /// Regularized upper incomplete gamma Q(a, x) = 1 − P(a, x), computed directly in the upper tail.
    public static func regularizedGammaQ(_ a: Double, _ x: Double) -> Double {
        if a.isNaN || x.isNaN || a <= 0 || x < 0 { return .nan }
        if x == 0 { return 1 }
        if x == .infinity { return 0 }
        if x < a + 1 { return 1 - gammaSeries(a, x) }
        return gammaContinuedFraction(a, x)
    }

    private static func gammaSeries(_ a: Double, _ x: Double) -> Double {
        var ap = a
        var sum = 1 / a
        var del = sum
        for _ in 0..<maxIterations {
            ap += 1
            del *= x / ap
            sum += del
            if abs(del) < abs(sum) * epsilon { break }
        }
        return sum * exp(-x + a * log(x) - logGamma(a))
    }

    private static func gammaContinuedFraction(_ a: Double, _ x: Double) -> Double {
        let tiny = 1e-300
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        for i in 1...maxIterations {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let del = d * c
            h *= del
            if abs(del - 1) < epsilon { break }
        }
        return exp(-x + a * log(x) - logGamma(a)) * h
    }

    /// Regularized incomplete beta I_x(a, b), a, b > 0, x ∈ [0, 1] (Lentz continued fraction,
    /// using the symmetry I_x(a,b) = 1 − I_{1−x}(b,a) where it converges faster).
    public static func regularizedBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
        if x.isNaN || a.isNaN || b.isNaN || a <= 0 || b <= 0 || x < 0 || x > 1 { return .nan }
        if x == 0 { return 0 }
        if x == 1 { return 1 }
        let lbt = logGamma(a + b) - logGamma(a) - logGamma(b) + a * log(x) + b * log1p(-x)
        let bt = exp(lbt)
        if x < (a + 1) / (a + b + 2) {
            return bt * betaContinuedFraction(x, a, b) / a
        }
        return 1 - bt * betaContinuedFraction(1 - x, b, a) / b
    }

    private static func betaContinuedFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        let qab = a + b, qap = a + 1, qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...maxIterations {
            let m2 = Double(2 * m)
            let md = Double(m)
            var aa = md * (b - md) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + md) * (qab + md) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let del = d * c
            h *= del
            if abs(del - 1) < epsilon { break }
        }
        return h
    }

    /// Upper-tail p-value of a χ² statistic with `df` degrees of freedom: Q(df/2, x/2).
    public static func chiSquaredSurvival(_ x: Double, degreesOfFreedom df: Double) -> Double {
        if x <= 0 { return 1 }
        return regularizedGammaQ(df / 2, x / 2)
    }

    /// Upper-tail p-value of an F statistic: I_{d2/(d2 + d1 x)}(d2/2, d1/2).
    public static func fSurvival(_ x: Double, _ d1: Double, _ d2: Double) -> Double {
        if x <= 0 { return 1 }
        return regularizedBeta(d2 / (d2 + d1 * x), d2 / 2, d1 / 2)
    }

    /// Two-sided p-value of a t statistic with `df` degrees of freedom: I_{df/(df+t²)}(df/2, 1/2).
    public static func tTwoSided(_ t: Double, degreesOfFreedom df: Double) -> Double {
        regularizedBeta(df / (df + t * t), df / 2, 0.5)
    }
}
