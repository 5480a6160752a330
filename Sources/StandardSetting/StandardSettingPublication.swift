import ItemBanking
import Store

/// Stores a standard setting's cuts as a new bank version (DECISIONS §2): the parent is the version the
/// panel worked on, the reason `standard setting`, the source names the method and the panel file's
/// SHA-256, and the store adds its audit entry (`bank.version`) in the same transaction. The parent
/// version is never changed (versions are immutable).
public enum StandardSettingPublication {
    /// The reason recorded on the new version.
    public static let reason = "standard setting"

    /// The source recorded on the new version: `standards METHOD: panel file NAME sha256:HEX`.
    public static func source(of record: StandardSettingRecord) -> String {
        "standards \(record.method.rawValue): panel file \(record.panelFile.fileName) sha256:\(record.panelFile.sha256)"
    }

    /// `bank` with the record's cut scores.
    /// - Throws: ``StandardSettingError`` when a judged level has no θ cut or the cuts do not increase
    ///   across levels (nothing can be written).
    public static func bank(_ bank: ItemBank, applying record: StandardSettingRecord) throws(StandardSettingError) -> ItemBank {
        guard let cuts = record.cutScores else {
            let missing = record.levels.filter { $0.thetaCut == nil }.map(\.level.rawValue)
            throw StandardSettingError("no θ cut for \(missing.joined(separator: ", ")) (see the warnings)")
        }
        guard record.ordered else {
            throw StandardSettingError((record.warnings.last { $0.hasPrefix("the cut scores do not increase") } ?? "the cut scores do not increase across levels"))
        }
        var updated = bank
        updated.manifest.cutScores = CutScores(intermediate: ItemParameters.rounded(cuts.intermediate),
                                               advanced: ItemParameters.rounded(cuts.advanced), expert: ItemParameters.rounded(cuts.expert))
        guard updated.manifest.cutScores.intermediate < updated.manifest.cutScores.advanced,
              updated.manifest.cutScores.advanced < updated.manifest.cutScores.expert else {
            throw StandardSettingError("the cut scores coincide at 4 decimals; they must increase across levels")
        }
        return updated
    }

    /// Writes the record's cuts into a new version of `bank` and returns the record with
    /// ``StandardSettingRecord/writtenVersion`` set. The cuts are checked before anything is written.
    /// - Parameter parentID: the stored version `bank` is; nil when `bank` was read from a directory and
    ///   is not yet stored: it is imported first (as `bank import` would), after the check, so that a
    ///   refused standard setting writes nothing at all.
    /// - Throws: ``StandardSettingError`` (see ``bank(_:applying:)``) or the store's `StoreError`.
    public static func publish(_ record: StandardSettingRecord, bank: ItemBank, parentID: String?,
                               repository: some BankRepository) throws -> StandardSettingRecord {
        let updated = try Self.bank(bank, applying: record)
        let parent = try parentID ?? repository.importBank(bank).versionID
        let source = source(of: record)
        let version = try repository.createBankVersion(updated, parent: parent, reason: reason, source: source)
        var written = record
        written.writtenVersion = .init(bankVersionId: version.versionID, parentId: parent, created: version.created,
                                       reason: reason, source: source)
        return written
    }
}
