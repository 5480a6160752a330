import Foundation
import GRDB
import ItemBanking

/// `BankRepository` on SQLite (conformance declared with the class, see `RecordStore`).
extension MentorCertStore {
    public func importBank(_ bank: ItemBank, source: String) throws(StoreError) -> (versionID: String, created: Bool) {
        try createBankVersion(bank, parent: nil, reason: "import", source: source, calibrationID: nil)
    }

    public func createBankVersion(_ bank: ItemBank, parent: String?, reason: String, source: String,
                                  calibrationID: String?) throws(StoreError) -> (versionID: String, created: Bool) {
        let id = try Self.contentHash(of: bank)
        return try write { db in
            try insertVersion(db, id: id, bank: bank, parent: parent, reason: reason, source: source,
                              calibrationID: calibrationID)
        }
    }

    public func listBankVersions() throws(StoreError) -> [BankVersionSummary] {
        try read { db in
            let numbering = try numbering(db, name: nil)
            return try BankVersionRecord.fetchAll(db).map { $0.summary(numbering) }.sorted {
                ($0.createdAt, $0.name, $0.sequence) < ($1.createdAt, $1.name, $1.sequence)
            }
        }
    }

    public func resolveBankVersion(_ idOrPrefix: String) throws(StoreError) -> String {
        try read { db in try resolveVersion(db, idOrPrefix) }
    }

    public func bankVersion(_ idOrPrefix: String) throws(StoreError) -> (summary: BankVersionSummary, manifest: BankManifest) {
        try read { db in
            let record = try versionRecord(db, idOrPrefix)
            return (record.summary(try numbering(db, name: record.name)),
                    try Self.decode(BankManifest.self, record.manifest, what: "manifest of \(record.id)"))
        }
    }

    public func items(of idOrPrefix: String) throws(StoreError) -> [Item] {
        try read { db in try storedItems(db, versionID: try resolveVersion(db, idOrPrefix)) }
    }

    public func bank(of idOrPrefix: String) throws(StoreError) -> ItemBank {
        try read { db in
            let record = try versionRecord(db, idOrPrefix)
            let manifest = try Self.decode(BankManifest.self, record.manifest, what: "manifest of \(record.id)")
            return ItemBank(manifest: manifest, items: try storedItems(db, versionID: record.id))
        }
    }

    // MARK: - Inside a transaction

    static func contentHash(of bank: ItemBank) throws(StoreError) -> String {
        do { return try bank.contentHash() } catch { throw StoreError(.invalidInput(error.description)) }
    }

    func resolveVersion(_ db: Database, _ idOrPrefix: String) throws -> String {
        try resolve(db, BankVersionRecord.self, prefix: idOrPrefix) { StoreError(.unknownBankVersion($0)) }
    }

    private func versionRecord(_ db: Database, _ idOrPrefix: String) throws -> BankVersionRecord {
        let id = try resolveVersion(db, idOrPrefix)
        guard let record = try BankVersionRecord.fetchOne(db, key: id) else { throw StoreError(.unknownBankVersion(idOrPrefix)) }
        return record
    }

    private func storedItems(_ db: Database, versionID: String) throws -> [Item] {
        try ItemRecord.filter(Column("bank_version_id") == versionID).order(Column("position")).fetchAll(db).map {
            try Self.decode(Item.self, $0.content, what: "item \($0.itemId) of \(versionID)")
        }
    }

    /// Writes a version with its items and parameters and an audit entry, unless the content is
    /// already stored. Runs inside the caller's transaction.
    func insertVersion(_ db: Database, id: String, bank: ItemBank, parent: String?, reason: String,
                       source: String, calibrationID: String?) throws -> (versionID: String, created: Bool) {
        if try BankVersionRecord.exists(db, key: id) { return (id, false) }
        let parentID = try parent.map { try resolveVersion(db, $0) }
        let manifest = bank.manifest
        try BankVersionRecord(id: id, name: manifest.name, label: manifest.version, parentId: parentID, reason: reason,
                              source: source, createdAt: Self.now(), manifest: try Self.json(manifest),
                              itemCount: bank.items.count).insert(db)
        let (sequence, label) = try numbering(db, name: manifest.name)[id] ?? (0, manifest.version)
        for (position, item) in bank.items.enumerated() {
            try ItemRecord(bankVersionId: id, position: position, itemId: item.id, section: item.section,
                           level: item.level.rawValue, type: item.type.rawValue, status: item.status.rawValue,
                           content: try Self.json(item)).insert(db)
            if let parameters = item.parameters {
                try ItemParametersRecord(bankVersionId: id, itemId: item.id, model: parameters.model.rawValue,
                                         parameters: try Self.json(parameters), calibrationId: calibrationID).insert(db)
            }
        }
        try audit(db, action: parent == nil ? "bank.import" : "bank.version", subject: id, detail: [
            "name": manifest.name, "label": label, "sequence": String(sequence), "items": String(bank.items.count), "reason": reason,
            "source": source, "parent": parentID ?? "",
        ])
        return (id, true)
    }

    /// The number and label of every version of bank `name` (of every bank when `nil`), derived from the
    /// stored rows, which are immutable and never deleted: versions are numbered 1, 2, 3 … per name in the
    /// order they were stored (`created_at`, then insertion order), and labelled by
    /// ``versionLabel(author:reason:derived:authorLabelTaken:sequence:)``.
    ///
    /// Complexity: O(v log v) for the v versions of the name(s); one query.
    func numbering(_ db: Database, name: String?) throws -> [String: (sequence: Int, label: String)] {
        let filter = name == nil ? "" : "WHERE name = ?"
        let rows = try Row.fetchAll(db, sql: """
            SELECT id, name, label, parent_id, reason FROM bank_version \(filter) ORDER BY name, created_at, rowid
            """, arguments: name.map { [$0] } ?? [])
        var result: [String: (sequence: Int, label: String)] = [:]
        var count: [String: Int] = [:]
        var plainLabels: [String: Set<String>] = [:]
        for row in rows {
            let id: String = row["id"], bank: String = row["name"], author: String = row["label"], reason: String = row["reason"]
            let parent: String? = row["parent_id"]
            let sequence = (count[bank] ?? 0) + 1
            count[bank] = sequence
            let taken = plainLabels[bank, default: []].contains(author)
            let label = Self.versionLabel(author: author, reason: reason, derived: parent != nil, authorLabelTaken: taken,
                                          sequence: sequence)
            if label == author { plainLabels[bank, default: []].insert(author) }
            result[id] = (sequence, label)
        }
        return result
    }

    /// The label of a version (see ``BankVersionSummary/label``): the author's label for an import whose
    /// label no earlier import of the bank carries, else `AUTHOR+TAG.SEQUENCE` — TAG `cal` for a
    /// calibration, `import` for an import, otherwise the reason's letters and digits joined by `-`
    /// (semantic-versioning build metadata).
    static func versionLabel(author: String, reason: String, derived: Bool, authorLabelTaken: Bool, sequence: Int) -> String {
        if !derived && !authorLabelTaken { return author }
        let tag: String
        if !derived {
            tag = "import"
        } else if reason.hasPrefix("calibration") {
            tag = "cal"
        } else {
            let words = reason.lowercased().split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }
            tag = words.isEmpty ? "version" : words.joined(separator: "-")
        }
        return "\(author)+\(tag).\(sequence)"
    }
}
