import Foundation

/// The content hash of a bank: SHA-256 of its canonical JSON (sorted keys, no whitespace, no escaped
/// slashes). Identical content gives the identical hash, which is the bank-version id in the store.
public enum ContentHash {
    /// The canonical JSON bytes of any encodable value.
    public static func canonicalJSON<T: Encodable>(_ value: T) throws(ItemBankError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do { return try encoder.encode(value) } catch { throw .encodingFailed(reason: "\(error)") }
    }

    /// The hash (64 hex digits) of a value's canonical JSON.
    public static func of<T: Encodable>(_ value: T) throws(ItemBankError) -> String {
        SHA256.hex(try canonicalJSON(value))
    }
}

extension ItemBank {
    /// The bank's content hash: its version id in the store.
    public func contentHash() throws(ItemBankError) -> String { try ContentHash.of(self) }
}
