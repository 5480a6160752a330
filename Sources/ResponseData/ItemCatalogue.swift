/// What the response reader needs to know about the items of a bank, without depending on the
/// item-bank module: id → number of categories, option labels and key (multiple choice).
public struct ItemCatalogue: Sendable, Equatable {
    /// One item.
    public struct Entry: Sendable, Equatable {
        /// Number of score categories K (2 for multiple choice).
        public var categoryCount: Int
        /// Option labels `A`, `B`, … of a multiple-choice item; empty for graded items.
        public var optionLabels: [String]
        /// The keyed option label of a multiple-choice item.
        public var key: String?

        public init(categoryCount: Int, optionLabels: [String] = [], key: String? = nil) {
            self.categoryCount = categoryCount; self.optionLabels = optionLabels; self.key = key
        }

        /// True for a multiple-choice item with a key (scored from raw option labels).
        public var isMultipleChoice: Bool { !optionLabels.isEmpty && key != nil }
    }

    /// Item ids in bank order.
    public var itemIDs: [String]
    /// The entries by id.
    public var entries: [String: Entry]

    public init(items: [(id: String, entry: Entry)]) {
        itemIDs = items.map(\.id)
        entries = Dictionary(items.map { ($0.id, $0.entry) }, uniquingKeysWith: { first, _ in first })
    }

    public subscript(id: String) -> Entry? { entries[id] }
}

/// How to read a response file (DECISIONS §2).
public struct ResponseImportOptions: Sendable, Equatable {
    /// Wide (one row per person) or long (`person,item,response` rows).
    public enum Layout: String, Sendable { case wide, long }

    public var layout: Layout
    /// The person-id column (wide default: the first column; long default: `person`).
    public var personColumn: String?
    /// Group columns (e.g. `gender`), kept per person.
    public var groupColumns: [String]
    /// Columns to skip.
    public var ignoredColumns: [String]
    /// Multiple-choice cells hold option labels, scored with the catalogue's key.
    public var raw: Bool
    /// Drop bad rows and report them instead of importing nothing.
    public var skipBadRows: Bool

    public init(layout: Layout = .wide, personColumn: String? = nil, groupColumns: [String] = [],
                ignoredColumns: [String] = [], raw: Bool = false, skipBadRows: Bool = false) {
        self.layout = layout; self.personColumn = personColumn; self.groupColumns = groupColumns
        self.ignoredColumns = ignoredColumns; self.raw = raw; self.skipBadRows = skipBadRows
    }
}

/// The result of reading a response file.
public struct ResponseImport: Sendable {
    /// The responses read.
    public var matrix: ResponseMatrix
    /// Problems of rows that were dropped (`skipBadRows`), at most ``ResponseDataError/maximumListed``.
    public var skippedProblems: [ResponseProblem]
    /// The number of rows dropped (`skipBadRows`).
    public var skippedRows: Int
    /// Things imported as written that look wrong (an item whose highest score leaves categories unused).
    public var warnings: [ResponseProblem] = []
}

extension ResponseMatrix {
    /// The share of cells that are not presented (0 for an empty matrix).
    public var missingShare: Double {
        guard !responses.isEmpty else { return 0 }
        var n = 0
        for v in responses where v == Self.missing { n += 1 }
        return Double(n) / Double(responses.count)
    }
}
