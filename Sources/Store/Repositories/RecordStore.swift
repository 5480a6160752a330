/// The system of record (DECISIONS §2) as the engine sees it: bank versions, response sets,
/// calibrations, exam sessions and the audit log, behind protocols that take and return domain values
/// and throw `StoreError` only. `MentorCertStore` is the SQLite implementation; another database can
/// implement the same protocols without changing their callers.
public protocol RecordStore: BankRepository, ResponseSetRepository, CalibrationRepository,
                             ExamSessionRepository, AuditRepository {}

/// Limits shared by every implementation.
public enum StoreLimits {
    /// The minimum length of an id prefix.
    public static let minimumPrefixLength = 6
}
