/// One column of a ``TableSchema``: its name, the type of its values, whether a value may be missing,
/// its unit and what it means.
///
/// The column has **one** name, written in camelCase words (`upperAsymptote`, `seA1`); the CSV header
/// and the JSON key are both derived from it (DECISIONS §8), so they can never disagree:
///
/// ```
/// name            csvName            jsonKey
/// upperAsymptote  upper_asymptote    upperAsymptote
/// seA1            se_a1              seA1
/// itemId          item_id            itemId
/// ```
public struct TableColumn: Sendable, Equatable {
    /// The column's name in camelCase words; also its JSON key.
    public var name: String
    /// The type of the column's values.
    public var type: ColumnType
    /// Whether a value may be missing (an empty CSV cell, JSON `null`).
    public var nullable: Bool
    /// The unit of a quantity (`logit`, `items`, `proportion`), or nil for counts, labels and ids.
    public var unit: String?
    /// What a value means, in one sentence (documented in `notebooks-export/README.md`).
    public var meaning: String

    /// A column; `name` is camelCase (`standardError`), see ``csvName`` and ``jsonKey``.
    public init(_ name: String, _ type: ColumnType, nullable: Bool = false, unit: String? = nil, meaning: String) {
        self.name = name
        self.type = type
        self.nullable = nullable
        self.unit = unit
        self.meaning = meaning
    }

    /// The CSV header: the name in snake_case (`standardError` → `standard_error`).
    public var csvName: String { ColumnName.snakeCase(name) }

    /// The JSON key: the name itself, camelCase.
    public var jsonKey: String { name }
}

/// The type of a column's values.
public enum ColumnType: String, Sendable, Equatable, CaseIterable {
    /// A string (ids, labels, flags).
    case text
    /// A whole number (counts, line numbers, degrees of freedom).
    case integer
    /// A `Double`, written so that it reads back exactly.
    case number
    /// `true` or `false`.
    case boolean
    /// Numbers in order, one CSV cell separated by `;`, a JSON array.
    case numberList
    /// Whole numbers in order, one CSV cell separated by `;`, a JSON array.
    case integerList
    /// A number for some rows and a list for others (the standard errors of a dichotomous item's intercept
    /// and of a polytomous item's intercepts share the `se_d` column).
    case numberOrList

    /// Whether a value of this kind may appear in a column of this type.
    func accepts(_ value: TableValue) -> Bool {
        switch (self, value) {
        case (_, .null): true
        case (.text, .text), (.integer, .integer), (.boolean, .boolean): true
        case (.number, .number), (.number, .integer): true
        case (.numberList, .numbers), (.integerList, .integers): true
        case (.numberOrList, .number), (.numberOrList, .integer), (.numberOrList, .numbers): true
        default: false
        }
    }
}

/// Conversions between the two spellings of a column name.
public enum ColumnName {
    /// `itemsAnswered` → `items_answered`; `seA1` → `se_a1`; a name without capitals is unchanged.
    ///
    /// Complexity: O(n) in the length of the name.
    public static func snakeCase(_ name: String) -> String {
        var out = ""
        out.reserveCapacity(name.count + 4)
        for c in name {
            if c.isUppercase {
                if !out.isEmpty { out += "_" }
                out += c.lowercased()
            } else {
                out.append(c)
            }
        }
        return out
    }

    /// `items_answered` → `itemsAnswered`; `se_a1` → `seA1`. The inverse of ``snakeCase(_:)`` for names
    /// whose words start with a lowercase letter.
    public static func camelCase(_ name: String) -> String {
        var out = ""
        var upperNext = false
        for c in name {
            if c == "_" { upperNext = !out.isEmpty; continue }
            if upperNext { out += c.uppercased() } else { out.append(c) }
            upperNext = false
        }
        return out
    }
}
