import AdaptiveTesting
import IRTModels
import MathCore
import Scoring

/// The yardstick of an adaptive design: a fixed form of the same length drawn at random to the
/// blueprint, given to the same simulated candidates and scored with the same final estimator.
/// At equal length an adaptive exam should be more precise and classify at least as well.
public struct FixedFormComparison: Sendable, Equatable, Codable {
    /// Items of the form (pool ids).
    public var form: [String]
    public var rmse: Double
    public var bias: Double
    /// Accuracy at the certification cut, when the pool has one.
    public var certificationAccuracy: Double?

    /// Draws a form of `length` scored operational items to the blueprint — each section gets
    /// round(share × length) items, clamped to its bounds and its supply and adjusted to the length,
    /// chosen at random without enemies or partial sets — and scores `truth` on it.
    /// - Throws: ``AdaptiveTestingError/invalidSettings(_:)`` when the pool cannot hold such a form.
    public init(pool: ItemPool, length: Int, estimator: ScoringMethod, truth: [Double], seed: UInt64) throws(AdaptiveTestingError) {
        var g = SeededGenerator(seed: seed)
        let singles = pool.operationalIndex.filter { pool.items[$0].set == nil }
        guard length >= 1, length <= singles.count else {
            throw .invalidSettings("a fixed form of \(length) items needs that many operational items outside sets")
        }
        // Section quotas.
        var quota: [Int]
        var chosen: [Int] = []
        if pool.sections.isEmpty {
            quota = []
        } else {
            let supply = pool.sections.indices.map { s in singles.filter { pool.items[$0].section == s }.count }
            quota = pool.sections.enumerated().map { s, section in
                min(supply[s], max(section.minItems, min(section.maxItems, Int((section.share * Double(length)).rounded()))))
            }
            var total = quota.reduce(0, +)
            var s = 0
            while total != length, s < 10 * length {
                let k = s % quota.count
                if total < length, quota[k] < min(pool.sections[k].maxItems, supply[k]) { quota[k] += 1; total += 1 }
                else if total > length, quota[k] > pool.sections[k].minItems { quota[k] -= 1; total -= 1 }
                s += 1
            }
        }
        var blocked = Set<Int>()
        func draw(from candidates: [Int], count: Int) {
            var options = candidates
            var taken = 0
            while taken < count, !options.isEmpty {
                let pick = min(options.count - 1, Int(g.nextUniform() * Double(options.count)))
                let item = options.remove(at: pick)
                guard !blocked.contains(item) else { continue }
                chosen.append(item); taken += 1
                blocked.insert(item)
                for e in pool.mutualEnemies[item] { blocked.insert(e) }
            }
        }
        if quota.isEmpty {
            draw(from: singles, count: length)
        } else {
            for (s, q) in quota.enumerated() { draw(from: singles.filter { pool.items[$0].section == s }, count: q) }
        }
        form = chosen.map { pool.items[$0].id }
        let batchItems = chosen.compactMap { pool.batchIndex[$0] }.map { pool.batch.items[$0] }
        let scorer = PersonScorer(items: batchItems, method: estimator, latentMean: pool.latent.mean,
                                  latentVariance: pool.latent.variance)
        var answers = SeededGenerator(seed: seed &+ 1)
        var sq = 0.0, sum = 0.0, correct = 0
        for theta in truth {
            let pattern = batchItems.map { Optional(Simulation.response($0, theta: theta, generator: &answers)) }
            let estimate = scorer.score(pattern).theta ?? 0
            sq += (estimate - theta) * (estimate - theta)
            sum += estimate - theta
            if let cut = pool.certificationCut, (estimate >= cut) == (theta >= cut) { correct += 1 }
        }
        let n = Double(max(1, truth.count))
        rmse = (sq / n).squareRoot()
        bias = sum / n
        certificationAccuracy = pool.certificationCut == nil ? nil : Double(correct) / n
    }
}
