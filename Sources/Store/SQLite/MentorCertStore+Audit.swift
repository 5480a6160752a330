import GRDB

/// `AuditRepository` on SQLite (conformance declared with the class, see `RecordStore`).
extension MentorCertStore {
    public func auditLog() throws(StoreError) -> [AuditEntry] {
        try read { db in
            try AuditLogRecord.order(Column("id")).fetchAll(db).map { record in
                AuditEntry(id: record.id ?? 0, at: record.at, actor: record.actor, action: record.action,
                           subject: record.subject, detail: record.detail)
            }
        }
    }
}

/// Maintenance of the SQLite file itself; not part of the repository protocols.
extension MentorCertStore {
    /// The tables of the store.
    public static let tables = ["bank_version", "item", "item_parameters", "calibration", "response_set",
                                "response_set_item", "response", "exam_session", "exam_session_event", "audit_log", "certificate",
                                "candidate"]

    /// The names of the applied migrations, in order.
    public func appliedMigrations() throws(StoreError) -> [String] {
        try read { db in try Schema.migrator().appliedMigrations(db) }
    }

    /// The number of rows of every table (for checks that a failed write changed nothing).
    public func rowCounts() throws(StoreError) -> [String: Int] {
        try read { db in
            var counts: [String: Int] = [:]
            for table in Self.tables { counts[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
            return counts
        }
    }

    /// Runs raw SQL in one transaction (for tests and maintenance); throws when SQLite refuses it.
    public func execute(sql: String) throws(StoreError) {
        try write { db in try db.execute(sql: sql) }
    }
}
