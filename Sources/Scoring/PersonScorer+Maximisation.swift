import IRTModels

/// The estimate of ML, MAP or WLE found by ``PersonScorer/maximise(start:count:skipped:workspace:)``.
struct CriterionMaximum {
    var theta: Double
    /// Test information I(θ̂).
    var information: Double
    /// False only when the root refinement ran out of iterations or met a non-finite value.
    var converged: Bool
    /// The maximum within the fence is a fence end where the criterion still rises outwards.
    var fenced: Bool
}

extension PersonScorer {
    /// The global maximum within the fence of the method's criterion
    /// ```
    /// ML   ℓ(θ) = log L(θ)                      MAP  ℓ(θ) − (θ − μ)²/(2σ²)
    /// WLE  W(θ) = log L(θ) + ∫ J/(2I) dθ        (Warm's weighted log-likelihood, W' = Warm's function)
    /// ```
    /// for the `n` answered items in the workspace.
    ///
    /// **When one root is certain** the root of f = criterion' is refined from `start` over the whole
    /// fence (``refine(start:in:verified:count:workspace:)``):
    /// - ML and MAP without 3PL/4PL items: log L is strictly concave in θ for the Rasch, 2PL, GPCM
    ///   (exponential families) and graded model (a logistic interval probability, log-concave by
    ///   Prékopa's theorem), and so is the normal log-prior.
    /// - WLE on Rasch, 2PL and GPCM items, when I(θ̂) > 1.5·α², α = max_j a_j(K_j − 1). For these
    ///   J = I', so W = log L + ½ log I, and |J/(2I)| ≤ α/2, |I'| ≤ α·I, I'' ≤ α²·I. Every root then
    ///   has |∂ℓ/∂θ| ≤ α/2, and since ∂ℓ/∂θ falls at rate I ≥ I(θ̂)·e^(−α|θ − θ̂|), all roots lie
    ///   where I ≥ I(θ̂) − α²; there W'' ≤ −I + α²/2 < 0. So θ̂ is the only root and the maximum.
    ///
    /// **Otherwise** (3PL/4PL items, graded items under WLE, a WLE root with little information or
    /// held at the fence) the criterion may have several maxima or rise towards a fence end (the 3PL's
    /// guessing floor), so the fence is scanned (``scan(count:skipped:workspace:)``): f is summed from
    /// the tables of the ``ScanGrid`` on cells of width ≤ min(0.1, 1/(4·a_max)); every cell where f
    /// falls from + to − holds a local maximum and is refined to its root, a fence end where f points
    /// outwards is a candidate too, and the candidate with the largest criterion is returned (on an
    /// exact tie the lowest θ). ℓ is evaluated directly; W, which has no closed form for the 3PL/4PL
    /// and graded items (Magis & Raîche 2012: the WLE is the Jeffreys modal estimate, W = log L + ½ log I,
    /// for the 1PL and 2PL but not the 3PL), is compared by integrating Warm's function between
    /// candidates with 3-point Gauss–Legendre on each cell (error O(h⁷ f⁽⁶⁾) per cell).
    ///
    /// The global maximum *within the fence* is the choice for a likelihood that keeps rising towards a
    /// fence end above its interior maxima: θ̂ is then the fence end, flagged `fenced`, as for a root
    /// beyond the fence. A maximum inside a single cell with f of one sign at both its ends would be
    /// missed; the cell width, a quarter of 1/a_max, keeps each item term nearly linear across a cell.
    ///
    /// Cost: 4–8 evaluations of f (O(n·K) each) when one root is certain; a scan adds
    /// O(answered·nodes) additions (121 nodes for slopes up to 2.5), 3–6 evaluations per local maximum,
    /// n log-probabilities per candidate (ML, MAP) and, for WLE with several candidates, three
    /// evaluations of f per cell between them.
    func maximise(start: Double, count n: Int, skipped m: Int, workspace ws: Workspace) -> CriterionMaximum {
        var asymptotic = false, graded = false, alpha = 0.0
        for i in 0..<n {
            let j = Int(ws.items[i])
            if kernel.isAsymptotic(j) { asymptotic = true }
            if kernel.isGraded(j) { graded = true }
            alpha = max(alpha, kernel.slope(j) * Double(kernel.categoryCounts[j] - 1))
        }
        if !asymptotic {
            switch method {
            case .ml, .map, .eap:
                return refine(start: start, in: fence, verified: false, count: n, workspace: ws)
            case .wle:
                if !graded {
                    let root = refine(start: start, in: fence, verified: false, count: n, workspace: ws)
                    if root.converged && !root.fenced && root.information > 1.5 * alpha * alpha { return root }
                }
            }
        }
        return scan(count: n, skipped: m, workspace: ws)
    }

