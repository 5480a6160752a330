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
///
/// A set has up to ~10⁵ of these rows, so the row is read and written column by column (still throwing
/// on a damaged row) instead of through the `Codable` coders.
struct ResponseRecord: StoreRecord {
    static let databaseTableName = "response"
    var responseSetId: String
    var personIndex: Int
    var personId: String
    var responses: Data
    var raw: String?
    var groups: String?

    init(responseSetId: String, personIndex: Int, personId: String, responses: Data, raw: String?, groups: String?) {
        self.responseSetId = responseSetId
        self.personIndex = personIndex
        self.personId = personId
        self.responses = responses
        self.raw = raw
        self.groups = groups
    }

    init(row: Row) throws {
        responseSetId = try row.decode(forColumn: "response_set_id")
        personIndex = try row.decode(forColumn: "person_index")
        personId = try row.decode(forColumn: "person_id")
        responses = try row.decode(forColumn: "responses")
        raw = try row.decode(forColumn: "raw")
        groups = try row.decode(forColumn: "groups")
    }

    func encode(to container: inout PersistenceContainer) throws {
        container["response_set_id"] = responseSetId
        container["person_index"] = personIndex
        container["person_id"] = personId
        container["responses"] = responses
        container["raw"] = raw
        container["groups"] = groups
    }
}
