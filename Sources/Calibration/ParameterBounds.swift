import IRTModels

/// The box the calibration keeps each free item parameter in, in `ItemParameters.freeParameters`
/// order, and the projection onto it. One definition, used by the M-step, SQUAREM's extrapolation,
/// the convergence check, the standard errors and the warnings.
///
/// | parameter | lower | upper |
/// |---|---|---|
/// | slope a (2PL, 3PL, 4PL, GRM, GPCM) | 1e-6 (a > 0) | 30 (near-Guttman items, see `Calibrator`) |
/// | intercepts d | none | none |
/// | guessing c | 0 | 0.95 |
/// | upper asymptote u | c + 0.02 | 1 |
///
/// c = 0 and u = 1 are legitimate maxima (an item nobody guesses, an item nobody slips on): the
/// M-step holds a parameter at such a bound while its gradient points outward and releases it when
/// the gradient points back in (an active-set projected Newton method, Bertsekas 1982, "Projected
/// Newton methods for optimization problems with simple constraints", *SIAM J. Control Optim.*
/// 20:221–246).
struct ParameterBounds: Sendable {
    var lower: [Double]
    var upper: [Double]

    /// The largest slope accepted. Near-Guttman data drive the MLE of a to infinity; the bound keeps
    /// every number finite and the calibration names the item.
    static let maximumDiscrimination = 30.0
    static let minimumDiscrimination = 1e-6
    static let maximumGuessing = 0.95
    /// The smallest gap u − c, so the item keeps a slope to estimate.
    static let minimumAsymptoteGap = 0.02

    /// The box of `item`'s free parameters. The lower bound of u depends on the current c.
    init(_ item: ItemParameters) {
        let inf = Double.infinity
        switch item.model {
        case .rasch:
            lower = [-inf]; upper = [inf]
        case .twoPL:
            lower = [Self.minimumDiscrimination, -inf]; upper = [Self.maximumDiscrimination, inf]
        case .threePL:
            lower = [Self.minimumDiscrimination, -inf, 0]
            upper = [Self.maximumDiscrimination, inf, Self.maximumGuessing]
        case .fourPL:
            lower = [Self.minimumDiscrimination, -inf, 0, item.guessing + Self.minimumAsymptoteGap]
            upper = [Self.maximumDiscrimination, inf, Self.maximumGuessing, 1]
        case .graded, .gpcm:
            lower = [Self.minimumDiscrimination] + [Double](repeating: -inf, count: item.intercepts.count)
            upper = [Self.maximumDiscrimination] + [Double](repeating: inf, count: item.intercepts.count)
        }
    }

    /// Relative distance under which a parameter counts as on its bound.
    static let onBoundTolerance = 1e-8

    /// Whether parameter k of `x` sits on its lower or upper bound.
    func isOnLower(_ x: [Double], _ k: Int) -> Bool {
        lower[k].isFinite && x[k] <= lower[k] + Self.onBoundTolerance * max(1, abs(lower[k]))
    }
    func isOnUpper(_ x: [Double], _ k: Int) -> Bool {
        upper[k].isFinite && x[k] >= upper[k] - Self.onBoundTolerance * max(1, abs(upper[k]))
    }

    /// Parameters held by the bounds for a maximisation: on a bound with the gradient pointing out
    /// of the box (on the lower bound with g < 0, on the upper bound with g > 0).
    func held(_ x: [Double], gradient g: [Double]) -> [Bool] {
        (0..<x.count).map { k in (isOnLower(x, k) && g[k] <= 0) || (isOnUpper(x, k) && g[k] >= 0) }
    }

    /// Indices of parameters on a bound (whatever the gradient).
    func onBound(_ x: [Double]) -> [Int] {
        (0..<x.count).filter { isOnLower(x, $0) || isOnUpper(x, $0) }
    }
}

extension ItemParameters {
    /// The item with its free parameters projected onto the calibration's box (u after c, so that
    /// u ≥ c + 0.02 holds for the projected c).
    func projectedOntoBounds() -> ItemParameters {
        var p = self
        p.discrimination = min(max(p.discrimination, ParameterBounds.minimumDiscrimination),
                               ParameterBounds.maximumDiscrimination)
        if model == .threePL || model == .fourPL {
            p.guessing = min(max(p.guessing, 0), ParameterBounds.maximumGuessing)
        }
        if model == .fourPL {
            p.upperAsymptote = min(max(p.upperAsymptote, p.guessing + ParameterBounds.minimumAsymptoteGap), 1)
        }
        return p
    }

    /// Names of the free parameters on a bound of the calibration's box.
    var parametersOnBounds: [String] {
        let x = freeParameters
        let names = parameterNames
        return ParameterBounds(self).onBound(x).map { names[$0] }
    }
}
