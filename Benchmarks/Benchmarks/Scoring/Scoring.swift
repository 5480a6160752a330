// Scoring: θ estimates of 100,000 persons on 50 2PL items through `PersonScorer.scoreAll`, with the
// generating item parameters (seeded `Simulation.generate`).
//   "EAP-100000x50"  expected a posteriori on 61 nodes (N(0, 1) prior), with posterior SD;
//   "WLE-100000x50"  Warm's weighted likelihood (bounded Newton, fence ±6), with SE.
// Custom metric `persons/s` = 100,000 / wall seconds. Scorer construction (the EAP grid) is measured.

import Benchmark
import Calibration
import IRTModels
import ResponseData
import Scoring

let personsPerSecond = BenchmarkMetric.custom("persons/s", polarity: .prefersLarger, useScalingFactor: false)

struct ScoringData: Sendable {
    let data: ResponseMatrix
    let items: [ItemParameters]
}

let persons = 100_000
let itemCount = 50

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident, personsPerSecond],
        timeUnits: .milliseconds,
        units: [personsPerSecond: .count],
        warmupIterations: 1,
        maxDuration: .seconds(10),
        maxIterations: 10,
        // Every collected metric needs a tolerance: one without is checked exactly.
        thresholds: [
            .wallClock: .init(relative: [.p90: 25.0]),
            .throughput: .init(relative: [.p90: 25.0]),
            .mallocCountTotal: .init(relative: [.p90: 10.0]),
            personsPerSecond: .init(relative: [.p90: 25.0]),
            .peakMemoryResident: .init(relative: [.p90: 10.0]),
        ]
    )

    for method in [ScoringMethod.eap, .wle] {
        Benchmark(
            "\(String(describing: method).uppercased())-\(persons)x\(itemCount)",
            closure: { (benchmark: Benchmark, setup: ScoringData) in
                let clock = ContinuousClock()
                let start = clock.now
                let scorer = PersonScorer(items: setup.items, method: method)
                let scores = try scorer.scoreAll(responses: setup.data.responses, itemCount: setup.data.itemCount)
                let elapsed = clock.now - start
                blackHole(scores)
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
                benchmark.measurement(personsPerSecond, seconds > 0 ? Int(Double(persons) / seconds) : 0)
            },
            setup: {
                let sim = Simulation.generate(model: .twoPL, persons: persons, items: itemCount, seed: 20_251_124)
                return ScoringData(data: sim.data, items: sim.parameters)
            }
        )
    }
}
