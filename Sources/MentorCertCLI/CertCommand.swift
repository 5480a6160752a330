import ArgumentParser
import Certification
import Foundation
import Store
import Tables

/// `mentorcert cert …` — certificates (ISO/IEC 17024 §9.4–9.8, DECISIONS §11).
struct CertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cert",
        abstract: "Certificates: keygen, issue, show, list, suspend, withdraw, reinstate, verify, register; the candidate's score report.",
        subcommands: [Keygen.self, Issue.self, Show.self, List.self, Suspend.self, Withdraw.self, Reinstate.self,
                      Verify.self, Register.self, Report.self])

    /// `cert keygen --out K`: a new Ed25519 key pair, K (mode 0600) and K.pub; never printed.
    struct Keygen: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "keygen",
            abstract: "Write a new signing key K (mode 0600) and its public key K.pub; existing files are never overwritten.")
        @Option(help: "The private key file to write (K.pub is written beside it). Keep it outside the store.")
        var out: String

        func run() throws {
            try certReporting("cert keygen") {
                let key = SigningKey.generate()
                try key.write(to: out)
                print("Wrote the private key \(out) (mode 0600; keep it secret, outside the store) and the public key \(out).pub "
                      + "(key id \(key.publicKey.keyID)).")
            }
        }
    }

    /// `cert issue SESSION --key K [--allow-simulated] [--out FILE]`.
    struct Issue: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "issue", abstract: "Certify a passed final exam session: sign the certificate and record it in the store.")
        @Argument(help: "The session id (or a unique prefix of at least 6 characters).")
        var session: String
        @Option(help: "The certification body's private key file (written by `cert keygen`).")
        var key: String
        @Flag(name: .customLong("allow-simulated"),
              help: "Certify a session that rests on simulated parameters (or a simulated candidate); the certificate says `simulated: true` and is not valid for certification.")
        var allowSimulated = false
        @Option(name: .long, help: "The SQLite store (system of record).")
        var store: String = "mentorcert.sqlite"
        @Option(help: "Write the certificate document (JSON) to this file.")
        var out: String?

        func run() throws {
            try certReporting("cert issue") {
                let signingKey = try SigningKey.read(from: key)
                let records = try MentorCertStore(path: store, mode: .existingForWriting)
                let document = try CertificateIssuer.issue(session: session, store: records, key: signingKey,
                                                           allowSimulated: allowSimulated, on: Date())
                try emit(document.text(), to: out)
                let f = document.fields
                if out != nil {
                    print("Issued certificate \(f.id): \(f.candidate), level \(f.level), valid \(f.issued) to \(f.validUntil) "
                          + "(recertification due \(f.recertificationDue))\(f.simulated ? "; SIMULATED — not valid for certification" : "").")
                } else if f.simulated {
                    printError("note: certificate \(f.id) is SIMULATED — not valid for certification")
                }
            }
        }
    }

    /// `cert show ID`.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show a certificate: its fields and status (json: the signed document as issued).")
        @Argument(help: "The certificate id (or a unique prefix of at least 6 characters).")
        var id: String
        @OptionGroup var common: CommonOptions

        func run() throws {
            try certReporting("cert show") {
                let store = try MentorCertStore(path: common.store, mode: .existingOnly)
                let c = try storeResult { () throws(StoreError) in try store.certificate(id) }
                switch common.format {
                case .json: try emit(c.certificate.document, to: common.out)
                case .csv: try emitCSV(try certificateTable([c]), common)
                case .table:
                    let f = c.certificate
                    var text = "Certificate \(f.id)\(f.simulated ? " (SIMULATED — not valid for certification)" : "")\n"
                    for (name, value) in [("candidate", f.candidate), ("level", f.level), ("session", f.sessionID),
                                          ("bank version", f.bankVersionID), ("issued", f.issued), ("valid until", f.validUntil),
                                          ("recertification due", f.recertificationDue), ("status", c.status.rawValue),
                                          ("status reason", c.statusReason ?? ""), ("status changed", c.statusChangedAt),
                                          ("signing key", f.keyID)] {
                        text += pad(name, 22) + value + "\n"
                    }
                    try emit(text, to: common.out)
                }
            }
        }
    }

    /// `cert list [--candidate ID]`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List certificates with their status (staff view).")
        @Option(help: "Only this candidate's certificates.")
        var candidate: String?
        @OptionGroup var common: CommonOptions

        func run() throws {
            try certReporting("cert list") {
                let store = try MentorCertStore(path: common.store, mode: .existingOnly)
                let list = try storeResult { () throws(StoreError) in try store.listCertificates(candidate: candidate) }
                let t = try certificateTable(list)
                try emitTable(common, t, json: CertificateList(certificates: list.map(CertificateRow.init)))
            }
        }
    }

    struct Suspend: StatusChangeCommand {
        static let configuration = CommandConfiguration(commandName: "suspend", abstract: "Suspend a valid certificate (with a reason; audited).")
        static let change = CertificateStatusChange.suspend
        @Argument(help: "The certificate id.") var id: String
        @Option(help: "Why (recorded in the store and the audit log).") var reason: String
        @Option(name: .long, help: "The SQLite store (system of record).") var store: String = "mentorcert.sqlite"
    }

    struct Withdraw: StatusChangeCommand {
        static let configuration = CommandConfiguration(commandName: "withdraw", abstract: "Withdraw a certificate for good (with a reason; audited).")
        static let change = CertificateStatusChange.withdraw
        @Argument(help: "The certificate id.") var id: String
        @Option(help: "Why (recorded in the store and the audit log).") var reason: String
        @Option(name: .long, help: "The SQLite store (system of record).") var store: String = "mentorcert.sqlite"
    }

    struct Reinstate: StatusChangeCommand {
        static let configuration = CommandConfiguration(commandName: "reinstate", abstract: "Reinstate a suspended certificate (with a reason; audited).")
        static let change = CertificateStatusChange.reinstate
        @Argument(help: "The certificate id.") var id: String
        @Option(help: "Why (recorded in the store and the audit log).") var reason: String
        @Option(name: .long, help: "The SQLite store (system of record).") var store: String = "mentorcert.sqlite"
    }

    /// `cert verify FILE --public-key K.pub [--store S]`.
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Check a certificate's signature and validity dates offline; with --store also its status.")
        @Argument(help: "The certificate document (JSON).")
        var file: String
        @Option(name: .customLong("public-key"), help: "The certification body's public key file (K.pub).")
        var publicKey: String
        @Option(help: "Also check the status in this store (a suspended or withdrawn certificate fails).")
        var store: String?

        func run() throws {
            try certReporting("cert verify") {
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw CLIError("cannot read \(file); check the path")
                }
                let key = try VerificationKey.read(from: publicKey)
                let records = try store.map { try MentorCertStore(path: $0, mode: .existingOnly) }
                let report = try CertificateVerifier.verify(data, publicKey: key, store: records, on: Date())
                let f = report.fields
                print("VALID: certificate \(f.id) — \(f.candidate), level \(f.level), valid \(f.issued) to \(f.validUntil); "
                      + "signature verified with key \(report.keyId)"
                      + (report.status.map { "; status in the store: \($0.rawValue)" } ?? " (status not checked: no store given)")
                      + (f.simulated ? ". SIMULATED — not valid for certification." : "."))
            }
        }
    }

    /// `cert register --format csv|json|html`.
    struct Register: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "register", abstract: "The public register: certificates valid today (candidate, level, id, dates; no scores).")
        enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv, json, html }
        @Option(name: .long, help: "The SQLite store (system of record).")
        var store: String = "mentorcert.sqlite"
        @Option(help: "Output format: table, csv, json or html (a self-contained page).")
        var format: Format = .table
        @Option(help: "Write the output to this file (written to a temporary name, then renamed).")
        var out: String?

        func run() throws {
            try certReporting("cert register") {
                let records = try MentorCertStore(path: store, mode: .existingOnly)
                let now = Date()
                let entries = try PublicRegister.entries(store: records, on: now)
                let t = try table(.certificateRegister, entries.map { e in
                    [TableValue(e.candidate), TableValue(e.level), TableValue(e.certificateId), TableValue(e.issued),
                     TableValue(e.validUntil), TableValue(e.simulated)]
                })
                switch format {
                case .html: try emit(PublicRegister.html(entries, on: now), to: out)
                case .csv: try emit(t.csvText(), to: out)
                case .json: try emit(try jsonText(RegisterDocument(date: ValidityPeriod.text(now), certificates: entries)), to: out)
                case .table: try emit(t.terminalText(), to: out)
                }
            }
        }
    }
}

