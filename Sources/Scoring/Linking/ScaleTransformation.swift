import IRTModels

/// The linear transformation θ_bank = A·θ_form + B that puts a form's parameters on the bank scale
/// (Kolen & Brennan 2014, §6.2).
///
/// In slope/intercept form the item response function depends on a·θ + d, so with θ_form = (θ − B)/A:
/// ```
/// a* = a / A,    d*_k = d_k − a·B / A    (every intercept: dichotomous d, graded d_k, GPCM step c_v)
/// b* = A·b + B,  c* = c,  u* = u
/// ```
public struct ScaleTransformation: Sendable, Codable, Equatable, Hashable {
    /// The slope A (> 0).
    public var slope: Double
    /// The intercept B.
    public var intercept: Double

    public init(slope: Double, intercept: Double) {
        self.slope = slope
        self.intercept = intercept
    }

    /// θ ↦ θ (A = 1, B = 0).
    public static let identity = ScaleTransformation(slope: 1, intercept: 0)

    /// A form θ on the bank scale: A·θ + B.
    public func theta(_ theta: Double) -> Double { slope * theta + intercept }

    /// A bank θ on the form scale: (θ − B)/A.
    public func inverseTheta(_ theta: Double) -> Double { (theta - intercept) / slope }

    /// A form item on the bank scale: a* = a/A, d*_k = d_k − a·B/A; guessing and upper asymptote kept.
    public func transform(_ item: ItemParameters) -> ItemParameters {
        var out = item
        let a = item.discrimination
        out.discrimination = a / slope
        out.intercepts = item.intercepts.map { $0 - a * intercept / slope }
        return out
    }

    /// The inverse transformation (bank scale → form scale).
    public var inverse: ScaleTransformation {
        ScaleTransformation(slope: 1 / slope, intercept: -intercept / slope)
    }
}
