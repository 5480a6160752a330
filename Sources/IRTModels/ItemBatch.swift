#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif
import MathCore

/// An immutable batch of items and the quantities every consumer of a calibration needs from it:
/// category probabilities, their first and second θ-derivatives, item and test information and the
/// θ-derivative of information, at a point or over a ``ThetaGrid``. CAT item selection, CSEM and
/// reliability curves and the plots all use it. The per-point methods do not allocate (scratch lives
/// in stack buffers of K values).
///
/// Closed forms (logistic metric), with σ = logistic(aθ + d):
/// ```
/// dichotomous  P₁ = c + (u − c)σ,  P₁' = (u − c)·a·σ(1 − σ),  P₁'' = (u − c)·a²·σ(1 − σ)(1 − 2σ),  P₀ = 1 − P₁
/// graded       P*_k = logistic(aθ + d_k) (P*_0 = 1, P*_K = 0),  P_k = P*_k − P*_{k+1},
///              P*' = a·P*(1 − P*),  P*'' = a²·P*(1 − P*)(1 − 2P*)       (Samejima 1969)
/// GPCM         P_k ∝ exp(Σ_{v≤k}(aθ + c_v)),  E = Σ k·P_k,  V = Σ (k − E)²P_k,
///              P_k' = a·P_k(k − E),  P_k'' = a²·P_k((k − E)² − V)       (Muraki 1992)
/// information  I(θ) = Σ_k P_k'² / P_k                                    (Lord 1980, eq. 5-9)
///              I'(θ) = Σ_k (2·P_k'·P_k'' / P_k − P_k'³ / P_k²)
/// ```
/// Cost: O(K) per item and point.
public struct ItemBatch: Sendable, Equatable {
    public let items: [ItemParameters]
    /// The largest category count of the batch.
    public let maximumCategories: Int

    public init(_ items: [ItemParameters]) {
        self.items = items
        self.maximumCategories = items.map(\.categoryCount).max() ?? 2
    }

    public var count: Int { items.count }

    /// P_k, P_k' and P_k'' of item `i` at θ, written into buffers of at least K values.
    public func evaluate(item i: Int, at theta: Double, probabilities p: UnsafeMutableBufferPointer<Double>,
                         first d1: UnsafeMutableBufferPointer<Double>, second d2: UnsafeMutableBufferPointer<Double>) {
        let item = items[i]
        let a = item.discrimination
        switch item.model {
        case .rasch, .twoPL, .threePL, .fourPL:
            let s = Logistic.logistic(a * theta + item.intercept)
            let range = item.upperAsymptote - item.guessing
            let s1 = s * (1 - s)
            p[1] = item.guessing + range * s
            p[0] = 1 - p[1]
            d1[1] = range * a * s1
            d1[0] = -d1[1]
            d2[1] = range * a * a * s1 * (1 - 2 * s)
            d2[0] = -d2[1]
        case .graded:
            let k = item.categoryCount
            var upperP = 1.0, upperD1 = 0.0, upperD2 = 0.0  // P*_k and derivatives, starting at k = 0
            for c in 0..<k {
                let lowerP: Double, lowerD1: Double, lowerD2: Double
                if c + 1 < k {
                    let s = Logistic.logistic(a * theta + item.intercepts[c])
                    lowerP = s
                    lowerD1 = a * s * (1 - s)
                    lowerD2 = a * a * s * (1 - s) * (1 - 2 * s)
                } else {
                    lowerP = 0; lowerD1 = 0; lowerD2 = 0
                }
                p[c] = upperP - lowerP
                d1[c] = upperD1 - lowerD1
                d2[c] = upperD2 - lowerD2
                upperP = lowerP; upperD1 = lowerD1; upperD2 = lowerD2
            }
        case .gpcm:
            let k = item.categoryCount
            // z_k = Σ_{v ≤ k} (aθ + c_v), normalised by the maximum.
            var z = 0.0, maxZ = 0.0
            p[0] = 0
            for c in 1..<k {
                z += a * theta + item.intercepts[c - 1]
                p[c] = z
                maxZ = max(maxZ, z)
            }
            var total = 0.0
            for c in 0..<k { p[c] = exp(p[c] - maxZ); total += p[c] }
            var mean = 0.0
            for c in 0..<k { p[c] /= total; mean += Double(c) * p[c] }
            var variance = 0.0
            for c in 0..<k { variance += (Double(c) - mean) * (Double(c) - mean) * p[c] }
            for c in 0..<k {
                let dev = Double(c) - mean
                d1[c] = a * p[c] * dev
                d2[c] = a * a * p[c] * (dev * dev - variance)
            }
        }
    }

