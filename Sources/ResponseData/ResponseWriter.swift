import Tables

/// Writes a ``ResponseMatrix`` in the wide response format that ``ResponseReader`` reads (DECISIONS §2):
/// a header `person,<group columns>,<item ids>`, one row per person, the group labels (columns in name
/// order; none when the matrix has no groups), scored categories as integers and an empty cell for a
/// response not presented. Fields go through the one CSV writer (`Tables.CSV`, RFC 4180 quoting). A
/// reader names the group columns as groups (`--group COL`), else it would take them for items.
public enum ResponseWriter {
    /// The wide CSV text of `matrix`. O(persons × (groups + items)).
    public static func wideCSV(_ matrix: ResponseMatrix) -> String {
        let groupNames = matrix.groups.keys.sorted()
        let groupLabels = groupNames.map { matrix.groups[$0] ?? [] }
        let offset = 1 + groupNames.count
        var text = CSV.record(["person"] + groupNames + matrix.itemIDs)
        text.reserveCapacity(matrix.personCount * (matrix.itemCount * 2 + 8))
        var fields = [String](repeating: "", count: matrix.itemCount + offset)
        for p in 0..<matrix.personCount {
            fields[0] = matrix.personIDs[p]
            for (g, labels) in groupLabels.enumerated() { fields[1 + g] = p < labels.count ? labels[p] : "" }
            for i in 0..<matrix.itemCount {
                let v = matrix.responses[p * matrix.itemCount + i]
                fields[i + offset] = v == ResponseMatrix.missing ? "" : String(v)
            }
            text += CSV.record(fields)
        }
        return text
    }
}
