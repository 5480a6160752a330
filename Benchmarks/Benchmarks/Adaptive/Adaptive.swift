// The adaptive engine: select + update per administered item, and whole simulation studies.
//   "SelectUpdate-MFI-EAP-1000" / "-5000"  one simulated exam after another on a 1,000- / 5,000-item
//        3PL pool (no blueprint, no exposure control), maximum information, EAP interim and final,
//        stop at SE ≤ 0.3 or 30 items; custom metric `ns/item` = wall time / items administered.
//   "Simulation-bundled-1000"  1,000 candidates on the bundled bank with its blueprint and settings
//        (weighted deviations, randomesque 5, WLE final), the pool and engine built inside the timing.
// Accuracy of the same exams, outside the timed part: `RMSE x1000` (final θ̂ against the true θ) and
// `mean SE x1000` (the final estimator's reported SE), so a speed figure never stands without them.
import Benchmark
import AdaptiveTesting
import ExamDesign
import Foundation
import IRTModels
import ItemBanking
import MathCore

let nanosecondsPerItem = BenchmarkMetric.custom("ns/item", polarity: .prefersSmaller, useScalingFactor: false)
let rmseMilli = BenchmarkMetric.custom("RMSE x1000", polarity: .prefersSmaller, useScalingFactor: false)
let meanSEMilli = BenchmarkMetric.custom("mean SE x1000", polarity: .prefersSmaller, useScalingFactor: false)

/// Records RMSE and mean SE (× 1,000, rounded) of (true θ, θ̂, SE) triples as custom metrics.
func recordAccuracy(_ benchmark: Benchmark, _ exams: [(truth: Double, estimate: Double, se: Double)]) {
    guard !exams.isEmpty else { return }
    let n = Double(exams.count)
    let rmse = (exams.reduce(0) { $0 + ($1.estimate - $1.truth) * ($1.estimate - $1.truth) } / n).squareRoot()
    let meanSE = exams.reduce(0) { $0 + $1.se } / n
    benchmark.measurement(rmseMilli, Int((rmse * 1000).rounded()))
    benchmark.measurement(meanSEMilli, Int((meanSE * 1000).rounded()))
}

struct Pool: Sendable { let engine: AdaptiveEngine }

func syntheticEngine(items: Int) throws -> AdaptiveEngine {
    var g = SeededGenerator(seed: 20_261_126)
    let parameters = Simulation.parameters(model: .threePL, items: items, generator: &g)
    let pool = try ItemPool(items: parameters.enumerated().map { PoolItem(id: "I\($0.offset)", parameters: $0.element) })
    return try AdaptiveEngine(pool: pool, settings: AdaptiveSettings(content: .none, interimEstimator: .eap,
                                                                      finalEstimator: .eap, targetSE: 0.3, maxLength: 30))
}

let bankDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("itembanks/mentorcert").path

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, nanosecondsPerItem, rmseMilli, meanSEMilli],
        timeUnits: .milliseconds,
        units: [nanosecondsPerItem: .count, rmseMilli: .count, meanSEMilli: .count],
        warmupIterations: 1,
        maxDuration: .seconds(10),
        maxIterations: 10,
        thresholds: [
            .wallClock: .init(relative: [.p90: 25.0]),
            .mallocCountTotal: .init(relative: [.p90: 10.0]),
            nanosecondsPerItem: .init(relative: [.p90: 25.0]),
        ]
    )

    for size in [1_000, 5_000] {
        Benchmark("SelectUpdate-MFI-EAP-\(size)",
                  closure: { (benchmark: Benchmark, setup: Pool) in
                      let engine = setup.engine
                      var items = 0
                      var finished: [(Double, AdaptiveState)] = []
                      finished.reserveCapacity(200)
                      let clock = ContinuousClock()
                      let start = clock.now
                      for c in 0..<200 {
                          var answers = SeededGenerator(seed: UInt64(c) &+ 1_000_000)
                          let theta = -2 + 4 * Double(c) / 200
                          let state = engine.simulateCandidate(theta: theta, generator: SeededGenerator(seed: UInt64(c)),
                                                               answers: &answers)
                          items += state.itemsGiven
                          finished.append((theta, state))
                      }
                      let elapsed = clock.now - start
                      let ns = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) * 1e-9
                      benchmark.measurement(nanosecondsPerItem, items > 0 ? Int(ns / Double(items)) : 0)
                      recordAccuracy(benchmark, finished.map { theta, state in
                          let result = engine.result(state)
                          return (theta, result.theta, result.standardError)
                      })
                  },
                  setup: { Pool(engine: try syntheticEngine(items: size)) })
    }

    Benchmark("Simulation-bundled-1000") { benchmark in
        let bank = try ItemBank.load(directory: bankDirectory)
        let pool = try ItemPool(bank: bank)
        let engine = try AdaptiveEngine(pool: pool, settings: AdaptiveSettings(bank: bank))
        let study = try SimulationStudy(engine: engine, examinees: 1_000, seed: 1)
        let report = SimulationReport(outcomes: study.run(), pool: pool)
        benchmark.stopMeasurement()
        benchmark.measurement(rmseMilli, Int((report.rmse * 1000).rounded()))
        benchmark.measurement(meanSEMilli, Int((report.meanSE * 1000).rounded()))
        blackHole(report)
    }
}
