import Dispatch
import IRTModels
import LinearAlgebra
import MathCore
#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

/// The parameters EM iterates on: every item and the latent N(mean, variance) of the reference group,
/// plus one N(mean, variance) per focal group of a multiple-group calibration (empty otherwise).
struct EMState: Sendable {
    var items: [ItemParameters]
    var mean: Double
    var variance: Double
    var focalMeans: [Double] = []
    var focalVariances: [Double] = []

    /// Mean and variance of group g (0 = reference).
    func latent(_ g: Int) -> (mean: Double, variance: Double) {
        g == 0 ? (mean, variance) : (focalMeans[g - 1], focalVariances[g - 1])
    }
}

/// Which parameters are free and how they are packed into one vector (for SQUAREM's extrapolation
/// and the observed information).
struct ParameterLayout: Sendable {
    let models: [ItemModel]
    let categoryCounts: [Int]
    let fixed: Set<Int>
    /// Rasch items share one free slope (latent variance fixed at 1).
    let commonSlope: Bool
    let estimateMean: Bool
    let estimateVariance: Bool
    /// Focal groups of a multiple-group calibration, each with its mean and variance estimated.
    var focalGroups: Int = 0

    var freeItems: [Int] { (0..<models.count).filter { !fixed.contains($0) } }

    /// Number of free parameters of item i in the packed vector.
    func itemParameterCount(_ i: Int) -> Int { models[i].freeParameterCount(categories: categoryCounts[i]) }

    var count: Int {
        (commonSlope ? 1 : 0) + freeItems.reduce(0) { $0 + itemParameterCount($1) }
            + (estimateMean ? 1 : 0) + (estimateVariance ? 1 : 0) + 2 * focalGroups
    }

    func pack(_ s: EMState) -> [Double] {
        var x = [Double]()
        x.reserveCapacity(count)
        if commonSlope { x.append(s.items.first { $0.model == .rasch }?.discrimination ?? 1) }
        for i in freeItems { x.append(contentsOf: s.items[i].freeParameters) }
        if estimateMean { x.append(s.mean) }
        if estimateVariance { x.append(s.variance) }
        for g in 0..<focalGroups { x.append(s.focalMeans[g]); x.append(s.focalVariances[g]) }
        return x
    }

    func unpack(_ x: [Double], template: EMState) -> EMState? {
        guard x.count == count else { return nil }
        var s = template
        var pos = 0
        var slope: Double?
        if commonSlope { slope = x[0]; pos = 1 }
        for i in freeItems {
            let n = itemParameterCount(i)
            var item = s.items[i].with(freeParameters: Array(x[pos..<(pos + n)]))
            if let slope, item.model == .rasch { item.discrimination = slope }
            s.items[i] = item
            pos += n
        }
        if estimateMean { s.mean = x[pos]; pos += 1 }
        if estimateVariance { s.variance = x[pos]; pos += 1 }
        for g in 0..<focalGroups {
            s.focalMeans[g] = x[pos]; s.focalVariances[g] = x[pos + 1]
            pos += 2
        }
        return s
    }

    func isValid(_ s: EMState) -> Bool {
        for i in freeItems {
            let item = s.items[i]
            if !item.isValid || item.discrimination <= 0 || item.discrimination > ParameterBounds.maximumDiscrimination { return false }
            if item.model.hasGuessing && item.guessing > ParameterBounds.maximumGuessing { return false }
        }
        return s.variance > 1e-4 && s.variance.isFinite && s.mean.isFinite
            && s.focalVariances.allSatisfy { $0 > 1e-4 && $0.isFinite } && s.focalMeans.allSatisfy(\.isFinite)
    }

    /// `s` with every free item projected onto the calibration's box (SQUAREM's extrapolated point
    /// is projected, not rejected, when it leaves the box: Varadhan & Roland 2008, §7).
    func projected(_ s: EMState) -> EMState {
        var out = s
        for i in freeItems { out.items[i] = s.items[i].projectedOntoBounds() }
        return out
    }

