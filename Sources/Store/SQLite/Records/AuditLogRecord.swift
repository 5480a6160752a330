import GRDB

/// A row of `audit_log`; `id` is `nil` until SQLite assigns it on insert.
struct AuditLogRecord: StoreRecord {
    static let databaseTableName = "audit_log"
    var id: Int64?
    var at: String
    var actor: String
    var action: String
    var subject: String
    var detail: String
}
