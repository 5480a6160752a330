import IRTModels
import ResponseData

/// The groups of a multiple-group calibration (Bock & Zimowski 1997): every person belongs to one
/// group; group 0 is the **reference** group, whose latent distribution fixes the scale (N(0, 1) for
/// free-slope models); every **focal** group's latent mean and variance are estimated. Item
/// parameters are common to all groups, except the items listed in `freeItems`, which get one set
/// of parameters per group (the augmented model of the IRT likelihood-ratio DIF test, Thissen,
/// Steinberg & Wainer 1993).
public struct GroupAssignment: Sendable, Equatable {
    /// Group names; `names[0]` is the reference group.
    public var names: [String]
    /// The group index of each person (in the order of the response matrix).
    public var membership: [Int]
    /// Ids of the items estimated separately in each group.
    public var freeItems: [String]

    /// Groups from one label per person; the reference is `reference` or, when nil, the first label
    /// in the file.
    /// - Throws: ``CalibrationError`` when the reference label does not occur or fewer than two
    ///   groups remain.
    public init(labels: [String], reference: String? = nil, freeItems: [String] = []) throws(CalibrationError) {
        var order = [String]()
        var seen = Set<String>()
        for l in labels where !seen.contains(l) { seen.insert(l); order.append(l) }
        if let reference {
            guard let at = order.firstIndex(of: reference) else {
                throw CalibrationError(.invalidGroups(
                    reason: "the reference group \"\(reference)\" does not occur; the groups are \(order.joined(separator: ", "))"))
            }
            order.remove(at: at)
            order.insert(reference, at: 0)
        }
        guard order.count >= 2 else {
            throw CalibrationError(.invalidGroups(
                reason: "the group column has \(order.count) value(s); at least two groups are needed"))
        }
        let index = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        self.names = order
        self.membership = labels.map { index[$0] ?? 0 }
        self.freeItems = freeItems
    }

    /// Persons of each group, in order.
    var persons: [[Int]] {
        var out = [[Int]](repeating: [], count: names.count)
        for (p, g) in membership.enumerated() { out[g].append(p) }
        return out
    }

    /// The id of item `id`'s copy in focal group `name` (its own column in the calibration).
    public static func focalItemID(_ id: String, group name: String) -> String { "\(id)@\(name)" }

    /// The response matrix with each free item split by group: its own column keeps the reference
    /// group's responses, and a column `ID@GROUP` is appended per focal group with that group's
    /// responses (not presented for everyone else). Also returns, per appended column, the index of
    /// the column it was split from.
    func splitFreeItems(_ data: ResponseMatrix) throws(CalibrationError) -> (ResponseMatrix, [Int]) {
        guard membership.count == data.personCount else {
            throw CalibrationError(.invalidGroups(
                reason: "\(membership.count) group memberships were given for \(data.personCount) persons"))
        }
        if freeItems.isEmpty { return (data, []) }
        var columns = [Int]()
        for id in freeItems {
            guard let c = data.itemIDs.firstIndex(of: id) else { throw CalibrationError(.unknownFreeItem(item: id)) }
            columns.append(c)
        }
        let n = data.personCount, j = data.itemCount
        let extra = columns.count * (names.count - 1)
        var ids = data.itemIDs, categories = data.categoryCounts, sources = [Int]()
        for c in columns {
            for g in 1..<names.count {
                ids.append(Self.focalItemID(data.itemIDs[c], group: names[g]))
                categories.append(data.categoryCounts[c])
                sources.append(c)
            }
        }
        var split = ResponseMatrix(personIDs: data.personIDs, itemIDs: ids, categoryCounts: categories, groups: data.groups)
        var responses = split.responses
        for p in 0..<n {
            let g = membership[p]
            for i in 0..<j { responses[p * (j + extra) + i] = data.responses[p * j + i] }
            for (k, c) in columns.enumerated() where g > 0 {
                responses[p * (j + extra) + c] = ResponseMatrix.missing
                responses[p * (j + extra) + j + k * (names.count - 1) + (g - 1)] = data.responses[p * j + c]
            }
        }
        split.responses = responses
        return (split, sources)
    }
}
