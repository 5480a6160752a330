/// A stored bank version, without its items (DECISIONS §2: bank versions are immutable and identified
/// by the content hash of the bank).
public struct BankVersionSummary: Sendable, Equatable, Codable {
    /// The content hash of the bank (64 hex digits).
    public var id: String
    /// The bank's name (from its manifest).
    public var name: String
    /// The author's version label.
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
