import ItemBanking

/// Immutable bank versions identified by their content hash, with their parent, reason and source
/// (DECISIONS §2). Ids are accepted whole or as a unique prefix of at least
/// `StoreLimits.minimumPrefixLength` characters.
///
/// Every method is one transaction; a failed write leaves the store unchanged and throws `StoreError`.
public protocol BankRepository: Sendable {
    /// Imports a bank as an immutable version identified by its content hash. Importing identical
    /// content returns the existing version with `created: false` and writes nothing.
    func importBank(_ bank: ItemBank, source: String) throws(StoreError) -> (versionID: String, created: Bool)

    /// Creates a version from new content (a calibration's parameters, cut scores, status changes),
    /// recording its parent, the reason and the source; returns the existing version with
    /// `created: false` when the content is identical to a stored one.
    /// - Parameter calibrationID: the calibration whose parameters the version carries, if any.
    func createBankVersion(_ bank: ItemBank, parent: String?, reason: String, source: String,
                           calibrationID: String?) throws(StoreError) -> (versionID: String, created: Bool)

    /// All bank versions, oldest first.
    func listBankVersions() throws(StoreError) -> [BankVersionSummary]

    /// The full id of a version given its id or a unique prefix.
    func resolveBankVersion(_ idOrPrefix: String) throws(StoreError) -> String

    /// A bank version's summary and manifest.
    func bankVersion(_ idOrPrefix: String) throws(StoreError) -> (summary: BankVersionSummary, manifest: BankManifest)

    /// The items of a bank version, in bank order.
    func items(of idOrPrefix: String) throws(StoreError) -> [Item]

    /// The whole bank of a version (manifest and items), e.g. for `bank export`.
    func bank(of idOrPrefix: String) throws(StoreError) -> ItemBank
}

extension BankRepository {
    /// Imports a bank with the source `bank import`.
    public func importBank(_ bank: ItemBank) throws(StoreError) -> (versionID: String, created: Bool) {
        try importBank(bank, source: "bank import")
    }

    /// Creates a version whose parameters come from no calibration.
    public func createBankVersion(_ bank: ItemBank, parent: String?, reason: String,
                                  source: String) throws(StoreError) -> (versionID: String, created: Bool) {
        try createBankVersion(bank, parent: parent, reason: reason, source: source, calibrationID: nil)
    }
}
