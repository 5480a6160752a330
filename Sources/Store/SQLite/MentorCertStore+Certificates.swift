import Foundation
import GRDB

/// `CertificateRepository` on SQLite (conformance declared with the class).
extension MentorCertStore {
    public func recordCertificate(_ c: NewCertificate) throws(StoreError) -> StoredCertificate {
        for (field, value) in [("id", c.id), ("candidate", c.candidate), ("level", c.level), ("key id", c.keyID)] where value.isEmpty {
            throw StoreError(.invalidInput("certificate: the \(field) is empty; give a non-empty \(field)"))
        }
        guard (try? JSONSerialization.jsonObject(with: Data(c.document.utf8))) != nil else {
            throw StoreError(.invalidInput("certificate \(c.id): the document is not JSON; nothing was recorded"))
        }
        return try write { db in
            if try CertificateRow.exists(db, key: c.id) { throw StoreError(.alreadyExists(what: "certificate", id: c.id)) }
            guard try ExamSessionRecord.exists(db, key: c.sessionID) else { throw StoreError(.unknownExamSession(c.sessionID)) }
            if let other = try CertificateRow.filter(Column("session_id") == c.sessionID).fetchOne(db) {
                throw StoreError(.alreadyExists(what: "certificate of session \(c.sessionID)", id: other.id))
            }
            let now = Self.now()
            let row = CertificateRow(id: c.id, sessionId: c.sessionID, candidate: c.candidate, level: c.level,
                                     bankVersionId: c.bankVersionID, issued: c.issued, validUntil: c.validUntil,
                                     recertificationDue: c.recertificationDue, simulated: c.simulated, keyId: c.keyID,
                                     document: c.document, status: CertificateStatus.valid.rawValue,
                                     statusChangedAt: now, statusReason: nil)
            try row.insert(db)
            try audit(db, action: "certificate.issue", subject: c.id, detail: [
                "candidate": c.candidate, "level": c.level, "session": c.sessionID, "bankVersion": c.bankVersionID,
                "validUntil": c.validUntil, "simulated": String(c.simulated), "keyId": c.keyID,
            ])
            return try Self.stored(row)
        }
    }

    public func certificate(_ idOrPrefix: String) throws(StoreError) -> StoredCertificate {
        try read { db in
            let id = try resolve(db, CertificateRow.self, prefix: idOrPrefix) { StoreError(.invalidInput(
                "no certificate `\($0)` in the store; list the stored certificates to find its id")) }
            guard let row = try CertificateRow.fetchOne(db, key: id) else {
                throw StoreError(.invalidInput("no certificate `\(idOrPrefix)` in the store; list the stored certificates to find its id"))
            }
            return try Self.stored(row)
        }
    }

    public func certificate(ofSession sessionID: String) throws(StoreError) -> StoredCertificate? {
        try read { db in
            try CertificateRow.filter(Column("session_id") == sessionID).fetchOne(db).map { row in try Self.stored(row) }
        }
    }

    public func listCertificates(candidate: String?) throws(StoreError) -> [StoredCertificate] {
        try read { db in
            var request = CertificateRow.all()
            if let candidate { request = request.filter(Column("candidate") == candidate) }
            return try request.order(Column("issued"), Column("id")).fetchAll(db).map { row in try Self.stored(row) }
        }
    }

    public func changeCertificateStatus(_ id: String, from: CertificateStatus, to: CertificateStatus, reason: String,
                                        action: String) throws(StoreError) -> StoredCertificate {
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw StoreError(.invalidInput("certificate \(id): a status change needs a reason; nothing was changed"))
        }
        return try write { db in
            guard var row = try CertificateRow.fetchOne(db, key: id) else {
                throw StoreError(.invalidInput("no certificate `\(id)` in the store; list the stored certificates to find its id"))
            }
            guard row.status == from.rawValue else {
                throw StoreError(.invalidInput("certificate \(id) is \(row.status), not \(from.rawValue); nothing was changed"))
            }
            row.status = to.rawValue
            row.statusChangedAt = Self.now()
            row.statusReason = reason
            try row.update(db)
            try audit(db, action: action, subject: id, detail: ["from": from.rawValue, "to": to.rawValue, "reason": reason])
            return try Self.stored(row)
        }
    }

    private static func stored(_ row: CertificateRow) throws(StoreError) -> StoredCertificate {
        guard let status = CertificateStatus(rawValue: row.status) else {
            throw StoreError(.corrupt("certificate \(row.id) has the unknown status `\(row.status)`"))
        }
        return StoredCertificate(
            certificate: NewCertificate(id: row.id, candidate: row.candidate, level: row.level, bankVersionID: row.bankVersionId,
                                        sessionID: row.sessionId, issued: row.issued, validUntil: row.validUntil,
                                        recertificationDue: row.recertificationDue, simulated: row.simulated,
                                        keyID: row.keyId, document: row.document),
            status: status, statusChangedAt: row.statusChangedAt, statusReason: row.statusReason)
    }
}
