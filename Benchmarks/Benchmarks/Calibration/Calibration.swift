// Calibration: MML-EM through `Calibrator.calibrate` on seeded simulated data (`Simulation.generate`).
//
// For each model and size:
//   "EM-cycle-<model>-NxJ"    one E-step + M-step (maxIterations 1, no acceleration), data preparation
//                             (pattern collapsing) included — the cost floor of any calibration;
//   "Calibrate-<model>-NxJ"   the whole calibration at the matched settings (61 nodes on [−6, 6],
//                             tolerance 1e−4, SQUAREM, no standard errors), plus at 10,000 × 50 2PL
//                             the same with standard errors.
// Custom metrics: `E-steps` (iterations as DECISIONS §5 counts them) and `µs per E-step` (wall time of
// the calibration divided by its E-steps; feed it to compare/roofline.py --estep-ms).
//
// Sizes: Rasch, 2PL, 3PL at 1,000 × 20, 10,000 × 50 and 100,000 × 100; GRM (5 categories) at 5,000 × 25.
// Data are generated once per benchmark in `setup` (not measured). Names carry no spaces (threshold files,
// see BLASProducts.swift).

import Benchmark
import Calibration
import IRTModels
import ResponseData

let eSteps = BenchmarkMetric.custom("E-steps", polarity: .prefersSmaller, useScalingFactor: false)
/// GFLOP/s of the E-step's BLAS products over the whole E-step's wall time (both workers).
let productGflops = BenchmarkMetric.custom("E-step product GFLOP/s", polarity: .prefersLarger, useScalingFactor: false)
let microsecondsPerEStep = BenchmarkMetric.custom("µs per E-step", polarity: .prefersSmaller, useScalingFactor: false)

/// One benchmark shape.
struct CalibrationCase: Sendable {
    let model: ItemModel
    let persons: Int
    let items: Int
    var label: String { "\(model.rawValue)-\(persons)x\(items)" }
    var isLarge: Bool { persons * items >= 1_000_000 }
}

let cases: [CalibrationCase] = {
    var out: [CalibrationCase] = []
    for model in [ItemModel.rasch, .twoPL, .threePL] {
        for (n, j) in [(1_000, 20), (10_000, 50), (100_000, 100)] {
            out.append(CalibrationCase(model: model, persons: n, items: j))
        }
    }
    out.append(CalibrationCase(model: .graded, persons: 5_000, items: 25))
    return out
}()

/// The matched settings of the peer comparison (compare/run.sh): 61 nodes, tolerance 1e−4, SQUAREM.
func configuration(_ model: ItemModel, standardErrors: Bool = false) -> CalibrationConfiguration {
    var cfg = CalibrationConfiguration(model: model)
    cfg.quadratureNodes = 61
    cfg.tolerance = 1e-4
    cfg.acceleration = .squarem
    cfg.computeStandardErrors = standardErrors
    return cfg
}

/// Seeded data of one case (generation is not measured).
func simulate(_ c: CalibrationCase) -> ResponseMatrix {
    Simulation.generate(model: c.model, persons: c.persons, items: c.items, categories: 5,
                        seed: 20_251_124).data
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        // No cpuTotal: it ticks in 10 ms steps, too coarse for the small cases.
        metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident, eSteps, microsecondsPerEStep, productGflops],
        timeUnits: .milliseconds,
        units: [eSteps: .count, microsecondsPerEStep: .count, productGflops: .count],
        warmupIterations: 1,
        maxDuration: .seconds(10),
        maxIterations: 10,
        // Every collected metric needs a tolerance: one without is checked exactly (and timings never
        // repeat exactly).
        thresholds: [
            .wallClock: .init(relative: [.p90: 25.0]),
            microsecondsPerEStep: .init(relative: [.p90: 25.0]),
            .mallocCountTotal: .init(relative: [.p90: 10.0]),
            .peakMemoryResident: .init(relative: [.p90: 10.0]),
            eSteps: .init(absolute: [.p90: 2]),
            productGflops: .init(relative: [.p90: 25.0]),
        ]
    )

    for c in cases {
        // The largest sizes take seconds a run: fewer samples, no warm-up.
        let large = Benchmark.Configuration(warmupIterations: 0, maxDuration: .seconds(60), maxIterations: 3)

        Benchmark(
            "EM-cycle-\(c.label)",
            configuration: c.isLarge ? large : Benchmark.defaultConfiguration,
            closure: { benchmark, data in
                var cfg = configuration(c.model)
                cfg.acceleration = .none
                cfg.maxIterations = 1
                let result = try Calibrator(configuration: cfg).calibrate(data)
                blackHole(result)
            },
            setup: { simulate(c) }
        )

        Benchmark(
            "Calibrate-\(c.label)",
            configuration: c.isLarge ? large : Benchmark.defaultConfiguration,
            closure: { benchmark, data in
                let clock = ContinuousClock()
                let start = clock.now
                let result = try Calibrator(configuration: configuration(c.model)).calibrate(data)
                let elapsed = clock.now - start
                blackHole(result)
                benchmark.measurement(eSteps, result.iterations)
                benchmark.measurement(microsecondsPerEStep, microseconds(elapsed) / max(1, result.iterations))
            },
            setup: { simulate(c) }
        )
    }

    // The E-step alone (the hot path): exactly the engine's E-step on the generating parameters, with
    // its products' rate as a metric — compare with BLASProducts' plain dgemm of the same shape.
    for c in [CalibrationCase(model: .twoPL, persons: 100_000, items: 100),
              CalibrationCase(model: .twoPL, persons: 10_000, items: 50),
              CalibrationCase(model: .graded, persons: 5_000, items: 25)] {
        Benchmark(
            "E-step-\(c.label)",
            configuration: .init(warmupIterations: 1, maxDuration: .seconds(10), maxIterations: 20),
            closure: { (benchmark: Benchmark, kernel: ExpectationStepKernel) in
                let clock = ContinuousClock()
                let start = clock.now
                blackHole(kernel.run())
                let elapsed = clock.now - start
                benchmark.measurement(productGflops, Int(kernel.productFlopsPerRun / Double(max(1, microseconds(elapsed))) * 1e-3))
            },
            setup: {
                let sim = Simulation.generate(model: c.model, persons: c.persons, items: c.items, categories: 5, seed: 20_251_124)
                return try ExpectationStepKernel(data: sim.data, items: sim.parameters)
            }
        )
    }

    let withSE = CalibrationCase(model: .twoPL, persons: 10_000, items: 50)
    Benchmark(
        "Calibrate-\(withSE.label)-with-standard-errors",
        closure: { benchmark, data in
            let result = try Calibrator(configuration: configuration(withSE.model, standardErrors: true)).calibrate(data)
            blackHole(result)
            benchmark.measurement(eSteps, result.iterations)
        },
        setup: { simulate(withSE) }
    )
}

func microseconds(_ d: Duration) -> Int {
    Int(d.components.seconds) * 1_000_000 + Int(d.components.attoseconds / 1_000_000_000_000)
}
