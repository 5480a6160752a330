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
        let root = maximise(start: latentMean, count: n, skipped: m, workspace: ws)
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

    /// The estimating equation f(θ) = 0 of the method (the derivative of its criterion), the slope used
    /// for a Newton step (always negative) and the test information I(θ).
    ///
    /// The slope is the observed one, Σ ∂² log P_x/∂θ² (− 1/σ² for MAP), where that is negative: the
    /// exact derivative of f for ML and MAP, hence quadratic convergence on flat 3PL likelihoods where
    /// the Fisher slope −I is far steeper than f. Where a 3PL/4PL term makes it non-negative, and for
    /// WLE (whose exact slope needs dJ/dθ), it is the Fisher slope −I (− 1/σ²).
    @inline(__always)
    func equation(theta: Double, count n: Int, workspace ws: Workspace) -> (f: Double, slope: Double, information: Double) {
        let warm = method == .wle
        var score = 0.0, curvature = 0.0, info = 0.0, j = 0.0
        for i in 0..<n {
            let e = kernel.evaluate(Int(ws.items[i]), theta: theta, response: Int(ws.responses[i]), warm: warm,
                                    scratch: ws.scratch)
            score += e.score
            curvature += e.curvature
            info += e.information
            j += e.warm
        }
        switch method {
        case .map:
            let precision = 1 / latentVariance
            let observed = curvature - precision
            return (score - (theta - latentMean) * precision, observed < 0 ? observed : -(info + precision), info)
        case .wle:
            return (info > 0 ? score + j / (2 * info) : score, -info, info)
        case .ml, .eap:
            return (score, curvature < 0 ? curvature : -info, info)
        }
    }
}
