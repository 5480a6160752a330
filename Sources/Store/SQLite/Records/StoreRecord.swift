import GRDB

/// A row type of the SQLite store: a plain `Codable` struct whose camelCase properties map to the
/// table's snake_case columns. Decoding a damaged row throws (it never traps).
protocol StoreRecord: Codable, FetchableRecord, PersistableRecord, Sendable {}

extension StoreRecord {
    static var databaseColumnDecodingStrategy: DatabaseColumnDecodingStrategy { .convertFromSnakeCase }
    static var databaseColumnEncodingStrategy: DatabaseColumnEncodingStrategy { .convertToSnakeCase }
}
