// BLASProducts: the two matrix products of an E-step at its largest planned shape, through
// `LinearAlgebra.BLAS.gemm` (OpenBLAS `cblas_dgemm`, row-major).
//
//   forward   L = X · B      X: N × J responses (as Double), B: J × Q per-node log-odds,  L: N × Q
//   backward  R = Xᵀ · W     X: N × J,  W: N × Q posterior weights,                       R: J × Q
//
// with N = 100,000 persons, J = 100 items, Q = 61 quadrature nodes: 2·N·J·Q = 1.22 GFLOP a product.
// Each product is timed with one BLAS thread, with OpenBLAS's default thread count, and split into
// two person blocks on two threads with one BLAS thread each (the layout DECISIONS.md §5 chose).
//
// Benchmark names contain no spaces or "/": ordo-one/benchmark 1.38.1 writes threshold files with spaces
// turned into "_" but looks them up by the raw name, so a name with spaces can never be checked.
//
// Besides wall clock, throughput and malloc/peak memory, every product reports the custom metric
// `MFLOP/s` = 2·N·J·Q / (wall seconds of that iteration) / 10⁶ (an integer, since custom metrics are
// integers; divide by 1,000 for GFLOP/s). The operand buffers (≈ 180 MB) are allocated and filled once
// in `setup`, so `peakMemoryResident` includes them and `mallocCountTotal` should be 0 for the plain
// products.

import Benchmark
import Dispatch
import LinearAlgebra

/// The E-step shape.
enum Shape {
    static let persons = 100_000
    static let items = 100
    static let nodes = 61
    /// Floating-point operations of one product: 2·N·J·Q.
    static let flops = 2 * persons * items * nodes
}

/// Operand buffers shared by all iterations of one benchmark. Raw allocations (not arrays) so the
/// measured region makes no copy-on-write checks and no allocations; freed in `deinit`.
final class Operands: @unchecked Sendable {
    /// N × J, entries 0/1 as a response matrix converted to Double.
    let x: UnsafeMutablePointer<Double>
    /// J × Q.
    let b: UnsafeMutablePointer<Double>
    /// N × Q weights (row sums 1 like posterior weights).
    let w: UnsafeMutablePointer<Double>
    /// N × Q output of the forward product.
    let forward: UnsafeMutablePointer<Double>
    /// J × Q output of the backward product, one per person block (partial sums).
    let backward: [UnsafeMutablePointer<Double>]

    init(blocks: Int = 2) {
        let n = Shape.persons, j = Shape.items, q = Shape.nodes
        x = .allocate(capacity: n * j)
        b = .allocate(capacity: j * q)
        w = .allocate(capacity: n * q)
        forward = .allocate(capacity: n * q)
        backward = (0..<blocks).map { _ in UnsafeMutablePointer<Double>.allocate(capacity: j * q) }
        // A fixed linear congruential sequence: the values do not matter to BLAS, only that they are
        // finite and not all zero (no denormals).
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        for i in 0..<(n * j) { x[i] = next() < 0.5 ? 0 : 1 }
        for i in 0..<(j * q) { b[i] = 2 * next() - 1 }
        for p in 0..<n {
            for k in 0..<q { w[p * q + k] = 1.0 / Double(q) + 1e-3 * (next() - 0.5) }
        }
        forward.initialize(repeating: 0, count: n * q)
        for r in backward { r.initialize(repeating: 0, count: j * q) }
    }

    deinit {
        x.deallocate(); b.deallocate(); w.deallocate(); forward.deallocate()
        for r in backward { r.deallocate() }
    }

    /// L = X · B for persons `rows` (N_block × Q).
    func forwardProduct(rows: Range<Int>) {
        let j = Shape.items, q = Shape.nodes
        BLAS.gemm(transposeA: false, transposeB: false, m: rows.count, n: q, k: j, alpha: 1,
                  a: x + rows.lowerBound * j, lda: j, b: b, ldb: q,
                  beta: 0, c: forward + rows.lowerBound * q, ldc: q)
    }

    /// R = Xᵀ · W over persons `rows`, written to `backward[block]` (J × Q).
    func backwardProduct(rows: Range<Int>, block: Int) {
        let j = Shape.items, q = Shape.nodes
        BLAS.gemm(transposeA: true, transposeB: false, m: j, n: q, k: rows.count, alpha: 1,
                  a: x + rows.lowerBound * j, lda: j, b: w + rows.lowerBound * q, ldb: q,
                  beta: 0, c: backward[block], ldc: q)
    }

    /// The persons of block `index` out of `count` equal blocks.
    static func block(_ index: Int, of count: Int) -> Range<Int> {
        let size = (Shape.persons + count - 1) / count
        return (index * size)..<min(Shape.persons, (index + 1) * size)
    }
}