    /// Packed indices of the free parameters that sit on a bound of the box.
    func indicesOnBounds(_ s: EMState) -> Set<Int> {
        var out = Set<Int>()
        var pos = commonSlope ? 1 : 0
        for i in freeItems {
            let item = s.items[i]
            for k in ParameterBounds(item).onBound(item.freeParameters) { out.insert(pos + k) }
            pos += itemParameterCount(i)
        }
        return out
    }

    /// Validity for a perturbed point of the standard-error derivatives: probabilities defined
    /// (0 ≤ c < u ≤ 1, ordered graded intercepts, a > 0) and a positive variance.
    func isValidForDerivatives(_ s: EMState) -> Bool {
        for i in freeItems {
            let item = s.items[i]
            if !item.isValid || item.discrimination <= 0 { return false }
        }
        return s.variance > 0 && s.variance.isFinite && s.mean.isFinite
            && s.focalVariances.allSatisfy { $0 > 0 && $0.isFinite } && s.focalMeans.allSatisfy(\.isFinite)
    }

    func maxAbsDifference(_ a: EMState, _ b: EMState) -> Double {
        zip(pack(a), pack(b)).reduce(0) { max($0, abs($1.0 - $1.1)) }
    }

    /// Labels in mirt's naming: `ITEM.a1`, `ITEM.d`, `ITEM.g`, `ITEM.u`, `ITEM.d1`…, `MEAN_1`, `COV_11`.
    func labels(_ ids: [String], focalNames: [String] = []) -> [String] {
        var out = [String]()
        if commonSlope { out.append(CalibrationResult.commonSlopeLabel) }
        for i in freeItems {
            out.append(contentsOf: models[i].parameterNames(categories: categoryCounts[i]).map { "\(ids[i]).\($0)" })
        }
        if estimateMean { out.append("MEAN_1") }
        if estimateVariance { out.append("COV_11") }
        for g in 0..<focalGroups {
            let name = g < focalNames.count ? focalNames[g] : "group\(g + 2)"
            out.append("\(name).MEAN_1"); out.append("\(name).COV_11")
        }
        return out
    }

    /// Per-item standard errors from the covariance of the packed vector (NaN for a parameter on a
    /// bound, which has none).
    func itemStandardErrors(_ cov: Matrix) -> [[Double]?] {
        var out = [[Double]?](repeating: nil, count: models.count)
        var pos = commonSlope ? 1 : 0
        for i in freeItems {
            let n = itemParameterCount(i)
            out[i] = (pos..<(pos + n)).map { cov[$0, $0].isNaN ? .nan : max(0, cov[$0, $0]).squareRoot() }
            pos += n
        }
        return out
    }

    /// Standard errors of the latent mean and variance (nil when fixed).
    func latentStandardErrors(_ cov: Matrix) -> (mean: Double?, variance: Double?) {
        var pos = count - (estimateMean ? 1 : 0) - (estimateVariance ? 1 : 0) - 2 * focalGroups
        var m: Double?, v: Double?
        if estimateMean { m = max(0, cov[pos, pos]).squareRoot(); pos += 1 }
        if estimateVariance { v = max(0, cov[pos, pos]).squareRoot() }
        return (m, v)
    }

    /// Standard errors of each focal group's mean and variance.
    func focalStandardErrors(_ cov: Matrix) -> [(mean: Double, variance: Double)] {
        let start = count - 2 * focalGroups
        return (0..<focalGroups).map { g in
            let i = start + 2 * g
            return (max(0, cov[i, i]).squareRoot(), max(0, cov[i + 1, i + 1]).squareRoot())
        }
    }
}

/// One EM map (E-step then M-step) and the analytic marginal gradient, over a fixed data set.
///
/// With several groups (Bock & Zimowski 1997, "Multiple group IRT", in *Handbook of Modern Item
/// Response Theory*), each group has its own E-step under its own N(μ_g, σ²_g) on the grid; the item
/// counts are summed over groups for the M-step, and each group's mean and variance are updated
/// from its own posterior node totals. Group 0 is the reference.
struct EMProblem: Sendable {
    /// One E-step engine per group (one for a single-group calibration).
    let engines: [EStep]
    let layout: ParameterLayout
    let nodes: [Double]
    let priors: [BetaPrior?]

