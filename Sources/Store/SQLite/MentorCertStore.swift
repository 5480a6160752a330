import Foundation
import GRDB
import ItemBanking

/// The SQLite store through GRDB, the system of record (DECISIONS §2): immutable bank versions
/// identified by their content hash, response sets, calibrations, exam sessions as append-only event
/// logs, and an append-only audit log. It implements every repository protocol of `RecordStore`; the
/// rest of the engine should depend on those protocols, not on this class.
///
/// Every write is one `BEGIN IMMEDIATE` transaction: a failure leaves the store unchanged, and two
/// processes writing the same file take turns (each waits up to `busyTimeout` for the other, then fails
/// with ``StoreError/Kind/busy(path:)``). The file is in WAL mode, so readers go on reading the last
/// committed state while a write is under way.
/// Migrations are named and forward-only (`Schema`); foreign keys are on. Rows are read and written
/// through one `Codable` record type per table (`SQLite/Records`).
///
/// `Sendable` without `@unchecked`: its stored properties are immutable and `DatabaseQueue` serialises
/// every access to the connection.
public final class MentorCertStore: RecordStore, CertificateRepository, CandidateRepository, Sendable {
    /// The database file.
    public let path: String
    /// Recorded as the actor of audit entries.
    public let actor: String
    let queue: DatabaseQueue

    /// The minimum length of an id prefix (`StoreLimits.minimumPrefixLength`).
    public static let minimumPrefixLength = StoreLimits.minimumPrefixLength

    /// How long a write waits for another process's write to finish before failing.
    public static let busyTimeout: TimeInterval = 10

    /// The busy timeout of this connection.
    public let busyTimeout: TimeInterval

    /// Whether opening may create the store file.
    public enum OpenMode: Sendable {
        /// Create an empty store when there is none (commands that write).
        case createIfMissing
        /// Refuse a missing file with ``StoreError/Kind/noStore(path:)`` (commands that only read, so
        /// that a mistyped `--store` is reported instead of creating an empty store).
        case existingOnly
        /// Refuse a missing file like ``existingOnly``, but open as a writer (WAL, `synchronous = NORMAL`):
        /// commands that write to a store they must not create (`exam take`, `exam simulate --record`
        /// given a stored version id), so that each of their many small commits does not wait for a sync.
        case existingForWriting
    }

