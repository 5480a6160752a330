/// The error of certification. A struct wrapping a kind, so that new kinds do not break callers;
/// descriptions say what failed and what to do, and name no command-line option.
public struct CertificationError: Error, Sendable, CustomStringConvertible, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The session has not ended with a result (`state` is its state).
        case sessionNotFinished(session: String, state: String)
        /// The session ended below the certification level.
        case sessionNotPassed(session: String, level: String?, required: String)
        /// Only the final assessment leads to a certificate.
        case notFinalAssessment(session: String, assessment: String)
        /// The session rests on simulated parameters or is a simulated candidate's, and simulated
        /// certificates were not allowed.
        case simulatedRefused(session: String, why: String)
        /// The session already has a certificate.
        case alreadyCertified(session: String, certificate: String)
        /// A key file is missing, unreadable, malformed or would be overwritten.
        case keyFile(path: String, problem: String)
        /// The certificate document cannot be read as a certificate.
        case invalidDocument(String)
        /// The signature does not verify with the given public key.
        case badSignature(certificate: String, keyId: String, expectedKeyId: String)
        /// The certificate is outside its validity period on the date of the check.
        case expired(certificate: String, validUntil: String, asOf: String)
        /// The certificate is signed and current, but its stored status is not `valid`.
        case notValidStatus(certificate: String, status: String, reason: String?)
        /// The store has no such certificate (or holds another document under its id).
        case notInStore(certificate: String, problem: String)
        /// A status change that the certificate's status does not allow.
        case statusChangeRefused(certificate: String, status: String, change: String)
        /// The store failed (its message).
        case store(String)
        /// Reading the session failed (its message).
        case session(String)
        /// Writing a file failed.
        case file(path: String, problem: String)
    }

    public var kind: Kind
    public init(_ kind: Kind) { self.kind = kind }

    public var description: String {
        switch kind {
        case .sessionNotFinished(let s, let state):
            return "session \(s) is \(state), not finished: only a finished exam with a passing result can be certified"
        case .sessionNotPassed(let s, let level, let required):
            return "session \(s) did not pass (level \(level ?? "none"), certification needs \(required) or above): "
                + "only a passed final assessment can be certified; nothing was issued"
        case .notFinalAssessment(let s, let a):
            return "session \(s) is a `\(a)` assessment: only a passed `final` assessment can be certified; nothing was issued"
        case .simulatedRefused(let s, let why):
            return "session \(s) \(why): a certificate issued from it would not be valid for certification. "
                + "Allow simulated certificates explicitly (they are marked `simulated: true`) or certify a real session; nothing was issued"
        case .alreadyCertified(let s, let c):
            return "session \(s) already has certificate \(c); a session is certified once (show that certificate instead)"
        case .keyFile(let path, let problem):
            return "key file \(path): \(problem)"
        case .invalidDocument(let problem):
            return "not a valid certificate document: \(problem)"
        case .badSignature(let c, let keyId, let expected):
            return "certificate \(c): the signature does NOT verify" + (keyId == expected
                ? " — the document was changed after signing (or its signature was); do not trust it"
                : " — it names signing key \(keyId), but the public key given is \(expected); verify with the certification body's key \(keyId), or do not trust it")
        case .expired(let c, let until, let asOf):
            return "certificate \(c) expired: valid until \(until), checked on \(asOf); the holder must recertify"
        case .notValidStatus(let c, let status, let reason):
            return "certificate \(c) is \(status.uppercased()) in the register" + (reason.map { " (reason: \($0))" } ?? "")
                + "; the signature is genuine but the certificate is not in force"
        case .notInStore(let c, let problem):
            return "certificate \(c): \(problem)"
        case .statusChangeRefused(let c, let status, let change):
            return "certificate \(c) is \(status); it cannot be \(change) (valid → suspended/withdrawn, suspended → valid/withdrawn; withdrawn is final); nothing was changed"
        case .store(let m): return m
        case .session(let m): return m
        case .file(let path, let problem): return "cannot write \(path): \(problem)"
        }
    }
}
