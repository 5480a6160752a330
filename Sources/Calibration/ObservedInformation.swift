import IRTModels
import LinearAlgebra

/// The observed information of the marginal likelihood, −∂²ℓ/∂β², and the covariance of the
/// estimates as its inverse. By default in closed form (``LouisInformation``, Louis 1982); on request
/// by differentiating the analytic gradient numerically (the approach of mirt's
/// `SE.type = "numerical"`-style estimates and of Jamshidian & Jennrich 2000, "Standard errors for EM
/// estimation", *JRSS B* 62:257–270). Unlike the complete-data information it accounts for the missing
/// information of θ.
enum ObservedInformation {
    /// The covariance at `s` and the method that produced it (`.louis` falls back to forward
    /// differences when its Gram matrices would not fit in ``LouisInformation/maximumGramDoubles``).
    /// `progress` hears (parameters differentiated, parameters to differentiate) after each one.
    static func covariance(problem: EMProblem, at s: EMState, method: StandardErrorMethod,
                           linearScores: Bool = true, progress: ((_ done: Int, _ total: Int) -> Void)? = nil)
        -> (covariance: Result<Matrix, LinearAlgebraError>, method: StandardErrorMethod) {
        let layout = problem.layout
        let p = layout.count
        // Parameters on a bound are not free at the solution: their rows and columns are left out of
        // the information, so the others' standard errors are conditional on them, and theirs is NaN
        // (reported as absent, with the parameter named).
        let bounded = layout.indicesOnBounds(s)
        let kept = (0..<p).filter { !bounded.contains($0) }
        var used = method
        let info: Matrix
        if method == .louis, let analytic = LouisInformation.information(problem: problem, at: s,
                                                                                       linearScores: linearScores) {
            progress?(1, 1)
            info = analytic
        } else {
            if method == .louis { used = .forwardDifference }
            info = numericalInformation(problem: problem, at: s, method: used, kept: kept, progress: progress)
        }
        return (invert(info, kept: kept), used)
    }

    /// −∂²ℓ/∂β² by differentiating the analytic gradient (columns `kept` only; symmetrised).
    static func numericalInformation(problem: EMProblem, at s: EMState, method: StandardErrorMethod, kept: [Int],
                                     progress: ((_ done: Int, _ total: Int) -> Void)?) -> Matrix {
        let layout = problem.layout
        let x0 = layout.pack(s)
        let p = x0.count
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
        var info = Matrix(rows: p, columns: p)
        for i in kept { for j in kept { info[i, j] = -0.5 * (h[i, j] + h[j, i]) } }
        return info
    }

    /// The inverse of the information restricted to `kept`, NaN in the other rows and columns.
    static func invert(_ full: Matrix, kept: [Int]) -> Result<Matrix, LinearAlgebraError> {
        let p = full.rows
        let m = kept.count
        var info = Matrix(rows: m, columns: m)
        for (r, i) in kept.enumerated() { for (c, j) in kept.enumerated() { info[r, c] = full[i, j] } }
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