    /// Opens the store at `path` (creating it if needed and `mode` allows) and runs the pending migrations.
    /// - Parameter actor: recorded in audit entries; by default `$USER`, else `mentorcert`.
    /// - Parameter busyTimeout: how long a write waits for another process's write (default
    ///   ``busyTimeout``; a debug build takes `MENTORCERT_BUSY_TIMEOUT_MS` when it is set).
    public convenience init(path: String, actor: String? = nil, mode: OpenMode = .createIfMissing,
                            busyTimeout: TimeInterval? = nil) throws(StoreError) {
        if mode != .createIfMissing {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw StoreError(.noStore(path: path))
            }
            if isDirectory.boolValue {
                throw StoreError(.cannotOpen(path: path, reason: "it is a directory, not a store file; give the path of the .sqlite file"))
            }
        }
        try self.init(path: path, actor: actor, migratingUpTo: nil,
                      busyTimeout: busyTimeout ?? Failpoint.busyTimeoutOverride ?? Self.busyTimeout,
                      setsWAL: mode != .existingOnly)
    }

    /// Opens the store, running migrations up to and including `lastMigration` (all when `nil`). Only
    /// tests stop early, to build a store file as an older engine left it.
    /// - Parameter setsWAL: put the file in WAL mode (commands that write); commands that only read leave
    ///   the mode as the writers set it (WAL is a property of the file), so that reading never writes.
    init(path: String, actor: String?, migratingUpTo lastMigration: String?,
         busyTimeout: TimeInterval = MentorCertStore.busyTimeout, setsWAL: Bool = true) throws(StoreError) {
        self.path = path
        self.actor = actor ?? ProcessInfo.processInfo.environment["USER"] ?? "mentorcert"
        self.busyTimeout = busyTimeout
        do {
            var config = Configuration()
            config.foreignKeysEnabled = true
            config.busyMode = .timeout(busyTimeout)
            // WAL: readers read the last committed state while a writer works (GRDB sets
            // `synchronous = NORMAL` with it, SQLite's advice for WAL). Setting it may write (GRDB makes sure
            // the -wal file is not empty), so only writers set it.
            if setsWAL { config.journalMode = .wal }
            queue = try DatabaseQueue(path: path, configuration: config)
            if let lastMigration {
                try Schema.migrator().migrate(queue, upTo: lastMigration)
            } else {
                try Schema.migrator().migrate(queue)
            }
        } catch let error as StoreError {
            throw StoreError(.cannotOpen(path: path, reason: error.description))
        } catch {
            throw Self.openingError(error, path: path)
        }
    }

    /// An error while opening, in our words: another process writing, a file that is not a store, a
    /// missing directory, permissions, a full disk (GRDB's and SQLite's texts never reach the user).
    static func openingError(_ error: any Error, path: String) -> StoreError {
        guard let e = error as? DatabaseError else { return StoreError(.cannotOpen(path: path, reason: "\(error)")) }
        switch e.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return StoreError(.busy(path: path))
        case .SQLITE_NOTADB:
            return StoreError(.notAStore(path: path))
        case .SQLITE_CORRUPT:
            return StoreError(.corrupt("the store file \(path) is damaged (SQLite reports a malformed database)"))
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_READONLY, .SQLITE_AUTH, .SQLITE_IOERR, .SQLITE_FULL:
            return StoreError(.cannotOpen(path: path, reason: fileReason(path: path, code: e.resultCode)))
        default:
            return StoreError(.cannotOpen(path: path, reason: e.message ?? "SQLite result \(e.resultCode.rawValue)"))
        }
    }

    /// Why the store file (or its directory) cannot be opened or written, from what is at the path.
    static func fileReason(path: String, code: ResultCode) -> String {
        let fm = FileManager.default
        let directory = (path as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        if !directory.isEmpty, !fm.fileExists(atPath: directory, isDirectory: &isDirectory) {
            return "the directory \(directory) does not exist; create it first or choose another path"
        }
        if !directory.isEmpty, !isDirectory.boolValue {
            return "\(directory) is a file, not a directory; check the path"
        }
        if code == .SQLITE_FULL { return "the disk is full; free some space and retry" }
        if fm.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            return "it is a directory, not a store file; give the path of the .sqlite file"
        }
        if fm.fileExists(atPath: path) && !fm.isWritableFile(atPath: path) {
            return "permission denied: this user may not write the store file; change its permissions or use another store"
        }
        if !fm.isWritableFile(atPath: directory.isEmpty ? "." : directory) {
            return "permission denied: this user may not write in \(directory.isEmpty ? "." : directory), where the store keeps its "
                + "journal files; change the directory's permissions or use another store"
        }
        return "the system refused access to the file (SQLite result \(code.rawValue)); check the path and its permissions"
    }

    /// The journal mode of the connection (`wal`).
    public func journalMode() throws(StoreError) -> String {
        try read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    // MARK: - Transactions

    /// Runs `body` in a read transaction (a consistent snapshot).
    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try queue.read(body) } catch { throw wrap(error) }
    }

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction, committed when it returns and rolled back
    /// when it throws.
    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try queue.writeWithoutTransaction { db in
                var result: T?
                Failpoint.hit("store.write.begin")
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    Failpoint.hit("store.write.begun")
                    return .commit
                }
                guard let result else { throw StoreError(.database("the transaction produced no result")) }
                return result
            }
        } catch {
            throw wrap(error)
        }
    }

    /// An error of a statement in our words: another process writing (`busy`), or what is wrong with the
    /// file (permissions, a full disk) instead of SQLite's text.
    func wrap(_ error: any Error) -> StoreError {
        if let e = error as? DatabaseError {
            switch e.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                return StoreError(.busy(path: path))
            case .SQLITE_READONLY, .SQLITE_FULL, .SQLITE_IOERR, .SQLITE_CANTOPEN, .SQLITE_PERM:
                return StoreError(.database(Self.fileReason(path: path, code: e.resultCode)))
            case .SQLITE_CORRUPT, .SQLITE_NOTADB:
                return StoreError(.corrupt("the store file \(path) is damaged (SQLite reports a malformed database)"))
            default:
                break
            }
        }
        return Self.wrap(error)
    }

    static func wrap(_ error: any Error) -> StoreError {
        if let e = error as? StoreError { return e }
        if let e = error as? DatabaseError { return StoreError(.database(e.message ?? "\(e.resultCode)")) }
        if let e = error as? RowDecodingError { return StoreError(.corrupt("\(e)")) }
        if let e = error as? ItemBankError { return StoreError(.invalidInput(e.description)) }
        return StoreError(.database("\(error)"))
    }

    // MARK: - Shared helpers

    /// Now, as ISO 8601 UTC with fractional seconds.
    static func now() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: Date())
    }

    /// The canonical JSON text of `value` (sorted keys), as stored in JSON columns.
    static func json<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try ContentHash.canonicalJSON(value), as: UTF8.self)
    }

    /// Decodes a JSON column; a failure is `corrupt`, naming `what`.
    static func decode<T: Decodable>(_ type: T.Type, _ text: String, what: String) throws(StoreError) -> T {
        do { return try JSONDecoder().decode(type, from: Data(text.utf8)) } catch {
            throw StoreError(.corrupt("\(what): \(error)"))
        }
    }

    /// Appends an audit entry inside the caller's transaction.
    func audit(_ db: Database, action: String, subject: String, detail: [String: String]) throws {
        try AuditLogRecord(id: nil, at: Self.now(), actor: actor, action: action, subject: subject,
                           detail: try Self.json(detail)).insert(db)
    }

    /// Resolves an id or unique prefix (at least `minimumPrefixLength` characters) among the `id`
    /// column of `Record`'s table.
    func resolve<Record: StoreRecord>(_ db: Database, _ record: Record.Type, prefix: String,
                                      unknown: (String) -> StoreError) throws -> String {
        let id = Column("id")
        if try Record.filter(id == prefix).fetchCount(db) > 0 { return prefix }
        guard prefix.count >= Self.minimumPrefixLength else { throw StoreError(.prefixTooShort(prefix)) }
        let escaped = prefix.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
        let matches = try Record.select(id, as: String.self)
            .filter(id.like(escaped + "%", escape: "\\")).order(id).limit(10).fetchAll(db)
        guard let first = matches.first else { throw unknown(prefix) }
        if matches.count > 1 { throw StoreError(.ambiguousID(prefix, matches: matches)) }
        return first
    }
}
