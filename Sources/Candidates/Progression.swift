import Foundation

/// One estimate on a progression track: an attempt's θ and SE (overall or of one section).
public struct ProgressionPoint: Sendable, Equatable, Codable {
    public var sessionId: String
    public var assessment: String
    public var attempt: Int
    /// When the result was recorded (ISO 8601 UTC).
    public var date: String
    public var theta: Double?
    public var standardError: Double?
    /// The level, `nil` for a section with insufficient evidence.
    public var level: String?

    public init(sessionId: String, assessment: String, attempt: Int, date: String, theta: Double?, standardError: Double?, level: String?) {
        self.sessionId = sessionId; self.assessment = assessment; self.attempt = attempt; self.date = date
        self.theta = theta; self.standardError = standardError; self.level = level
    }
}

/// The change between two consecutive estimates and whether it exceeds measurement error.
///
/// ```
/// change = θ₂ − θ₁,   SE(change) = √(SE₁² + SE₂²),   z = change / SE(change)
/// exceeds measurement error  ⇔  |z| > 1.96   (two-sided 5 %)
/// ```
/// The two estimates come from separate exams with independent measurement errors, so the variance of
/// their difference is the sum of their error variances: the reliable-change index of Jacobson & Truax
/// (1991, *J. Consult. Clin. Psychol.* 59, 12–19) with each estimate's own conditional SE in place of
/// the test's standard error of measurement (as in IRT-based change assessment, e.g. Jabrayilov,
/// Emons & Sijtsma 2016, *Appl. Psychol. Meas.* 40, 559–572). When either estimate or SE is missing,
/// `z` and the verdict are `nil`.
public struct ProgressionStep: Sendable, Equatable, Codable {
    public var fromSessionId: String
    public var toSessionId: String
    public var change: Double?
    public var standardError: Double?
    public var z: Double?
    public var exceedsMeasurementError: Bool?

    /// The critical |z| (two-sided 5 %).
    public static let criticalZ = 1.96

    public init(from a: ProgressionPoint, to b: ProgressionPoint) {
        fromSessionId = a.sessionId; toSessionId = b.sessionId
        let c = Self.change(from: (a.theta, a.standardError), to: (b.theta, b.standardError))
        change = c.change; standardError = c.standardError; z = c.z
        exceedsMeasurementError = c.z.map { abs($0) > Self.criticalZ }
    }

    /// The change, its SE and z; `nil`s when an input is missing or the SE is not positive.
    public static func change(from a: (theta: Double?, se: Double?), to b: (theta: Double?, se: Double?))
        -> (change: Double?, standardError: Double?, z: Double?) {
        guard let t1 = a.theta, let t2 = b.theta else { return (nil, nil, nil) }
        let difference = t2 - t1
        guard let s1 = a.se, let s2 = b.se else { return (difference, nil, nil) }
        let se = (s1 * s1 + s2 * s2).squareRoot()
        guard se > 0, se.isFinite else { return (difference, nil, nil) }
        return (difference, se, difference / se)
    }
}

/// A progression track: the estimates of one scope (overall, or one section) over a candidate's
/// finished attempts in time order, and the step between each consecutive pair.
public struct ProgressionTrack: Sendable, Equatable, Codable {
    /// `overall` or a section id.
    public var scope: String
    public var title: String
    public var points: [ProgressionPoint]
    public var steps: [ProgressionStep]

    public init(scope: String, title: String, points: [ProgressionPoint]) {
        self.scope = scope; self.title = title; self.points = points
        steps = zip(points, points.dropFirst()).map { ProgressionStep(from: $0, to: $1) }
    }
}
