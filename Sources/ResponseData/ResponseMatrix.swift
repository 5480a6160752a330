/// Scored item responses of persons, one byte per response.
///
/// Row-major `persons × items` bytes: `responses[p * itemCount + i]` is the scored category
/// 0..K−1 of person `p` on item `i`, or ``ResponseMatrix/missing`` (255) when the item was not
/// presented. One byte per response keeps 10⁶ × 100 data at 100 MB (DECISIONS §5).
public struct ResponseMatrix: Sendable, Equatable {
    /// The byte that marks a not-presented response.
    public static let missing: UInt8 = 255

    /// Person identifiers, one per row, in file order.
    public var personIDs: [String]
    /// Item identifiers, one per column.
    public var itemIDs: [String]
    /// Row-major scored responses (`personIDs.count * itemIDs.count` bytes).
    public var responses: [UInt8]
    /// Number of categories K of each item (2 for dichotomous). Either declared by a bank or the
    /// observed maximum + 1.
    public var categoryCounts: [Int]
    /// Group columns (e.g. `gender`, `language`): name → one value per person.
    public var groups: [String: [String]]
    /// Raw chosen option labels for multiple-choice items (files of option labels), same layout as
    /// `responses`; `nil` when only scored data were given. Empty string = not presented.
    public var rawChoices: [String]?

    /// A matrix from its parts, checked: one response byte per person and item, one category count
    /// (1…255) per item, one group label per person in every group, one raw choice per response.
    /// - Throws: ``ResponseDataError`` (``ResponseDataError/matrix(_:)``) naming the part that does not
    ///   fit the others. Complexity O(groups).
    public init(personIDs: [String], itemIDs: [String], responses: [UInt8], categoryCounts: [Int],
                groups: [String: [String]] = [:], rawChoices: [String]? = nil) throws(ResponseDataError) {
        let cells = personIDs.count * itemIDs.count
        guard responses.count == cells else {
            throw .matrix("\(responses.count) responses for \(personIDs.count) persons × \(itemIDs.count) items; give one "
                + "response per person and item (\(Self.missing) = not presented)")
        }
        guard categoryCounts.count == itemIDs.count else {
            throw .matrix("\(categoryCounts.count) category counts for \(itemIDs.count) items; give one per item")
        }
        if let j = categoryCounts.firstIndex(where: { !(1...Int(Self.missing)).contains($0) }) {
            throw .matrix("item \(itemIDs[j]) has \(categoryCounts[j]) categories; an item has 1 to \(Self.missing)")
        }
        for name in groups.keys.sorted() where groups[name]?.count != personIDs.count {
            throw .matrix("group column \(name) has \(groups[name]?.count ?? 0) labels for \(personIDs.count) persons; give "
                + "one per person")
        }
        if let rawChoices, rawChoices.count != cells {
            throw .matrix("\(rawChoices.count) raw choices for \(cells) responses; give one per response (empty = none)")
        }
        self.init(unchecked: personIDs, itemIDs: itemIDs, responses: responses, categoryCounts: categoryCounts,
                  groups: groups, rawChoices: rawChoices)
    }

    /// A matrix of `personIDs.count × itemIDs.count` responses, all not presented, to be filled in by
    /// index (`responses[p * itemCount + i]`): the shape holds by construction (simulation, splitting).
    public init(personIDs: [String], itemIDs: [String], categoryCounts: [Int], groups: [String: [String]] = [:]) {
        self.init(unchecked: personIDs, itemIDs: itemIDs,
                  responses: [UInt8](repeating: Self.missing, count: personIDs.count * itemIDs.count),
                  categoryCounts: categoryCounts, groups: groups, rawChoices: nil)
    }

    /// The module's own constructions, whose parts fit by construction (the reader, sub-matrices).
    init(unchecked personIDs: [String], itemIDs: [String], responses: [UInt8], categoryCounts: [Int],
         groups: [String: [String]], rawChoices: [String]?) {
        self.personIDs = personIDs
        self.itemIDs = itemIDs
        self.responses = responses
        self.categoryCounts = categoryCounts
        self.groups = groups
        self.rawChoices = rawChoices
    }

    /// Number of persons (rows).
    public var personCount: Int { personIDs.count }
    /// Number of items (columns).
    public var itemCount: Int { itemIDs.count }

    /// The response of `person` to `item` (nil when not presented).
    public subscript(person: Int, item: Int) -> UInt8? {
        let v = responses[person * itemIDs.count + item]
        return v == Self.missing ? nil : v
    }

    /// True when some response is missing.
    public var hasMissing: Bool { responses.contains(Self.missing) }

    /// The sub-matrix of the given item columns (in that order).
    public func selectingItems(_ columns: [Int]) -> ResponseMatrix {
        var out = [UInt8](repeating: Self.missing, count: personCount * columns.count)
        for p in 0..<personCount {
            for (j, c) in columns.enumerated() { out[p * columns.count + j] = responses[p * itemCount + c] }
        }
        return ResponseMatrix(unchecked: personIDs, itemIDs: columns.map { itemIDs[$0] }, responses: out,
                              categoryCounts: columns.map { categoryCounts[$0] }, groups: groups,
                              rawChoices: nil)
    }

    /// The sub-matrix of the given person rows (in that order), with their group labels.
    public func selectingPersons(_ rows: [Int]) -> ResponseMatrix {
        var out = [UInt8]()
        out.reserveCapacity(rows.count * itemCount)
        for p in rows { out.append(contentsOf: responses[(p * itemCount)..<((p + 1) * itemCount)]) }
        return ResponseMatrix(unchecked: rows.map { personIDs[$0] }, itemIDs: itemIDs, responses: out,
                              categoryCounts: categoryCounts, groups: groups.mapValues { labels in rows.map { labels[$0] } },
                              rawChoices: nil)
    }
}
