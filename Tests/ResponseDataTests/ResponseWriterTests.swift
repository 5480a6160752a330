import Foundation
import Testing
@testable import ResponseData

/// The wide writer writes what the reader reads (issue 14: one response-file format, one CSV writer).
@Suite struct ResponseWriterTests {
    @Test("a matrix with missing responses and a quoted id round-trips through the reader")
    func roundTrip() throws {
        let matrix = try ResponseMatrix(personIDs: ["p1", "p, \"two\""], itemIDs: ["I1", "I2", "G1"],
                                        responses: [1, 255, 3, 0, 1, 255], categoryCounts: [2, 2, 4])
        let text = ResponseWriter.wideCSV(matrix)
        #expect(text.hasPrefix("person,I1,I2,G1\np1,1,,3\n\"p, \"\"two\"\"\",0,1,\n"))
        let back = try ResponseReader.read(data: Data(text.utf8), fileName: "w.csv").matrix
        #expect(back.personIDs == matrix.personIDs && back.itemIDs == matrix.itemIDs)
        #expect(back.responses == matrix.responses)
    }

    @Test("group columns are written after the person column and read back as groups")
    func groupsRoundTrip() throws {
        let matrix = try ResponseMatrix(personIDs: ["p1", "p2"], itemIDs: ["I1", "I2"], responses: [1, 0, 255, 1],
                                        categoryCounts: [2, 2], groups: ["region": ["north", "south"], "age": ["a", "b"]])
        let text = ResponseWriter.wideCSV(matrix)
        #expect(text.hasPrefix("person,age,region,I1,I2\np1,a,north,1,0\np2,b,south,,1\n"))
        let back = try ResponseReader.read(data: Data(text.utf8), fileName: "w.csv",
                                           options: ResponseImportOptions(groupColumns: ["region", "age"])).matrix
        #expect(back.itemIDs == ["I1", "I2"] && back.responses == matrix.responses)
        #expect(back.groups["region"] == ["north", "south"] && back.groups["age"] == ["a", "b"])
    }
}
