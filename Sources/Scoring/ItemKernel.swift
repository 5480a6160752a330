#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif
import IRTModels

/// The item parameters laid out flat for the per-person hot loops of ML, MAP and WLE: no arrays of
/// arrays, no allocation per evaluation. Immutable after `init`, so shared across threads.
///
/// Why a kernel of its own beside `IRTModels.ItemBatch` (the engine's one item algebra: P, P′, P″,
/// information, I′ by Lord 1980, Samejima 1969 and Muraki 1992): a person's Newton step needs, for the
/// **observed** category only, the score ∂ log P_x/∂θ, its curvature and (WLE) Warm's J, computed
/// in log space without cancellation; going through the batch's full category vectors costs 2–4×
/// more per step in the scorer's innermost loop. The kernel therefore keeps the same closed forms in a
/// specialised shape — and `ItemKernelBatchAgreementTests` checks that its information and J equal
/// the batch's for every model, and `ItemKernelTests` that its log P equals
/// `ItemParameters.logProbabilities`.
///
/// `@unchecked Sendable` is justified: every stored property is a `let`, and the buffers they point to
/// are written only in `init` and read-only afterwards, so any number of threads may read them.
final class ItemKernel: @unchecked Sendable {
    enum Kind: UInt8 { case logistic, asymptotic, graded, partialCredit }

    let count: Int
    let maxCategories: Int
    private let kinds: UnsafeMutablePointer<Kind>
    private let slopes: UnsafeMutablePointer<Double>
    private let lower: UnsafeMutablePointer<Double>
    private let upper: UnsafeMutablePointer<Double>
    private let starts: UnsafeMutablePointer<Int>
    let categoryCounts: UnsafeMutablePointer<Int>
    private let intercepts: UnsafeMutablePointer<Double>

    init(_ items: [ItemParameters]) {
        count = items.count
        maxCategories = items.reduce(2) { max($0, $1.categoryCount) }
        kinds = .allocate(capacity: max(1, count))
        slopes = .allocate(capacity: max(1, count))
        lower = .allocate(capacity: max(1, count))
        upper = .allocate(capacity: max(1, count))
        starts = .allocate(capacity: max(1, count))
        categoryCounts = .allocate(capacity: max(1, count))
        let total = items.reduce(0) { $0 + $1.intercepts.count }
        intercepts = .allocate(capacity: max(1, total))
        var offset = 0
        for (j, item) in items.enumerated() {
            switch item.model {
            case .rasch, .twoPL, .threePL, .fourPL:
                kinds[j] = (item.guessing == 0 && item.upperAsymptote == 1) ? .logistic : .asymptotic
            case .graded: kinds[j] = .graded
            case .gpcm: kinds[j] = .partialCredit
            }
            slopes[j] = item.discrimination
            lower[j] = item.guessing
            upper[j] = item.upperAsymptote
            starts[j] = offset
            categoryCounts[j] = item.categoryCount
            for d in item.intercepts { intercepts[offset] = d; offset += 1 }
        }
    }

    deinit {
        kinds.deallocate(); slopes.deallocate(); lower.deallocate(); upper.deallocate()
        starts.deallocate(); categoryCounts.deallocate(); intercepts.deallocate()
    }

    /// Whether item j is a dichotomous item with a guessing or upper asymptote (3PL, 4PL): the only
    /// kind whose log-likelihood term can be non-concave in θ.
    @inline(__always)
    func isAsymptotic(_ j: Int) -> Bool { kinds[j] == .asymptotic }

    /// Whether item j is graded (Samejima), the kind whose Warm term J is not the derivative of I.
    @inline(__always)
    func isGraded(_ j: Int) -> Bool { kinds[j] == .graded }

    /// The slope a_j of item j.
    @inline(__always)
    func slope(_ j: Int) -> Double { slopes[j] }