/// How a product is run.
enum Threading {
    /// One call, OpenBLAS limited to one thread.
    case singleBLASThread
    /// One call, OpenBLAS with the thread count it had at start-up (cores, or `OPENBLAS_NUM_THREADS`).
    /// The count is not part of the benchmark name, so stored thresholds keep their file names across
    /// machines.
    case defaultBLASThreads(Int)
    /// Two person blocks on two threads (`concurrentPerform`), one BLAS thread each; the backward
    /// partial sums are added afterwards.
    case twoPersonBlocks

    var label: String {
        switch self {
        case .singleBLASThread: "1-BLAS-thread"
        case .defaultBLASThreads: "default-BLAS-threads"
        case .twoPersonBlocks: "2-person-blocks-x-1-BLAS-thread"
        }
    }

    func configureBLAS() {
        switch self {
        case .singleBLASThread, .twoPersonBlocks: BLAS.setThreads(1)
        case .defaultBLASThreads(let n): BLAS.setThreads(n)
        }
    }
}

let mflops = BenchmarkMetric.custom("MFLOP/s", polarity: .prefersLarger, useScalingFactor: false)

let benchmarks: @Sendable () -> Void = {
    // Read before any benchmark changes it.
    let defaultThreads = BLAS.threads

    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident, mflops],
        timeUnits: .milliseconds,
        // Print MFLOP/s as a plain number (the automatic unit would round 41,300 to "41 K").
        units: [mflops: .count],
        warmupIterations: 2,
        maxDuration: .seconds(5),
        maxIterations: 25,
        // p90 deviations beyond these count as regressions against the stored thresholds
        // (Thresholds/*.p90.json): BLAS timings on a shared 2-core machine wobble by ±20 %.
        thresholds: [
            .wallClock: .init(relative: [.p90: 25.0]),
            .throughput: .init(relative: [.p90: 25.0]),
            mflops: .init(relative: [.p90: 25.0]),
            // OpenBLAS and Dispatch make a few dozen small allocations per call; more than 20 extra
            // means someone added a copy.
            .mallocCountTotal: .init(absolute: [.p90: 20]),
            .peakMemoryResident: .init(relative: [.p90: 10.0]),
        ]
    )

    let threadings: [Threading] = [.singleBLASThread, .defaultBLASThreads(defaultThreads), .twoPersonBlocks]

    for threading in threadings {
        Benchmark(
            "dgemm-forward-XB-100000x100-by-100x61-\(threading.label)",
            closure: { benchmark, operands in
                threading.configureBLAS()
                let clock = ContinuousClock()
                let start = clock.now
                for _ in benchmark.scaledIterations {
                    switch threading {
                    case .singleBLASThread, .defaultBLASThreads:
                        operands.forwardProduct(rows: 0..<Shape.persons)
                    case .twoPersonBlocks:
                        DispatchQueue.concurrentPerform(iterations: 2) { block in
                            operands.forwardProduct(rows: Operands.block(block, of: 2))
                        }
                    }
                    blackHole(operands.forward[Shape.persons * Shape.nodes - 1])
                }
                benchmark.measurement(mflops, megaflopsPerSecond(since: start, on: clock,
                                                                  products: benchmark.scaledIterations.count))
            },
            setup: { Operands() }
        )

        Benchmark(
            "dgemm-backward-XtW-100x100000-by-100000x61-\(threading.label)",
            closure: { benchmark, operands in
                threading.configureBLAS()
                let clock = ContinuousClock()
                let start = clock.now
                for _ in benchmark.scaledIterations {
                    switch threading {
                    case .singleBLASThread, .defaultBLASThreads:
                        operands.backwardProduct(rows: 0..<Shape.persons, block: 0)
                    case .twoPersonBlocks:
                        DispatchQueue.concurrentPerform(iterations: 2) { block in
                            operands.backwardProduct(rows: Operands.block(block, of: 2), block: block)
                        }
                        // Add the second block's partial sums into the first (J·Q additions).
                        let total = operands.backward[0], partial = operands.backward[1]
                        for i in 0..<(Shape.items * Shape.nodes) { total[i] += partial[i] }
                    }
                    blackHole(operands.backward[0][Shape.items * Shape.nodes - 1])
                }
                benchmark.measurement(mflops, megaflopsPerSecond(since: start, on: clock,
                                                                  products: benchmark.scaledIterations.count))
            },
            setup: { Operands() }
        )
    }
}

/// MFLOP/s of `products` E-step products that took the time since `start`.
func megaflopsPerSecond(since start: ContinuousClock.Instant, on clock: ContinuousClock, products: Int) -> Int {
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    guard seconds > 0 else { return 0 }
    return Int((Double(Shape.flops * products) / seconds / 1e6).rounded())
}