extension CertCommand {
    /// `cert report SESSION --out FILE.html`: the candidate's score report.
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "The candidate's score report as one HTML page: level, pass/fail, scale score with its error band, skill card; no item content.")
        @Argument(help: "The session id (or a unique prefix of at least 6 characters).")
        var session: String
        @Option(name: .long, help: "The SQLite store (system of record).")
        var store: String = "mentorcert.sqlite"
        @Option(help: "Write the page to this file (standard output when not given).")
        var out: String?

        func run() throws {
            try certReporting("cert report") {
                let records = try MentorCertStore(path: store, mode: .existingOnly)
                try emit(try ScoreReport.html(session: session, store: records), to: out)
            }
        }
    }
}

/// The shared body of suspend, withdraw and reinstate.
protocol StatusChangeCommand: ParsableCommand {
    static var change: CertificateStatusChange { get }
    var id: String { get }
    var reason: String { get }
    var store: String { get }
}

extension StatusChangeCommand {
    func run() throws {
        try certReporting("cert \(Self.change.rawValue)") {
            let records = try MentorCertStore(path: store, mode: .existingForWriting)
            let changed = try Self.change.apply(to: id, reason: reason, store: records)
            print("Certificate \(changed.certificate.id) is now \(changed.status.rawValue) (reason: \(reason)).")
        }
    }
}

