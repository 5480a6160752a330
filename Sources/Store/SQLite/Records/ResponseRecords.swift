import Foundation
import GRDB

/// A row of `response_set`: a response set's summary; `groupNames` is a JSON array.
struct ResponseSetRecord: StoreRecord {
    static let databaseTableName = "response_set"
    var id: String
    var name: String
    var sourceFile: String
    var bankVersionId: String?
    var persons: Int
    var items: Int
    var missingShare: Double
    var hasRaw: Bool
    var groupNames: String
    var createdAt: String
    var contentHash: String
}

/// A row of `response_set_item`: one item column of a set, at its position.
struct ResponseSetItemRecord: StoreRecord {
    static let databaseTableName = "response_set_item"
    var responseSetId: String
    var position: Int
    var itemId: String
    var categoryCount: Int
}

/// A row of `response`: one person's responses as one byte per item (255 = not presented), with the raw
/// choices and group values as JSON arrays.
struct ResponseRecord: StoreRecord {
    static let databaseTableName = "response"
    var responseSetId: String
    var personIndex: Int
    var personId: String
    var responses: Data
    var raw: String?
    var groups: String?
}
