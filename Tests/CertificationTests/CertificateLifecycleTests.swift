import AdaptiveTesting
import Certification
import ExamSessions
import Foundation
import ItemBanking
import Store
import Testing

/// The bundled bank (validated).
func bundledBank() throws -> ItemBank {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return try #require(ItemBank.validate(directory: root.appendingPathComponent("itembanks/mentorcert").path).bank)
}

func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("certs-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Runs a session answering every item with category `response(item)` until it finishes, or stops after
/// `stopAfter` answers (an unfinished session). Returns the session id.
func sitExam(store: MentorCertStore, version: String, candidate: String, assessment: String = "final", seed: UInt64 = 3,
             stopAfter: Int? = nil, response: (Item) -> Int) throws -> String {
    let bank = try store.bank(of: version)
    let items = Dictionary(uniqueKeysWithValues: bank.items.map { ($0.id, $0) })
    let runner = try ExamSessionRunner.open(store: store, bankVersionID: version, candidate: candidate, assessment: assessment,
                                            newAttempt: false, seed: seed)
    var answered = 0
    while true {
        if let stopAfter, answered >= stopAfter { break }
        guard case .item = try runner.nextScreen() else { break }
        let id = try #require(runner.history.presented?.itemId)
        _ = try runner.answer(response: response(try #require(items[id])))
        answered += 1
    }
    return runner.session.id
}

/// The highest category of an item (1 for a multiple-choice item: the key).
func best(_ item: Item) -> Int { item.type == .graded ? max(1, item.categories.count - 1) : 1 }

/// 2026-11-26 12:00 UTC.
let issueDate = Date(timeIntervalSince1970: 1_795_694_400)

@Suite struct CertificateLifecycleTests {
    /// keygen → issue → verify; a changed byte inside any signed value, a wrong key, suspended and
    /// withdrawn status fail; reinstated passes; audit entries for issue/suspend/withdraw/reinstate; the
    /// register lists only valid certificates.
    @Test func issueVerifySuspendReinstateWithdraw() throws {
        let folder = try temporaryFolder()
        let store = try MentorCertStore(path: folder.appendingPathComponent("s.sqlite").path)
        let version = try store.importBank(try bundledBank()).versionID
        let passed = try sitExam(store: store, version: version, candidate: "C-PASS", response: best)
        let keyPath = folder.appendingPathComponent("body.key").path
        try SigningKey.generate().write(to: keyPath)
        // The private key file: mode 0600; the public beside it; a second keygen refuses to overwrite.
        let mode = try FileManager.default.attributesOfItem(atPath: keyPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(throws: CertificationError.self) { try SigningKey.generate().write(to: keyPath) }
        let key = try SigningKey.read(from: keyPath)
        let publicKey = try VerificationKey.read(from: keyPath + ".pub")
        #expect(throws: CertificationError.self) { try SigningKey.read(from: keyPath + ".pub") }

        // The bundled bank's parameters are simulated: refused without allowSimulated.
        #expect(throws: CertificationError.self) {
            try CertificateIssuer.issue(session: passed, store: store, key: key, allowSimulated: false, on: issueDate)
        }
        #expect(try store.listCertificates(candidate: nil).isEmpty)
        let document = try CertificateIssuer.issue(session: passed, store: store, key: key, allowSimulated: true, on: issueDate)
        let f = document.fields
        #expect(f.candidate == "C-PASS" && f.sessionId == passed && f.bankVersionId == version && f.simulated)
        #expect(["intermediate", "advanced", "expert"].contains(f.level))
        // Hand-computed: 3 years (the bank's default) after 2026-11-26; due 3 months before.
        #expect(f.issued == "2026-11-26" && f.validUntil == "2029-11-26" && f.recertificationDue == "2029-08-26")
        #expect(document.signature.keyId == publicKey.keyID)
        // keyId = first 16 hex of SHA-256 of the raw public key, checked with an independent SHA-256 (ItemBanking's).
        #expect(publicKey.keyID == String(ItemBanking.SHA256.hex(publicKey.rawRepresentation).prefix(16)))
        // A session is certified once.
        #expect(throws: CertificationError.self) {
            try CertificateIssuer.issue(session: passed, store: store, key: key, allowSimulated: true, on: issueDate)
        }

        let text = Data(document.text().utf8)
        let later = issueDate.addingTimeInterval(86_400)
        let report = try CertificateVerifier.verify(text, publicKey: publicKey, store: store, on: later)
        #expect(report.status == .valid)
        #expect(try CertificateVerifier.verify(text, publicKey: publicKey, store: nil, on: later).status == nil)
        // The document as stored equals the one issued, and `show --format json` prints that.
        #expect(try store.certificate(f.id).certificate.document == document.text())

        // Every byte of every signed value, and of the signature, changed: verification fails.
        let bytes = Array(text)
        var changedPositions = 0
        for value in [f.id, f.candidate, f.level, f.bankVersionId, f.sessionId, f.issued, f.validUntil, f.recertificationDue,
                      document.signature.value, document.signature.keyId] {
            let needle = Array(("\"" + value + "\"").utf8)
            let start = try #require(firstIndex(of: needle, in: bytes))
            for position in (start + 1)..<(start + needle.count - 1) {
                var changed = bytes
                changed[position] = changed[position] == UInt8(ascii: "7") ? UInt8(ascii: "8") : UInt8(ascii: "7")
                #expect(throws: CertificationError.self, "byte \(position) changed") {
                    try CertificateVerifier.verify(Data(changed), publicKey: publicKey, store: nil, on: later)
                }
                changedPositions += 1
            }
        }
        #expect(changedPositions > 200)
        let flipped = Data(document.text().replacingOccurrences(of: "\"simulated\": true", with: "\"simulated\": false").utf8)
        #expect(flipped != text)
        #expect(throws: CertificationError.self) { try CertificateVerifier.verify(flipped, publicKey: publicKey, store: nil, on: later) }
        // An added member is refused (it would be unsigned).
        let added = Data(document.text().replacingOccurrences(of: "\"schemaVersion\": 1,", with: "\"schemaVersion\": 1, \"score\": 700,").utf8)
        #expect(throws: CertificationError.self) { try CertificateVerifier.verify(added, publicKey: publicKey, store: nil, on: later) }
        // Layout is not signed (RFC 8785): the same members compacted still verify.
        let compact = Data(document.text().replacingOccurrences(of: "\n", with: "").replacingOccurrences(of: "  ", with: "").utf8)
        #expect(try CertificateVerifier.verify(compact, publicKey: publicKey, store: nil, on: later).fields == f)
        // A wrong key fails.
        let otherKeyPath = folder.appendingPathComponent("other.key").path
        try SigningKey.generate().write(to: otherKeyPath)
        let otherPublic = try VerificationKey.read(from: otherKeyPath + ".pub")
        #expect(throws: CertificationError.self) { try CertificateVerifier.verify(text, publicKey: otherPublic, store: nil, on: later) }
        // Outside the validity period: fails.
        let expired = issueDate.addingTimeInterval(4 * 366 * 86_400)
        #expect(throws: CertificationError.self) { try CertificateVerifier.verify(text, publicKey: publicKey, store: nil, on: expired) }

        #expect(try PublicRegister.entries(store: store, on: later).map(\.certificateId) == [f.id])
        _ = try CertificateStatusChange.suspend.apply(to: f.id, reason: "complaint under review", store: store)
        #expect(throws: CertificationError.self) { try CertificateVerifier.verify(text, publicKey: publicKey, store: store, on: later) }
        #expect(try CertificateVerifier.verify(text, publicKey: publicKey, store: nil, on: later).status == nil)  // offline: signature only
        #expect(try PublicRegister.entries(store: store, on: later).isEmpty)
        #expect(throws: CertificationError.self) { try CertificateStatusChange.suspend.apply(to: f.id, reason: "again", store: store) }
        _ = try CertificateStatusChange.reinstate.apply(to: f.id, reason: "complaint dismissed", store: store)
        #expect(try CertificateVerifier.verify(text, publicKey: publicKey, store: store, on: later).status == .valid)
        #expect(try PublicRegister.entries(store: store, on: later).map(\.certificateId) == [f.id])
        let withdrawn = try CertificateStatusChange.withdraw.apply(to: f.id, reason: "breach of the code of conduct", store: store)
        #expect(withdrawn.status == .withdrawn && withdrawn.statusReason == "breach of the code of conduct")
        #expect(throws: CertificationError.self) { try CertificateVerifier.verify(text, publicKey: publicKey, store: store, on: later) }
        #expect(throws: CertificationError.self) { try CertificateStatusChange.reinstate.apply(to: f.id, reason: "appeal", store: store) }
        #expect(try PublicRegister.entries(store: store, on: later).isEmpty)

        let audit = try store.auditLog().filter { $0.subject == f.id }.map(\.action)
        #expect(audit == ["certificate.issue", "certificate.suspend", "certificate.reinstate", "certificate.withdraw"])
        // The store refuses to change signed fields or delete a certificate.
        #expect(throws: StoreError.self) { try store.execute(sql: "UPDATE certificate SET level = 'expert'") }
        #expect(throws: StoreError.self) { try store.execute(sql: "DELETE FROM certificate") }
    }

    /// A failed, an unfinished and a non-final session cannot be certified, with a message saying why.
    @Test func failedUnfinishedAndNonFinalSessionsAreRefused() throws {
        let folder = try temporaryFolder()
        let store = try MentorCertStore(path: folder.appendingPathComponent("s.sqlite").path)
        let version = try store.importBank(try bundledBank()).versionID
        let key = SigningKey.generate()
        let failed = try sitExam(store: store, version: version, candidate: "C-FAIL") { _ in 0 }
        let unfinished = try sitExam(store: store, version: version, candidate: "C-HALF", stopAfter: 3, response: best)
        func refusal(_ session: String) -> CertificationError? {
            do {
                _ = try CertificateIssuer.issue(session: session, store: store, key: key, allowSimulated: true, on: issueDate)
                return nil
            } catch { return error }
        }
        let failure = try #require(refusal(failed))
        guard case .sessionNotPassed = failure.kind else { Issue.record("\(failure)"); return }
        #expect(failure.description.contains("did not pass"))
        let half = try #require(refusal(unfinished))
        guard case .sessionNotFinished(_, let state) = half.kind else { Issue.record("\(half)"); return }
        #expect(state == "in-progress")
        #expect(half.description.contains("not finished"))
        #expect(try store.listCertificates(candidate: nil).isEmpty)
        #expect(try store.auditLog().filter { $0.action.hasPrefix("certificate.") }.isEmpty)
    }

    /// A bank with real (non-simulated) parameters and `certification.validityYears: 5`: issued without
    /// allowSimulated, `simulated: false`, valid 5 years; 29 February ends on 28 February.
    @Test func realParametersAndTheBankValidityPeriod() throws {
        let folder = try temporaryFolder()
        let store = try MentorCertStore(path: folder.appendingPathComponent("s.sqlite").path)
        var bank = try bundledBank()
        bank.manifest.parameterSource = nil
        bank.manifest.certification = CertificationScheme(validityYears: 5)
        let version = try store.importBank(bank).versionID
        let session = try sitExam(store: store, version: version, candidate: "C-REAL", response: best)
        let leapDay = Date(timeIntervalSince1970: 1_709_208_000)  // 2024-02-29 12:00 UTC
        let document = try CertificateIssuer.issue(session: session, store: store, key: SigningKey.generate(), allowSimulated: false,
                                                   on: leapDay)
        #expect(!document.fields.simulated)
        #expect(document.fields.issued == "2024-02-29" && document.fields.validUntil == "2029-02-28")
        #expect(document.fields.recertificationDue == "2028-11-28")
    }
}

private func firstIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
    guard needle.count <= haystack.count else { return nil }
    for i in 0...(haystack.count - needle.count) where Array(haystack[i..<(i + needle.count)]) == needle { return i }
    return nil
}
