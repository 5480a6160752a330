import GRDB

/// A row of `certificate` (`v5-certificate`): the fields of the signed document, the document itself
/// and the status, which is not signed.
struct CertificateRow: StoreRecord {
    static let databaseTableName = "certificate"
    var id: String
    var sessionId: String
    var candidate: String
    var level: String
    var bankVersionId: String
    var issued: String
    var validUntil: String
    var recertificationDue: String
    var simulated: Bool
    var keyId: String
    var document: String
    var status: String
    var statusChangedAt: String
    var statusReason: String?
}
