import Foundation
import GRDB
import ItemBanking
import ResponseData

/// A stored bank version (without its items).
public struct BankVersionSummary: Sendable, Equatable, Codable {
    /// The content hash of the bank (64 hex digits).
    public var id: String
    public var name: String
    /// The author's version label.
    public var label: String
    public var parentID: String?
    public var reason: String
    public var source: String
    /// ISO 8601, UTC.
    public var createdAt: String
    public var itemCount: Int
}

/// A stored response set (without its responses).
public struct ResponseSetSummary: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    public var sourceFile: String
    public var bankVersionID: String?
    public var persons: Int
    public var items: Int
    public var missingShare: Double
    public var hasRawChoices: Bool
    public var groupNames: [String]
    public var createdAt: String
    public var contentHash: String
}

/// One entry of the append-only audit log.
public struct AuditEntry: Sendable, Equatable, Codable {
    public var id: Int64
    public var at: String
    public var actor: String
    public var action: String
    public var subject: String
    /// JSON text.
    public var detail: String
}

/// The SQLite store, the system of record (DECISIONS §2): immutable bank versions identified by their
/// content hash, response sets, calibrations, exam sessions and an append-only audit log.
///
/// Every write is one transaction: a failure leaves the store unchanged. Migrations are named and
/// forward-only; foreign keys are on.
public final class MentorCertStore: Sendable {
    /// The database file.
    public let path: String
    /// Recorded as the actor of audit entries.
    public let actor: String
    private let queue: DatabaseQueue

    /// The minimum length of an id prefix.
    public static let minimumPrefixLength = 6

    /// Opens (creating if needed) the store at `path` and runs the pending migrations.
    public init(path: String, actor: String? = nil) throws(StoreError) {
        self.path = path
        self.actor = actor ?? ProcessInfo.processInfo.environment["USER"] ?? "mentorcert"
        do {
            var config = Configuration()
            config.foreignKeysEnabled = true
            queue = try DatabaseQueue(path: path, configuration: config)
            try Schema.migrator().migrate(queue)
        } catch {
            throw StoreError(.cannotOpen(path: path, reason: "\(error)"))
        }
    }

    /// The names of the applied migrations, in order.
    public func appliedMigrations() throws(StoreError) -> [String] {
        try run { db in try Schema.migrator().appliedMigrations(db) }
    }

    // MARK: - Helpers

