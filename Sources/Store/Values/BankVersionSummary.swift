/// A stored bank version, without its items (DECISIONS §2: bank versions are immutable and identified
/// by the content hash of the bank).
public struct BankVersionSummary: Sendable, Equatable, Codable {
    /// The content hash of the bank (64 hex digits).
    public var id: String
    /// The bank's name (from its manifest).
    public var name: String
    /// The number of this version among the versions of its bank name: 1, 2, 3 … in the order they were
    /// stored.
    public var sequence: Int
    /// The version's label, unique among the versions of its bank name: the author's label (the
    /// manifest's `version`) for the first version that carries it; `LABEL+cal.N` for a version made by
    /// a calibration (`N` = ``sequence``), `LABEL+TAG.N` for other derived versions (TAG from the
    /// reason) and `LABEL+import.N` for a later import of other content under the same label.
    public var label: String
    /// The version this one was derived from (by a calibration, standard setting …), `nil` for an import.
    public var parentID: String?
    /// Why the version was created (`import`, `calibration`, `standard setting` …).
    public var reason: String
    /// Where the content came from (a bank directory, a calibration id, a panel file …).
    public var source: String
    /// ISO 8601, UTC.
    public var createdAt: String
    /// The number of items in the version.
    public var itemCount: Int
}