    /// Item j at θ with observed category x: the score ∂ log P_x/∂θ, its derivative (the observed
    /// curvature ∂² log P_x/∂θ²), the information I_j = Σ_k P_k'²/P_k and (when `warm`) Warm's
    /// J_j = Σ_k P_k' P_k''/P_k. `scratch` holds at least 2·`maxCategories` + 2 doubles.
    /// Complexity O(K_j), one `exp` per category.
    ///
    /// The curvature is −I_j for the 2PL and the GPCM (exponential families in θ);
    /// ```
    /// 3PL/4PL  x = 1: P''/P − (P'/P)²,   x = 0: −P''/Q − (P'/Q)²     (may be positive)
    /// graded   −a²·(w_x + w_{x+1}),  w_k = σ_k(1 − σ_k),  w_0 = w_K = 0
    /// ```
    @inline(__always)
    func evaluate(_ j: Int, theta: Double, response x: Int, warm: Bool, scratch: UnsafeMutablePointer<Double>)
        -> (score: Double, curvature: Double, information: Double, warm: Double) {
        let a = slopes[j]
        switch kinds[j] {
        case .logistic:
            let (s, s1) = Self.logisticPair(a * theta + intercepts[starts[j]])
            let w = s * s1
            let score = a * ((x == 1 ? 1 : 0) - s)
            return (score, -a * a * w, a * a * w, warm ? a * a * a * w * (s1 - s) : 0)
        case .asymptotic:
            let (s, s1) = Self.logisticPair(a * theta + intercepts[starts[j]])
            let c = lower[j], u = upper[j]
            let p = max(c + (u - c) * s, 1e-300)
            let q = max((1 - u) + (u - c) * s1, 1e-300)
            let w = s * s1
            let d1 = (u - c) * a * w
            let d2 = (u - c) * a * a * w * (s1 - s)
            let pq = p * q
            if x == 1 {
                let score = d1 / p
                return (score, d2 / p - score * score, d1 * d1 / pq, warm ? d1 * d2 / pq : 0)
            }
            let score = -d1 / q
            return (score, -d2 / q - score * score, d1 * d1 / pq, warm ? d1 * d2 / pq : 0)
        case .graded:
            // σ_k for k = 0..K (σ_0 = 1, σ_K = 0) in scratch[0...K], 1 − σ_k in scratch[K+1...2K+1].
            let m = categoryCounts[j] - 1
            let s = scratch, s1 = scratch + (m + 2)
            s[0] = 1; s1[0] = 0; s[m + 1] = 0; s1[m + 1] = 1
            let base = intercepts + starts[j]
            for k in 1...m {
                let pair = Self.logisticPair(a * theta + base[k - 1])
                s[k] = pair.0; s1[k] = pair.1
            }
            let score = a * (1 - s[x] - s[x + 1])
            let curvature = -a * a * (s[x] * s1[x] + s[x + 1] * s1[x + 1])
            var info = 0.0, jSum = 0.0
            for k in 0...m {
                let p = s[k] - s[k + 1]
                guard p > 1e-300 else { continue }
                let wk = s[k] * s1[k], wk1 = s[k + 1] * s1[k + 1]
                let d1 = a * (wk - wk1)
                info += d1 * d1 / p
                if warm {
                    let d2 = a * a * (wk * (s1[k] - s[k]) - wk1 * (s1[k + 1] - s[k + 1]))
                    jSum += d1 * d2 / p
                }
            }
            return (score, curvature, info, jSum)
        case .partialCredit:
            let kCount = categoryCounts[j]
            let base = intercepts + starts[j]
            let z = scratch
            let logNormaliser = Self.partialCreditLogNormaliser(a * theta, base, kCount, into: z)
            var mean = 0.0
            for k in 0..<kCount { z[k] = exp(z[k] - logNormaliser); mean += Double(k) * z[k] }
            var variance = 0.0, third = 0.0
            for k in 0..<kCount {
                let d = Double(k) - mean
                variance += d * d * z[k]
                third += d * d * d * z[k]
            }
            return (a * (Double(x) - mean), -a * a * variance, a * a * variance, warm ? a * a * a * third : 0)
        }
    }

    /// The GPCM's cumulative logits z_k = Σ_{v ≤ k} (aθ + c_v), z_0 = 0 (Muraki 1992), written into `z`;
    /// returns their maximum (for a stable normalisation). O(K).
    @inline(__always)
    static func partialCreditLogits(_ aTheta: Double, _ base: UnsafeMutablePointer<Double>, _ kCount: Int,
                                    into z: UnsafeMutablePointer<Double>) -> Double {
        var acc = 0.0, top = 0.0
        z[0] = 0
        for k in 1..<kCount {
            acc += aTheta + base[k - 1]
            z[k] = acc
            if acc > top { top = acc }
        }
        return top
    }

    /// The GPCM's cumulative logits z_k in `z` (``partialCreditLogits(_:_:_:into:)``) and their log-sum-exp
    /// log Σ_k e^{z_k}, computed from the largest logit against overflow: P_k = e^{z_k − log Σ}.
    /// O(K), K exponentials.
    @inline(__always)
    static func partialCreditLogNormaliser(_ aTheta: Double, _ base: UnsafeMutablePointer<Double>, _ kCount: Int,
                                           into z: UnsafeMutablePointer<Double>) -> Double {
        let top = partialCreditLogits(aTheta, base, kCount, into: z)
        var total = 0.0
        for k in 0..<kCount { total += exp(z[k] - top) }
        return top + log(total)
    }

    /// log P_x(θ) of item j, computed without cancellation: log σ(z) = −log(1 + e^(−z)) for the 2PL,
    /// a graded category as the difference of the two smaller tails; a probability below 1e−300 counts
    /// as 1e−300. `scratch` as for ``evaluate(_:theta:response:warm:scratch:)``. Complexity O(K_j).
    @inline(__always)
    func logProbability(_ j: Int, theta: Double, response x: Int, scratch: UnsafeMutablePointer<Double>) -> Double {
        let a = slopes[j]
        switch kinds[j] {
        case .logistic:
            let z = a * theta + intercepts[starts[j]]
            let t = x == 1 ? -z : z  // log P = −softplus(t)
            return -(max(t, 0) + log1p(exp(-abs(t))))
        case .asymptotic:
            let (s, s1) = Self.logisticPair(a * theta + intercepts[starts[j]])
            let c = lower[j], u = upper[j]
            let p = x == 1 ? c + (u - c) * s : (1 - u) + (u - c) * s1
            return log(max(p, 1e-300))
        case .graded:
            let m = categoryCounts[j] - 1
            let base = intercepts + starts[j]
            let upperTail = x == 0 ? (1.0, 0.0) : Self.logisticPair(a * theta + base[x - 1])
            let lowerTail = x == m ? (0.0, 1.0) : Self.logisticPair(a * theta + base[x])
            // P_x = σ_x − σ_{x+1} = (1 − σ_{x+1}) − (1 − σ_x): take the pair of smaller numbers.
            let p = upperTail.0 < 0.5 ? upperTail.0 - lowerTail.0 : lowerTail.1 - upperTail.1
            return log(max(p, 1e-300))
        case .partialCredit:
            let kCount = categoryCounts[j]
            let base = intercepts + starts[j]
            let z = scratch
            return max(z[x] - Self.partialCreditLogNormaliser(a * theta, base, kCount, into: z), -690)
        }
    }

    /// (logistic(z), logistic(−z)) from one `exp`.
    @inline(__always)
    static func logisticPair(_ z: Double) -> (Double, Double) {
        let e = exp(-abs(z))
        let r = 1 / (1 + e)
        return z >= 0 ? (r, e * r) : (e * r, r)
    }
}