    /// The scan of ``maximise(start:count:skipped:workspace:)``: f on the ``ScanGrid`` nodes (tabulated,
    /// so O(answered·nodes) additions), a refinement in every cell where f falls through 0, the fence
    /// ends where f points outwards, and the candidate with the largest criterion.
    func scan(count n: Int, skipped m: Int, workspace ws: Workspace) -> CriterionMaximum {
        guard let grid = scanGrid else {
            return refine(start: latentMean, in: fence, verified: false, count: n, workspace: ws)
        }
        let f = ws.scan
        grid.estimatingFunction(items: ws.items, responses: ws.responses, count: n, skipped: ws.skipped,
                                skippedCount: m, into: f, work: ws.scan + grid.count)
        var best: CriterionMaximum?
        var bestValue = -Double.infinity
        // WLE: W of the last candidate, relative to the first candidate.
        var last: (theta: Double, value: Double)?
        func consider(_ candidate: CriterionMaximum) {
            let value: Double
            if method == .wle {
                value = last.map { $0.value + warmIntegral(from: $0.theta, to: candidate.theta, grid: grid,
                                                           count: n, workspace: ws) } ?? 0
                last = (candidate.theta, value)
            } else {
                value = logCriterion(theta: candidate.theta, count: n, workspace: ws)
            }
            if best == nil || value > bestValue {
                best = candidate
                bestValue = value
            }
        }
        func end(_ theta: Double, fenced: Bool) -> CriterionMaximum {
            let e = equation(theta: theta, count: n, workspace: ws)
            return CriterionMaximum(theta: theta, information: e.information, converged: true, fenced: fenced)
        }

        if !(f[0] > 0) { consider(end(grid.lower, fenced: f[0] < 0)) }
        for g in 1...grid.cells where f[g - 1] > 0 && !(f[g] > 0) {
            let left = grid.node(g - 1), right = grid.node(g)
            if f[g] == 0 {
                consider(end(right, fenced: false))
            } else {
                // Start from the secant (regula falsi) point of the cell.
                let t = f[g - 1] / (f[g - 1] - f[g])
                let start = t.isFinite ? left + t * (right - left) : 0.5 * (left + right)
                consider(refine(start: start, in: left...right, verified: true, count: n, workspace: ws))
            }
        }
        if f[grid.cells] > 0 { consider(end(grid.upper, fenced: true)) }
        return best ?? CriterionMaximum(theta: latentMean, information: 0, converged: false, fenced: false)
    }

    /// ML: log L(θ) = Σ log P_x(θ); MAP: log L(θ) − (θ − μ)²/(2σ²). O(n·K).
    func logCriterion(theta: Double, count n: Int, workspace ws: Workspace) -> Double {
        var sum = 0.0
        for i in 0..<n {
            sum += kernel.logProbability(Int(ws.items[i]), theta: theta, response: Int(ws.responses[i]), scratch: ws.scratch)
        }
        if method == .map {
            let d = theta - latentMean
            sum -= d * d / (2 * latentVariance)
        }
        return sum
    }

