// The shadow test (van der Linden & Reese 1998): one GLPK solve of the 0–1 program on a 332-item
// problem shaped like the bundled bank (its 8 section sizes and blueprint bounds, 30 non-counting
// items, 8 enemy pairs, 6 sets of three, 10 % of items unavailable; values = 3PL information).
//   "ShadowTest-0-administered-length40|60"   step 1: nothing administered yet
//   "ShadowTest-30-administered-length40|60"  step 31: 30 items administered (the best of a first shadow
//                                             test at θ = −0.5), values at θ = 0.3
// The adaptive-engine issue's target is under 20 ms per item. Problem construction is setup (not
// measured); each measured iteration is `ShadowTestSolver.solve` (validation, GLPK build, presolve,
// branch-and-cut, read-back).

#if canImport(Glibc)
import Glibc
#endif
import Benchmark
import MathCore
import ShadowTest

/// The same shape as `Tests/ShadowTestTests/BankShaped.swift` (kept in step by hand).
func bankShapedProblem(administeredCount: Int, length: Int, seed: UInt64) -> ShadowTestProblem {
    var generator = SeededGenerator(seed: seed)
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
    func take(_ k: Int) -> [Int] { let head = Array(order.prefix(k)); order.removeFirst(k); return head }
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

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident],
        timeUnits: .microseconds,
        warmupIterations: 3,
        maxDuration: .seconds(5),
        maxIterations: 200,
        // Every collected metric needs a tolerance: one without is checked exactly.
        thresholds: [
            .wallClock: .init(relative: [.p90: 25.0]),
            .throughput: .init(relative: [.p90: 25.0]),
            .mallocCountTotal: .init(relative: [.p90: 10.0]),
            .peakMemoryResident: .init(relative: [.p90: 10.0]),
        ]
    )

    let solver = ShadowTestSolver()
    for length in [40, 60] {
        for administered in [0, 30] {
            Benchmark(
                "ShadowTest-\(administered)-administered-length\(length)",
                closure: { (benchmark: Benchmark, problem: ShadowTestProblem) in
                    for _ in benchmark.scaledIterations {
                        blackHole(try? solver.solve(problem))
                    }
                },
                setup: { bankShapedProblem(administeredCount: administered, length: length, seed: 20_261_126) }
            )
        }
    }
}
