import IRTModels

extension PersonScorer {
    /// Scores one row: gathers the answered items, then estimates. `row[columns?[j] ?? j]` is item j.
    @inline(__always)
    func scoreRow(_ row: UnsafePointer<UInt8>?, columns: UnsafePointer<Int>?, workspace ws: Workspace) -> PersonScore {
        var n = 0, m = 0
        var invalid = false
        var allTop = true, allZero = true
        if let row {
            for j in 0..<items.count {
                let x = row[columns.map { $0[j] } ?? j]
                if x == Self.missing { ws.skipped[m] = Int32(j); m += 1; continue }
                let kCount = kernel.categoryCounts[j]
                if Int(x) >= kCount { invalid = true; ws.skipped[m] = Int32(j); m += 1; continue }
                ws.items[n] = Int32(j)
                ws.responses[n] = x
                n += 1
                if Int(x) != kCount - 1 { allTop = false }
                if x != 0 { allZero = false }
            }
        }
        let extreme: ScoreFlag? = n == 0 ? nil : (allTop ? .allCorrect : (allZero ? .allIncorrect : nil))
        var score = estimate(count: n, skipped: m, extreme: extreme, workspace: ws)
        if n == 0 { score.flag = .noResponses }
        if invalid { score.flag = .invalidResponse }
        return score
    }

    /// Estimates θ from the `n` answered items gathered in the workspace.
    @inline(__always)
    func estimate(count n: Int, skipped m: Int, extreme: ScoreFlag?, workspace ws: Workspace) -> PersonScore {
        if method == .eap, let grid {
            let post = grid.posterior(items: ws.items, responses: ws.responses, count: n,
                                      skipped: ws.skipped, skippedCount: m, work: ws.posterior)
            return PersonScore(theta: post.mean, standardError: post.sd, method: .eap, flag: extreme, itemsAnswered: n)
        }
        if n == 0 && method != .map {
            return PersonScore(theta: nil, standardError: nil, method: method, flag: .noResponses, itemsAnswered: 0)
        }
        if method == .ml, let extreme {
            // No finite maximum: the fence end in the direction of the pattern.
            let theta = extreme == .allCorrect ? fence.upperBound : fence.lowerBound
            let e = equation(theta: theta, count: n, workspace: ws)
            return PersonScore(theta: theta, standardError: standardError(e.information), method: .ml,
                               flag: extreme, itemsAnswered: n)
        }
        let root = solve(start: latentMean, count: n, workspace: ws)
        var flag: ScoreFlag? = extreme ?? (root.fenced ? .fenced : nil)
        if !root.converged { flag = .notConverged }
        let info = method == .map ? root.information + 1 / latentVariance : root.information
        return PersonScore(theta: root.theta, standardError: standardError(info), method: method,
                           flag: flag, itemsAnswered: n)
    }

    /// 1/√I, or `nil` when the information is not positive.
    @inline(__always)
    func standardError(_ information: Double) -> Double? {
        information > 0 && information.isFinite ? 1 / information.squareRoot() : nil
    }

    /// The estimating equation f(θ) = 0 of the method, its Fisher-scoring slope (−I, or −(I + 1/σ²)
    /// for MAP; always negative) and the test information I(θ).
    @inline(__always)
    func equation(theta: Double, count n: Int, workspace ws: Workspace) -> (f: Double, slope: Double, information: Double) {
        let warm = method == .wle
        var score = 0.0, info = 0.0, j = 0.0
        for i in 0..<n {
            let e = kernel.evaluate(Int(ws.items[i]), theta: theta, response: Int(ws.responses[i]), warm: warm,
                                    scratch: ws.scratch)
            score += e.score
            info += e.information
            j += e.warm
        }
        switch method {
        case .map:
            let precision = 1 / latentVariance
            return (score - (theta - latentMean) * precision, -(info + precision), info)
        case .wle:
            return (info > 0 ? score + j / (2 * info) : score, -info, info)
        case .ml, .eap:
            return (score, -info, info)
        }
    }

    /// Finds the root of the estimating equation within the fence by safeguarded Newton steps.
    ///
    /// The bracket [lo, hi] always holds the root (f > 0 below it, f < 0 above it, f decreasing). A
    /// Newton step leaving the bracket is replaced by a trial of the fence end (once) and otherwise by
    /// bisection; f > 0 at the upper fence end (f < 0 at the lower) means the root lies beyond the
    /// fence, and the estimate is held there.
    func solve(start: Double, count n: Int, workspace ws: Workspace)
        -> (theta: Double, information: Double, converged: Bool, fenced: Bool) {
        let low = fence.lowerBound, high = fence.upperBound
        var lo = low, hi = high
        var triedLow = false, triedHigh = false
        var theta = min(max(start, low), high)
        var e = equation(theta: theta, count: n, workspace: ws)
        let secant = method == .wle
        var previous: (theta: Double, f: Double)?
        for _ in 0..<Self.maxIterations {
            let f = e.f
            if f == 0 { return (theta, e.information, true, false) }
            if theta >= high && f > 0 { return (high, e.information, true, true) }
            if theta <= low && f < 0 { return (low, e.information, true, true) }
            if f > 0 { lo = theta } else { hi = theta }
            // WLE: the Fisher slope −I ignores d/dθ [J/(2I)], so after the first step the secant
            // through the last two iterates is used (superlinear instead of linear convergence).
            var slope = e.slope
            if secant, let p = previous, p.theta != theta {
                let s = (f - p.f) / (theta - p.theta)
                if s < 0 && s.isFinite { slope = s }
            }
            previous = (theta, f)
            var next = slope < 0 ? theta - f / slope : .nan
            if !(next > lo && next < hi) {
                if f > 0 && hi == high && !triedHigh {
                    next = high; triedHigh = true
                } else if f < 0 && lo == low && !triedLow {
                    next = low; triedLow = true
                } else {
                    next = 0.5 * (lo + hi)
                }
            }
            let change = abs(next - theta)
            theta = next
            e = equation(theta: theta, count: n, workspace: ws)
            if change < Self.tolerance || hi - lo < Self.tolerance {
                let atFence = (theta >= high && e.f > 0) || (theta <= low && e.f < 0)
                return (theta, e.information, true, atFence)
            }
        }
        return (theta, e.information, false, false)
    }
}
