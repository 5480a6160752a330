import Foundation
import Testing
@testable import Tables

@Suite("Schemas: names, headers, the README")
struct SchemaTests {
    @Test("camelCase and snake_case of every column convert into each other", arguments: TableSchema.all)
    func names(_ schema: TableSchema) {
        for column in schema.columns {
            #expect(ColumnName.camelCase(column.csvName) == column.jsonKey, "\(schema.name).\(column.name)")
            #expect(column.csvName == column.csvName.lowercased())
            #expect(!column.meaning.isEmpty)
        }
        #expect(Set(schema.csvHeader).count == schema.columns.count)
        #expect(schema.name == ColumnName.snakeCase(schema.name))
    }

    @Test("schema names are unique")
    func unique() {
        #expect(Set(TableSchema.all.map(\.name)).count == TableSchema.all.count)
        #expect(TableSchema.named("person_scores") == .personScores)
        #expect(TableSchema.named("nope") == nil)
    }

    /// The headers downstream readers (and the CLI tests) rely on, written out by hand.
    @Test("existing outputs keep their column names and order")
    func pinnedHeaders() {
        #expect(TableSchema.itemParameters.csvHeader == [
            "item_id", "model", "discrimination", "difficulty", "intercept", "guessing", "upper_asymptote",
            "intercepts", "thresholds", "se_a1", "se_d", "se_g", "se_u", "se_b", "fixed", "sx2", "df", "p",
            "infit", "outfit", "p_value", "mean_score", "item_rest_correlation", "alpha_if_deleted", "flags",
        ])
        #expect(TableSchema.personScores.csvHeader == ["person_id", "theta", "standard_error", "method", "flag", "items_answered"])
        #expect(TableSchema.personScores.jsonKeys == ["personId", "theta", "standardError", "method", "flag", "itemsAnswered"])
        #expect(TableSchema.bankProblems.csvHeader == ["file", "line", "severity", "item_id", "message"])
        #expect(TableSchema.blueprintSections.csvHeader == ["section", "title", "share", "min_items", "max_items", "items"])
        #expect(TableSchema.blueprintCoverage.csvHeader == ["section", "share", "min_items", "max_items", "operational_items",
                                                           "items_needed_at_max_length", "pool_needed", "pass"])
        #expect(TableSchema.linking.csvHeader == ["method", "slope", "intercept", "common_items", "criterion", "iterations", "converged"])
        #expect(TableSchema.bankExport.csvHeader == ["bank_version_id", "items", "directory"])
        #expect(TableSchema.bankVersions.csvHeader == ["id", "name", "sequence", "label", "item_count", "parent_id", "reason", "source", "created_at"])
        #expect(TableSchema.responseSets.csvHeader == ["id", "name", "persons", "items", "missing_share", "bank_version_id",
                                                      "source_file", "created_at"])
        #expect(TableSchema.responseItems.csvHeader == ["item_id", "categories", "presented", "missing_share", "mean_score",
                                                       "category_counts"])
    }
}

/// `notebooks-export/README.md` documents the schemas by hand (prose beside each table); this test keeps
/// it true: every schema has a section `## Schema: \`name\` (version N)` whose column table lists exactly the
/// schema's CSV names in order (a row may name several columns: `` `sx2`, `df`, `p` ``), and the README
/// documents no schema the engine does not write.
@Suite("README: the documented schemas are the schemas")
struct ReadmeSchemaTests {
    static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("notebooks-export/README.md")

    /// Each `## Schema:` section's name, version and the column names of its first table, in order.
    static func documented() throws -> [String: (version: Int, columns: [String])] {
        let text = try String(contentsOf: readme, encoding: .utf8)
        var out: [String: (version: Int, columns: [String])] = [:]
        var current: String?
        var inTable = false
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("## ") {
                current = nil
                inTable = false
                guard line.hasPrefix("## Schema: `") else { continue }
                let names = backticked(line)
                let version = line.split(separator: "(").last.flatMap { Int($0.filter(\.isNumber)) } ?? -1
                if let name = names.first { current = name; out[name] = (version, []) }
                continue
            }
            guard let name = current else { continue }
            if line.hasPrefix("|") {
                let cells = line.split(separator: "|", omittingEmptySubsequences: false).map {
                    $0.trimmingCharacters(in: .whitespaces)
                }
                guard cells.count > 2 else { continue }
                let first = cells[1]
                if first == "column" || first.allSatisfy({ $0 == "-" || $0 == ":" }) { inTable = true; continue }
                if inTable { out[name]?.columns += backticked(first) }
            } else if inTable && !line.isEmpty {
                current = nil  // the first table ended: later tables in the section are not the column list
            }
        }
        return out
    }

    static func backticked<S: StringProtocol>(_ s: S) -> [String] {
        s.split(separator: "`", omittingEmptySubsequences: false).enumerated()
            .filter { $0.offset % 2 == 1 }.map { String($0.element) }
    }

    @Test("every schema is documented with its version and its columns in order", arguments: TableSchema.all)
    func documentedSchema(_ schema: TableSchema) throws {
        let sections = try Self.documented()
        let section = try #require(sections[schema.name], "notebooks-export/README.md has no section for \(schema.name)")
        #expect(section.version == schema.version, "\(schema.name): README says version \(section.version)")
        #expect(section.columns == schema.csvHeader, "\(schema.name): README lists \(section.columns)")
    }

    @Test("the README documents only schemas the engine writes")
    func noStrays() throws {
        let known = Set(TableSchema.all.map(\.name))
        for name in try Self.documented().keys { #expect(known.contains(name), "README documents unknown schema \(name)") }
    }
}
