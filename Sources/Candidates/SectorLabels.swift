import ExamDesign
import ItemBanking
import Store

/// The outcome of one sector label module (DECISIONS §3: a short label module with its own cut, e.g.
/// "tourism sector", reported beside the level and never changing it) for one attempt.
public struct SectorLabelOutcome: Sendable, Equatable, Codable {
    /// The label's name, e.g. `tourism sector`.
    public var label: String
    /// Whether the attempt earned it; `nil` when the attempt did not assess it (or not enough evidence).
    public var earned: Bool?
    public init(label: String, earned: Bool?) { self.label = label; self.earned = earned }
}

/// Where the cohort report gets sector labels from: ``BankSectorLabels`` (the bank version's sector
/// modules, what `cohort report` uses) or ``NoSectorLabels``.
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
    /// Candidates whose label was decided (enough evidence).
    public var assessed: Int
    public var earned: Int
    public init(label: String, assessed: Int, earned: Int) { self.label = label; self.assessed = assessed; self.earned = earned }
}

/// The sector label modules of the attempt's bank version (DECISIONS §3, `sectorModules` in the bank):
/// each module's label evaluated on the attempt's stored responses by ``SectorModuleResult/evaluate(bank:administered:)``
/// (the module's EAP θ against its cut; "not enough evidence" gives `earned: nil`). A bank without
/// modules gives no labels.
public struct BankSectorLabels: SectorLabelSource {
    let store: any RecordStore
    public init(store: any RecordStore) { self.store = store }

    public func labels(for attempt: CandidateAttempt) throws(CandidatesError) -> [SectorLabelOutcome] {
        guard attempt.isFinished else { return [] }
        let bank: ItemBank, summary: ExamSessionSummary
        do {
            summary = try store.session(attempt.sessionId)
            bank = try store.bank(of: attempt.bankVersionId)
        } catch { throw .store("\(error)") }
        guard !(bank.manifest.sectorModules ?? []).isEmpty else { return [] }
        let (result, _) = try CandidateAttempts.storedResult(of: summary, store: store)
        return SectorModuleResult.evaluate(bank: bank, administered: result.items).map { SectorLabelOutcome(label: $0.title, earned: $0.passed) }
    }
}
