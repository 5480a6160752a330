import IRTModels
import MathCore
import ResponseData
#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

extension Calibrator {
    /// Starting values: a = 1, intercepts from the observed category proportions (logits), c at the
    /// prior mean, u = 0.98; fixed items and given starting values are used as they are.
    func startingState(_ data: PreparedData, models: [ItemModel], layout: ParameterLayout) -> EMState {
        var items = [ItemParameters]()
        let n = data.patternCount, j = data.itemCount
        // The correlational slopes feed only the 2PL and graded starts (a Rasch, 3PL, 4PL or GPCM
        // calibration skips the pass over the data).
        let needsSlopes = (0..<j).contains { i in
            (models[i] == .twoPL || models[i] == .graded) && configuration.fixedItems[i] == nil
                && !(configuration.startingValues[i].map { $0.model == models[i] } ?? false)
        }
        let slopes = needsSlopes ? startingSlopes(data) : []
        // Weighted category frequencies of every item: counted while the data were checked, or else
        // in one row-major pass (the same sums, in the same order, as one pass per item column).
        var weighted = data.categoryTotals ?? [Double](repeating: 0, count: j * 256)
        if data.categoryTotals == nil {
            data.patterns.withUnsafeBufferPointer { cells in
                for u in 0..<n {
                    let f = data.frequencies[u]
                    for i in 0..<j {
                        let v = cells[u * j + i]
                        if v != ResponseMatrix.missing { weighted[i * 256 + Int(v)] += f }
                    }
                }
            }
        }
        for i in 0..<j {
            if let fixed = configuration.fixedItems[i] { items.append(fixed); continue }
            if let start = configuration.startingValues[i], start.model == models[i] { items.append(start); continue }
            let kCount = data.categoryCounts[i]
            var prop = Array(weighted[(i * 256)..<(i * 256 + kCount)])
            let total = max(1, prop.reduce(0, +))
            prop = prop.map { max($0 / total, 1e-4) }
            let model = models[i]
            switch model {
            case .rasch:
                items.append(ItemParameters(model: model, discrimination: 1, intercepts: [Logistic.logit(min(prop[1], 0.9999))]))
            case .twoPL:
                // Normal-ogive approximation: P(θ) ≈ Φ((r θ − z)/√(1 − r²)) with z = Φ⁻¹(1 − p),
                // on the logistic metric a = 1.702 r/√(1 − r²), d = −a·z/r.
                let r = slopes[i].biserial
                let a = slopes[i].slope
                let z = SpecialFunctions.normalQuantile(1 - min(max(prop[1], 1e-4), 1 - 1e-4))
                items.append(ItemParameters(model: model, discrimination: a, intercepts: [-a * z / max(r, 0.1)]))
            case .threePL, .fourPL:
                // a = 1 and the logit of the proportion above the guessing floor: starting from the
                // correlational slopes (as for the 2PL) took more E-steps on 3PL data (23 against 15
                // at 100,000 × 100).
                let c = 0.2
                let u = model == .fourPL ? 0.98 : 1
                let adj = min(max((prop[1] - c) / (u - c), 0.02), 0.98)
                items.append(ItemParameters(model: model, discrimination: 1, intercepts: [Logistic.logit(adj)],
                                            guessing: c, upperAsymptote: u))
            case .graded:
                // Cumulative thresholds z_k = Φ⁻¹(1 − P(X ≥ k)) on the normal-ogive metric, as for the 2PL.
                let r = slopes[i].biserial, a = slopes[i].slope
                var tail = 1.0
                var d = [Double]()
                for k in 1..<kCount {
                    tail -= prop[k - 1]
                    let z = SpecialFunctions.normalQuantile(1 - min(max(tail, 1e-3), 1 - 1e-3))
                    d.append(-a * z / max(r, 0.1))
                }
                for k in 1..<d.count where d[k] >= d[k - 1] - 0.05 { d[k] = d[k - 1] - 0.05 }
                items.append(ItemParameters(model: .graded, discrimination: a, intercepts: d))
            case .gpcm:
                let c = (1..<kCount).map { log(prop[$0] / prop[$0 - 1]) }
                items.append(ItemParameters(model: .gpcm, discrimination: 1, intercepts: c))
            }
        }
        return EMState(items: items, mean: 0, variance: 1)
    }

    /// Starting slopes from the item–rest correlations (Lord 1980, §3.4: a = r_bis/√(1 − r_bis²) in the
    /// normal-ogive metric, × 1.702 for the logistic): the biserial is the point-biserial with the rest
    /// score (proportion of presented items answered in their top category) times √(pq)/φ(z_p).
    /// Clipped to [0.3, 3]; starting values only shorten EM, they do not change its fixed point.
    func startingSlopes(_ data: PreparedData) -> [(slope: Double, biserial: Double)] {
        let n = data.patternCount, j = data.itemCount
        var score = [Double](repeating: 0, count: n)
        let top = data.categoryCounts.map { Double($0 - 1) }
        data.patterns.withUnsafeBufferPointer { cells in
            top.withUnsafeBufferPointer { top in
                for u in 0..<n {
                    var s = 0.0, m = 0.0
                    for i in 0..<j {
                        let v = cells[u * j + i]
                        if v == ResponseMatrix.missing { continue }
                        s += Double(v) / top[i]
                        m += 1
                    }
                    score[u] = m > 0 ? s / m * Double(j) : 0
                }
            }
        }
        // The six weighted sums of every item in one row-major pass (same order of additions per item).
        var sw = [Double](repeating: 0, count: j), sx = sw, sy = sw, sxx = sw, syy = sw, sxy = sw
        data.patterns.withUnsafeBufferPointer { cells in
            for u in 0..<n {
                let f = data.frequencies[u]
                for i in 0..<j {
                    let v = cells[u * j + i]
                    if v == ResponseMatrix.missing { continue }
                    let x = Double(v) / Double(data.categoryCounts[i] - 1)
                    let y = score[u] - x
                    sw[i] += f; sx[i] += f * x; sy[i] += f * y; sxx[i] += f * x * x; syy[i] += f * y * y; sxy[i] += f * x * y
                }
            }
        }
        return (0..<j).map { i in
            let sw = sw[i], sx = sx[i], sy = sy[i], sxx = sxx[i], syy = syy[i], sxy = sxy[i]
            guard sw > 1 else { return (1, 0.5) }
            let cov = sxy / sw - sx * sy / (sw * sw)
            let vx = sxx / sw - sx * sx / (sw * sw), vy = syy / sw - sy * sy / (sw * sw)
            guard vx > 0, vy > 0 else { return (1, 0.5) }
            let rpb = cov / (vx * vy).squareRoot()
            let p = min(max(sx / sw, 1e-3), 1 - 1e-3)
            let phi = SpecialFunctions.normalDensity(SpecialFunctions.normalQuantile(p))
            let rbis = min(max(rpb * (p * (1 - p)).squareRoot() / phi, 0.15), 0.95)
            let a = min(max(1.702 * rbis / (1 - rbis * rbis).squareRoot(), 0.3), 3)
            return (a, rbis)
        }
    }
}
