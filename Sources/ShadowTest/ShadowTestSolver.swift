import CGLPK

/// Assembles shadow tests (van der Linden & Reese 1998) by solving their 0–1 linear programs with
/// GLPK's branch-and-cut (`glp_intopt`, presolver on, no terminal output).
///
/// The program is the one documented on ``ShadowTestProblem`` (van der Linden 2005, *Linear Models
/// for Optimal Test Design*, ch. 9): one binary column per bank item, one row for the length, one per
/// section, one per enemy group and one per non-first counting member of each set. Before GLPK runs,
/// the problem is validated and what the administered items imply is fixed (enemies of given items out,
/// the rest of a started set in), so that impossible blueprints are reported in domain words
/// (``ShadowTestError/infeasible(reason:)``) and GLPK never sees an argument on which it would abort.
///
/// Cost: O(N + Σ|groups| + Σ|sets|) to build; the search is exponential in the worst case, but the
/// length and section rows form a laminar family (a totally unimodular matrix), so without enemies and
/// sets the LP relaxation is integral and one simplex solve suffices; a few enemy pairs and sets of
/// three on the 332-item bundled bank take well under the 20 ms per item of the adaptive-engine issue
/// (Benchmarks/README.md, suite `ShadowTestSuite`).
///
/// Threads: the solver is a value; ``solve(_:)`` may be called from several threads at once (see
/// `GLPKEnvironment.swift` for the invariant that makes this safe).
public struct ShadowTestSolver: Sendable {
    /// The most time one solve may take. When it runs out, the best shadow test found so far is
    /// returned with `isOptimal == false`, or ``ShadowTestError/timeLimitReached(_:)`` is thrown if
    /// none was found.
    public var timeLimit: Duration
    /// The relative gap |best bound − best test| / |best test| at which the search stops and the test
    /// counts as optimal (GLPK's `mip_gap`); 0 searches to proven optimality.
    public var relativeGap: Double

    /// A solver with the given limits. The default time limit (1 s) is 50 times the adaptive engine's
    /// 20 ms target, so it only guards against a pathological problem.
    public init(timeLimit: Duration = .seconds(1), relativeGap: Double = 0) {
        precondition(timeLimit > .zero, "ShadowTestSolver: the time limit must be positive")
        precondition(relativeGap >= 0 && relativeGap.isFinite, "ShadowTestSolver: the relative gap must be ≥ 0")
        self.timeLimit = timeLimit
        self.relativeGap = relativeGap
    }

    /// The most valuable shadow test of `problem`.
    ///
    /// - Throws: ``ShadowTestError/invalidProblem(_:)`` for malformed input,
    ///   ``ShadowTestError/infeasible(reason:)`` when no test meets every constraint,
    ///   ``ShadowTestError/timeLimitReached(_:)`` or ``ShadowTestError/solverFailed(code:detail:)``.
    public func solve(_ problem: ShadowTestProblem) throws(ShadowTestError) -> ShadowTestSolution {
        let prepared = try problem.prepared()
        let n = problem.itemCount
        guard Int32(exactly: n) != nil else {
            throw .invalidProblem("the bank has \(n) items, more than GLPK can index")
        }
        let chosen: [Bool]
        let optimal: Bool
        if (0 ..< n).allSatisfy({ prepared.fixedIn[$0] || prepared.fixedOut[$0] }) {
            // Nothing left to decide; the preparation has checked every constraint.
            chosen = prepared.fixedIn
            optimal = true
        } else {
            (chosen, optimal) = try GLPK.withEnvironment { () throws(ShadowTestError) -> ([Bool], Bool) in
                try runGLPK(problem, prepared)
            }
        }
        return Self.solution(problem, chosen: chosen, isOptimal: optimal)
    }

    /// Builds the program in GLPK, solves it and reads the columns back. Runs inside one GLPK
    /// environment; the problem object is deleted before returning.
    private func runGLPK(_ problem: ShadowTestProblem, _ prepared: PreparedProblem)
        throws(ShadowTestError) -> ([Bool], Bool)
    {
        guard let lp = glp_create_prob() else {
            throw .solverFailed(code: 0, detail: "glp_create_prob returned no problem object")
        }
        defer { glp_delete_prob(lp) }
        let model = LinearModel(problem, prepared)
        let n = problem.itemCount

        glp_set_obj_dir(lp, GLP_MAX)
        _ = glp_add_cols(lp, Int32(n))
        for item in 0 ..< n {
            let column = Int32(item + 1)
            glp_set_col_kind(lp, column, GLP_BV)  // resets the bounds to [0, 1]
            if prepared.fixedIn[item] {
                glp_set_col_bnds(lp, column, GLP_FX, 1, 1)
            } else if prepared.fixedOut[item] {
                glp_set_col_bnds(lp, column, GLP_FX, 0, 0)
            }
            if problem.counts[item] { glp_set_obj_coef(lp, column, problem.values[item]) }
        }
        _ = glp_add_rows(lp, Int32(model.rows.count))
        for (index, row) in model.rows.enumerated() {
            let type = row.lower == row.upper ? GLP_FX : (row.upper == nil ? GLP_LO : (row.lower == nil ? GLP_UP : GLP_DB))
            glp_set_row_bnds(lp, Int32(index + 1), type, row.lower ?? 0, row.upper ?? 0)
        }
        model.rowIndices.withUnsafeBufferPointer { rows in
            model.columnIndices.withUnsafeBufferPointer { columns in
                model.coefficients.withUnsafeBufferPointer { coefficients in
                    glp_load_matrix(lp, Int32(model.coefficients.count - 1),
                                    rows.baseAddress, columns.baseAddress, coefficients.baseAddress)
                }
            }
        }

        var parameters = glp_iocp()
        glp_init_iocp(&parameters)
        parameters.msg_lev = GLP_MSG_OFF
        parameters.presolve = GLP_ON
        parameters.mip_gap = relativeGap
        parameters.tm_lim = Self.milliseconds(timeLimit)
        let code = glp_intopt(lp, &parameters)
        let status = glp_mip_status(lp)

        let optimal: Bool
        switch (code, status) {
        case (0, GLP_OPT):
            optimal = true
        case (0, GLP_FEAS), (GLP_EMIPGAP, GLP_FEAS), (GLP_EMIPGAP, GLP_OPT):
            optimal = true  // within the requested relative gap
        case (GLP_ETMLIM, GLP_FEAS), (GLP_ETMLIM, GLP_OPT):
            optimal = false
        case (0, GLP_NOFEAS), (GLP_ENOPFS, _):
            throw .infeasible(reason: "the blueprint, enemies and sets cannot all be met with the remaining items")
        case (GLP_ETMLIM, _):
            throw .timeLimitReached(timeLimit)
        default:
            throw .solverFailed(code: code, detail: Self.describe(code: code, status: status))
        }
        var chosen = [Bool](repeating: false, count: n)
        for item in 0 ..< n where problem.counts[item] {
            chosen[item] = glp_mip_col_val(lp, Int32(item + 1)) > 0.5
        }
        return (chosen, optimal)
    }

