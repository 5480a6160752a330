import Foundation
import Dispatch
import IRTModels
import MathCore

/// Estimates persons' θ with a standard error from their responses to calibrated items.
///
/// Methods (see ``ScoringMethod``):
/// ```
/// EAP  θ̂ = ∫ θ L(x|θ) g(θ) dθ / ∫ L(x|θ) g(θ) dθ,   SE = posterior SD           (Bock & Mislevy 1982)
/// MAP  θ̂ = argmax log L(x|θ) + log g(θ),           SE = 1/√(I(θ̂) + 1/σ²)
/// ML   θ̂ = argmax log L(x|θ),                      SE = 1/√I(θ̂)               (Lord 1980)
/// WLE  θ̂ solves ∂ℓ/∂θ + J(θ)/(2I(θ)) = 0,          SE = 1/√I(θ̂)               (Warm 1989)
///      J(θ) = Σ_j Σ_k P'_jk P''_jk / P_jk,  I(θ) = Σ_j Σ_k P'_jk² / P_jk (test information)
/// ```
/// g is the latent N(μ, σ²) (DECISIONS §5: N(0, 1) unless the calibration estimated another). EAP
/// integrates on `quadrature`, a rule for the standard normal whose nodes are mapped to μ + σ·z_q.
/// The SE of WLE is 1/√I(θ̂), as mirt and catR report it.
///
/// **Fence rule (ML, WLE, MAP).** The estimate is searched in `fence` (default [−6, 6], the bounded
/// search of catR and mirt). An all-correct or all-incorrect pattern has no finite ML estimate: ML
/// returns the fence end (+6 / −6) with flag `allCorrect` / `allIncorrect` and SE = 1/√I at that end.
/// Warm's estimate of such a pattern is finite for the 2PL in theory; it is reported when it lies
/// inside the fence and held at the fence end otherwise (same flags). Any other estimate whose root
/// lies beyond the fence is held at the fence end with flag `fenced`. EAP needs no fence: the grid
/// bounds it. Extreme patterns are flagged for every method, so that reports can single them out.
///
/// **Maximisation (ML, MAP, WLE).** θ̂ is the global maximum within the fence of the method's
/// criterion (log L, log L + log g, Warm's weighted log-likelihood W with W' = ∂ℓ/∂θ + J/(2I)). Where
/// the criterion is provably unimodal (ML and MAP without 3PL/4PL items: log-concave; WLE on Rasch,
/// 2PL and GPCM items when I(θ̂) > 1.5·max(a(K − 1))²) one root is refined over the fence; otherwise
/// the fence is scanned on a tabulated grid, every local maximum is refined and the highest is kept,
/// so a flat or multimodal 3PL likelihood gets its global maximum, and one that rises towards a
/// fence end above its interior maxima gets that end (flag `fenced`). Roots are refined by
/// safeguarded Newton steps (observed slope for ML and MAP, secant for WLE) inside a shrinking
/// bracket, bisecting when a step leaves the bracket or fails to halve; converged when a step or the
/// bracket is below ``tolerance``. See `maximise(start:count:skipped:workspace:)`.
///
/// Complexity per person: EAP O(n·Q) additions with a precomputed log-probability table; ML, MAP and
/// WLE O(n·K) per Newton step, typically 4–8 steps, plus for a scanned pattern O(n·G) additions on
/// the G-node scan grid and a few steps per local maximum. `scoreAll` runs persons in parallel on
/// every core with no allocation per person.
public struct PersonScorer: Sendable {
    /// Convergence tolerance on the Newton step in θ: far below any reported precision (4 decimals)
    /// and far above the rounding noise of the score function (≈ 1e−13 for 100 items).
    public static let tolerance = 1e-9
    /// Iterations allowed per root refinement (typically 4–8 are needed; a Newton step longer than half
    /// the step before last is replaced by bisection of the bracket).
    public static let maxIterations = 100

    /// The calibrated items, in the order of the responses.
    public let items: [ItemParameters]
    /// The estimation method.
    public let method: ScoringMethod
    /// Mean μ of the latent (prior) distribution, used by EAP and MAP.
    public let latentMean: Double
    /// Variance σ² of the latent (prior) distribution, used by EAP and MAP.
    public let latentVariance: Double
    /// Quadrature rule for the standard normal (EAP).
    public let quadrature: QuadratureRule
    /// The bounded search interval of ML, MAP and WLE.
    public let fence: ClosedRange<Double>

