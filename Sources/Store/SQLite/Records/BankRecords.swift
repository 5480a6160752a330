import GRDB

/// A row of `bank_version`: one immutable bank version; `manifest` is the manifest's canonical JSON.
struct BankVersionRecord: StoreRecord {
    static let databaseTableName = "bank_version"
    var id: String
    var name: String
    var label: String
    var parentId: String?
    var reason: String
    var source: String
    var createdAt: String
    var manifest: String
    var itemCount: Int

    /// The summary, with the version's number and label among the versions of its name (see
    /// `MentorCertStore.numbering`); `label` in the row is the author's.
    func summary(_ numbering: [String: (sequence: Int, label: String)]) -> BankVersionSummary {
        let n = numbering[id] ?? (sequence: 0, label: label)
        return BankVersionSummary(id: id, name: name, sequence: n.sequence, label: n.label, parentID: parentId, reason: reason,
                                  source: source, createdAt: createdAt, itemCount: itemCount)
    }
}

/// A row of `item`: one item of a version, at its bank position; `content` is the item's canonical JSON.
struct ItemRecord: StoreRecord {
    static let databaseTableName = "item"
    var bankVersionId: String
    var position: Int
    var itemId: String
    var section: String
    var level: String
    var type: String
    var status: String
    var content: String
}

/// A row of `item_parameters`: the parameters an item carries in a version, and the calibration that
/// produced them (`nil` for authored parameters).
struct ItemParametersRecord: StoreRecord {
    static let databaseTableName = "item_parameters"
    var bankVersionId: String
    var itemId: String
    var model: String
    var parameters: String
    var calibrationId: String?
}
