import IRTModels
import ResponseData
import Testing
@testable import Calibration

/// Issue 21: pattern collapsing without a dictionary of arrays, and without copying the responses when
/// no two persons share a pattern. Checked against a plain collapse written here (a dictionary keyed
/// by the row's bytes, patterns in order of first appearance).
struct PreparedDataTests {
    /// Seeded rows over `items` dichotomous items, with some missing cells; `distinct` rows to draw from.
    static func matrix(persons: Int, items: Int, distinct: Int, seed: UInt64) throws -> ResponseMatrix {
        var state = seed
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        let pool = (0..<distinct).map { _ in (0..<items).map { _ in next() % 9 == 0 ? ResponseMatrix.missing : UInt8(next() % 2) } }
        var cells = [UInt8]()
        for _ in 0..<persons { cells += pool[next() % distinct] }
        return try ResponseMatrix(personIDs: (0..<persons).map { "p\($0)" }, itemIDs: (0..<items).map { "i\($0)" },
                                  responses: cells, categoryCounts: [Int](repeating: 2, count: items))
    }

    static func plainCollapse(_ m: ResponseMatrix) -> (patterns: [UInt8], frequencies: [Double], personPattern: [Int]) {
        var index = [[UInt8]: Int]()
        var patterns = [UInt8](), frequencies = [Double](), personPattern = [Int]()
        for p in 0..<m.personCount {
            let row = Array(m.responses[(p * m.itemCount)..<((p + 1) * m.itemCount)])
            if let u = index[row] {
                frequencies[u] += 1
                personPattern.append(u)
            } else {
                index[row] = frequencies.count
                personPattern.append(frequencies.count)
                frequencies.append(1)
                patterns += row
            }
        }
        return (patterns, frequencies, personPattern)
    }

    @Test("collapsed patterns, frequencies and each person's pattern equal a plain collapse",
          arguments: [(500, 7, 40), (2_000, 23, 1_500), (300, 64, 300), (1_000, 3, 8)] as [(Int, Int, Int)])
    func collapse(persons: Int, items: Int, distinct: Int) throws {
        let m = try Self.matrix(persons: persons, items: items, distinct: distinct, seed: UInt64(persons * items))
        let prepared = try PreparedData(m, models: [ItemModel](repeating: .twoPL, count: items), collapseUnused: false)
        let plain = Self.plainCollapse(m)
        #expect(prepared.patterns == plain.patterns)
        #expect(prepared.frequencies == plain.frequencies)
        #expect(prepared.personPatternIndices == plain.personPattern)
        #expect(prepared.personRows == m.responses)
    }

    @Test("when the unique patterns would be a large copy, every person is a pattern of frequency 1")
    func noCopyAboveTheLimit() throws {
        let m = try Self.matrix(persons: 2_000, items: 23, distinct: 1_500, seed: 5)
        let plain = Self.plainCollapse(m)
        #expect(2 * plain.frequencies.count > m.personCount && plain.frequencies.count < m.personCount)
        let prepared = try PreparedData(m, models: [ItemModel](repeating: .twoPL, count: 23), collapseUnused: false, copyLimit: 0)
        #expect(prepared.patterns == m.responses)
        #expect(prepared.frequencies == [Double](repeating: 1, count: m.personCount))
        #expect(prepared.personPattern.isEmpty && prepared.personPatternIndices == Array(0..<m.personCount))
        #expect(prepared.uniquePatternCount == plain.frequencies.count)
        let collapsed = try PreparedData(m, models: [ItemModel](repeating: .twoPL, count: 23), collapseUnused: false)
        #expect(collapsed.uniquePatternCount == plain.frequencies.count && collapsed.patternCount == plain.frequencies.count)
    }

    @Test("unused categories are merged in every row, as before")
    func recode() throws {
        // Item 0 uses 0 and 2 (1 unused), item 1 uses 0..2.
        let m = try ResponseMatrix(personIDs: ["a", "b", "c", "d"], itemIDs: ["x", "y"],
                                   responses: [0, 0, 2, 1, 2, 2, ResponseMatrix.missing, 1], categoryCounts: [3, 3])
        let prepared = try PreparedData(m, models: [.graded, .graded], collapseUnused: true)
        #expect(prepared.categoryCounts == [2, 3])
        #expect(prepared.personRows == [0, 0, 1, 1, 1, 2, ResponseMatrix.missing, 1])
        #expect(prepared.collapseNotes.count == 1)
        #expect(m.responses == [0, 0, 2, 1, 2, 2, ResponseMatrix.missing, 1], "the caller's matrix is not changed")
    }
}