    /// Runs `body` with stack scratch for (P, P', P'') of item `i` at θ.
    @inline(__always)
    private func withDerivatives<R>(item i: Int, at theta: Double,
                                    _ body: (UnsafeMutableBufferPointer<Double>, UnsafeMutableBufferPointer<Double>,
                                             UnsafeMutableBufferPointer<Double>, Int) -> R) -> R {
        let k = items[i].categoryCount
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: 3 * k) { buffer in
            let p = UnsafeMutableBufferPointer(rebasing: buffer[0..<k])
            let d1 = UnsafeMutableBufferPointer(rebasing: buffer[k..<(2 * k)])
            let d2 = UnsafeMutableBufferPointer(rebasing: buffer[(2 * k)..<(3 * k)])
            evaluate(item: i, at: theta, probabilities: p, first: d1, second: d2)
            return body(p, d1, d2, k)
        }
    }

    /// Fisher information of item `i` at θ, I = Σ_k P_k'² / P_k.
    public func information(item i: Int, at theta: Double) -> Double {
        withDerivatives(item: i, at: theta) { p, d1, _, k in
            var info = 0.0
            for c in 0..<k where p[c] > 1e-300 { info += d1[c] * d1[c] / p[c] }
            return info
        }
    }

    /// dI/dθ of item `i` at θ, Σ_k (2 P_k' P_k'' / P_k − P_k'³ / P_k²).
    public func informationDerivative(item i: Int, at theta: Double) -> Double {
        withDerivatives(item: i, at: theta) { p, d1, d2, k in
            var out = 0.0
            for c in 0..<k where p[c] > 1e-300 {
                out += 2 * d1[c] * d2[c] / p[c] - d1[c] * d1[c] * d1[c] / (p[c] * p[c])
            }
            return out
        }
    }

    /// Expected score E[X | θ] = Σ k·P_k of item `i`.
    public func expectedScore(item i: Int, at theta: Double) -> Double {
        withDerivatives(item: i, at: theta) { p, _, _, k in
            var e = 0.0
            for c in 1..<k { e += Double(c) * p[c] }
            return e
        }
    }

    /// Test information Σ_i I_i(θ) over `subset` (every item when nil).
    public func testInformation(at theta: Double, items subset: [Int]? = nil) -> Double {
        if let subset { return subset.reduce(0) { $0 + information(item: $1, at: theta) } }
        return (0..<count).reduce(0) { $0 + information(item: $1, at: theta) }
    }

    /// The conditional standard error of measurement 1/√I(θ) of the whole batch (nil where the
    /// information is zero).
    public func standardError(at theta: Double) -> Double? {
        let info = testInformation(at: theta)
        return info > 0 ? 1 / info.squareRoot() : nil
    }

    /// The category probabilities P_jk(θ_q) of every item at every node of `grid`, indexed
    /// `[item][node][category]` (`ItemParameters.probabilities(at:)`, computed in log space).
    /// Complexity O(J · Q · K̄); allocates the result.
    public func probabilities(over grid: ThetaGrid) -> [[[Double]]] {
        items.map { item in grid.nodes.map { item.probabilities(at: $0) } }
    }

    /// Item information over a grid: row i holds I_i(θ_q) for every node (items × nodes).
    public func information(over grid: ThetaGrid) -> [[Double]] {
        (0..<count).map { i in grid.nodes.map { information(item: i, at: $0) } }
    }

    /// Test information over a grid.
    public func testInformation(over grid: ThetaGrid) -> [Double] {
        grid.nodes.map { testInformation(at: $0) }
    }
}
