import Foundation
import Store

/// A cohort: candidates whose attributes match every `COLUMN=VALUE` selector. Selectors on the same
/// column are alternatives (`--cohort sector=fintech --cohort sector=tourism` = either); selectors on
/// different columns must all hold. A value matches an attribute equal to it or, for a tag list
/// written `a;b;c`, one of its tags. Column names are compared without case, values exactly.
public struct CohortSelection: Sendable, Equatable, Codable {
    public struct Selector: Sendable, Equatable, Codable {
        public var column: String
        public var value: String
        public init(column: String, value: String) { self.column = column; self.value = value }
    }
    public var selectors: [Selector]

    /// Parses `COLUMN=VALUE` texts.
    /// - Throws: ``CandidatesError/badSelector(_:)`` for a text without `=`, or an empty column or value.
    public init(parsing texts: [String]) throws(CandidatesError) {
        selectors = []
        for text in texts {
            guard let eq = text.firstIndex(of: "=") else { throw .badSelector(text) }
            let column = text[..<eq].trimmingCharacters(in: .whitespaces)
            let value = text[text.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            guard !column.isEmpty, !value.isEmpty else { throw .badSelector(text) }
            selectors.append(Selector(column: column, value: value))
        }
    }

    /// `programme=P and (sector=a or sector=b)`; `all candidates` without selectors.
    public var text: String {
        guard !selectors.isEmpty else { return "all candidates" }
        return byColumn.map { column, values in
            values.count == 1 ? "\(column)=\(values[0])" : "(" + values.map { "\(column)=\($0)" }.joined(separator: " or ") + ")"
        }.joined(separator: " and ")
    }

    /// Selector values grouped by column (lower-cased), in first-appearance order.
    var byColumn: [(String, [String])] {
        var order: [String] = []
        var values: [String: [String]] = [:]
        for s in selectors {
            let key = s.column.lowercased()
            if values[key] == nil { order.append(key) }
            values[key, default: []].append(s.value)
        }
        return order.map { ($0, values[$0] ?? []) }
    }

    /// The candidates that match.
    /// - Throws: ``CandidatesError/unknownColumn(_:known:)`` when no candidate has a selector's column.
    public func members(of candidates: [StoredCandidate]) throws(CandidatesError) -> [StoredCandidate] {
        let known = CandidateDirectory.attributeNames(candidates)
        let lowered = Set(known.map { $0.lowercased() })
        for (column, _) in byColumn where !lowered.contains(column) {
            throw .unknownColumn(selectors.first { $0.column.lowercased() == column }?.column ?? column, known: known)
        }
        let groups = byColumn
        return candidates.filter { c in
            groups.allSatisfy { column, values in
                guard let value = c.attributes.first(where: { $0.key.lowercased() == column })?.value else { return false }
                let tags = value.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
                return values.contains { $0 == value || tags.contains($0) }
            }
        }
    }
}
