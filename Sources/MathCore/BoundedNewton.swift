import LinearAlgebra

/// A damped, bounded Newton minimiser for a handful of parameters (an item's slope and intercepts,
/// a person's θ, a linking constant pair).
///
/// Each iteration holds the parameters that sit on a bound with the gradient pushing outwards and
/// solves (H + λI)·s = −g for the others by Cholesky (projected Newton, Bertsekas 1982), starting
/// with λ = 0 and raising λ (Levenberg–Marquardt damping) until H + λI is positive definite; the step
/// is projected onto the box [lower, upper] and halved until the objective decreases. It stops when
/// the largest step component is below `tolerance`, or the projected gradient vanishes.
/// Cost per iteration: one objective evaluation with derivatives plus O(k³) for k parameters.
public enum BoundedNewton {
    /// The objective's value, gradient and Hessian at a point.
    public struct Evaluation: Sendable {
        public var value: Double
        public var gradient: [Double]
        public var hessian: Matrix
        public init(value: Double, gradient: [Double], hessian: Matrix) {
            self.value = value
            self.gradient = gradient
            self.hessian = hessian
        }
    }

    /// The outcome of a minimisation (never thrown: non-convergence is a result).
    public struct Result: Sendable {
        public var x: [Double]
        public var value: Double
        public var iterations: Int
        public var converged: Bool
        /// Largest absolute component of the last step.
        public var lastChange: Double
    }

    /// Minimises `objective` from `start` within `[lower, upper]`.
    /// - Parameters:
    ///   - tolerance: convergence when max |step| < tolerance (default 1e−8).
    ///   - maxIterations: the most Newton iterations made (at least one); reaching it without
    ///     convergence returns `converged == false`.
    ///   - maxStep: each Newton step is scaled so that no component exceeds this (default 1), which
    ///     keeps the iteration stable far from the optimum.
    public static func minimize(
        start: [Double], lower: [Double]? = nil, upper: [Double]? = nil,
        tolerance: Double = 1e-8, maxIterations: Int = 100, maxStep: Double = 1,
        objective: ([Double]) -> Evaluation
    ) -> Result {
        let k = start.count
        let lo = lower ?? [Double](repeating: -.infinity, count: k)
        let hi = upper ?? [Double](repeating: .infinity, count: k)
        var x = zip(start, zip(lo, hi)).map { min(max($0, $1.0), $1.1) }
        var current = objective(x)
        var lastChange = Double.infinity
        let iterationLimit = max(1, maxIterations)  // at least one iteration is always made
        for iteration in 1...iterationLimit {
            guard current.value.isFinite, current.gradient.allSatisfy({ $0.isFinite }) else {
                return Result(x: x, value: current.value, iterations: iteration, converged: false, lastChange: lastChange)
            }
            var step = newtonStep(current, free: freeIndices(current.gradient, x, lo, hi))
            let largest = step.reduce(0) { max($0, abs($1)) }
            if largest > maxStep { step = step.map { $0 * maxStep / largest } }
            var t = 1.0
            var accepted = false
            var candidate = x
            var next = current
            for _ in 0..<30 {
                candidate = (0..<k).map { min(max(x[$0] + t * step[$0], lo[$0]), hi[$0]) }
                next = objective(candidate)
                if next.value.isFinite && next.value <= current.value + 1e-12 * abs(current.value) { accepted = true; break }
                t *= 0.5
            }
            lastChange = (0..<k).reduce(0) { max($0, abs(candidate[$1] - x[$1])) }
            if !accepted {
                // No decrease along the step: we are at the optimum to machine precision or the
                // objective is flat; report convergence only if the gradient is negligible.
                let projected = projectedGradientNorm(current.gradient, x, lo, hi)
                return Result(x: x, value: current.value, iterations: iteration,
                              converged: projected < 1e-6, lastChange: 0)
            }
            x = candidate
            current = next
            if lastChange < tolerance || projectedGradientNorm(current.gradient, x, lo, hi) < 1e-10 {
                return Result(x: x, value: current.value, iterations: iteration, converged: true, lastChange: lastChange)
            }
        }
        return Result(x: x, value: current.value, iterations: iterationLimit, converged: false, lastChange: lastChange)
    }

    /// Solves (H_FF + λI)s_F = −g_F on the free parameters F with the smallest λ in {0, 1e−6·s, …} that
    /// makes the system positive definite; parameters held at a bound get a zero step.
    ///
    /// Restricting the system to F is the projected Newton method (Bertsekas 1982): with a bound active
    /// on a parameter coupled to others, the full-system step moves the free parameters as if the bound
    /// one could still move, and the projection then stalls short of the constrained optimum.
    static func newtonStep(_ e: Evaluation, free: [Int]) -> [Double] {
        var step = [Double](repeating: 0, count: e.gradient.count)
        let f = free.count
        if f == 0 { return step }
        var h = Matrix(rows: f, columns: f)
        for (r, i) in free.enumerated() { for (c, j) in free.enumerated() { h[r, c] = e.hessian[i, j] } }
        let negativeGradient = free.map { -e.gradient[$0] }
        let scale = max(1e-8, h.diagonal.reduce(0) { max($0, abs($1)) })
        var lambda = 0.0
        var reduced: [Double]?
        for _ in 0..<20 {
            var damped = h
            for i in 0..<f { damped[i, i] += lambda }
            if let s = try? Factorization.solveSPD(damped, negativeGradient, name: "Newton Hessian") {
                reduced = s
                break
            }
            lambda = lambda == 0 ? 1e-6 * scale : lambda * 10
        }
        let s = reduced ?? negativeGradient.map { $0 / scale }
        for (r, i) in free.enumerated() { step[i] = s[r] }
        return step
    }

    /// Parameters not held at a bound: a parameter is held when it sits on a bound and the gradient
    /// pushes it outwards.
    static func freeIndices(_ g: [Double], _ x: [Double], _ lo: [Double], _ hi: [Double]) -> [Int] {
        (0..<g.count).filter { i in !((x[i] <= lo[i] && g[i] > 0) || (x[i] >= hi[i] && g[i] < 0)) }
    }

    static func projectedGradientNorm(_ g: [Double], _ x: [Double], _ lo: [Double], _ hi: [Double]) -> Double {
        freeIndices(g, x, lo, hi).reduce(0) { max($0, abs(g[$1])) }
    }
}
