import Foundation
import ItemBanking
import Store

/// A bank named on the command line: a bank directory (validated) or a stored bank-version id or
/// unique prefix (DECISIONS §1: "B a bank directory or a stored bank-version id").
enum BankReference {
    /// Loads the bank `reference` names. A directory must validate without errors; anything else is
    /// looked up in the store at `storePath`.
    static func load(_ reference: String, store storePath: String) throws -> ItemBank {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: reference, isDirectory: &isDirectory), isDirectory.boolValue {
            let validation = ItemBank.validate(directory: reference)
            guard let bank = validation.bank, validation.isValid else {
                throw CLIError("\(reference): the bank has errors; run `mentorcert bank validate \(reference)` and fix them.")
            }
            return bank
        }
        guard FileManager.default.fileExists(atPath: storePath) else {
            throw CLIError("\(reference): no such bank directory, and no store at \(storePath) to look up a bank version; "
                + "check the path, or pass --store.")
        }
        return try stored(reference, store: storePath).bank
    }

    /// The bank version `reference` names in the store: its full id and content.
    static func stored(_ reference: String, store storePath: String) throws -> (id: String, bank: ItemBank) {
        do {
            let store = try MentorCertStore(path: storePath)
            let id = try store.resolveBankVersion(reference)
            return (id, try store.bank(of: id))
        } catch {
            throw CLIError("\(reference): \(error.description)")
        }
    }
}