    let kernel: ItemKernel
    let grid: PosteriorGrid?
    let scanGrid: ScanGrid?

    /// Prepares a scorer; for EAP it tabulates log P_jk(θ_q) once (Q·Σ K_j doubles), for WLE, and for
    /// ML and MAP with 3PL/4PL items, the scores ∂ log P_jk/∂θ on the scan grid (G·Σ K_j doubles,
    /// + 2·G per item for WLE; G = 121 for slopes up to 2.5, at most 1,201).
    /// - Precondition: every item is valid (`ItemParameters.isValid`), `latentVariance` > 0, the
    ///   quadrature rule has positive weights and the fence has positive width (programmer errors: the
    ///   parameter-set readers refuse such parameters and latent distributions before they get here).
    public init(items: [ItemParameters], method: ScoringMethod, latentMean: Double = 0, latentVariance: Double = 1,
                quadrature: QuadratureRule = .normalGrid(count: 61), fence: ClosedRange<Double> = -6...6) {
        precondition(latentVariance > 0 && latentVariance.isFinite, "latentVariance must be positive and finite")
        precondition(latentMean.isFinite, "latentMean must be finite")
        precondition(fence.upperBound > fence.lowerBound, "the fence must have positive width")
        precondition(items.allSatisfy(\.isValid), "every item must have valid parameters")
        precondition(quadrature.weights.contains { $0 > 0 }, "the quadrature rule must have a positive weight")
        self.items = items
        self.method = method
        self.latentMean = latentMean
        self.latentVariance = latentVariance
        self.quadrature = quadrature
        self.fence = fence
        let kernel = ItemKernel(items)
        self.kernel = kernel
        if method == .eap {
            do {
                grid = PosteriorGrid(items: items, grid: try ThetaGrid.scaling(
                    quadrature, to: LatentDistribution(mean: latentMean, variance: latentVariance)))
            } catch {
                preconditionFailure("unreachable after the preconditions above: \(error)")
            }
        } else {
            grid = nil
        }
        // ML and MAP scan only patterns with 3PL/4PL items (otherwise the criterion is concave).
        let scans = method == .wle || (method != .eap && (0..<items.count).contains { kernel.isAsymptotic($0) })
        scanGrid = scans
            ? ScanGrid(items: items, kernel: kernel, fence: fence, warm: method == .wle,
                       prior: method == .map ? (latentMean, latentVariance) : nil) : nil
    }

    /// A workspace for one thread.
    func makeWorkspace() -> Workspace {
        Workspace(itemCount: items.count, maxCategories: kernel.maxCategories, nodes: grid?.q ?? 0,
                  scanNodes: scanGrid?.count ?? 0)
    }

    /// Scores one response pattern: `responses[j]` is the category of item j, `nil` if not presented.
    /// A response outside 0..K_j−1 is left out and flagged `invalidResponse`.
    /// - Precondition: `responses.count == items.count`.
    public func score(_ responses: [UInt8?]) -> PersonScore {
        precondition(responses.count == items.count, "one response (or nil) per item")
        let bytes = responses.map { $0 ?? Self.missing }
        let workspace = makeWorkspace()
        defer { workspace.deallocate() }
        return bytes.withUnsafeBufferPointer { row in
            scoreRow(row.baseAddress, columns: nil, workspace: workspace)
        }
    }