    /// log w_q of N(mean, variance) on the grid, normalised to sum to 1.
    func logPrior(mean: Double, variance: Double) -> [Double] {
        QuadratureRule.normalLogWeights(at: nodes, mean: mean, standardDeviation: variance.squareRoot())
    }

    /// The reference group's log prior weights.
    func logPrior(_ s: EMState) -> [Double] { logPrior(mean: s.mean, variance: s.variance) }

    /// Expected counts at `s`, summed over groups, and each group's posterior node totals.
    func expectedCounts(_ s: EMState) -> (counts: ExpectedCounts, groupTotals: [[Double]]) {
        if engines.count == 1 {
            let c = engines[0].run(items: s.items, logPrior: logPrior(s))
            return (c, [c.nodeTotals])
        }
        var total: ExpectedCounts?
        var groupTotals = [[Double]]()
        for (g, engine) in engines.enumerated() {
            let latent = s.latent(g)
            let c = engine.run(items: s.items, logPrior: logPrior(mean: latent.mean, variance: latent.variance))
            groupTotals.append(c.nodeTotals)
            if var t = total {
                for i in t.counts.indices { for k in t.counts[i].indices { t.counts[i][k] += c.counts[i][k] } }
                for q in t.nodeTotals.indices { t.nodeTotals[q] += c.nodeTotals[q] }
                t.logLikelihood += c.logLikelihood
                total = t
            } else {
                total = c
            }
        }
        return (total ?? ExpectedCounts(counts: [], nodeTotals: [], logLikelihood: 0), groupTotals)
    }

    /// Items × nodes up to which the M-step runs on the calling thread (50 items × 61 nodes is below).
    static let serialMStepLimit = 4096

    /// E-step threads (the first engine's).
    var threads: Int { engines.first?.threads ?? 1 }

    /// The EM map: expected counts at `s`, then the M-step. Returns the new state and the marginal
    /// log-likelihood at `s`.
    func map(_ s: EMState) -> (next: EMState, logLikelihood: Double) {
        let (counts, groupTotals) = expectedCounts(s)
        var next = s
        let free = layout.freeItems
        let results = UnsafeMutableBufferPointer<ItemParameters>.allocate(capacity: free.count)
        defer { results.deallocate() }
        _ = results.initialize(from: free.map { s.items[$0] })
        // Justified `nonisolated(unsafe)`: `results` outlives the concurrent loop and worker t writes
        // only the indices t, t + workers, … of it.
        nonisolated(unsafe) let out = results
        // A small M-step (Rasch items, or few items × nodes) runs on this thread: waking the workers
        // costs more than the work, and on a loaded machine far more.
        let small = free.count * nodes.count <= Self.serialMStepLimit
            || free.allSatisfy { layout.models[$0] == .rasch }
        let workers = small ? 1 : min(threads, max(1, free.count))
        @Sendable func maximize(worker t: Int) {
            var idx = t
            while idx < free.count {
                let i = free[idx]
                out[idx] = MStep.maximize(s.items[i], counts: counts.counts[i], nodes: nodes, prior: priors[i])
                idx += workers
            }
        }
        if workers == 1 {
            maximize(worker: 0)
        } else {
            DispatchQueue.concurrentPerform(iterations: workers) { t in maximize(worker: t) }
        }
        for (idx, i) in free.enumerated() { next.items[i] = results[idx] }
        if layout.commonSlope { updateCommonSlope(&next, counts: counts) }
        // Latent moments from the posterior node totals of each group.
        func moments(_ totals: [Double]) -> (mean: Double, variance: Double) {
            let n = totals.reduce(0, +)
            let m = zip(nodes, totals).reduce(0) { $0 + $1.0 * $1.1 } / n
            return (m, zip(nodes, totals).reduce(0) { $0 + pow($1.0 - m, 2) * $1.1 } / n)
        }
        let reference = moments(groupTotals[0])
        if layout.estimateMean { next.mean = reference.mean }
        if layout.estimateVariance {
            let m = next.mean
            let n = groupTotals[0].reduce(0, +)
            next.variance = zip(nodes, groupTotals[0]).reduce(0) { $0 + pow($1.0 - m, 2) * $1.1 } / n
        }
        for g in 0..<layout.focalGroups {
            let focal = moments(groupTotals[g + 1])
            next.focalMeans[g] = focal.mean
            next.focalVariances[g] = focal.variance
        }
        return (next, counts.logLikelihood)
    }

    /// The bound-respecting first-order condition at `s`: the largest component, over all free
    /// items, of the projected scoring step one more exact M-step would take with the expected counts
    /// at `s` (see ``MStep/remainingStep(_:counts:nodes:prior:)``).
    func remainingStep(_ s: EMState, counts: ExpectedCounts) -> Double {
        layout.freeItems.reduce(0) {
            max($0, MStep.remainingStep(s.items[$1], counts: counts.counts[$1], nodes: nodes, prior: priors[$1]))
        }
    }

    /// Newton steps on the common Rasch slope a with the intercepts held (Fisher scoring).
    private func updateCommonSlope(_ s: inout EMState, counts: ExpectedCounts) {
        let q = nodes.count
        for _ in 0..<5 {
            var g = 0.0, h = 0.0
            for i in layout.freeItems where s.items[i].model == .rasch {
                let item = s.items[i]
                for node in 0..<q {
                    let r1 = counts.counts[i][q + node], n = counts.counts[i][node] + r1
                    let p = Logistic.logistic(item.discrimination * nodes[node] + item.intercept)
                    g += (r1 - n * p) * nodes[node]
                    h += n * p * (1 - p) * nodes[node] * nodes[node]
                }
            }
            guard h > 0 else { return }
            let step = max(-0.5, min(0.5, g / h))
            for i in layout.freeItems where s.items[i].model == .rasch {
                s.items[i].discrimination = max(0.01, s.items[i].discrimination + step)
            }
            if abs(step) < 1e-10 { return }
        }
    }

    /// Gradient of the marginal log-posterior at `s` (Fisher's identity: the complete-data score at
    /// the expected counts), in packed order.
    func gradient(_ s: EMState) -> [Double] {
        let (counts, groupTotals) = expectedCounts(s)
        let q = nodes.count
        var g = [Double]()
        if layout.commonSlope {
            var ga = 0.0
            for i in layout.freeItems where s.items[i].model == .rasch {
                let item = s.items[i]
                for node in 0..<q {
                    let r1 = counts.counts[i][q + node], n = counts.counts[i][node] + r1
                    let p = Logistic.logistic(item.discrimination * nodes[node] + item.intercept)
                    ga += (r1 - n * p) * nodes[node]
                }
            }
            g.append(ga)
        }
        for i in layout.freeItems {
            g.append(contentsOf: MStep.evaluate(s.items[i], counts: counts.counts[i], nodes: nodes, prior: priors[i]).gradient)
        }
        // ∂/∂μ and ∂/∂σ² of Σ_q N_q log w_q(μ, σ²) with w normalised on the grid.
        func latentGradient(_ totals: [Double], mean: Double, variance: Double) -> (mean: Double, variance: Double) {
            let w = logPrior(mean: mean, variance: variance).map { exp($0) }
            let total = totals.reduce(0, +)
            let dm = nodes.map { ($0 - mean) / variance }
            let dv = nodes.map { pow($0 - mean, 2) / (2 * variance * variance) }
            let meanDm = zip(w, dm).reduce(0) { $0 + $1.0 * $1.1 }
            let meanDv = zip(w, dv).reduce(0) { $0 + $1.0 * $1.1 }
            return (zip(totals, dm).reduce(0) { $0 + $1.0 * $1.1 } - total * meanDm,
                    zip(totals, dv).reduce(0) { $0 + $1.0 * $1.1 } - total * meanDv)
        }
        if layout.estimateMean || layout.estimateVariance {
            let r = latentGradient(groupTotals[0], mean: s.mean, variance: s.variance)
            if layout.estimateMean { g.append(r.mean) }
            if layout.estimateVariance { g.append(r.variance) }
        }
        for f in 0..<layout.focalGroups {
            let r = latentGradient(groupTotals[f + 1], mean: s.focalMeans[f], variance: s.focalVariances[f])
            g.append(r.mean)
            g.append(r.variance)
        }
        return g
    }
}
