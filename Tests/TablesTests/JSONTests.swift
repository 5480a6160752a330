import Foundation
import Testing
@testable import Tables

@Suite("JSON: camelCase keys, nulls, exact numbers")
struct JSONTests {
    struct Decoded: Decodable {
        var schema: String
        var schemaVersion: Int
        var rows: [[String: Double?]]
        var warnings: [String]
    }

    @Test("rows carry every key in camelCase, null for missing and non-finite values")
    func rows() throws {
        let schema = TableSchema(name: "demo", version: 3, summary: "t", columns: [
            TableColumn("standardError", .number, nullable: true, meaning: "x"),
            TableColumn("logLikelihood", .number, nullable: true, meaning: "y"),
        ])
        let table = try Table(schema, rows: [[.number(0.1 + 0.2), .null], [.number(.nan), .number(-0.0)]])
        let text = try JSONOutput.text(TableDocument(table))
        #expect(text.contains("\"standardError\" : 0.30000000000000004"))
        #expect(text.contains("\"logLikelihood\" : null"))
        let back = try JSONDecoder().decode(Decoded.self, from: Data(text.utf8))
        #expect(back.schema == "demo" && back.schemaVersion == 3)
        #expect(back.rows[0]["standardError"] == .some(0.1 + 0.2))
        #expect(back.rows[1]["standardError"] == .some(nil))
        #expect(back.warnings.count == 1)
    }

    @Test("numbers in JSON read back exactly", arguments: NumberTextTests.hard)
    func roundTrip(_ x: Double) throws {
        let schema = TableSchema(name: "n", version: 1, summary: "t", columns: [TableColumn("value", .number, meaning: "v")])
        let text = try JSONOutput.text(TableDocument(try Table(schema, rows: [[.number(x)]])))
        let back = try JSONDecoder().decode(Decoded.self, from: Data(text.utf8))
        #expect(back.rows[0]["value"]??.bitPattern == x.bitPattern)
    }

    @Test("Swift's …ID becomes …Id")
    func keys() throws {
        struct S: Encodable { var bankVersionID = "v"; var itemCount = 1 }
        let text = try JSONOutput.text(S())
        #expect(text.contains("\"bankVersionId\""))
        #expect(text.contains("\"itemCount\""))
    }
}
