/// The status of a certificate (ISO/IEC 17024 §9.6, §9.8). It lives in the store, never in the signed
/// document: a certificate's signature stays valid while its status changes.
public enum CertificateStatus: String, Sendable, Codable, CaseIterable {
    /// Issued and in force (the register shows it while its validity period lasts).
    case valid
    /// Temporarily not in force; `reinstate` makes it valid again.
    case suspended
    /// Withdrawn for good; no change leads back.
    case withdrawn
}

/// What the certification engine gives the store to record an issued certificate.
public struct NewCertificate: Sendable, Equatable {
    /// The certificate id (unique in the store).
    public var id: String
    public var candidate: String
    /// The certified level (`intermediate`, `advanced`, `expert`).
    public var level: String
    /// The bank version of the session (whole id).
    public var bankVersionID: String
    /// The certified session (whole id); a session is certified at most once.
    public var sessionID: String
    /// Dates of the signed document, `YYYY-MM-DD`.
    public var issued: String
    public var validUntil: String
    public var recertificationDue: String
    /// True when the session rests on simulated parameters or is a simulated candidate's.
    public var simulated: Bool
    /// The `keyId` of the signing key.
    public var keyID: String
    /// The signed JSON document, as written for the candidate.
    public var document: String

    public init(id: String, candidate: String, level: String, bankVersionID: String, sessionID: String, issued: String,
                validUntil: String, recertificationDue: String, simulated: Bool, keyID: String, document: String) {
        self.id = id; self.candidate = candidate; self.level = level; self.bankVersionID = bankVersionID
        self.sessionID = sessionID; self.issued = issued; self.validUntil = validUntil
        self.recertificationDue = recertificationDue; self.simulated = simulated; self.keyID = keyID; self.document = document
    }
}

/// A stored certificate: the fields of its signed document, its status and the last status change.
public struct StoredCertificate: Sendable, Equatable {
    public var certificate: NewCertificate
    public var status: CertificateStatus
    /// ISO 8601 UTC time of the last status change (the issue for a certificate never changed).
    public var statusChangedAt: String
    /// The reason given for the last status change (`nil` for a certificate never changed).
    public var statusReason: String?

    public init(certificate: NewCertificate, status: CertificateStatus, statusChangedAt: String, statusReason: String?) {
        self.certificate = certificate; self.status = status; self.statusChangedAt = statusChangedAt; self.statusReason = statusReason
    }
}