    /// W(b) − W(a) = ∫_a^b f(θ) dθ for WLE, a ≤ b, by 3-point Gauss–Legendre on each piece of the scan
    /// cells that meets [a, b]. 3 evaluations of f per piece.
    func warmIntegral(from a: Double, to b: Double, grid: ScanGrid, count n: Int, workspace ws: Workspace) -> Double {
        guard b > a else { return 0 }
        func cell(_ t: Double) -> Int { min(grid.cells - 1, max(0, Int(((t - grid.lower) / grid.width).rounded(.down)))) }
        let offset = (0.6).squareRoot() / 2
        var total = 0.0
        for k in cell(a)...cell(b) {
            let x = max(a, grid.node(k)), y = min(b, grid.node(k + 1))
            guard y > x else { continue }
            let h = y - x, mid = 0.5 * (x + y)
            let outer = equation(theta: mid - offset * h, count: n, workspace: ws).f
                + equation(theta: mid + offset * h, count: n, workspace: ws).f
            total += h * (5 * outer + 8 * equation(theta: mid, count: n, workspace: ws).f) / 18
        }
        return total
    }

    /// The root of f in `bracket` (the fence, or a scan cell) by safeguarded Newton steps.
    ///
    /// The bracket [lo, hi] always holds the root (f > 0 below it, f < 0 above it): each iterate
    /// replaces the end with its sign. A step θ ← θ − f/slope (the slope of ``equation(theta:count:workspace:)``;
    /// for WLE after the first step the secant through the last two iterates, since −I is not the slope
    /// of Warm's function) is taken when it stays inside the bracket and is at most half the step
    /// before last; otherwise the bracket is bisected (`rtsafe` of Press et al. 2007, §9.4). So a slope that
    /// understates f's curvature — Fisher scoring on a flat likelihood, linear convergence at a rate
    /// near 1 — cannot creep: the iteration falls back to bisection, which halves the bracket, and the
    /// remaining error after a step below ``tolerance`` is at most a few times that step.
    ///
    /// With `verified` false the ends are the fence and unverified: a step leaving the bracket first
    /// tries that fence end (once), and f > 0 at the upper end (f < 0 at the lower) holds the estimate
    /// there (`fenced`). Converged when a step, or the bracket, is below ``tolerance``.
    func refine(start: Double, in bracket: ClosedRange<Double>, verified: Bool, count n: Int,
                workspace ws: Workspace) -> CriterionMaximum {
        let low = fence.lowerBound, high = fence.upperBound
        var lo = bracket.lowerBound, hi = bracket.upperBound
        var triedLow = verified, triedHigh = verified
        var theta = min(max(start, lo), hi)
        var e = equation(theta: theta, count: n, workspace: ws)
        let secant = method == .wle
        var previous: (theta: Double, f: Double)?
        var step = hi - lo, stepBeforeLast = hi - lo
        for _ in 0..<Self.maxIterations {
            let f = e.f
            guard f.isFinite else { break }
            if f == 0 { return CriterionMaximum(theta: theta, information: e.information, converged: true, fenced: false) }
            if !verified {
                if theta >= high && f > 0 { return CriterionMaximum(theta: high, information: e.information, converged: true, fenced: true) }
                if theta <= low && f < 0 { return CriterionMaximum(theta: low, information: e.information, converged: true, fenced: true) }
            }
            if f > 0 { lo = theta } else { hi = theta }
            var slope = e.slope
            if secant, let p = previous, p.theta != theta {
                let s = (f - p.f) / (theta - p.theta)
                if s < 0 && s.isFinite { slope = s }
            }
            previous = (theta, f)
            let newton = slope < 0 ? theta - f / slope : .nan
            let next: Double
            if newton > lo && newton < hi && abs(newton - theta) <= 0.5 * abs(stepBeforeLast) {
                next = newton
            } else if !(newton < hi) && f > 0 && hi == high && !triedHigh {
                next = high; triedHigh = true
            } else if !(newton > lo) && f < 0 && lo == low && !triedLow {
                next = low; triedLow = true
            } else {
                next = 0.5 * (lo + hi)
            }
            stepBeforeLast = step
            step = next - theta
            theta = next
            e = equation(theta: theta, count: n, workspace: ws)
            if abs(step) < Self.tolerance || hi - lo < Self.tolerance {
                let atFence = !verified && ((theta >= high && e.f > 0) || (theta <= low && e.f < 0))
                return CriterionMaximum(theta: theta, information: e.information, converged: e.f.isFinite, fenced: atFence)
            }
        }
        return CriterionMaximum(theta: theta, information: e.information, converged: false, fenced: false)
    }
}
