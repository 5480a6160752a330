import GRDB

/// A row of `candidate` (`v6-candidate`): the id and the attributes as a canonical JSON object.
struct CandidateRow: StoreRecord {
    static let databaseTableName = "candidate"
    var id: String
    var attributes: String
    var createdAt: String
    var updatedAt: String
}
