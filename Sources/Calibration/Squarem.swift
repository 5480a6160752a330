/// The squared extrapolation of SQUAREM, scheme S3 (Varadhan & Roland 2008, "Simple and globally
/// convergent methods for accelerating the convergence of any EM algorithm", *Scand. J. Stat.*
/// 35:335–353). From three successive EM points x0 → x1 → x2 of the packed parameter vector:
/// ```
/// r = x1 − x0,   v = x2 − 2·x1 + x0,   α = clamp(‖r‖ / ‖v‖, 1, α_max)
/// x′ = x0 + 2α·r + α²·v
/// ```
/// then one stabilising EM map from x′. α_max starts at 1, grows ×4 when reached and shrinks ÷4 after
/// a rejected proposal (one that lowers the log-likelihood below that of x1's EM map). Cost O(P).
struct Squarem: Sendable {
    /// The current largest step length α_max.
    private(set) var stepMax = 1.0

    /// The step length and the extrapolated point (nil when α = 1, i.e. no extrapolation).
    func extrapolate(_ x0: [Double], _ x1: [Double], _ x2: [Double]) -> (alpha: Double, point: [Double]?) {
        let r = zip(x1, x0).map { $0 - $1 }
        let v = (0..<x0.count).map { x2[$0] - 2 * x1[$0] + x0[$0] }
        let rr = r.reduce(0) { $0 + $1 * $1 }, vv = v.reduce(0) { $0 + $1 * $1 }
        var alpha = vv > 0 ? (rr / vv).squareRoot() : 1
        alpha = max(1, min(stepMax, alpha))
        guard alpha > 1 else { return (alpha, nil) }
        return (alpha, (0..<x0.count).map { x0[$0] + 2 * alpha * r[$0] + alpha * alpha * v[$0] })
    }

    /// Records that the extrapolation with step `alpha` was rejected (α_max ÷ 4, at least 1).
    mutating func rejected() { stepMax = max(1, stepMax / 4) }

    /// Records an accepted step `alpha` (α_max × 4 when it was reached).
    mutating func accepted(_ alpha: Double) { if alpha >= stepMax { stepMax *= 4 } }
}
