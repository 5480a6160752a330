/// The line on which each person id was first seen, for the duplicate-id check of the wide reader,
/// in about 12 bytes per person beside the ids themselves (a `[String: Int]` takes ≈ 40 at 10⁶ ids).
///
/// Ids of accepted rows are not copied: the table refers to them by their index in the reader's
/// `personIDs`. Ids seen only on rejected rows (rare) are kept in a side list. Open addressing with
/// linear probing on `String`'s own hash and equality (the equality a dictionary would use), at most
/// half full.
///
/// Complexity: O(1) expected per lookup and insertion; growth rehashes every id (amortised O(1)).
struct PersonLines {
    /// 0 = empty; v > 0: accepted person v − 1; v < 0: rejected-row id −v − 1.
    private var slots: [Int32] = [Int32](repeating: 0, count: 1024)
    private var count = 0
    /// The first line of each accepted person, by index.
    private var acceptedLines: [Int] = []
    private var rejected: [(id: String, line: Int)] = []

    init(expectedPersons: Int = 0) { acceptedLines.reserveCapacity(expectedPersons) }

    private func id(of v: Int32, accepted: [String]) -> String {
        v > 0 ? accepted[Int(v) - 1] : rejected[Int(-v) - 1].id
    }

    private func slot(for id: String, accepted: [String]) -> (index: Int, found: Int32?) {
        let mask = slots.count - 1
        var i = id.hashValue & mask
        while true {
            let v = slots[i]
            if v == 0 { return (i, nil) }
            if self.id(of: v, accepted: accepted) == id { return (i, v) }
            i = (i + 1) & mask
        }
    }

    /// The line on which `id` was first seen, or nil. `accepted` is the reader's `personIDs`.
    func firstLine(of id: String, accepted: [String]) -> Int? {
        guard let v = slot(for: id, accepted: accepted).found else { return nil }
        return v > 0 ? acceptedLines[Int(v) - 1] : rejected[Int(-v) - 1].line
    }

    /// Records the person just appended to `accepted` (seen on `line`), unless its id was seen before.
    mutating func addAccepted(line: Int, accepted: [String]) {
        guard let id = accepted.last else { return }
        acceptedLines.append(line)
        let (i, found) = slot(for: id, accepted: accepted)
        guard found == nil else { return }
        slots[i] = Int32(truncatingIfNeeded: accepted.count)
        grow(accepted: accepted)
    }

    /// Records an id seen on a rejected row, unless it was seen before.
    mutating func addRejected(_ id: String, line: Int, accepted: [String]) {
        let (i, found) = slot(for: id, accepted: accepted)
        guard found == nil else { return }
        rejected.append((id, line))
        slots[i] = -Int32(truncatingIfNeeded: rejected.count)
        grow(accepted: accepted)
    }

    private mutating func grow(accepted: [String]) {
        count += 1
        guard count * 2 > slots.count else { return }
        let old = slots
        slots = [Int32](repeating: 0, count: old.count * 2)
        let mask = slots.count - 1
        for v in old where v != 0 {
            var i = id(of: v, accepted: accepted).hashValue & mask
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = v
        }
    }
}
