import Foundation
import Testing
@testable import Tables

@Suite("CSV: quoting, cells, the one writer")
struct CSVTests {
    static let schema = TableSchema(name: "demo", version: 2, summary: "test", columns: [
        TableColumn("itemId", .text, meaning: "id"),
        TableColumn("value", .number, nullable: true, meaning: "a number"),
        TableColumn("count", .integer, meaning: "a count"),
        TableColumn("ok", .boolean, meaning: "a flag"),
        TableColumn("steps", .numberList, nullable: true, meaning: "a list"),
    ])

    @Test("RFC 4180: commas, quotes and line breaks are quoted, quotes doubled")
    func quoting() {
        #expect(CSV.field("plain") == "plain")
        #expect(CSV.field("a,b") == "\"a,b\"")
        #expect(CSV.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSV.field("two\nlines") == "\"two\nlines\"")
        #expect(CSV.field("cr\rhere") == "\"cr\rhere\"")
        #expect(CSV.field("") == "")
        #expect(CSV.record(["a", "b,c", ""]) == "a,\"b,c\",\n")
    }

    @Test("the header is the snake_case of the column names; cells are typed")
    func text() throws {
        let table = try Table(Self.schema, rows: [
            [.text("I,1"), .number(0.1 + 0.2), .integer(3), .boolean(true), .numbers([1.5, nil, -0.0])],
            [.text("I2"), .null, .integer(0), .boolean(false), .null],
        ])
        #expect(table.csvText() == "item_id,value,count,ok,steps\n\"I,1\",0.30000000000000004,3,true,1.5;;-0.0\nI2,,0,false,\n")
        #expect(table.warnings.isEmpty)
    }

    @Test("NaN and ±∞ become empty cells, each with a warning naming row and column")
    func nonFinite() throws {
        let table = try Table(Self.schema, rows: [
            [.text("I1"), .number(.nan), .integer(1), .boolean(true), .numbers([.infinity, 2])],
        ])
        #expect(table.csvText() == "item_id,value,count,ok,steps\nI1,,1,true,;2.0\n")
        #expect(table.warnings.count == 2)
        #expect(table.warnings.first?.column == "value")
        #expect(table.warnings.first?.description.contains("row 1 (I1), column value") == true)
    }

    @Test("numbers written to CSV read back exactly", arguments: NumberTextTests.hard)
    func csvRoundTrip(_ x: Double) throws {
        let table = try Table(Self.schema, rows: [[.text("I"), .number(x), .integer(0), .boolean(true), .numbers([x, x])]])
        let line = try #require(table.csvText().split(separator: "\n").last)
        let cells = line.split(separator: ",", omittingEmptySubsequences: false)
        #expect(Double(String(cells[1]))?.bitPattern == x.bitPattern)
        for part in cells[4].split(separator: ";") { #expect(Double(String(part))?.bitPattern == x.bitPattern) }
    }

    @Test("rows that do not fit the schema are refused, naming row and column")
    func validation() {
        #expect(throws: TablesError.self) { try Table(Self.schema, rows: [[.text("I")]]) }
        do {
            _ = try Table(Self.schema, rows: [[.text("I"), .text("x"), .integer(0), .boolean(true), .null]])
            Issue.record("a text in a number column must be refused")
        } catch {
            #expect("\(error)".contains("table demo, row 1, column value"))
        }
        do {
            _ = try Table(Self.schema, rows: [[.null, .null, .integer(0), .boolean(true), .null]])
            Issue.record("a null in a non-nullable column must be refused")
        } catch {
            #expect("\(error)".contains("column itemId"))
        }
    }

    @Test("terminal form: aligned, numbers rounded and right-aligned")
    func terminal() throws {
        let table = try Table(Self.schema, rows: [
            [.text("I1"), .number(1.23456), .integer(12), .boolean(true), .numbers([0.5, 1])],
            [.text("LONGER"), .null, .integer(3), .boolean(false), .null],
        ])
        #expect(table.terminalText(decimals: 2) == """
            itemId  value  count  ok     steps
            ------  -----  -----  -----  -----
            I1       1.23     12  true   0.5 1
            LONGER             3  false

            """)
    }
}

@Suite("TerminalTable alignment")
struct TerminalTableAlignmentTests {
    @Test("a number column is right-aligned under its rule, heading included; text stays left")
    func numberColumns() {
        let text = TerminalTable(headers: ["item", "discrimination", "flag"],
                                 rows: [["A1", "1.2", "easy"], ["LONGER", "0.875", ""], ["B", "", "x"]]).render()
        #expect(text == """
            item    discrimination  flag
            ------  --------------  ----
            A1                 1.2  easy
            LONGER           0.875
            B                       x

            """)
    }

    @Test("a column with no value is not a number column; a list of numbers is one")
    func emptyAndLists() {
        let text = TerminalTable(headers: ["thresholds", "none"], rows: [["-1 0.5", ""], ["2", ""]]).render()
        #expect(text == """
            thresholds  none
            ----------  ----
                -1 0.5
                     2

            """)
    }
}

@Suite("Table.terminalText column choice")
struct TerminalColumnChoiceTests {
    static let schema = TableSchema(name: "demo2", version: 1, summary: "demo", columns: [
        TableColumn("itemId", .text, meaning: "id"),
        TableColumn("guessing", .number, nullable: true, meaning: "c"),
        TableColumn("discrimination", .number, meaning: "a"),
    ])

    @Test("columns pick and order; empty nullable columns can be hidden")
    func choice() throws {
        let table = try Table(Self.schema, rows: [[.text("A"), .null, .number(1.5)], [.text("B"), .null, .number(0.25)]])
        #expect(table.terminalText(columns: ["discrimination", "itemId"]) == """
            discrimination  itemId
            --------------  ------
                       1.5  A
                      0.25  B

            """)
        #expect(table.terminalText(hidingEmptyColumns: true) == """
            itemId  discrimination
            ------  --------------
            A                  1.5
            B                 0.25

            """)
        #expect(table.terminalText().hasPrefix("itemId  guessing  discrimination\n"))
    }
}
