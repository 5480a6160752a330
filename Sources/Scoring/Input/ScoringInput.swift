import IRTModels
import ResponseData

/// Responses matched to a parameter set for scoring: the response matrix, the items that are scored
/// (in parameter-set order) and, for each, its column in the matrix.
public struct ScoringInput: Sendable {
    public var matrix: ResponseMatrix
    public var items: [ParameterSet.Item]
    public var columns: [Int]
    /// What was left out and why (columns without parameters, items not in the file).
    public var warnings: [String]

    /// How the items of the parameter set must appear in the response file.
    public enum Coverage: Sendable {
        /// Every item of the set is a column (a form's own parameter file).
        case everyItem
        /// The set is a bank: the file's columns may be any subset of its items (a fixed form drawn
        /// from the bank is scored on the items it has).
        case subset
    }

    /// Reads `path` against `parameters`: the item columns are the set's items among the header's
    /// columns (besides the person column and the group and ignored columns of `options`); columns
    /// without parameters are ignored with a warning; a category above an item's range is an error
    /// naming the person and the item.
    /// `progress` hears how far the reading of the file has come (``ResponseReader/read(path:options:catalogue:progress:)``).
    /// - Throws: ``ResponseDataError`` from reading, ``ScoringInputError`` for a mismatch.
    public static func read(path: String, parameters: ParameterSet, options: ResponseImportOptions,
                            coverage: Coverage, progress: ResponseReader.Progress? = nil) throws -> ScoringInput {
        let header = try ResponseReader.header(path: path)
        let personName = options.personColumn ?? header.first ?? ""
        let candidates = header.filter { $0 != personName && !options.groupColumns.contains($0) && !options.ignoredColumns.contains($0) }
        let chosen = try choose(parameters: parameters, present: candidates, source: path, coverage: coverage,
                                extraNoun: "column(s)")
        let items = chosen.items
        let warnings = chosen.warnings
        let extra = chosen.extra
        var readOptions = options
        readOptions.ignoredColumns += extra
        let catalogue = ItemCatalogue(items: items.map { ($0.id, ItemCatalogue.Entry(categoryCount: $0.parameters.categoryCount)) })
        let matrix = try ResponseReader.read(path: path, options: readOptions, catalogue: catalogue, progress: progress).matrix
        return try matched(matrix, source: path, items: items, warnings: warnings)
    }

    /// The items of `parameters` to score given the item columns `present` in the responses, with the
    /// one rule of `read` and `match`: `coverage` says whether every item must be present; a subset
    /// and columns without parameters are reported as warnings (`extraNoun` names those columns).
    static func choose(parameters: ParameterSet, present names: [String], source: String, coverage: Coverage,
                       extraNoun: String) throws -> (items: [ParameterSet.Item], warnings: [String], extra: [String]) {
        let present = Set(names)
        let known = Set(parameters.items.map(\.id))
        let absent = parameters.items.map(\.id).filter { !present.contains($0) }
        var warnings = [String]()
        let items: [ParameterSet.Item]
        switch coverage {
        case .everyItem:
            guard absent.isEmpty else { throw ScoringInputError.itemsNotInFile(file: source, items: absent) }
            items = parameters.items
        case .subset:
            items = parameters.items.filter { present.contains($0.id) }
            guard !items.isEmpty else { throw ScoringInputError.noItemInFile(file: source) }
            if !absent.isEmpty {
                warnings.append("\(source) has \(items.count) of the \(parameters.items.count) items of the parameters; "
                    + "scored on those \(items.count)")
            }
        }
        let extra = names.filter { !known.contains($0) }
        if !extra.isEmpty {
            warnings.append("\(extra.count) \(extraNoun) of \(source) have no parameters and were ignored: "
                + extra.prefix(10).joined(separator: ", ") + (extra.count > 10 ? ", …" : ""))
        }
        return (items, warnings, extra)
    }

    /// Matches responses already in memory (a stored response set) to `parameters`, with the same rules
    /// as ``read(path:parameters:options:coverage:)``: the set's items without parameters are left out
    /// with a warning; `coverage` says whether every item of the parameters must be among them.
    /// `source` names the responses in messages (`response set 3f2a…`).
    /// - Throws: ``ScoringInputError`` for a mismatch.
    /// - Complexity: O(persons × items) for the category check.
    public static func match(_ data: ResponseMatrix, source: String, parameters: ParameterSet,
                             coverage: Coverage) throws -> ScoringInput {
        let chosen = try choose(parameters: parameters, present: data.itemIDs, source: source, coverage: coverage,
                                extraNoun: "item(s)")
        let items = chosen.items
        let warnings = chosen.warnings
        return try matched(data, source: source, items: items, warnings: warnings)
    }

    /// The columns of `items` in `matrix`, after checking that each is there once and that no response
    /// lies above its item's categories.
    static func matched(_ matrix: ResponseMatrix, source path: String, items: [ParameterSet.Item],
                        warnings: [String]) throws -> ScoringInput {
        let columnOf = Dictionary(matrix.itemIDs.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let columns = items.compactMap { columnOf[$0.id] }
        guard columns.count == items.count else {
            throw ScoringInputError.duplicateColumns(file: path)
        }
        for (j, column) in columns.enumerated() where matrix.categoryCounts[column] > items[j].parameters.categoryCount {
            let k = items[j].parameters.categoryCount
            for p in 0..<matrix.personCount {
                if let x = matrix[p, column], Int(x) >= k {
                    throw ScoringInputError.categoryOutOfRange(file: path, person: matrix.personIDs[p], item: items[j].id,
                                                               category: Int(x), categories: k)
                }
            }
        }
        return ScoringInput(matrix: matrix, items: items, columns: columns, warnings: warnings)
    }
}

/// A response file that does not fit the parameters it is scored with: what, where and what to do.
public enum ScoringInputError: Error, Sendable, Equatable, CustomStringConvertible {
    case itemsNotInFile(file: String, items: [String])
    case noItemInFile(file: String)
    case duplicateColumns(file: String)
    case categoryOutOfRange(file: String, person: String, item: String, category: Int, categories: Int)
    /// Responses laid out so that they cannot be read against the items (`PersonScorer.scoreAll`): the
    /// number of bytes, columns or the column map does not fit.
    case responseLayout(reason: String)

    public var description: String {
        switch self {
        case let .responseLayout(reason):
            return "The responses do not fit the items they are scored with: \(reason). Give one response per person "
                + "and item column (255 = not presented) and one column per item."
        case let .itemsNotInFile(file, items):
            let shown = items.prefix(10).joined(separator: ", ") + (items.count > 10 ? ", …" : "")
            return "\(items.count) item(s) of the parameters are not columns of \(file): \(shown). Add the columns "
                + "(empty cells for items not presented), or score with the parameters of the items in \(file)."
        case let .noItemInFile(file):
            return "\(file) has no column named after an item of the parameters; check the header against the item ids."
        case let .duplicateColumns(file):
            return "\(file): the item columns could not be matched to the parameters; check for duplicate column names."
        case let .categoryOutOfRange(file, person, item, category, categories):
            return "\(file): person \(person), item \(item): category \(category) is out of range; the parameters give "
                + "the item \(categories) categories (0..\(categories - 1)). Fix the score, or use the parameters of this form."
        }
    }
}
