#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

/// Numerically stable logistic-family functions.
///
/// ```
/// logistic(x)    = 1 / (1 + e^(−x))
/// logLogistic(x) = log logistic(x) = −softplus(−x)
/// softplus(x)    = log(1 + e^x)
/// ```
/// Each branch evaluates `exp` only of a non-positive argument, so nothing overflows at |x| = 800 or
/// beyond; `logistic(±∞) = 1 / 0`, NaN propagates.
public enum Logistic {
    /// The logistic function 1/(1 + e^(−x)), accurate in both tails.
    @inlinable
    public static func logistic(_ x: Double) -> Double {
        if x >= 0 {
            return 1 / (1 + exp(-x))
        } else {
            let e = exp(x)
            return e / (1 + e)
        }
    }

    /// log(1 + e^x) without overflow: for x > 0 it is x + log1p(e^(−x)).
    @inlinable
    public static func softplus(_ x: Double) -> Double {
        if x.isNaN { return x }
        if x > 0 { return x + log1p(exp(-x)) }
        return log1p(exp(x))
    }

    /// log(logistic(x)) = −softplus(−x); finite for every finite x (≈ x for x ≪ 0).
    @inlinable
    public static func logLogistic(_ x: Double) -> Double { -softplus(-x) }

    /// log(1 − logistic(x)) = −softplus(x).
    @inlinable
    public static func logOneMinusLogistic(_ x: Double) -> Double { -softplus(x) }

    /// The logit log(p / (1 − p)); ±∞ at 1 and 0.
    @inlinable
    public static func logit(_ p: Double) -> Double { log(p) - log1p(-p) }
}

/// log Σ exp(xᵢ) computed as m + log Σ exp(xᵢ − m) with m = max xᵢ, so no term overflows.
///
/// Edge cases: an empty input gives −∞ (the log of an empty sum); all −∞ gives −∞; any +∞ gives +∞;
/// any NaN gives NaN.
public func logSumExp(_ values: some Collection<Double>) -> Double {
    var m = -Double.infinity
    for v in values {
        if v.isNaN { return .nan }
        if v > m { m = v }
    }
    if m == -.infinity || m == .infinity { return m }
    var s = 0.0
    for v in values { s += exp(v - m) }
    return m + log(s)
}
