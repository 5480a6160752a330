#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif
import MathCore
import ShadowTest

/// A 332-item problem shaped like the bundled bank (`itembanks/mentorcert`): its 8 section sizes and
/// blueprint bounds, 30 non-counting items (24 pretest, 6 unscored), 8 enemy pairs, 6 sets of three,
/// 10 % of the items unavailable (exposure control), length 60 (the bank's maximum), values = 3PL
/// Fisher information at θ = 0.3 (Lord 1980). With `administeredCount` > 0 the administered items are
/// the most informative of a first shadow test at θ = −0.5, and the values are then taken at θ = 0.3,
/// as after an adaptive start. (The benchmark suite `ShadowTestSuite` builds the same shape.)
func bankShapedProblem(administeredCount: Int, length: Int = 60, using generator: inout SeededGenerator) -> ShadowTestProblem {
    let sectionSizes = [34, 34, 40, 46, 40, 52, 52, 34]
    let sectionBounds = [3 ... 8, 3 ... 8, 3 ... 9, 4 ... 10, 3 ... 9, 4 ... 12, 4 ... 12, 3 ... 8]
    let sectionOfItem: [Int?] = sectionSizes.enumerated().flatMap { section, size in Array(repeating: section, count: size) }
    let n = sectionOfItem.count
    let a = (0 ..< n).map { _ in Double.random(in: 0.6 ... 2.2, using: &generator) }
    let b = (0 ..< n).map { _ in Double.random(in: -2.5 ... 2.5, using: &generator) }
    let c = (0 ..< n).map { _ in Double.random(in: 0.05 ... 0.25, using: &generator) }
    func information(at theta: Double) -> [Double] {
        (0 ..< n).map { i in
            let p = c[i] + (1 - c[i]) / (1 + exp(-a[i] * (theta - b[i])))
            return a[i] * a[i] * (p - c[i]) * (p - c[i]) / ((1 - c[i]) * (1 - c[i])) * (1 - p) / p
        }
    }
    var order = Array(0 ..< n).shuffled(using: &generator)
    var take: (Int) -> [Int] = { _ in [] }
    take = { k in let head = Array(order.prefix(k)); order.removeFirst(k); return head }
    let nonCounting = Set(take(30))
    let enemyGroups = (0 ..< 8).map { _ in take(2) }
    let sets = (0 ..< 6).map { _ in take(3) }
    let unavailable = take(n / 10)
    var problem = ShadowTestProblem(
        values: information(at: -0.5), counts: (0 ..< n).map { !nonCounting.contains($0) }, length: length,
        sectionOfItem: sectionOfItem, sectionBounds: sectionBounds, unavailable: unavailable,
        enemyGroups: enemyGroups, sets: sets)
    if administeredCount > 0, let first = try? ShadowTestSolver().solve(problem) {
        problem.administered = Array(first.remaining.prefix(administeredCount))
    }
    problem.values = information(at: 0.3)
    return problem
}
