import IRTModels
import LinearAlgebra
import MathCore

/// One common item: its parameters from the form's calibration and from the bank.
public struct CommonItem: Sendable, Equatable {
    public var form: ItemParameters
    public var bank: ItemParameters
    /// The item's id, named in errors (`nil`: the errors number the items instead).
    public var id: String?
    public init(form: ItemParameters, bank: ItemParameters, id: String? = nil) {
        self.form = form
        self.bank = bank
        self.id = id
    }
}

/// The outcome of a linking: the transformation and how it was found.
public struct LinkingResult: Sendable, Equatable {
    /// θ_bank = A·θ_form + B.
    public var transformation: ScaleTransformation
    public var method: LinkingMethod
    /// Number of common items used.
    public var commonItemCount: Int
    /// The minimised criterion (characteristic-curve methods), `nil` for the moment methods.
    public var criterion: Double?
    /// Gauss–Newton iterations (0 for the moment methods).
    public var iterations: Int
    /// False when the minimisation stopped at its iteration limit.
    public var converged: Bool
}

/// Scale linking of a separately calibrated form to the bank scale through common items
/// (Kolen & Brennan 2014, ch. 6).
///
/// Moment methods (closed form, b pooled over thresholds):
/// ```
/// mean/mean  (Loyd & Hoover 1980):  A = ā_form / ā_bank,        B = b̄_bank − A·b̄_form
/// mean/sigma (Marco 1977):          A = sd(b_bank) / sd(b_form), B = b̄_bank − A·b̄_form
/// ```
/// Characteristic-curve methods minimise over (A, B), with the form item at θ_form = (θ_q − B)/A and
/// weights w_q of `grid` (default 61 points on [−4, 4] weighted by N(0, 1)):
/// ```
/// Haebara (1980):        H(A, B)  = Σ_q w_q Σ_j Σ_k [P_jk^bank(θ_q) − P_jk^form((θ_q − B)/A)]²
/// Stocking–Lord (1983):  SL(A, B) = Σ_q w_q [Σ_j E_j^bank(θ_q) − Σ_j E_j^form((θ_q − B)/A)]²
/// ```
/// (k runs over the correct response only for dichotomous items.) Both are sums of squares of
/// residuals r; they are minimised by bounded Gauss–Newton (``BoundedNewton`` with the Hessian
/// 2·Σ w ∇r ∇rᵀ and analytic ∇r: ∂r/∂A = P'(t)·t/A, ∂r/∂B = P'(t)/A, t = (θ − B)/A), started from
/// the mean/sigma solution (mean/mean when the b values have no spread), A ∈ [0.01, 100],
/// B ∈ [−20, 20].
///
/// Complexity: moment methods O(items); curve methods O(iterations · Q · Σ_j K_j).
public enum ScaleLinking {
    /// Step tolerance of the Gauss–Newton minimisation: with zero residuals (exactly transformed items)
    /// the iteration converges quadratically, so A and B are then exact to rounding.
    public static let tolerance = 1e-11
    /// Iteration limit of the minimisation.
    public static let maxIterations = 200
    /// The default θ grid: 61 points on [−4, 4] with N(0, 1) weights.
    public static let defaultGrid = QuadratureRule.normalGrid(count: 61, range: -4...4)

    /// Links a form to the bank scale with `method`.
    /// - Throws: ``LinkingError`` when there are no common items, a pair's category counts differ, a
    ///   parameter is invalid, or (mean/sigma) the b values have no spread.
    public static func link(_ common: [CommonItem], method: LinkingMethod,
                            grid: QuadratureRule = defaultGrid) throws(LinkingError) -> LinkingResult {
        try check(common)
        switch method {
        case .meanMean:
            return LinkingResult(transformation: meanMean(common), method: method, commonItemCount: common.count,
                                 criterion: nil, iterations: 0, converged: true)
        case .meanSigma:
            guard let t = meanSigma(common) else { throw LinkingError(.noSpread) }
            return LinkingResult(transformation: t, method: method, commonItemCount: common.count,
                                 criterion: nil, iterations: 0, converged: true)
        case .haebara, .stockingLord:
            let start = meanSigma(common) ?? meanMean(common)
            let lower = [0.01, -20.0], upper = [100.0, 20.0]
            let clamped = [min(max(start.slope, lower[0]), upper[0]), min(max(start.intercept, lower[1]), upper[1])]
            let result = BoundedNewton.minimize(
                start: clamped, lower: lower, upper: upper, tolerance: tolerance, maxIterations: maxIterations,
                maxStep: 0.5
            ) { x in
                gaussNewton(common, method: method, transformation: ScaleTransformation(slope: x[0], intercept: x[1]),
                            grid: grid)
            }
            return LinkingResult(transformation: ScaleTransformation(slope: result.x[0], intercept: result.x[1]),
                                 method: method, commonItemCount: common.count, criterion: result.value,
                                 iterations: result.iterations, converged: result.converged)
        }
    }

    /// Mean/mean (Loyd & Hoover 1980). Assumes checked input.
    public static func meanMean(_ common: [CommonItem]) -> ScaleTransformation {
        let formSlope = common.reduce(0) { $0 + $1.form.discrimination } / Double(common.count)
        let bankSlope = common.reduce(0) { $0 + $1.bank.discrimination } / Double(common.count)
        let a = formSlope / bankSlope
        let (formB, bankB) = difficulties(common)
        return ScaleTransformation(slope: a, intercept: mean(bankB) - a * mean(formB))
    }

