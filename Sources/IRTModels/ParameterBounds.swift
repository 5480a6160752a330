
/// The box every item parameter lives in, in `ItemParameters.freeParameters` order, and the
/// projection onto it. One definition of what parameters are acceptable, used by the M-step,
/// SQUAREM's extrapolation, the convergence check, the standard errors, the bank's YAML reader, the
/// parameter-set readers and the scorers: a calibration can never produce parameters that a reader
/// refuses. Beyond these hard limits, ``advisoryProblems(of:)`` names values that are legal but
/// unusual for a certification bank (a > 6, c > 0.5, u ≤ 0.5), as warnings.
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
public struct ParameterBounds: Sendable, Equatable {
    public var lower: [Double]
    public var upper: [Double]

    /// The largest slope accepted. Near-Guttman data drive the MLE of a to infinity; the bound keeps
    /// every number finite and the calibration names the item.
    public static let maximumDiscrimination = 30.0
    public static let minimumDiscrimination = 1e-6
    public static let maximumGuessing = 0.95
    /// The smallest gap u − c, so the item keeps a slope to estimate.
    public static let minimumAsymptoteGap = 0.02

    /// The box of `item`'s free parameters. The lower bound of u depends on the current c.
    public init(_ item: ItemParameters) {
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
    public static let onBoundTolerance = 1e-8

    /// Whether parameter k of `x` sits on its lower or upper bound.
    public func isOnLower(_ x: [Double], _ k: Int) -> Bool {
        lower[k].isFinite && x[k] <= lower[k] + Self.onBoundTolerance * max(1, abs(lower[k]))
    }
    public func isOnUpper(_ x: [Double], _ k: Int) -> Bool {
        upper[k].isFinite && x[k] >= upper[k] - Self.onBoundTolerance * max(1, abs(upper[k]))
    }

    /// Parameters held by the bounds for a maximisation: on a bound with the gradient pointing out
    /// of the box (on the lower bound with g < 0, on the upper bound with g > 0).
    public func held(_ x: [Double], gradient g: [Double]) -> [Bool] {
        (0..<x.count).map { k in (isOnLower(x, k) && g[k] <= 0) || (isOnUpper(x, k) && g[k] >= 0) }
    }

    /// Indices of parameters on a bound (whatever the gradient).
    public func onBound(_ x: [Double]) -> [Int] {
        (0..<x.count).filter { isOnLower(x, $0) || isOnUpper(x, $0) }
    }
}

extension ItemParameters {
    /// The item with its free parameters projected onto the calibration's box (u after c, so that
    /// u ≥ c + 0.02 holds for the projected c).
    public func projectedOntoBounds() -> ItemParameters {
        var p = self
        p.discrimination = min(max(p.discrimination, ParameterBounds.minimumDiscrimination),
                               ParameterBounds.maximumDiscrimination)
        if model.hasGuessing {
            p.guessing = min(max(p.guessing, 0), ParameterBounds.maximumGuessing)
        }
        if model == .fourPL {
            p.upperAsymptote = min(max(p.upperAsymptote, p.guessing + ParameterBounds.minimumAsymptoteGap), 1)
        }
        return p
    }

    /// Names of the free parameters on a bound of the calibration's box.
    public var parametersOnBounds: [String] {
        let x = freeParameters
        let names = parameterNames
        return ParameterBounds(self).onBound(x).map { names[$0] }
    }
}

/// A parameter value outside the hard limits (an error) or outside the advisory range (a warning).
public struct ParameterProblem: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: Sendable, Equatable { case error, warning }
    public var severity: Severity
    /// The parameter's name in the bank format (`discrimination`, `guessing`, `upperAsymptote`,
    /// `intercepts` …).
    public var parameter: String
    public var message: String
    public var description: String { message }
}

extension ParameterBounds {
    /// Advisory limits: legal, but worth a reviewer's look in a certification bank.
    public static let advisoryMaximumDiscrimination = 6.0
    public static let advisoryMaximumGuessing = 0.5
    public static let advisoryMinimumUpperAsymptote = 0.5

    /// Every problem of `item`'s parameters: values outside the hard box (errors, the same box the
    /// M-step keeps), non-finite values, unordered graded intercepts (errors), and values outside the
    /// advisory range (warnings). Values are printed in full so that a reader can find them.
    public static func problems(of item: ItemParameters) -> [ParameterProblem] {
        var out = [ParameterProblem]()
        func error(_ p: String, _ m: String) { out.append(ParameterProblem(severity: .error, parameter: p, message: m)) }
        func warning(_ p: String, _ m: String) { out.append(ParameterProblem(severity: .warning, parameter: p, message: m)) }
        let a = item.discrimination
        if !a.isFinite || !(a > 0) || a > maximumDiscrimination {
            error("discrimination", "discrimination \(a) is out of range; it must be > 0 and ≤ \(maximumDiscrimination)")
        } else if a > advisoryMaximumDiscrimination {
            warning("discrimination", "discrimination \(a) is above \(advisoryMaximumDiscrimination): the item separates "
                + "respondents almost perfectly; review it before it is used operationally")
        }
        if !item.intercepts.allSatisfy(\.isFinite) {
            error("intercepts", "an intercept is not a finite number")
        }
        if item.model.hasGuessing {
            let c = item.guessing
            if !c.isFinite || c < 0 || c > maximumGuessing {
                error("guessing", "guessing \(c) is out of range; it must be in [0, \(maximumGuessing)]")
            } else if c > advisoryMaximumGuessing {
                warning("guessing", "guessing \(c) is above \(advisoryMaximumGuessing): more than half of the weakest "
                    + "candidates would answer correctly; review the distractors")
            }
        }
        if item.model.hasUpperAsymptote {
            let u = item.upperAsymptote
            if !u.isFinite || u > 1 || u < item.guessing + minimumAsymptoteGap {
                error("upperAsymptote", "upperAsymptote \(u) is out of range; it must be ≤ 1 and at least guessing + "
                    + "\(minimumAsymptoteGap)")
            } else if u <= advisoryMinimumUpperAsymptote {
                warning("upperAsymptote", "upperAsymptote \(u) is at most \(advisoryMinimumUpperAsymptote): even the "
                    + "strongest candidates would often fail the item; review its key")
            }
        }
        if item.model == .graded && item.intercepts.count > 1 {
            for k in 1..<item.intercepts.count where !(item.intercepts[k] < item.intercepts[k - 1]) {
                error("intercepts", "graded intercepts must be strictly decreasing (d_1 > d_2 > …), but d_\(k) = "
                    + "\(item.intercepts[k - 1]) ≤ d_\(k + 1) = \(item.intercepts[k])")
                break
            }
        }
        return out
    }
}
