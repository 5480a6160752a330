/// Certificates and their status (ISO/IEC 17024 §9.4–9.8). Every write is one transaction with its
/// audit entry (`certificate.issue`, `certificate.suspend`, `certificate.withdraw`,
/// `certificate.reinstate`); a failed write leaves the store unchanged.
public protocol CertificateRepository: Sendable {
    /// Records an issued certificate with status `valid`.
    /// - Throws: `alreadyExists` when the id or the session already has a certificate;
    ///   `unknownExamSession`; `invalidInput` for empty fields or a document that is not JSON.
    func recordCertificate(_ certificate: NewCertificate) throws(StoreError) -> StoredCertificate

    /// A certificate by whole id or unique prefix (at least `StoreLimits.minimumPrefixLength` characters).
    func certificate(_ idOrPrefix: String) throws(StoreError) -> StoredCertificate

    /// The certificate of a session, if one was issued.
    func certificate(ofSession sessionID: String) throws(StoreError) -> StoredCertificate?

    /// Certificates, oldest first, optionally only a candidate's.
    func listCertificates(candidate: String?) throws(StoreError) -> [StoredCertificate]

    /// Changes a certificate's status, with the reason, and appends the audit entry `action`.
    /// - Throws: `invalidInput` when the change is not allowed from the current status (the caller
    ///   checks first and explains; the store refuses anyway) or the reason is empty.
    func changeCertificateStatus(_ id: String, from: CertificateStatus, to: CertificateStatus, reason: String,
                                 action: String) throws(StoreError) -> StoredCertificate
}
