/// The error of the store. A struct wrapping a kind, so that new kinds do not break callers.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Equatable {
        /// No bank version has this id (or id prefix).
        case unknownBankVersion(String)
        /// No response set has this id (or id prefix).
        case unknownResponseSet(String)
        /// The id prefix matches several rows.
        case ambiguousID(String, matches: [String])
        /// The id prefix is shorter than 6 characters.
        case prefixTooShort(String)
        /// The database could not be opened or migrated.
        case cannotOpen(path: String, reason: String)
        /// A statement failed; the transaction was rolled back and the store is unchanged.
        case database(String)
        /// Stored content could not be decoded (the store is damaged or newer than this engine).
        case corrupt(String)
        /// The caller passed something the store cannot hold.
        case invalidInput(String)
    }

    public var kind: Kind

    public init(_ kind: Kind) { self.kind = kind }

    public var description: String {
        switch kind {
        case .unknownBankVersion(let id):
            return "no bank version `\(id)` in the store; run `mentorcert bank list` to see the stored versions (or `mentorcert bank import DIR` to add one)"
        case .unknownResponseSet(let id):
            return "no response set `\(id)` in the store; run `mentorcert responses list` to see the stored sets"
        case .ambiguousID(let prefix, let matches):
            return "`\(prefix)` matches \(matches.count) ids (\(matches.prefix(5).joined(separator: ", "))); give more characters"
        case .prefixTooShort(let prefix):
            return "`\(prefix)` is too short; give at least 6 characters of the id"
        case .cannotOpen(let path, let reason):
            return "cannot open the store \(path): \(reason). Check the path (--store) and the permissions."
        case .database(let reason):
            return "the store refused the write (\(reason)); the transaction was rolled back and nothing changed"
        case .corrupt(let reason):
            return "stored content cannot be read: \(reason). The store may come from a newer mentorcert; upgrade, or use another --store."
        case .invalidInput(let reason):
            return reason
        }
    }
}
