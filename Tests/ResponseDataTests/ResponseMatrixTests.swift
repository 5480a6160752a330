import Testing
@testable import ResponseData

/// A response matrix built from parts that do not fit is a typed error naming the part (issue 14:
/// no user data reaches a precondition).
@Suite struct ResponseMatrixTests {
    func failure(_ make: () throws(ResponseDataError) -> ResponseMatrix) -> ResponseDataError? {
        do { _ = try make(); return nil } catch { return error }
    }

    @Test("too few response bytes for persons × items")
    func wrongResponseCount() {
        let e = failure { () throws(ResponseDataError) in
            try ResponseMatrix(personIDs: ["p1", "p2"], itemIDs: ["I1", "I2"], responses: [1, 0, 1], categoryCounts: [2, 2])
        }
        #expect(e?.description.contains("3 responses for 2 persons × 2 items") == true)
        #expect(e?.rowsCanBeSkipped == false)
    }

    @Test("one category count per item, each 1…255")
    func categoryCounts() {
        let missing = failure { () throws(ResponseDataError) in
            try ResponseMatrix(personIDs: ["p1"], itemIDs: ["I1", "I2"], responses: [1, 0], categoryCounts: [2])
        }
        #expect(missing?.description.contains("1 category counts for 2 items") == true)
        let zero = failure { () throws(ResponseDataError) in
            try ResponseMatrix(personIDs: ["p1"], itemIDs: ["I1"], responses: [0], categoryCounts: [0])
        }
        #expect(zero?.description.contains("item I1 has 0 categories") == true)
    }

    @Test("group labels and raw choices must match the persons and responses")
    func groupsAndRawChoices() {
        let groups = failure { () throws(ResponseDataError) in
            try ResponseMatrix(personIDs: ["p1", "p2"], itemIDs: ["I1"], responses: [1, 0], categoryCounts: [2],
                               groups: ["lang": ["en"]])
        }
        #expect(groups?.description.contains("group column lang has 1 labels for 2 persons") == true)
        let raw = failure { () throws(ResponseDataError) in
            try ResponseMatrix(personIDs: ["p1"], itemIDs: ["I1", "I2"], responses: [1, 0], categoryCounts: [2, 2],
                               rawChoices: ["A"])
        }
        #expect(raw?.description.contains("1 raw choices for 2 responses") == true)
    }

    @Test("a matrix that fits is built, and the empty-shape initialiser marks every response not presented")
    func valid() throws {
        let m = try ResponseMatrix(personIDs: ["p1"], itemIDs: ["I1"], responses: [1], categoryCounts: [2])
        #expect(m[0, 0] == 1)
        let empty = ResponseMatrix(personIDs: ["p1", "p2"], itemIDs: ["I1"], categoryCounts: [3])
        #expect(empty.responses == [ResponseMatrix.missing, ResponseMatrix.missing])
    }
}
