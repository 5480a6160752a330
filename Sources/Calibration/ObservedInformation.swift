import IRTModels
import LinearAlgebra

/// The observed information of the marginal likelihood, −∂²ℓ/∂β², by differentiating its analytic
/// gradient numerically (the approach of mirt's `SE.type = "numerical"`-style estimates and of
/// Jamshidian & Jennrich 2000, "Standard errors for EM estimation", *JRSS B* 62:257–270). Unlike the
/// complete-data information it accounts for the missing information of θ.
enum ObservedInformation {
    /// `progress` hears (parameters differentiated, parameters to differentiate) after each one.
    static func covariance(problem: EMProblem, at s: EMState, method: StandardErrorMethod,
                           progress: ((_ done: Int, _ total: Int) -> Void)? = nil)
        -> Result<Matrix, LinearAlgebraError> {
        let layout = problem.layout
        let x0 = layout.pack(s)
        let p = x0.count
        // Parameters on a bound are not free at the solution: their rows and columns are left out of
        // the information, so the others' standard errors are conditional on them, and theirs is NaN
        // (reported as absent, with the parameter named).
        let bounded = layout.indicesOnBounds(s)
        let kept = (0..<p).filter { !bounded.contains($0) }
        var h = Matrix(rows: p, columns: p)
        var baseGradient: [Double]? = method == .forwardDifference ? problem.gradient(s) : nil
        for (done, i) in kept.enumerated() {
            defer { progress?(done + 1, kept.count) }
            // Step inside the parameter space: a parameter on or near its boundary (u = 1 of a 4PL,
            // c near 0) is differentiated one-sided, away from the boundary.
            var step = 1e-5 * max(1, abs(x0[i]))
            func state(_ delta: Double) -> EMState? {
                var x = x0
                x[i] += delta
                guard let s1 = layout.unpack(x, template: s), layout.isValidForDerivatives(s1) else { return nil }
                return s1
            }
            let plus = state(step), minus = state(-step)
            let column: [Double]
            if method == .centralDifference, let sp = plus, let sm = minus {
                let gp = problem.gradient(sp), gm = problem.gradient(sm)
                column = (0..<p).map { (gp[$0] - gm[$0]) / (2 * step) }
            } else if let sp = plus ?? minus {
                if plus == nil { step = -step }
                let g0 = baseGradient ?? problem.gradient(s)
                baseGradient = g0
                let gp = problem.gradient(sp)
                column = (0..<p).map { (gp[$0] - g0[$0]) / step }
            } else {
                continue
            }
            for r in 0..<p { h[r, i] = column[r] }
        }
        let m = kept.count
        var info = Matrix(rows: m, columns: m)
        for (r, i) in kept.enumerated() { for (c, j) in kept.enumerated() { info[r, c] = -0.5 * (h[i, j] + h[j, i]) } }
        do {
            let sub = try Factorization.inverseSPD(info, name: "observed information")
            var cov = Matrix(rows: p, columns: p)
            for i in 0..<p { for j in 0..<p { cov[i, j] = .nan } }
            for (r, i) in kept.enumerated() { for (c, j) in kept.enumerated() { cov[i, j] = sub[r, c] } }
            return .success(cov)
        } catch {
            return .failure(error)
        }
    }
}
