import Foundation

/// The two groups a DIF analysis compares: the **reference** group and the **focal** group (Holland &
/// Thayer 1988), taken from one group column of the responses.
///
/// Rules (docs/DECISIONS.md, "Fairness: DIF"):
/// - Persons whose label is empty or `NA` belong to no group and are left out.
/// - One distinct value: an error (nothing to compare).
/// - Two values: the focal group is the one named, else the **smaller** group (on a tie, the value that
///   sorts last); the reference group is the other one (or the one named, which must differ).
/// - More than two values: both groups must be named; persons of the other groups are left out.
public struct DIFGroups: Sendable, Equatable {
    /// The group column.
    public var column: String
    /// The reference group's value.
    public var reference: String
    /// The focal group's value.
    public var focal: String
    /// Per person (in response-matrix order): `true` focal, `false` reference, `nil` in neither group.
    public var isFocal: [Bool?]
    /// Whether the focal group was named (false: chosen as the smaller group).
    public var focalNamed: Bool

    /// Persons in the reference group.
    public var referenceCount: Int { isFocal.reduce(0) { $0 + ($1 == false ? 1 : 0) } }
    /// Persons in the focal group.
    public var focalCount: Int { isFocal.reduce(0) { $0 + ($1 == true ? 1 : 0) } }
    /// Persons in neither group (another value, an empty label or `NA`).
    public var excludedCount: Int { isFocal.reduce(0) { $0 + ($1 == nil ? 1 : 0) } }

    /// The labels that mean "no group".
    public static func isMissingLabel(_ label: String) -> Bool {
        let t = label.trimmingCharacters(in: .whitespaces)
        return t.isEmpty || t == "NA"
    }

    /// Chooses the groups from one label per person.
    /// - Parameters:
    ///   - column: the group column's name (for messages).
    ///   - labels: one label per person.
    ///   - focal: the focal value, or nil for the smaller group.
    ///   - reference: the reference value, or nil for the other group.
    /// - Throws: ``DIFError`` naming the column and the values when the groups cannot be chosen.
    public init(column: String, labels: [String], focal: String? = nil, reference: String? = nil) throws(DIFError) {
        var counts: [String: Int] = [:]
        for l in labels where !Self.isMissingLabel(l) { counts[l, default: 0] += 1 }
        let values = counts.keys.sorted()
        guard values.count >= 2 else { throw DIFError(.singleGroup(column: column, values: values)) }
        if let focal, counts[focal] == nil {
            throw DIFError(.absentGroup(column: column, role: "focal", value: focal, values: values))
        }
        if let reference, counts[reference] == nil {
            throw DIFError(.absentGroup(column: column, role: "reference", value: reference, values: values))
        }
        if let focal, let reference, focal == reference { throw DIFError(.sameGroups(column: column, value: focal)) }
        let chosenFocal: String, chosenReference: String
        if values.count > 2 {
            guard let focal, let reference else { throw DIFError(.groupsNotChosen(column: column, values: values)) }
            chosenFocal = focal; chosenReference = reference
        } else if let focal {
            chosenFocal = focal
            chosenReference = values.first { $0 != focal } ?? focal
        } else if let reference {
            chosenReference = reference
            chosenFocal = values.first { $0 != reference } ?? reference
        } else {
            // The smaller group; on a tie the value that sorts last.
            let (a, b) = (values[0], values[1])
            chosenFocal = (counts[a] ?? 0) < (counts[b] ?? 0) ? a : b
            chosenReference = chosenFocal == a ? b : a
        }
        self.column = column
        self.focal = chosenFocal
        self.reference = chosenReference
        self.focalNamed = focal != nil
        self.isFocal = labels.map { $0 == chosenFocal ? true : ($0 == chosenReference ? false : nil) }
    }
}
