import IRTModels
import MathCore
import ResponseData
import Scoring
import Synchronization
import Testing

/// Responses already in memory (a stored response set) are matched to parameters by the rules of a file.
@Suite("ScoringInput.match")
struct ScoringInputMatchTests {
    static let parameters = ParameterSet(items: [
        .init(id: "A", parameters: .dichotomous(.twoPL, discrimination: 1.2, difficulty: 0)),
        .init(id: "B", parameters: .dichotomous(.twoPL, discrimination: 0.8, difficulty: 1)),
        .init(id: "C", parameters: .graded(discrimination: 1, thresholds: [-1, 1])),
    ])

    /// Persons p1, p2 over the items `ids` (values row by row).
    static func matrix(_ ids: [String], _ values: [UInt8], categories: [Int]) throws -> ResponseMatrix {
        try ResponseMatrix(personIDs: ["p1", "p2"], itemIDs: ids, responses: values, categoryCounts: categories)
    }

    @Test("every item: columns follow the parameters' order; an extra item is left out with a warning")
    func everyItem() throws {
        let m = try Self.matrix(["C", "X", "A", "B"], [2, 0, 1, 0, 0, 1, 0, 1], categories: [3, 2, 2, 2])
        let input = try ScoringInput.match(m, source: "response set s1", parameters: Self.parameters, coverage: .everyItem)
        #expect(input.items.map(\.id) == ["A", "B", "C"])
        #expect(input.columns == [2, 3, 0])
        #expect(input.warnings.count == 1)
        #expect(input.warnings.first?.contains("X") == true)
    }

    @Test("every item: a missing item is an error naming it; a bank (subset) scores the items present")
    func coverage() throws {
        let m = try Self.matrix(["A", "C"], [1, 2, 0, 0], categories: [2, 3])
        #expect(throws: ScoringInputError.itemsNotInFile(file: "response set s1", items: ["B"])) {
            try ScoringInput.match(m, source: "response set s1", parameters: Self.parameters, coverage: .everyItem)
        }
        let input = try ScoringInput.match(m, source: "response set s1", parameters: Self.parameters, coverage: .subset)
        #expect(input.items.map(\.id) == ["A", "C"])
        #expect(input.columns == [0, 1])
        #expect(input.warnings.first?.contains("2 of the 3 items") == true)
    }

    @Test("a response above an item's categories is an error naming the person and the item")
    func categoryOutOfRange() throws {
        let m = try Self.matrix(["A", "B", "C"], [1, 0, 2, 0, 1, 3], categories: [2, 2, 4])
        #expect(throws: ScoringInputError.categoryOutOfRange(file: "s", person: "p2", item: "C", category: 3, categories: 3)) {
            try ScoringInput.match(m, source: "s", parameters: Self.parameters, coverage: .everyItem)
        }
    }
}

@Suite("PersonScorer.scoreAll progress")
struct ScoreAllProgressTests {
    @Test("the chunks reported add up to the persons scored")
    func progressAddsUp() throws {
        var g = SeededGenerator(seed: 3)
        let items = Fixture.twoPL(5, &g)
        let persons = 1000
        let data = (0..<(persons * items.count)).map { _ in UInt8(g.nextUniform() < 0.5 ? 0 : 1) }
        let total = Mutex(0), calls = Mutex(0)
        let scorer = PersonScorer(items: items, method: .eap)
        let scores = try scorer.scoreAll(responses: data, itemCount: items.count, progress: { n in
            total.withLock { $0 += n }
            calls.withLock { $0 += 1 }
        })
        #expect(scores.count == persons)
        #expect(total.withLock { $0 } == persons)
        #expect(calls.withLock { $0 } == 4, "chunks of 256 persons")
        #expect(try scorer.scoreAll(responses: data, itemCount: items.count) == scores)
    }
}
