import IRTModels
import MathCore
import Scoring
import Testing

@Suite("Scoring many persons")
struct ScoreAllTests {
    @Test("scoreAll equals score person by person, with a column map and missing data", arguments: ScoringMethod.allCases)
    func parallelEqualsSequential(method: ScoringMethod) throws {
        var g = SeededGenerator(seed: 5)
        let items = Fixture.everyModel + Fixture.twoPL(6, &g)
        // Data columns in reverse order plus one extra column the scorer ignores.
        let width = items.count + 1
        let columns = (0..<items.count).map { items.count - 1 - $0 }
        let persons = 1100
        var data = [UInt8](repeating: 255, count: persons * width)
        var patterns: [[UInt8?]] = []
        for p in 0..<persons {
            let theta = g.nextNormal()
            var x: [UInt8?] = []
            for (j, item) in items.enumerated() {
                let v: UInt8? = g.nextUniform() < 0.15 ? nil : Fixture.response(item, theta: theta, &g)
                x.append(v)
                data[p * width + columns[j]] = v ?? 255
            }
            data[p * width + items.count] = 9
            patterns.append(x)
        }
        let scorer = PersonScorer(items: items, method: method)
        let all = try scorer.scoreAll(responses: data, itemCount: width, columns: columns)
        #expect(all.count == persons)
        for p in stride(from: 0, to: persons, by: 37) {
            #expect(all[p] == scorer.score(patterns[p]), "person \(p)")
        }
        #expect(all.allSatisfy { $0.method == method })
        // A concurrency limit changes who computes, not what: one thread gives the same scores.
        #expect(try scorer.scoreAll(responses: data, itemCount: width, columns: columns, maxConcurrency: 1) == all)
    }

    @Test("an empty matrix gives no scores")
    func emptyMatrix() throws {
        let scorer = PersonScorer(items: [.dichotomous(.twoPL, discrimination: 1, difficulty: 0)], method: .wle)
        #expect(try scorer.scoreAll(responses: [], itemCount: 1).isEmpty)
    }
}

/// Responses that do not fit the items are a typed error, not a crash (issue 14).
@Suite struct ScoreAllLayoutTests {
    let scorer = PersonScorer(items: [.dichotomous(.twoPL, discrimination: 1, difficulty: 0),
                                      .dichotomous(.twoPL, discrimination: 1.2, difficulty: 0.5)], method: .eap)

    func reason(_ body: () throws(ScoringInputError) -> [PersonScore]) -> String? {
        do { _ = try body(); return nil } catch {
            guard case .responseLayout(let reason) = error else { return nil }
            return reason
        }
    }

    @Test("bytes that are not whole rows, too few columns, a bad column map")
    func layouts() {
        #expect(reason { () throws(ScoringInputError) in try scorer.scoreAll(responses: [1, 0, 1], itemCount: 2) }?
            .contains("3 response bytes") == true)
        #expect(reason { () throws(ScoringInputError) in try scorer.scoreAll(responses: [1, 0, 1], itemCount: 3) }?
            .contains("3 data columns for 2 items") == true)
        #expect(reason { () throws(ScoringInputError) in
            try scorer.scoreAll(responses: [1, 0, 1], itemCount: 3, columns: [0]) }?.contains("1 columns mapped for 2 items") == true)
        #expect(reason { () throws(ScoringInputError) in
            try scorer.scoreAll(responses: [1, 0, 1], itemCount: 3, columns: [0, 3]) }?.contains("column 3 is outside") == true)
        #expect(reason { () throws(ScoringInputError) in try scorer.scoreAll(responses: [1, 0], itemCount: 0) }?
            .contains("0 data columns") == true)
    }
}
