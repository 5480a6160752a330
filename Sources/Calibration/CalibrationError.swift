/// Errors of calibration: the data cannot identify the model. Each names the item and says what to do.
public struct CalibrationError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case tooFewPersons(found: Int)
        case noItems
        case tooFewItems(found: Int)
        case constantItem(item: String, category: Int)
        case tooFewRespondents(item: String, found: Int)
        case unusedCategory(item: String, category: Int, categories: Int)
        case tooManyCategories(item: String, model: String, found: Int)
        case modelCountMismatch(expected: Int, found: Int)
        case fixedItemMismatch(item: String, reason: String)
        /// A multiple-group specification that cannot be used (fewer than two groups, a group with
        /// fewer than two persons, memberships that do not match the persons).
        case invalidGroups(reason: String)
        /// An item to be freed across groups is not in the data.
        case unknownFreeItem(item: String)
        /// Items, responses and person estimates given together that do not fit each other (item
        /// fit: one item per response column, one θ per person, valid parameters).
        case mismatchedInput(reason: String)
    }
    public let kind: Kind
    public init(_ kind: Kind) { self.kind = kind }

    public var description: String {
        switch kind {
        case let .tooFewPersons(n):
            return "Calibration needs at least two respondents; the data have \(n). Import more responses."
        case .noItems:
            return "The data have no item columns to calibrate; check the header and which column holds the person ids."
        case let .tooFewItems(n):
            return "Calibration needs at least two items (the latent trait is not identified from \(n)); "
                + "calibrate the item together with others, or fix its parameters."
        case let .constantItem(item, k):
            return "Item \(item): every respondent answered in category \(k), so its parameters are not "
                + "identified. Drop the item from this calibration (or collect responses in other categories)."
        case let .tooFewRespondents(item, n):
            return "Item \(item) has \(n) respondent(s); at least two are needed. Drop it from this calibration."
        case let .unusedCategory(item, k, kk):
            return "Item \(item): category \(k) of 0..\(kk - 1) is never used. Merge it with its neighbour "
                + "(collapse unused categories), or declare fewer categories."
        case let .tooManyCategories(item, model, n):
            return "Item \(item) has responses in \(n) categories but the \(model) model is dichotomous (0/1). "
                + "Calibrate it with a polytomous model (grm or gpcm), or rescore the item."
        case let .modelCountMismatch(e, f):
            return "\(f) item models were given for \(e) items; give one model per item column."
        case let .fixedItemMismatch(item, reason):
            return "Fixed item \(item): \(reason)."
        case let .invalidGroups(reason):
            return "Multiple-group calibration: \(reason)."
        case let .mismatchedInput(reason):
            return "The items and the response data do not fit together: \(reason). Give one item per response column "
                + "(in the same order) and one θ per person."
        case let .unknownFreeItem(item):
            return "Item \(item) is to be estimated separately per group but is not an item of the data; "
                + "check the item id."
        }
    }
}
