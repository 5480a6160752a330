/// A candidate as `candidate import` gives it to the store: the id and the attributes read from the file
/// (programme, region, sector … — the columns cohorts select on). An attribute whose cell was empty is
/// `nil`: the candidate no longer has it.
public struct CandidateAttributes: Sendable, Equatable {
    /// The candidate id, as in exam sessions.
    public var id: String
    /// Attribute name → value (`nil` removes the attribute).
    public var attributes: [String: String?]

    public init(id: String, attributes: [String: String?]) { self.id = id; self.attributes = attributes }
}

/// A stored candidate.
public struct StoredCandidate: Sendable, Equatable {
    public var id: String
    /// Attribute name → value; never empty strings.
    public var attributes: [String: String]
    /// ISO 8601 UTC times of the first import and of the last change.
    public var createdAt: String
    public var updatedAt: String

    public init(id: String, attributes: [String: String], createdAt: String, updatedAt: String) {
        self.id = id; self.attributes = attributes; self.createdAt = createdAt; self.updatedAt = updatedAt
    }
}

/// What one `candidate import` did.
public struct CandidateImportSummary: Sendable, Equatable, Codable {
    /// Candidates that were new.
    public var added: Int
    /// Known candidates whose attributes changed (each with a `candidate.update` audit entry).
    public var updated: Int
    /// Known candidates whose attributes were already as given (nothing written for them).
    public var unchanged: Int

    public init(added: Int, updated: Int, unchanged: Int) { self.added = added; self.updated = updated; self.unchanged = unchanged }
}
