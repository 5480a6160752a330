import Tables

/// Writes a ``ResponseMatrix`` in the wide response format that ``ResponseReader`` reads (DECISIONS §2):
/// a header `person,<item ids>`, one row per person, scored categories as integers and an empty cell for
/// a response not presented. Fields go through the one CSV writer (`Tables.CSV`, RFC 4180 quoting).
public enum ResponseWriter {
    /// The wide CSV text of `matrix`. O(persons × items).
    public static func wideCSV(_ matrix: ResponseMatrix) -> String {
        var text = CSV.record(["person"] + matrix.itemIDs)
        text.reserveCapacity(matrix.personCount * (matrix.itemCount * 2 + 8))
        var fields = [String](repeating: "", count: matrix.itemCount + 1)
        for p in 0..<matrix.personCount {
            fields[0] = matrix.personIDs[p]
            for i in 0..<matrix.itemCount {
                let v = matrix.responses[p * matrix.itemCount + i]
                fields[i + 1] = v == ResponseMatrix.missing ? "" : String(v)
            }
            text += CSV.record(fields)
        }
        return text
    }
}
