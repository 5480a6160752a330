import ResponseData

/// Response sets: scored response matrices identified by their content, with optional raw choices and
/// group columns. Ids are accepted whole or as a unique prefix.
///
/// Every method is one transaction; a failed write leaves the store unchanged and throws `StoreError`.
public protocol ResponseSetRepository: Sendable {
    /// Stores a response matrix and returns its id (the first 16 hex digits of its content hash).
    /// Identical content for the same bank version returns the existing set with `created: false`.
    /// - Parameter bankVersion: the version whose item ids the matrix uses (id or prefix), if any.
    func importResponses(_ matrix: ResponseMatrix, name: String, source: String,
                         bankVersion: String?) throws(StoreError) -> (id: String, created: Bool)

    /// All response sets, oldest first.
    func listResponseSets() throws(StoreError) -> [ResponseSetSummary]

    /// A response set's summary.
    func responseSet(_ idOrPrefix: String) throws(StoreError) -> ResponseSetSummary

    /// The stored responses of a set, exactly as imported.
    func responseMatrix(_ idOrPrefix: String) throws(StoreError) -> ResponseMatrix
}