/// `cert list --format json`.
struct CertificateList: Encodable {
    var schemaVersion = 1
    var certificates: [CertificateRow]
}

/// `cert register --format json`.
struct RegisterDocument: Encodable {
    var schemaVersion = 1
    var date: String
    var certificates: [RegisterEntry]
}

/// One certificate with its status, camelCase as the `certificates` table.
struct CertificateRow: Encodable {
    var certificateId, candidate, level, bankVersionId, sessionId, issued, validUntil, recertificationDue: String
    var simulated: Bool
    var status: String
    var statusReason: String?
    var keyId: String

    init(_ s: StoredCertificate) {
        let c = s.certificate
        certificateId = c.id; candidate = c.candidate; level = c.level; bankVersionId = c.bankVersionID; sessionId = c.sessionID
        issued = c.issued; validUntil = c.validUntil; recertificationDue = c.recertificationDue; simulated = c.simulated
        status = s.status.rawValue; statusReason = s.statusReason; keyId = c.keyID
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(certificateId, forKey: .certificateId); try c.encode(candidate, forKey: .candidate)
        try c.encode(level, forKey: .level); try c.encode(bankVersionId, forKey: .bankVersionId)
        try c.encode(sessionId, forKey: .sessionId); try c.encode(issued, forKey: .issued)
        try c.encode(validUntil, forKey: .validUntil); try c.encode(recertificationDue, forKey: .recertificationDue)
        try c.encode(simulated, forKey: .simulated); try c.encode(status, forKey: .status)
        try c.encode(statusReason, forKey: .statusReason); try c.encode(keyId, forKey: .keyId)
    }
    enum CodingKeys: String, CodingKey {
        case certificateId, candidate, level, bankVersionId, sessionId, issued, validUntil, recertificationDue, simulated,
             status, statusReason, keyId
    }
}

private func certificateTable(_ list: [StoredCertificate]) throws -> Table {
    try table(.certificates, list.map { s in
        let c = s.certificate
        return [TableValue(c.id), TableValue(c.candidate), TableValue(c.level), TableValue(c.bankVersionID), TableValue(c.sessionID),
                TableValue(c.issued), TableValue(c.validUntil), TableValue(c.recertificationDue), TableValue(c.simulated),
                TableValue(s.status.rawValue), TableValue(s.statusReason), TableValue(c.keyID)]
    })
}

private func storeResult<T>(_ body: () throws(StoreError) -> T) throws -> T { try body() }

/// Runs a command body, turning the library's errors into a message and exit status 1.
private func certReporting(_ command: String, _ body: () throws -> Void) throws {
    do { try body() } catch let error as CertificationError {
        printError("\(command): \(error.description)"); throw ExitCode(1)
    } catch let error as StoreError {
        printError("\(command): \(error.description)"); throw ExitCode(1)
    } catch let error as CLIError {
        printError("\(command): \(error.description)"); throw ExitCode(1)
    }
}
