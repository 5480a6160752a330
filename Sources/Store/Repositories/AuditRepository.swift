/// The append-only audit log: every write to the store adds an entry in its own transaction; entries
/// are never changed or deleted.
public protocol AuditRepository: Sendable {
    /// The audit log, oldest first.
    func auditLog() throws(StoreError) -> [AuditEntry]
}
