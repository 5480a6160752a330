import Foundation
import Testing
@testable import ResponseData

/// The reader's side of issue 15: encodings, separators and categories nobody declared.
@Suite struct BadInputReaderTests {
    func read(_ bytes: [UInt8], _ options: ResponseImportOptions = .init()) throws(ResponseDataError) -> ResponseImport {
        try ResponseReader.read(data: Data(bytes), fileName: "r.csv", options: options)
    }

    func failure(_ bytes: [UInt8], _ options: ResponseImportOptions = .init()) -> ResponseDataError? {
        do { _ = try read(bytes, options); return nil } catch { return error }
    }

    @Test("invalid UTF-8 and NUL are refused at their line, in both layouts",
          arguments: [ResponseImportOptions.Layout.wide, .long])
    func encoding(layout: ResponseImportOptions.Layout) throws {
        let header = layout == .wide ? "person,i1\n" : "person,item,response\n"
        let latin1 = failure(Array((header + "p1,").utf8) + [0xE9] + Array((layout == .wide ? ",1\n" : ",i1,1\n").utf8),
                             .init(layout: layout))
        #expect(latin1?.problems.first?.line == 2)
        #expect(latin1?.description.contains("byte 0xE9 at column 4 (byte offset \(header.utf8.count + 3))") == true)
        #expect(latin1?.description.contains("--skip-bad-rows") == false)
        let nul = failure(Array((header + "p1").utf8) + [0] + Array((layout == .wide ? ",1\n" : ",i1,1\n").utf8),
                          .init(layout: layout, skipBadRows: true))
        #expect(nul?.problems.first?.message.contains("NUL") == true)
    }

    @Test("a header without item columns names the separator",
          arguments: [(";", "semicolon"), ("\t", "tab"), ("|", "vertical bar")])
    func separator(separator: String, name: String) {
        let e = failure(Array("person\(separator)i1\(separator)i2\np1\(separator)0\(separator)1\n".utf8))
        #expect(e?.problems.first?.line == 1)
        #expect(e?.description.contains("no item columns") == true)
        #expect(e?.description.contains("\(name)-separated") == true)
    }

    @Test("a person column alone is no item column either, without a separator to blame")
    func onlyPersons() {
        let e = failure(Array("person\np1\n".utf8))
        #expect(e?.description.contains("one column per item, separated by commas") == true)
    }

    @Test("without a bank, a score that leaves categories unused is a warning naming line, item and value")
    func unusedCategoriesWide() throws {
        let r = try read(Array("person,x,y\np1,0,0\np2,1,1\np3,1,2\np4,7,3\np5,0,7\n".utf8))
        #expect(r.matrix.categoryCounts == [8, 8])
        #expect(r.warnings.count == 2)
        #expect(r.warnings.first == ResponseProblem(file: "r.csv", line: 5, column: "x", columnNumber: 2, value: "7",
            message: "item x becomes a 8-category item (0..7), but categories 2, 3, 4, 5, 6 are never used; if `7` is a typo, fix it; if the item is graded, import with a bank that declares its categories"))
        #expect(r.warnings.last?.line == 6 && r.warnings.last?.message.contains("categories 4, 5, 6 are") == true)
    }

    @Test("graded items that use every category, and 0/1 items, give no warning")
    func noWarning() throws {
        #expect(try read(Array("person,x,y\np1,0,0\np2,1,1\np3,2,1\n".utf8)).warnings.isEmpty)
    }

    @Test("the long form warns the same way")
    func unusedCategoriesLong() throws {
        let r = try read(Array("person,item,response\np1,x,0\np2,x,1\np3,x,5\np1,y,1\n".utf8), .init(layout: .long))
        #expect(r.warnings.map(\.line) == [4])
        #expect(r.warnings.first?.column == "x" && r.warnings.first?.value == "5")
    }

    @Test("an unreadable file is described in our words, without a line")
    func unreadable() {
        do {
            _ = try ResponseReader.read(path: FileManager.default.temporaryDirectory.path)
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("\(FileManager.default.temporaryDirectory.path): cannot read the file: it is a directory"))
        }
    }
}
