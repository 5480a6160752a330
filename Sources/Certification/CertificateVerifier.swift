import Foundation
import Store

/// What a successful verification established.
public struct VerificationReport: Sendable, Equatable {
    public var fields: CertificateFields
    public var keyId: String
    /// The status in the store, when a store was consulted.
    public var status: CertificateStatus?
    /// The date of the check, `YYYY-MM-DD`.
    public var checkedOn: String
}

/// Checking a certificate document (ISO/IEC 17024:2012 §9.7: the certificate can be verified).
///
/// Offline: the document is read strictly (exactly the signed members and `signature`), the signature
/// is Ed25519 over the RFC 8785 form of the signed members under the given public key, and the date
/// of the check lies in `issued … validUntil`. With a store it also checks that the store holds the very
/// same document under its id and that its status is `valid` (suspended and withdrawn certificates fail).
public enum CertificateVerifier {
    public static func verify(_ data: Data, publicKey: VerificationKey, store: (any CertificateRepository)?,
                              on date: Date) throws(CertificationError) -> VerificationReport {
        let document = try CertificateDocument.parse(data)
        let fields = document.fields
        guard document.signature.algorithm == "Ed25519" else {
            throw CertificationError(.invalidDocument("signature algorithm `\(document.signature.algorithm)` is not Ed25519"))
        }
        // Only the canonical base64 text of the 64 bytes is accepted: the last character of 64 bytes in
        // base64 carries 4 unused bits, so a lenient decoder would let a changed character pass.
        guard let signature = Data(base64Encoded: document.signature.value), signature.count == 64,
              signature.base64EncodedString() == document.signature.value else {
            throw CertificationError(.badSignature(certificate: fields.id, keyId: document.signature.keyId, expectedKeyId: document.signature.keyId))
        }
        let bytes = try fields.signedBytes()
        guard publicKey.isValidSignature(Array(signature), for: bytes) else {
            throw CertificationError(.badSignature(certificate: fields.id, keyId: document.signature.keyId, expectedKeyId: publicKey.keyID))
        }
        guard document.signature.keyId == publicKey.keyID else {
            // A genuine signature under this key, but the keyId member was changed.
            throw CertificationError(.badSignature(certificate: fields.id, keyId: document.signature.keyId, expectedKeyId: publicKey.keyID))
        }
        let today = ValidityPeriod.text(date)
        guard fields.issued <= today else {
            throw CertificationError(.invalidDocument("certificate \(fields.id) is dated \(fields.issued), after the date of the check \(today)"))
        }
        guard today <= fields.validUntil else {
            throw CertificationError(.expired(certificate: fields.id, validUntil: fields.validUntil, asOf: today))
        }
        var status: CertificateStatus?
        if let store {
            let stored: StoredCertificate
            do { stored = try store.certificate(fields.id) } catch {
                throw CertificationError(.notInStore(certificate: fields.id, problem: "the store does not hold it (\(error.description))"))
            }
            guard stored.certificate.id == fields.id, let storedDocument = try? CertificateDocument.parse(Data(stored.certificate.document.utf8)),
                  storedDocument == document else {
                throw CertificationError(.notInStore(certificate: fields.id, problem: "the store holds another document under this id; do not trust this one"))
            }
            guard stored.status == .valid else {
                throw CertificationError(.notValidStatus(certificate: fields.id, status: stored.status.rawValue, reason: stored.statusReason))
            }
            status = stored.status
        }
        return VerificationReport(fields: fields, keyId: publicKey.keyID, status: status, checkedOn: today)
    }
}