    /// The solution value: counting chosen items, the unadministered ones by decreasing value.
    private static func solution(_ problem: ShadowTestProblem, chosen: [Bool], isOptimal: Bool) -> ShadowTestSolution {
        let selected = (0 ..< problem.itemCount).filter { chosen[$0] && problem.counts[$0] }
        let administered = Set(problem.administered)
        let remaining = selected.filter { !administered.contains($0) }.sorted {
            problem.values[$0] != problem.values[$1] ? problem.values[$0] > problem.values[$1] : $0 < $1
        }
        let objective = selected.reduce(0.0) { $0 + problem.values[$1] }
        return ShadowTestSolution(selected: selected, remaining: remaining, objective: objective, isOptimal: isOptimal)
    }

    /// `duration` in whole milliseconds for GLPK's `tm_lim` (at least 1, at most Int32.max).
    static func milliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        let total = Double(seconds) * 1000 + Double(attoseconds) / 1e15
        return Int32(max(1, min(total.rounded(.up), Double(Int32.max))))
    }

    private static func describe(code: Int32, status: Int32) -> String {
        let reason: String
        switch code {
        case GLP_EBOUND: reason = "a variable or row has inconsistent bounds"
        case GLP_EROOT: reason = "no optimal basis of the LP relaxation was provided"
        case GLP_ENODFS: reason = "the LP relaxation is unbounded"
        case GLP_EFAIL: reason = "the search failed (numerical trouble)"
        case GLP_ESTOP: reason = "the search was stopped"
        default: reason = "unexpected return code"
        }
        return "\(reason) (MIP status \(status)); please report the problem that caused it"
    }
}

/// The rows of a shadow-test program in GLPK's triplet form (1-based, index 0 unused).
struct LinearModel {
    struct Row {
        var lower: Double?
        var upper: Double?
    }

    var rows: [Row] = []
    var rowIndices: [Int32] = [0]
    var columnIndices: [Int32] = [0]
    var coefficients: [Double] = [0]

    init(_ problem: ShadowTestProblem, _ prepared: PreparedProblem) {
        let n = problem.itemCount
        // Length: Σ xᵢ = n over counting items.
        addRow(lower: Double(problem.length), upper: Double(problem.length),
               entries: (0 ..< n).filter { problem.counts[$0] }.map { ($0, 1.0) })
        // Sections: lₛ ≤ Σ_{i ∈ s} xᵢ ≤ uₛ over counting items.
        var members = [[Int]](repeating: [], count: problem.sectionBounds.count)
        for item in 0 ..< n where problem.counts[item] {
            if let section = problem.sectionOfItem[item] { members[section].append(item) }
        }
        for (section, bounds) in problem.sectionBounds.enumerated() {
            addRow(lower: Double(bounds.lowerBound), upper: Double(bounds.upperBound),
                   entries: members[section].map { ($0, 1.0) })
        }
        // Enemies: Σ_{i ∈ g} xᵢ ≤ 1 (skipped when at most one member is still open to the solver).
        for group in prepared.enemyGroups where group.filter({ !prepared.fixedOut[$0] }).count >= 2 {
            addRow(lower: nil, upper: 1, entries: group.map { ($0, 1.0) })
        }
        // Sets: xᵢ − x_first = 0 for every other counting member.
        for link in prepared.setLinks {
            for member in link.dropFirst() {
                addRow(lower: 0, upper: 0, entries: [(member, 1.0), (link[0], -1.0)])
            }
        }
    }

    private mutating func addRow(lower: Double?, upper: Double?, entries: [(item: Int, coefficient: Double)]) {
        rows.append(Row(lower: lower, upper: upper))
        let row = Int32(rows.count)
        for entry in entries {
            rowIndices.append(row)
            columnIndices.append(Int32(entry.item + 1))
            coefficients.append(entry.coefficient)
        }
    }
}
