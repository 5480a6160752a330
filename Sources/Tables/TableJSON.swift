import Foundation

/// One row of a ``Table`` as a JSON object: the schema's camelCase keys in column order, every key
/// present, `null` for a missing or non-finite value (DECISIONS §8).
public struct TableRow: Encodable, Sendable {
    let columns: [TableColumn]
    let values: [TableValue]

    /// A row of `schema` (one value per column, in order) on its own, for documents whose rows are
    /// value types of their own (the DIF report's rows).
    public init(_ schema: TableSchema, values: [TableValue]) {
        precondition(values.count == schema.columns.count, "TableRow: one value per column of \(schema.name)")
        self.columns = schema.columns
        self.values = values
    }

    init(columns: [TableColumn], values: [TableValue]) {
        self.columns = columns
        self.values = values
    }

    /// Encodes the row as an object keyed by the columns' JSON keys.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: JSONKey.self)
        for (column, value) in zip(columns, values) {
            let key = JSONKey(stringValue: column.jsonKey)
            switch value {
            case .null: try container.encodeNil(forKey: key)
            case let .text(s): try container.encode(s, forKey: key)
            case let .integer(i): try container.encode(i, forKey: key)
            case let .number(x): try container.encode(x.isFinite ? x : nil, forKey: key)
            case let .boolean(b): try container.encode(b, forKey: key)
            case let .numbers(xs): try container.encode(xs.map { x in x.flatMap { $0.isFinite ? $0 : nil } }, forKey: key)
            case let .integers(xs): try container.encode(xs, forKey: key)
            }
        }
    }
}

/// A table on its own as a JSON document: `schema`, `schemaVersion`, `rows` and `warnings`.
public struct TableDocument: Encodable, Sendable {
    /// The schema's name and version.
    public var schema: String
    public var schemaVersion: Int
    /// One object per row.
    public var rows: [TableRow]
    /// The caller's warnings, then the table's.
    public var warnings: [String]

    /// The document of `table`, with the table's warnings after `warnings`.
    public init(_ table: Table, warnings: [String] = []) {
        schema = table.schema.name
        schemaVersion = table.schema.version
        rows = table.jsonRows
        self.warnings = warnings + table.warnings.map(\.description)
    }
}

extension Table {
    /// The rows as JSON objects, to place in a command's document (e.g. `persons` of `score`).
    public var jsonRows: [TableRow] { rows.map { TableRow(columns: schema.columns, values: $0) } }
}

/// The one JSON encoding of MentorCert's output: pretty-printed, sorted keys, camelCase keys
/// (DECISIONS §8), numbers in their shortest exact form.
public enum JSONOutput {
    /// An encoder whose keys are camelCase: a Swift property `itemID` is written `itemId`, as the CSV's
    /// `item_id` reads in camelCase. NaN and ±∞ make it throw, so documents carry optionals instead.
    public static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        e.keyEncodingStrategy = .custom { path in
            path.last.map(JSONKey.converting) ?? JSONKey(stringValue: "")
        }
        return e
    }

    /// `value` encoded by ``encoder()``, as text ending in a line break.
    public static func text<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder().encode(value), as: UTF8.self) + "\n"
    }
}

/// A JSON key; ``converting(_:)`` turns Swift's `…ID` suffix into `…Id`.
public struct JSONKey: CodingKey, Sendable {
    /// The key as written.
    public var stringValue: String
    /// The index, for array positions.
    public var intValue: Int?
    /// A key written as `stringValue`.
    public init(stringValue: String) { self.stringValue = stringValue }
    /// An array position.
    public init?(intValue: Int) { stringValue = String(intValue); self.intValue = intValue }

    /// `bankVersionID` → `bankVersionId`; other keys unchanged.
    public static func converting(_ key: any CodingKey) -> JSONKey {
        if let i = key.intValue { return JSONKey(intValue: i) ?? JSONKey(stringValue: key.stringValue) }
        var s = key.stringValue
        if s.count > 2, s.hasSuffix("ID") { s = String(s.dropLast(2)) + "Id" }
        return JSONKey(stringValue: s)
    }
}
