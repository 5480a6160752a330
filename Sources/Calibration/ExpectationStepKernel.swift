import IRTModels
import MathCore
import ResponseData

/// One E-step of the calibration engine on fixed data and parameters, exposed for benchmarks and the
/// roofline in `Benchmarks/README.md`: it runs exactly the code `Calibrator` runs in every EM cycle
/// (pattern collapsing once at creation; then per run the indicator blocks, the two BLAS products
/// per block, the normalisation and exponentials, and the reduction of the workers' partial sums).
///
/// `@unchecked Sendable`: its stored properties are `let`s and the engine it wraps serialises `run`
/// (see ``EStep``).
public final class ExpectationStepKernel: @unchecked Sendable {
    private let engine: EStep
    private let items: [ItemParameters]
    private let logPrior: [Double]

    /// - Throws: ``CalibrationError`` when the data cannot be calibrated with these models.
    public init(data: ResponseMatrix, items: [ItemParameters], quadratureNodes: Int = 61, threads: Int = 2,
                blockSize: Int = 2048) throws(CalibrationError) {
        let prepared = try PreparedData(data, models: items.map(\.model), collapseUnused: false)
        let rule = QuadratureRule.normalGrid(count: quadratureNodes)
        engine = EStep(data: prepared, nodes: rule.nodes, threads: threads, blockSize: blockSize)
        self.items = items
        logPrior = rule.weights.map { log($0) }
    }

    /// Runs one E-step and returns the marginal log-likelihood.
    @discardableResult
    public func run() -> Double { engine.run(items: items, logPrior: logPrior).logLikelihood }

    /// Floating-point operations of the BLAS products of one E-step (4·U·C·Q, plus 4·U·J·Q with
    /// missing data, for U patterns, C indicator columns, J items, Q nodes).
    public var productFlopsPerRun: Double { engine.productFlops / Double(max(1, engine.runs)) }

    /// Thread-seconds per phase accumulated over all runs (indicators, products, posterior).
    public var threadSeconds: (indicators: Double, products: Double, posterior: Double) { engine.threadSeconds }

    /// Number of unique response patterns.
    public var patternCount: Int { engine.data.patternCount }
}
#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif
