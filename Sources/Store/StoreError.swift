/// The error of the store. A struct wrapping a kind, so that new kinds do not break callers.
///
/// Descriptions say what failed, which id, and what to do; they name no command-line option (the CLI
/// adds that advice).
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Equatable {
        /// No bank version has this id (or id prefix).
        case unknownBankVersion(String)
        /// No response set has this id (or id prefix).
        case unknownResponseSet(String)
        /// No calibration has this id (or id prefix).
        case unknownCalibration(String)
        /// No exam session has this id.
        case unknownExamSession(String)
        /// Something with this id is already stored (`what` names the kind of thing).
        case alreadyExists(what: String, id: String)
        /// An append to a session's event log expected another next sequence number: another writer
        /// appended first. Nothing was written.
        case sequenceConflict(session: String, expected: Int, next: Int)
        /// The id prefix matches several rows.
        case ambiguousID(String, matches: [String])
        /// The id prefix is shorter than `StoreLimits.minimumPrefixLength` characters.
        case prefixTooShort(String)
        /// A store was to be read, but no file exists at the path (a read never creates a store).
        case noStore(path: String)
        /// Another process held the store's write lock for longer than the busy timeout; nothing was written.
        case busy(path: String)
        /// The file at the path is not a store (not an SQLite database).
        case notAStore(path: String)
        /// The database could not be opened or migrated.
        case cannotOpen(path: String, reason: String)
        /// A statement failed; the transaction was rolled back and the store is unchanged.
        case database(String)
        /// Stored content could not be decoded (the store is damaged or newer than this engine).
        case corrupt(String)
        /// The caller passed something the store cannot hold.
        case invalidInput(String)
    }

    /// What went wrong.
    public var kind: Kind

    /// An error of the given kind.
    public init(_ kind: Kind) { self.kind = kind }

    /// What failed, where, and what to do.
    public var description: String {
        switch kind {
        case .unknownBankVersion(let id):
            return "no bank version `\(id)` in the store; run `mentorcert bank list` to see the stored versions (or `mentorcert bank import DIR` to add one)"
        case .unknownResponseSet(let id):
            return "no response set `\(id)` in the store; run `mentorcert responses list` to see the stored sets"
        case .unknownCalibration(let id):
            return "no calibration `\(id)` in the store; list the stored calibrations to find its id"
        case .unknownExamSession(let id):
            return "no exam session `\(id)` in the store; give the whole session id"
        case .alreadyExists(let what, let id):
            return "a \(what) `\(id)` is already stored; choose another id (nothing was written)"
        case .sequenceConflict(let session, let expected, let next):
            return "session `\(session)`: the event log's next sequence is \(next), not \(expected) — another writer "
                + "appended first; nothing was written. Read the session's events again and retry."
        case .ambiguousID(let prefix, let matches):
            return "`\(prefix)` matches \(matches.count) ids (\(matches.prefix(5).joined(separator: ", "))); give more characters"
        case .prefixTooShort(let prefix):
            return "`\(prefix)` is too short; give at least \(StoreLimits.minimumPrefixLength) characters of the id"
        case .noStore(let path):
            return "there is no store at \(path); check the path, or create the store with `mentorcert bank import DIR` "
                + "(then `mentorcert bank list` shows its versions)"
        case .busy(let path):
            return "another mentorcert process is writing to \(path) and did not finish in time; nothing was written. "
                + "Wait for it to finish and retry"
        case .notAStore(let path):
            return "\(path) is not a mentorcert store (it is not an SQLite database); check the path, or give a new file "
                + "name to create a store"
        case .cannotOpen(let path, let reason):
            return "cannot open the store \(path): \(reason)"
        case .database(let reason):
            return "the store refused the write (\(reason)); the transaction was rolled back and nothing changed"
        case .corrupt(let reason):
            return "stored content cannot be read: \(reason). The store may come from a newer mentorcert; upgrade, or use another store."
        case .invalidInput(let reason):
            return reason
        }
    }
}
