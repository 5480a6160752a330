import ItemBanking
import ResponseData

/// The content hash of a response data set: SHA-256 over its item ids, person ids and response bytes
/// (one byte per response, 255 = not presented), each list length-prefixed. The same data read from
/// a CSV or from the store give the same hash; any changed response changes it.
public enum DataSetHash {
    /// 64 hex digits.
    /// - Complexity: O(persons × items).
    public static func of(_ data: ResponseMatrix) -> String {
        var h = SHA256()
        func add(_ strings: [String]) {
            h.update(Array("\(strings.count)\n".utf8))
            for s in strings { h.update(Array(s.utf8)); h.update([0]) }
        }
        add(data.itemIDs)
        add(data.personIDs)
        h.update(data.responses)
        return SHA256.hex(h.finalize())
    }
}
