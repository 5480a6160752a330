/// Candidates and their attributes (programme, region, sector …), used to select cohorts. Every write is
/// one transaction with its audit entries (`candidate.import` for a new candidate, `candidate.update`
/// with the old and new attributes for a changed one); a failed write leaves the store unchanged.
public protocol CandidateRepository: Sendable {
    /// Adds new candidates and updates known ones, all in one transaction. For a known candidate the
    /// given attributes replace those of the same name; a `nil` value removes the attribute; attributes
    /// not given are kept.
    /// - Throws: `invalidInput` for an empty id, an empty attribute name or the same id twice.
    func importCandidates(_ candidates: [CandidateAttributes]) throws(StoreError) -> CandidateImportSummary

    /// A candidate by whole id, or `nil` when the store has none.
    func candidate(_ id: String) throws(StoreError) -> StoredCandidate?

    /// Every stored candidate, ordered by id.
    func listCandidates() throws(StoreError) -> [StoredCandidate]
}
