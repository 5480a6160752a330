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
    /// 1, 2, 3 … per bank name, in creation order (migration v4).
    var sequence: Int

    var summary: BankVersionSummary {
        BankVersionSummary(id: id, name: name, sequence: sequence, label: label, parentID: parentId, reason: reason,
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
