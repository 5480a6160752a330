/// One entry of the append-only audit log: every write to the store adds one in the same transaction.
public struct AuditEntry: Sendable, Equatable, Codable {
    /// Increasing with time; gaps are possible only from rolled-back writes.
    public var id: Int64
    /// ISO 8601, UTC.
    public var at: String
    /// Who wrote (the store's actor, by default `$USER`).
    public var actor: String
    /// What was done: `bank.import`, `bank.version`, `responses.import`, `calibration`,
    /// `exam.session`, `exam.session.state`.
    public var action: String
    /// The id of the thing written.
    public var subject: String
    /// JSON text with the details of the action.
    public var detail: String
}