    /// Scores every person of a row-major response matrix (`persons × itemCount` bytes, 255 = not
    /// presented — the layout of `ResponseData.ResponseMatrix.responses`), in parallel over persons.
    /// - Parameters:
    ///   - columns: `columns[j]` is the data column of item j; `nil` when the columns are the items
    ///     in order (then `itemCount == items.count`).
    /// - Complexity: O(persons · per-person cost) split over the cores; memory O(persons) for the
    ///   results plus one small workspace per chunk.
    /// - Parameter maxConcurrency: at most this many threads score at once (default: the active
    ///   processors), so a server can leave cores to other work.
    /// - Parameter progress: called with the number of persons of each chunk (256) as it is finished,
    ///   from the worker threads; a progress display adds them up.
    /// - Throws: ``ScoringInputError/responseLayout(reason:)`` when the bytes are not persons ×
    ///   `itemCount`, or the columns do not name one data column per item.
    public func scoreAll(responses: [UInt8], itemCount: Int, columns: [Int]? = nil,
                         maxConcurrency: Int = ProcessInfo.processInfo.activeProcessorCount,
                         progress: (@Sendable (_ personsDone: Int) -> Void)? = nil) throws(ScoringInputError) -> [PersonScore] {
        guard itemCount > 0 || items.isEmpty else {
            throw .responseLayout(reason: "\(items.count) items but \(itemCount) data columns")
        }
        if let columns {
            guard columns.count == items.count else {
                throw .responseLayout(reason: "\(columns.count) columns mapped for \(items.count) items")
            }
            if let bad = columns.first(where: { $0 < 0 || $0 >= itemCount }) {
                throw .responseLayout(reason: "column \(bad) is outside the \(itemCount) data columns")
            }
        } else if itemCount != items.count {
            throw .responseLayout(reason: "\(itemCount) data columns for \(items.count) items and no column map")
        }
        let persons = itemCount == 0 ? 0 : responses.count / itemCount
        guard persons * itemCount == responses.count else {
            throw .responseLayout(reason: "\(responses.count) response bytes are not a whole number of rows of \(itemCount)")
        }
        if persons == 0 { return [] }
        let chunkSize = 256
        let chunks = (persons + chunkSize - 1) / chunkSize
        let placeholder = PersonScore(theta: nil, standardError: nil, method: method, flag: nil, itemsAnswered: 0)
        var results = [PersonScore](repeating: placeholder, count: persons)
        let columnMap = columns ?? Array(0..<items.count)
        results.withUnsafeMutableBufferPointer { out in
            responses.withUnsafeBufferPointer { data in
              columnMap.withUnsafeBufferPointer { map in
                // Justified `nonisolated(unsafe)`: the buffers outlive the concurrent loop (it returns
                // before the closures above end), `input` and `columnPointer` are only read, and each
                // worker writes only the rows of its own chunks of `output`.
                nonisolated(unsafe) let output = out
                nonisolated(unsafe) let input = data
                nonisolated(unsafe) let columnPointer = map.baseAddress
                let workers = max(1, min(maxConcurrency, chunks))
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                    let workspace = makeWorkspace()
                    defer { workspace.deallocate() }
                    for chunk in stride(from: worker, to: chunks, by: workers) {
                        let first = chunk * chunkSize
                        let last = min(persons, first + chunkSize)
                        for p in first..<last {
                            output[p] = scoreRow(input.baseAddress.map { $0 + p * itemCount },
                                                 columns: columnPointer, workspace: workspace)
                        }
                        progress?(last - first)
                    }
                }
              }
            }
        }
        return results
    }

    static let missing: UInt8 = 255
}

/// Per-thread scratch of the scorer, allocated once per chunk of persons.
struct Workspace {
    let items: UnsafeMutablePointer<Int32>
    let responses: UnsafeMutablePointer<UInt8>
    let skipped: UnsafeMutablePointer<Int32>
    let scratch: UnsafeMutablePointer<Double>
    let posterior: UnsafeMutablePointer<Double>
    /// The estimating function on the scan grid, then 2·nodes doubles of scratch (WLE's I and J).
    let scan: UnsafeMutablePointer<Double>

    init(itemCount: Int, maxCategories: Int, nodes: Int, scanNodes: Int) {
        items = .allocate(capacity: max(1, itemCount))
        responses = .allocate(capacity: max(1, itemCount))
        skipped = .allocate(capacity: max(1, itemCount))
        scratch = .allocate(capacity: 2 * maxCategories + 4)
        posterior = .allocate(capacity: max(1, nodes))
        scan = .allocate(capacity: max(1, 3 * scanNodes))
    }

    func deallocate() {
        items.deallocate(); responses.deallocate(); skipped.deallocate(); scratch.deallocate(); posterior.deallocate()
        scan.deallocate()
    }
}
