/// Why a DIF analysis could not be run. The message names the group column, the value or the item and
/// says what to do next; it names no command-line option (the CLI adds those).
public struct DIFError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kinds of failure; new kinds may be added without breaking callers.
    public enum Kind: Sendable, Equatable {
        /// The group column is not a column of the responses.
        case unknownGroupColumn(column: String, available: [String])
        /// The group column has fewer than two distinct values.
        case singleGroup(column: String, values: [String])
        /// A named group value does not occur in the column.
        case absentGroup(column: String, role: String, value: String, values: [String])
        /// The column has more than two values and the two groups to compare were not both named.
        case groupsNotChosen(column: String, values: [String])
        /// The reference and the focal group are the same value.
        case sameGroups(column: String, value: String)
        /// A group has too few persons with complete responses to compare.
        case tooFewPersons(group: String, persons: Int, needed: Int)
        /// Fewer than two items to analyse.
        case tooFewItems(found: Int)
        /// An item of the parameters is not a column of the responses.
        case itemNotInResponses(item: String)
        /// The multiple-group calibration of the IRT likelihood-ratio test failed.
        case calibration(item: String?, reason: String)
    }

    public let kind: Kind
    public init(_ kind: Kind) { self.kind = kind }

    public var description: String {
        func list(_ values: [String]) -> String {
            values.isEmpty ? "none" : values.prefix(12).joined(separator: ", ") + (values.count > 12 ? ", …" : "")
        }
        switch kind {
        case let .unknownGroupColumn(column, available):
            return "the responses have no group column \"\(column)\" (group columns read: \(list(available))); "
                + "name a column of the file that holds each person's group, and read it as a group column"
        case let .singleGroup(column, values):
            return "group column \"\(column)\" has \(values.count) value(s) (\(list(values))); DIF compares two groups, "
                + "so the column needs a reference and a focal value"
        case let .absentGroup(column, role, value, values):
            return "the \(role) group \"\(value)\" does not occur in group column \"\(column)\" (its values: \(list(values))); "
                + "name one of these values"
        case let .groupsNotChosen(column, values):
            return "group column \"\(column)\" has \(values.count) values (\(list(values))); DIF compares exactly two "
                + "groups: name both the reference and the focal value"
        case let .sameGroups(column, value):
            return "the reference and the focal group are both \"\(value)\" in group column \"\(column)\"; name two different values"
        case let .tooFewPersons(group, persons, needed):
            return "group \"\(group)\" has \(persons) person(s) with complete responses; DIF needs at least \(needed) per group"
        case let .tooFewItems(found):
            return "\(found) item(s) to analyse; DIF matches persons on the total score of at least two items"
        case let .itemNotInResponses(item):
            return "item \(item) of the parameters is not a column of the responses; give parameters of the items answered"
        case let .calibration(item, reason):
            return "IRT likelihood-ratio DIF" + (item.map { " (item \($0) free across groups)" } ?? "")
                + ": the multiple-group calibration failed: \(reason)"
        }
    }
}