    private func run<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try queue.read(body) } catch { throw Self.wrap(error) }
    }

    private func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try queue.write(body) } catch { throw Self.wrap(error) }
    }

    private static func wrap(_ error: any Error) -> StoreError {
        if let e = error as? StoreError { return e }
        if let e = error as? DatabaseError { return StoreError(.database(e.message ?? "\(e.resultCode)")) }
        if let e = error as? ItemBankError { return StoreError(.invalidInput(e.description)) }
        return StoreError(.database("\(error)"))
    }

    static func now() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: Date())
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try ContentHash.canonicalJSON(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String, what: String) throws -> T {
        do { return try JSONDecoder().decode(type, from: Data(text.utf8)) } catch {
            throw StoreError(.corrupt("\(what): \(error)"))
        }
    }

    private func audit(_ db: Database, action: String, subject: String, detail: [String: String]) throws {
        try db.execute(sql: "INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)",
                       arguments: [Self.now(), actor, action, subject, try Self.json(detail)])
    }

    /// Resolves an id or unique prefix (≥ 6 characters) in `table`.
    private func resolve(_ db: Database, table: String, prefix: String, unknown: (String) -> StoreError) throws -> String {
        if try String.fetchOne(db, sql: "SELECT id FROM \(table) WHERE id = ?", arguments: [prefix]) != nil { return prefix }
        guard prefix.count >= Self.minimumPrefixLength else { throw StoreError(.prefixTooShort(prefix)) }
        let escaped = prefix.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
        let matches = try String.fetchAll(db, sql: "SELECT id FROM \(table) WHERE id LIKE ? ESCAPE '\\' ORDER BY id LIMIT 10",
                                          arguments: [escaped + "%"])
        if matches.isEmpty { throw unknown(prefix) }
        if matches.count > 1 { throw StoreError(.ambiguousID(prefix, matches: matches)) }
        return matches[0]
    }

    // MARK: - Bank versions

    /// Imports a bank as an immutable version identified by its content hash. Importing identical
    /// content returns the existing version with `created: false` (and writes nothing).
    public func importBank(_ bank: ItemBank, source: String = "bank import") throws(StoreError) -> (versionID: String, created: Bool) {
        try createBankVersion(bank, parent: nil, reason: "import", source: source)
    }

    /// Creates a version from new content (e.g. a calibration's parameters, cut scores, status
    /// changes), recording its parent, the reason and the source; returns the existing version when the
    /// content is identical to a stored one.
    public func createBankVersion(_ bank: ItemBank, parent: String?, reason: String, source: String,
                                  calibrationID: String? = nil) throws(StoreError) -> (versionID: String, created: Bool) {
        let id: String
        do { id = try bank.contentHash() } catch { throw StoreError(.invalidInput(error.description)) }
        return try write { db in
            try insertVersion(db, id: id, bank: bank, parent: parent, reason: reason, source: source,
                              calibrationID: calibrationID)
        }
    }

    /// Records a calibration of a stored response set and the bank version carrying its parameters,
    /// in ONE transaction (a failure leaves the store as it was).
    /// - Parameters:
    ///   - settings: the calibration settings, stored as JSON.
    ///   - resultJSON: the calibration output (the `calibrate --format json` document).
    public func recordCalibration(id calibrationID: String, responseSet: String, model: String,
                                  settings: [String: String], resultJSON: String, bank: ItemBank,
                                  parent: String) throws(StoreError) -> (versionID: String, created: Bool) {
        let id: String
        do { id = try bank.contentHash() } catch { throw StoreError(.invalidInput(error.description)) }
        return try write { db in
            let setID = try resolve(db, table: "response_set", prefix: responseSet) { StoreError(.unknownResponseSet($0)) }
            try db.execute(sql: """
                INSERT INTO calibration (id, response_set_id, model, settings, result, created_at) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [calibrationID, setID, model, try Self.json(settings), resultJSON, Self.now()])
            try audit(db, action: "calibration", subject: calibrationID, detail: ["responseSet": setID, "model": model])
            return try insertVersion(db, id: id, bank: bank, parent: parent, reason: "calibration",
                                     source: "calibration \(calibrationID) of response set \(setID)",
                                     calibrationID: calibrationID)
        }
    }

    private func insertVersion(_ db: Database, id: String, bank: ItemBank, parent: String?, reason: String,
                               source: String, calibrationID: String?) throws -> (versionID: String, created: Bool) {
            if try String.fetchOne(db, sql: "SELECT id FROM bank_version WHERE id = ?", arguments: [id]) != nil {
                return (id, false)
            }
            let parentID = try parent.map { p in
                try resolve(db, table: "bank_version", prefix: p) { StoreError(.unknownBankVersion($0)) }
            }
            let m = bank.manifest
            try db.execute(sql: """
                INSERT INTO bank_version (id, name, label, parent_id, reason, source, created_at, manifest, item_count)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [id, m.name, m.version, parentID, reason, source, Self.now(), try Self.json(m), bank.items.count])
            let itemStatement = try db.makeStatement(sql: """
                INSERT INTO item (bank_version_id, position, item_id, section, level, type, status, content)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let parameterStatement = try db.makeStatement(sql: """
                INSERT INTO item_parameters (bank_version_id, item_id, model, parameters, calibration_id) VALUES (?, ?, ?, ?, ?)
                """)
            for (position, item) in bank.items.enumerated() {
                try itemStatement.execute(arguments: [id, position, item.id, item.section, item.level.rawValue,
                                                      item.type.rawValue, item.status.rawValue, try Self.json(item)])
                if let p = item.parameters {
                    try parameterStatement.execute(arguments: [id, item.id, p.model.rawValue, try Self.json(p), calibrationID])
                }
            }
            try audit(db, action: parent == nil ? "bank.import" : "bank.version", subject: id, detail: [
                "name": m.name, "label": m.version, "items": String(bank.items.count), "reason": reason,
                "source": source, "parent": parentID ?? "",
            ])
            return (id, true)
    }

    private static func summary(_ row: Row) -> BankVersionSummary {
        BankVersionSummary(id: row["id"], name: row["name"], label: row["label"], parentID: row["parent_id"],
                           reason: row["reason"], source: row["source"], createdAt: row["created_at"],
                           itemCount: row["item_count"])
    }

    /// All bank versions, oldest first.
    public func listBankVersions() throws(StoreError) -> [BankVersionSummary] {
        try run { db in
            try Row.fetchAll(db, sql: "SELECT * FROM bank_version ORDER BY created_at, id").map(Self.summary)
        }
    }

    /// The full id of a version given its id or a unique prefix of at least 6 characters.
    public func resolveBankVersion(_ idOrPrefix: String) throws(StoreError) -> String {
        try run { db in try resolve(db, table: "bank_version", prefix: idOrPrefix) { StoreError(.unknownBankVersion($0)) } }
    }

    /// A bank version's summary and manifest (id or unique prefix ≥ 6 characters).
    public func bankVersion(_ idOrPrefix: String) throws(StoreError) -> (summary: BankVersionSummary, manifest: BankManifest) {
        try run { db in
            let id = try resolve(db, table: "bank_version", prefix: idOrPrefix) { StoreError(.unknownBankVersion($0)) }
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM bank_version WHERE id = ?", arguments: [id]) else {
                throw StoreError(.unknownBankVersion(idOrPrefix))
            }
            return (Self.summary(row), try Self.decode(BankManifest.self, row["manifest"], what: "manifest of \(id)"))
        }
    }

    /// The items of a bank version, in bank order.
    public func items(of idOrPrefix: String) throws(StoreError) -> [Item] {
        try run { db in
            let id = try resolve(db, table: "bank_version", prefix: idOrPrefix) { StoreError(.unknownBankVersion($0)) }
            return try String.fetchAll(db, sql: "SELECT content FROM item WHERE bank_version_id = ? ORDER BY position",
                                       arguments: [id]).map { try Self.decode(Item.self, $0, what: "an item of \(id)") }
        }
    }

    /// The whole bank of a version (manifest and items), e.g. for `bank export`.
    public func bank(of idOrPrefix: String) throws(StoreError) -> ItemBank {
        let version = try bankVersion(idOrPrefix)
        return ItemBank(manifest: version.manifest, items: try items(of: version.summary.id))
    }

    // MARK: - Response sets

    /// Stores a response matrix in one transaction and returns its id (the first 16 hex digits of its
    /// content hash). Identical content for the same bank version returns the existing set with `created: false`.
    public func importResponses(_ matrix: ResponseMatrix, name: String, source: String,
                                bankVersion: String?) throws(StoreError) -> (id: String, created: Bool) {
        let groupNames = matrix.groups.keys.sorted()
        for g in groupNames where matrix.groups[g]?.count != matrix.personCount {
            throw StoreError(.invalidInput("group column \(g) has \(matrix.groups[g]?.count ?? 0) values for \(matrix.personCount) persons"))
        }
        return try write { db in
            let versionID = try bankVersion.map { v in
                try resolve(db, table: "bank_version", prefix: v) { StoreError(.unknownBankVersion($0)) }
            }
            var hasher = SHA256()
            hasher.update(Array((versionID ?? "").utf8)); hasher.update([0])
            hasher.update(Array(try Self.json(matrix.itemIDs).utf8))
            hasher.update(Array(try Self.json(matrix.categoryCounts).utf8))
            hasher.update(Array(try Self.json(matrix.personIDs).utf8))
            hasher.update(matrix.responses)
            hasher.update(Array(try Self.json(matrix.groups).utf8))
            if let raw = matrix.rawChoices { hasher.update(Array(try Self.json(raw).utf8)) }
            let hash = hasher.finalize().map { String(format: "%02x", $0) }.joined()
            let id = String(hash.prefix(16))
            if try String.fetchOne(db, sql: "SELECT id FROM response_set WHERE id = ?", arguments: [id]) != nil {
                return (id, false)
            }
            try db.execute(sql: """
                INSERT INTO response_set (id, name, source_file, bank_version_id, persons, items, missing_share, has_raw,
                                          group_names, created_at, content_hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [id, name, source, versionID, matrix.personCount, matrix.itemCount, matrix.missingShare,
                                 matrix.rawChoices == nil ? 0 : 1, try Self.json(groupNames), Self.now(), hash])
            let itemStatement = try db.makeStatement(sql: """
                INSERT INTO response_set_item (response_set_id, position, item_id, category_count) VALUES (?, ?, ?, ?)
                """)
            for (j, item) in matrix.itemIDs.enumerated() {
                try itemStatement.execute(arguments: [id, j, item, matrix.categoryCounts[j]])
            }
            let rowStatement = try db.makeStatement(sql: """
                INSERT INTO response (response_set_id, person_index, person_id, responses, raw, groups) VALUES (?, ?, ?, ?, ?, ?)
                """)
            let m = matrix.itemCount
            for p in 0..<matrix.personCount {
                let bytes = Data(matrix.responses[(p * m)..<((p + 1) * m)])
                let raw = try matrix.rawChoices.map { try Self.json(Array($0[(p * m)..<((p + 1) * m)])) }
                let groups = groupNames.isEmpty ? nil : try Self.json(groupNames.map { matrix.groups[$0]?[p] ?? "" })
                try rowStatement.execute(arguments: [id, p, matrix.personIDs[p], bytes, raw, groups])
            }
            try audit(db, action: "responses.import", subject: id, detail: [
                "name": name, "source": source, "bankVersion": versionID ?? "",
                "persons": String(matrix.personCount), "items": String(matrix.itemCount),
            ])
            return (id, true)
        }
    }

    private static func setSummary(_ row: Row) throws -> ResponseSetSummary {
        ResponseSetSummary(id: row["id"], name: row["name"], sourceFile: row["source_file"],
                           bankVersionID: row["bank_version_id"], persons: row["persons"], items: row["items"],
                           missingShare: row["missing_share"], hasRawChoices: (row["has_raw"] as Int) == 1,
                           groupNames: try decode([String].self, row["group_names"], what: "group names"),
                           createdAt: row["created_at"], contentHash: row["content_hash"])
    }

    /// All response sets, oldest first.
    public func listResponseSets() throws(StoreError) -> [ResponseSetSummary] {
        try run { db in try Row.fetchAll(db, sql: "SELECT * FROM response_set ORDER BY created_at, id").map(Self.setSummary) }
    }

    /// A response set's summary (id or unique prefix ≥ 6 characters).
    public func responseSet(_ idOrPrefix: String) throws(StoreError) -> ResponseSetSummary {
        try run { db in
            let id = try resolve(db, table: "response_set", prefix: idOrPrefix) { StoreError(.unknownResponseSet($0)) }
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM response_set WHERE id = ?", arguments: [id]) else {
                throw StoreError(.unknownResponseSet(idOrPrefix))
            }
            return try Self.setSummary(row)
        }
    }

    /// The stored responses of a set as a matrix (id or unique prefix ≥ 6 characters).
    public func responseMatrix(_ idOrPrefix: String) throws(StoreError) -> ResponseMatrix {
        try run { db in
            let id = try resolve(db, table: "response_set", prefix: idOrPrefix) { StoreError(.unknownResponseSet($0)) }
            guard let set = try Row.fetchOne(db, sql: "SELECT * FROM response_set WHERE id = ?", arguments: [id]) else {
                throw StoreError(.unknownResponseSet(idOrPrefix))
            }
            let groupNames = try Self.decode([String].self, set["group_names"], what: "group names")
            let hasRaw = (set["has_raw"] as Int) == 1
            let itemRows = try Row.fetchAll(db, sql: "SELECT item_id, category_count FROM response_set_item WHERE response_set_id = ? ORDER BY position", arguments: [id])
            let itemIDs: [String] = itemRows.map { $0["item_id"] }
            let counts: [Int] = itemRows.map { $0["category_count"] }
            var personIDs: [String] = [], responses: [UInt8] = [], raw: [String] = []
            var groups = [[String]](repeating: [], count: groupNames.count)
            let m = itemIDs.count
            let cursor = try Row.fetchCursor(db, sql: "SELECT person_id, responses, raw, groups FROM response WHERE response_set_id = ? ORDER BY person_index", arguments: [id])
            while let row = try cursor.next() {
                personIDs.append(row["person_id"])
                let bytes: Data = row["responses"]
                guard bytes.count == m else { throw StoreError(.corrupt("person \(personIDs.last ?? "") of set \(id) has \(bytes.count) responses for \(m) items")) }
                responses.append(contentsOf: bytes)
                if hasRaw {
                    let text: String? = row["raw"]
                    let values = try text.map { try Self.decode([String].self, $0, what: "raw choices") } ?? Array(repeating: "", count: m)
                    raw.append(contentsOf: values)
                }
                if !groupNames.isEmpty {
                    let text: String? = row["groups"]
                    let values = try text.map { try Self.decode([String].self, $0, what: "groups") } ?? []
                    for k in 0..<groupNames.count { groups[k].append(k < values.count ? values[k] : "") }
                }
            }
            var groupMap: [String: [String]] = [:]
            for (k, g) in groupNames.enumerated() { groupMap[g] = groups[k] }
            return ResponseMatrix(personIDs: personIDs, itemIDs: itemIDs, responses: responses, categoryCounts: counts,
                                  groups: groupMap, rawChoices: hasRaw ? raw : nil)
        }
    }

    // MARK: - Audit log and counts

    /// The audit log, oldest first.
    public func auditLog() throws(StoreError) -> [AuditEntry] {
        try run { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit_log ORDER BY id").map {
                AuditEntry(id: $0["id"], at: $0["at"], actor: $0["actor"], action: $0["action"], subject: $0["subject"], detail: $0["detail"])
            }
        }
    }

    /// The tables of the store.
    public static let tables = ["bank_version", "item", "item_parameters", "calibration", "response_set",
                                "response_set_item", "response", "exam_session", "session_response", "audit_log"]

    /// The number of rows of every table (for checks that a failed write changed nothing).
    public func rowCounts() throws(StoreError) -> [String: Int] {
        try run { db in
            var out: [String: Int] = [:]
            for t in Self.tables { out[t] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(t)") ?? 0 }
            return out
        }
    }

    /// Runs raw SQL in a transaction (for tests and maintenance); throws when SQLite refuses it.
    public func execute(sql: String) throws(StoreError) {
        try write { db in try db.execute(sql: sql) }
    }
}
