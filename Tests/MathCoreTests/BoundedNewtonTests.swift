import LinearAlgebra
import MathCore
import Testing

/// f(z) = ½ (z − m)ᵀ H (z − m) with a fixed symmetric positive-definite H.
private func quadratic(h: [[Double]], minimum m: [Double]) -> ([Double]) -> BoundedNewton.Evaluation {
    let hessian = (try? Matrix(h)) ?? Matrix(rows: 0, columns: 0)
    return { z in
        let d = zip(z, m).map { $0 - $1 }
        let g = (0..<d.count).map { i in (0..<d.count).reduce(0) { $0 + h[i][$1] * d[$1] } }
        let value = 0.5 * zip(d, g).reduce(0) { $0 + $1.0 * $1.1 }
        return BoundedNewton.Evaluation(value: value, gradient: g, hessian: hessian)
    }
}

/// Rosenbrock's function f(x, y) = (1 − x)² + 100 (y − x²)², minimum 0 at (1, 1).
private func rosenbrock(_ z: [Double]) -> BoundedNewton.Evaluation {
    let x = z[0], y = z[1]
    let value = (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x)
    let gradient = [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)]
    let hessian = (try? Matrix([[2 - 400 * y + 1200 * x * x, -400 * x], [-400 * x, 200]])) ?? Matrix(rows: 0, columns: 0)
    return BoundedNewton.Evaluation(value: value, gradient: gradient, hessian: hessian)
}

@Suite("Bounded Newton minimiser")
struct BoundedNewtonTests {
    @Test("a quadratic is minimised in one Newton step")
    func quadraticOneStep() {
        let f = quadratic(h: [[2, 0.5], [0.5, 1]], minimum: [0.4, -0.3])
        let result = BoundedNewton.minimize(start: [0, 0], objective: f)
        #expect(result.converged)
        #expect(result.iterations == 1)
        #expect(abs(result.x[0] - 0.4) < 1e-12 && abs(result.x[1] + 0.3) < 1e-12)
        #expect(abs(result.value) < 1e-24)
    }

    @Test("Rosenbrock from (−1.2, 1) reaches (1, 1)")
    func rosenbrockValley() {
        let result = BoundedNewton.minimize(start: [-1.2, 1], objective: rosenbrock)
        #expect(result.converged)
        #expect(abs(result.x[0] - 1) < 1e-8 && abs(result.x[1] - 1) < 1e-8, "ended at \(result.x)")
        #expect(result.value < 1e-16)
        #expect(result.iterations < 100)
    }

    /// Rosenbrock from (−1.2, 1) needs far more than three Newton steps; at least one step is always made.
    @Test("too few iterations is reported as converged = false, not a crash",
          arguments: [(3, 3), (1, 1), (0, 1)])
    func notConverged(maxIterations: Int, made: Int) {
        let result = BoundedNewton.minimize(start: [-1.2, 1], maxIterations: maxIterations, objective: rosenbrock)
        #expect(!result.converged)
        #expect(result.iterations == made)
        #expect(result.lastChange > 0)
        #expect(result.value < rosenbrock([-1.2, 1]).value, "each accepted step decreases f")
    }

    /// One parameter, optimum at 5 outside [0, 2]: the answer is the bound 2.
    @Test("an optimum outside the box ends on the bound", arguments: [(5.0, 2.0), (-3.0, 0.0)])
    func bound1D(optimum: Double, expected: Double) {
        let f = quadratic(h: [[2]], minimum: [optimum])
        let result = BoundedNewton.minimize(start: [1], lower: [0], upper: [2], objective: f)
        #expect(result.converged)
        #expect(result.x == [expected])
    }

    /// f = ½ (z − m)ᵀ H (z − m), H = [[2, 1.5], [1.5, 2]], m = (3, −3), box x ≤ 1.
    /// The constrained optimum (KKT, by hand): x = 1 on its bound and ∂f/∂y = 1.5(x − 3) + 2(y + 3) = 0,
    /// so y = −1.5, with f = ½(2·4 − 2·1.5·2·1.5 + 2·2.25) = 1.75. Coupled parameters with one bound
    /// active: the free one must be re-optimised given the bound, not moved as if the bound were free.
    @Test("coupled parameters with an active bound reach the constrained optimum")
    func boundCoupled() {
        let f = quadratic(h: [[2, 1.5], [1.5, 2]], minimum: [3, -3])
        let result = BoundedNewton.minimize(start: [0, 0], lower: [-10, -10], upper: [1, 10], objective: f)
        #expect(result.converged)
        #expect(abs(result.x[0] - 1) < 1e-12 && abs(result.x[1] + 1.5) < 1e-8, "ended at \(result.x)")
        #expect(abs(result.value - 1.75) < 1e-12)
    }

    @Test("a start outside the box is projected into it")
    func startProjected() {
        let f = quadratic(h: [[1, 0], [0, 1]], minimum: [0.5, 0.5])
        let result = BoundedNewton.minimize(start: [-4, 9], lower: [0, 0], upper: [1, 1], objective: f)
        #expect(result.converged)
        #expect(abs(result.x[0] - 0.5) < 1e-12 && abs(result.x[1] - 0.5) < 1e-12)
    }

    /// An indefinite Hessian at the start (f = x⁴ − 2x² + y², minima at x = ±1, y = 0; at x = 0.1
    /// f'' = 12x² − 4 < 0): damping must still give a descent step.
    @Test("an indefinite Hessian is damped into a descent step")
    func indefinite() {
        let result = BoundedNewton.minimize(start: [0.1, 0.5]) { z in
            let x = z[0], y = z[1]
            let hessian = (try? Matrix([[12 * x * x - 4, 0], [0, 2]])) ?? Matrix(rows: 0, columns: 0)
            return BoundedNewton.Evaluation(
                value: x * x * x * x - 2 * x * x + y * y, gradient: [4 * x * x * x - 4 * x, 2 * y], hessian: hessian)
        }
        #expect(result.converged)
        #expect(abs(result.x[0] - 1) < 1e-8 && abs(result.x[1]) < 1e-8, "ended at \(result.x)")
    }
}
