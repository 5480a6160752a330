/// The outcome of one sector label module (DECISIONS §3: a short label module with its own cut, e.g.
/// "tourism sector", reported beside the level and never changing it) for one attempt.
public struct SectorLabelOutcome: Sendable, Equatable, Codable {
    /// The label's name, e.g. `tourism sector`.
    public var label: String
    /// Whether the attempt earned it; `nil` when the attempt did not assess it (or not enough evidence).
    public var earned: Bool?
    public init(label: String, earned: Bool?) { self.label = label; self.earned = earned }
}

/// Where the cohort report gets sector labels from: the hook for the sector label modules (built with
/// the assessment types). Until they exist the report uses ``NoSectorLabels`` and its `sectorLabels`
/// list is empty.
public protocol SectorLabelSource: Sendable {
    /// The label outcomes of a finished attempt.
    func labels(for attempt: CandidateAttempt) throws(CandidatesError) -> [SectorLabelOutcome]
}

/// No sector label modules: every attempt has no label.
public struct NoSectorLabels: SectorLabelSource {
    public init() {}
    public func labels(for attempt: CandidateAttempt) throws(CandidatesError) -> [SectorLabelOutcome] { [] }
}

/// How many candidates of the cohort were assessed on a label and earned it (latest `final` attempts).
public struct SectorLabelSummary: Sendable, Equatable, Codable {
    public var label: String
    public var assessed: Int
    public var earned: Int
}