    /// Mean/sigma (Marco 1977), or `nil` when the form's b values have no spread. Population SDs
    /// (divisor n) on both sides, so the ratio does not depend on the divisor.
    public static func meanSigma(_ common: [CommonItem]) -> ScaleTransformation? {
        let (formB, bankB) = difficulties(common)
        let sdForm = standardDeviation(formB), sdBank = standardDeviation(bankB)
        guard sdForm > 1e-12, sdBank > 1e-12 else { return nil }
        let a = sdBank / sdForm
        return ScaleTransformation(slope: a, intercept: mean(bankB) - a * mean(formB))
    }

    /// Haebara's criterion at a given transformation.
    public static func haebaraCriterion(_ common: [CommonItem], transformation: ScaleTransformation,
                                        grid: QuadratureRule = defaultGrid) -> Double {
        gaussNewton(common, method: .haebara, transformation: transformation, grid: grid).value
    }

    /// Stocking and Lord's criterion at a given transformation.
    public static func stockingLordCriterion(_ common: [CommonItem], transformation: ScaleTransformation,
                                             grid: QuadratureRule = defaultGrid) -> Double {
        gaussNewton(common, method: .stockingLord, transformation: transformation, grid: grid).value
    }

    // MARK: Internals

    static func check(_ common: [CommonItem]) throws(LinkingError) {
        guard !common.isEmpty else { throw LinkingError(.noCommonItems) }
        for (i, c) in common.enumerated() {
            let item = c.id ?? "number \(i + 1)"
            // Graded thresholds and GPCM step difficulties mean different things: no mixing of the two.
            guard c.form.categoryCount == c.bank.categoryCount,
                  c.form.model.isDichotomous == c.bank.model.isDichotomous,
                  c.form.model.isDichotomous || c.form.model == c.bank.model else {
                throw LinkingError(.modelMismatch(item: item, form: "\(c.form.model.rawValue), \(c.form.categoryCount) categories",
                                                  bank: "\(c.bank.model.rawValue), \(c.bank.categoryCount) categories"))
            }
            for (side, p) in [("form", c.form), ("bank", c.bank)] {
                if let problem = p.invalidity ?? (p.discrimination > 0 ? nil : "the discrimination (slope) \(p.discrimination) is not positive") {
                    throw LinkingError(.invalidParameters(item: item, side: side, problem: problem))
                }
            }
        }
    }

    /// The b values pooled over items and thresholds, paired form ↔ bank.
    static func difficulties(_ common: [CommonItem]) -> (form: [Double], bank: [Double]) {
        var form: [Double] = [], bank: [Double] = []
        for c in common {
            form += c.form.thresholds
            bank += c.bank.thresholds
        }
        return (form, bank)
    }

    static func mean(_ x: [Double]) -> Double { x.isEmpty ? 0 : x.reduce(0, +) / Double(x.count) }

    static func standardDeviation(_ x: [Double]) -> Double {
        let m = mean(x)
        return (x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(max(1, x.count))).squareRoot()
    }

    /// The criterion, its gradient and the Gauss–Newton Hessian at (A, B).
    static func gaussNewton(_ common: [CommonItem], method: LinkingMethod, transformation tr: ScaleTransformation,
                            grid: QuadratureRule) -> BoundedNewton.Evaluation {
        let a = tr.slope
        var value = 0.0
        var g = [0.0, 0.0]
        var h = Matrix(rows: 2, columns: 2)
        func add(_ w: Double, _ r: Double, _ dA: Double, _ dB: Double) {
            value += w * r * r
            g[0] += 2 * w * r * dA
            g[1] += 2 * w * r * dB
            h[0, 0] += 2 * w * dA * dA
            h[0, 1] += 2 * w * dA * dB
            h[1, 1] += 2 * w * dB * dB
        }
        for (q, theta) in grid.nodes.enumerated() {
            let w = grid.weights[q]
            let t = tr.inverseTheta(theta)
            if method == .stockingLord {
                var r = 0.0, dA = 0.0, dB = 0.0
                for c in common {
                    let bank = c.bank.probabilities(at: theta)
                    let form = c.form.derivatives(at: t)
                    for k in 1..<bank.count {
                        let kk = Double(k)
                        r += kk * (bank[k] - form.probabilities[k])
                        dA += kk * form.dTheta[k] * t / a
                        dB += kk * form.dTheta[k] / a
                    }
                }
                add(w, r, dA, dB)
            } else {
                for c in common {
                    let bank = c.bank.probabilities(at: theta)
                    let form = c.form.derivatives(at: t)
                    let first = c.form.model.isDichotomous ? 1 : 0
                    for k in first..<bank.count {
                        let r = bank[k] - form.probabilities[k]
                        add(w, r, form.dTheta[k] * t / a, form.dTheta[k] / a)
                    }
                }
            }
        }
        h[1, 0] = h[0, 1]
        return BoundedNewton.Evaluation(value: value, gradient: g, hessian: h)
    }
}
