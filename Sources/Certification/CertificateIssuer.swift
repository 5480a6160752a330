import AdaptiveTesting
import Crypto
import ExamSessions
import Foundation
import ItemBanking
import Store

/// Issuing a certificate from a finished exam session (ISO/IEC 17024:2012 §9.4 decision on
/// certification, §9.5 the certificate's content).
///
/// A session is certified when it is a `final` assessment, finished, and passed (final level ≥ the
/// bank's certification level, DECISIONS §3). A session resting on simulated item parameters or run by
/// a simulated candidate is refused unless `allowSimulated`, and then its certificate says
/// `simulated: true` (not valid for certification). The certificate is signed with Ed25519 over the
/// RFC 8785 form of its fields and recorded in the store with status `valid`, with an audit entry, in
/// one transaction.
public enum CertificateIssuer {
    /// The assessment type that leads to a certificate (DECISIONS §11).
    public static let certifyingAssessment = "final"

    /// The id of the certificate of a session: `MC-` and the first 16 hex digits of
    /// SHA-256("mentorcert-certificate:" + session id). A session has at most one certificate.
    public static func certificateID(session: String) -> String {
        "MC-" + Crypto.SHA256.hash(data: Data(("mentorcert-certificate:" + session).utf8)).prefix(8).map { byte in
            let h = String(byte, radix: 16, uppercase: true); return h.count == 1 ? "0" + h : h
        }.joined()
    }

    /// Checks a session, signs its certificate and records it.
    /// - Parameters:
    ///   - session: the session id or a unique prefix.
    ///   - date: the moment of issue (now, or fixed in tests).
    /// - Returns: the signed document (also stored).
    public static func issue(session: String, store: any RecordStore & CertificateRepository, key: SigningKey,
                             allowSimulated: Bool, on date: Date) throws(CertificationError) -> CertificateDocument {
        let stored: StoredSession, result: AdaptiveResult
        do {
            let id = try SessionArchive.resolve(session, store: store)
            let summary = try store.session(id)
            guard summary.state == .finished else {
                throw CertificationError(.sessionNotFinished(session: id, state: summary.state.rawValue))
            }
            (stored, result) = try SessionArchive.result(id, store: store)
        } catch let error as CertificationError { throw error } catch let error as StoreError {
            throw CertificationError(.store(error.description))
        } catch let error as ExamSessionError {
            throw CertificationError(.session(error.description))
        } catch { throw CertificationError(.session("\(error)")) }
        let summary = stored.summary
        if let existing = try storeCall({ () throws(StoreError) in try store.certificate(ofSession: summary.id) }) {
            throw CertificationError(.alreadyCertified(session: summary.id, certificate: existing.certificate.id))
        }
        guard summary.assessment == certifyingAssessment else {
            throw CertificationError(.notFinalAssessment(session: summary.id, assessment: summary.assessment))
        }
        let manifest = stored.bank.manifest
        guard result.pass == true, let level = result.levelName else {
            throw CertificationError(.sessionNotPassed(session: summary.id, level: result.levelName,
                                                       required: manifest.certificationLevel.rawValue))
        }
        var simulatedBecause: [String] = []
        if manifest.parameterSource?.source == .simulated { simulatedBecause.append("rests on SIMULATED item parameters") }
        if summary.simulated { simulatedBecause.append("is a simulated candidate's session") }
        if !simulatedBecause.isEmpty && !allowSimulated {
            throw CertificationError(.simulatedRefused(session: summary.id, why: simulatedBecause.joined(separator: " and ")))
        }
        let period = ValidityPeriod(issuedOn: date, validityYears: manifest.validityYears)
        let fields = CertificateFields(
            id: certificateID(session: summary.id), candidate: summary.candidate, level: level,
            bankVersionId: summary.bankVersionID, sessionId: summary.id, issued: period.issued,
            validUntil: period.validUntil, recertificationDue: period.recertificationDue,
            simulated: !simulatedBecause.isEmpty)
        let signature = try key.signature(of: try fields.signedBytes())
        let document = CertificateDocument(
            fields: fields, signature: CertificateSignature(keyId: key.publicKey.keyID, value: Data(signature).base64EncodedString()))
        _ = try storeCall { () throws(StoreError) in
            try store.recordCertificate(NewCertificate(
                id: fields.id, candidate: fields.candidate, level: fields.level, bankVersionID: fields.bankVersionId,
                sessionID: fields.sessionId, issued: fields.issued, validUntil: fields.validUntil,
                recertificationDue: fields.recertificationDue, simulated: fields.simulated,
                keyID: document.signature.keyId, document: document.text()))
        }
        return document
    }
}

/// Runs a store call, turning its error into ours.
func storeCall<T>(_ body: () throws(StoreError) -> T) throws(CertificationError) -> T {
    do { return try body() } catch { throw CertificationError(.store(error.description)) }
}
