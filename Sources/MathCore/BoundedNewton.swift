import LinearAlgebra

/// A damped, bounded Newton minimiser for a handful of parameters (an item's slope and intercepts,
/// a person's θ, a linking constant pair).
///
/// Each iteration solves (H + λI)·s = −g by Cholesky, starting with λ = 0 and raising λ
/// (Levenberg–Marquardt damping) until H + λI is positive definite; the step is projected onto the
/// box [lower, upper] and halved until the objective decreases (Armijo backtracking). It stops when
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
        for iteration in 1...max(1, maxIterations) {
            guard current.value.isFinite, current.gradient.allSatisfy({ $0.isFinite }) else {
                return Result(x: x, value: current.value, iterations: iteration, converged: false, lastChange: lastChange)
            }
            var step = newtonStep(current)
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
        return Result(x: x, value: current.value, iterations: maxIterations, converged: false, lastChange: lastChange)
    }

    /// Solves (H + λI)s = −g with the smallest λ in {0, 1e−6·s, …} that makes the system positive definite.
    static func newtonStep(_ e: Evaluation) -> [Double] {
        let k = e.gradient.count
        let scale = max(1e-8, e.hessian.diagonal.reduce(0) { max($0, abs($1)) })
        var lambda = 0.0
        for _ in 0..<20 {
            var h = e.hessian
            for i in 0..<k { h[i, i] += lambda }
            if let s = try? Factorization.solveSPD(h, e.gradient.map { -$0 }, name: "Newton Hessian") {
                return s
            }
            lambda = lambda == 0 ? 1e-6 * scale : lambda * 10
        }
        return e.gradient.map { -$0 / scale }
    }

    static func projectedGradientNorm(_ g: [Double], _ x: [Double], _ lo: [Double], _ hi: [Double]) -> Double {
        var m = 0.0
        for i in 0..<g.count {
            if (x[i] <= lo[i] && g[i] > 0) || (x[i] >= hi[i] && g[i] < 0) { continue }
            m = max(m, abs(g[i]))
        }
        return m
    }
}
