/// A stored response set, without its responses.
public struct ResponseSetSummary: Sendable, Equatable, Codable {
    /// The first 16 hex digits of the content hash.
    public var id: String
    /// A human name (by default the file name).
    public var name: String
    /// The file the responses were read from.
    public var sourceFile: String
    /// The bank version the item ids refer to, when one was given.
    public var bankVersionID: String?
    /// The number of persons (rows).
    public var persons: Int
    /// The number of items (columns).
    public var items: Int
    /// The share of cells not presented, in [0, 1].
    public var missingShare: Double
    /// Whether the raw multiple-choice labels were kept (for distractor analysis).
    public var hasRawChoices: Bool
    /// The names of the group columns, sorted.
    public var groupNames: [String]
    /// ISO 8601, UTC.
    public var createdAt: String
    /// The full SHA-256 of the content (64 hex digits).
    public var contentHash: String
}
