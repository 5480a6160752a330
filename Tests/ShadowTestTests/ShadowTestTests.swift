import MathCore
import ShadowTest
import Testing

private let solver = ShadowTestSolver()

/// A problem of `n` counting items in no section unless given.
private func problem(
    values: [Double], length: Int, counts: [Bool]? = nil, sectionOfItem: [Int?]? = nil,
    sectionBounds: [ClosedRange<Int>] = [], sectionNames: [String] = [], administered: [Int] = [],
    unavailable: [Int] = [], enemyGroups: [[Int]] = [], sets: [[Int]] = []
) -> ShadowTestProblem {
    ShadowTestProblem(
        values: values, counts: counts ?? values.map { _ in true }, length: length,
        sectionOfItem: sectionOfItem ?? values.map { _ in nil }, sectionBounds: sectionBounds,
        sectionNames: sectionNames, administered: administered, unavailable: unavailable,
        enemyGroups: enemyGroups, sets: sets)
}

private func infeasibleReason(_ problem: ShadowTestProblem) -> String? {
    do {
        _ = try solver.solve(problem)
        return nil
    } catch {
        if case .infeasible(let reason) = error { return reason }
        return nil
    }
}

@Suite("Shadow test against brute-force enumeration")
struct BruteForceTests {
    @Test("400 seeded random problems of 6–16 items: same optimum, every constraint met, infeasible ⇔ none feasible")
    func randomProblems() throws {
        var generator = SeededGenerator(seed: 20_261_126)
        var feasible = 0
        var infeasible = 0
        for index in 0 ..< 400 {
            let problem = randomProblem(using: &generator)
            let oracle = BruteForce(problem)
            let best = oracle.bestObjective()
            do {
                let solution = try solver.solve(problem)
                let best = try #require(best, "problem \(index): solver found a test the oracle says is impossible")
                #expect(oracle.isFeasible(oracle.mask(of: solution)), "problem \(index): \(solution)")
                #expect(abs(solution.objective - best) <= 1e-9, "problem \(index): \(solution.objective) vs \(best)")
                #expect(solution.isOptimal)
                #expect(solution.selected.count == problem.length)
                #expect(solution.selected.allSatisfy { problem.counts[$0] })
                feasible += 1
            } catch {
                guard case .infeasible? = error as? ShadowTestError else {
                    Issue.record("problem \(index): unexpected error \(error)")
                    continue
                }
                #expect(best == nil, "problem \(index): \(error) but the oracle found \(best ?? .nan)")
                infeasible += 1
            }
        }
        // The generator must exercise both outcomes.
        #expect(feasible >= 100)
        #expect(infeasible >= 50)
    }
}

@Suite("Shadow-test constraints")
struct ConstraintTests {
    @Test("section bounds hold even when the most valuable items sit in one section")
    func sectionBounds() throws {
        // Items 0–5 in section 0 (valuable), 6–11 in section 1: max 2 from section 0, min 3 from 1.
        let values = [9, 9, 9, 9, 9, 9, 1, 1, 1, 1, 1, 1].map(Double.init)
        let p = problem(values: values, length: 5, sectionOfItem: (0 ..< 12).map { $0 < 6 ? 0 : 1 },
                        sectionBounds: [0 ... 2, 3 ... 6])
        let solution = try solver.solve(p)
        #expect(solution.selected.filter { $0 < 6 }.count == 2)
        #expect(solution.selected.filter { $0 >= 6 }.count == 3)
        #expect(solution.objective == 21)
    }

    @Test("enemies are never together")
    func enemies() throws {
        let p = problem(values: [5, 4, 1, 0.5], length: 2, enemyGroups: [[0, 1]])
        let solution = try solver.solve(p)
        #expect(solution.selected == [0, 2])
    }

    @Test("a set is taken whole or not at all")
    func setsWhole() throws {
        // Set {0, 1, 2}: two valuable members drag in a worthless one when the whole is worth it…
        let whole = try solver.solve(problem(values: [5, 5, 0, 3, 3], length: 3, sets: [[0, 1, 2]]))
        #expect(whole.selected == [0, 1, 2])
        // …and are left out when it is not.
        let none = try solver.solve(problem(values: [3, 3, 0, 2.5, 2.5, 2.5], length: 3, sets: [[0, 1, 2]]))
        #expect(none.selected == [3, 4, 5])
    }

    @Test("administered items stay in the shadow test and the rest of their set follows")
    func administeredKept() throws {
        let p = problem(values: [0.1, 5, 4, 3, 0.2, 0.3], length: 4, administered: [0], sets: [[4, 5]])
        let solution = try solver.solve(p)
        #expect(solution.selected == [0, 1, 2, 3])
        let started = try solver.solve(problem(values: [0.1, 5, 4, 3, 0.2, 0.3], length: 4, administered: [4], sets: [[4, 5]]))
        #expect(started.selected == [1, 2, 4, 5])
        #expect(started.remaining == [1, 2, 5])
    }

    @Test("unavailable items are never chosen")
    func unavailableExcluded() throws {
        let solution = try solver.solve(problem(values: [9, 1, 2, 3], length: 2, unavailable: [0]))
        #expect(solution.selected == [2, 3])
    }

    @Test("non-counting items are never chosen and do not count toward length or sections")
    func nonCounting() throws {
        let p = problem(values: [9, 9, 1, 2, 3], length: 2, counts: [false, false, true, true, true],
                        sectionOfItem: [0, 0, 0, 0, 0], sectionBounds: [2 ... 2], administered: [1])
        let solution = try solver.solve(p)
        #expect(solution.selected == [3, 4])
        #expect(solution.objective == 5)
    }

    @Test("an administered non-counting (pretest) item still excludes its enemies")
    func pretestEnemy() throws {
        let p = problem(values: [0, 9, 1, 2], length: 2, counts: [false, true, true, true],
                        administered: [0], enemyGroups: [[0, 1]])
        #expect(try solver.solve(p).selected == [2, 3])
    }

    @Test("remaining lists the unadministered items of the shadow test, most valuable first")
    func remainingOrder() throws {
        let solution = try solver.solve(problem(values: [1, 3, 2, 3, 0], length: 4, administered: [4]))
        #expect(solution.selected == [1, 2, 3, 4])
        #expect(solution.remaining == [1, 3, 2])
    }

    @Test("a 332-item problem shaped like the bundled bank: length, sections, enemies and sets hold")
    func bankShaped() throws {
        var generator = SeededGenerator(seed: 7)
        let p = bankShapedProblem(administeredCount: 30, using: &generator)
        let solution = try solver.solve(p)
        #expect(solution.selected.count == p.length)
        #expect(Set(p.administered).isSubset(of: solution.selected))
        #expect(solution.selected.allSatisfy { p.counts[$0] && !p.unavailable.contains($0) })
        for (section, bounds) in p.sectionBounds.enumerated() {
            #expect(bounds.contains(solution.selected.filter { p.sectionOfItem[$0] == section }.count))
        }
        let chosen = Set(solution.selected)
        for group in p.enemyGroups { #expect(group.filter(chosen.contains).count <= 1) }
        for set in p.sets { #expect(set.allSatisfy(chosen.contains) || !set.contains(where: chosen.contains)) }
    }

    @Test("solves run concurrently on several threads give the serial results")
    func concurrentSolves() async throws {
        var generator = SeededGenerator(seed: 99)
        let problems = (0 ..< 8).map { bankShapedProblem(administeredCount: $0 * 4, using: &generator) }
        let serial = try problems.map { try solver.solve($0) }
        let parallel = try await withThrowingTaskGroup(of: (Int, ShadowTestSolution).self) { group in
            for (index, problem) in problems.enumerated() {
                group.addTask { (index, try solver.solve(problem)) }
            }
            var results = [ShadowTestSolution?](repeating: nil, count: problems.count)
            for try await (index, solution) in group { results[index] = solution }
            return results
        }
        #expect(parallel.map { $0?.objective } == serial.map(\.objective))
    }
}

@Suite("Infeasible shadow tests say why")
struct InfeasibleTests {
    private let values = [Double](repeating: 1, count: 8)
    private let twoSections: [Int?] = [0, 0, 0, 0, 1, 1, 1, 1]

    @Test("section minimums above the length")
    func minimumsAboveLength() {
        let reason = infeasibleReason(problem(values: values, length: 3, sectionOfItem: twoSections,
                                              sectionBounds: [2 ... 4, 2 ... 4]))
        #expect(reason == "the section minimums add up to 4, more than the test length 3")
    }

    @Test("section maximums below the length when every item has a section")
    func maximumsBelowLength() {
        let reason = infeasibleReason(problem(values: values, length: 6, sectionOfItem: twoSections,
                                              sectionBounds: [0 ... 2, 0 ... 3]))
        #expect(reason == "the section maximums add up to 5, less than the test length 6")
    }

    @Test("a section without enough eligible items is named")
    func sectionShort() {
        let reason = infeasibleReason(problem(values: values, length: 4, sectionOfItem: twoSections,
                                              sectionBounds: [0 ... 4, 3 ... 4], sectionNames: ["S1", "S2"],
                                              unavailable: [4, 5]))
        #expect(reason == "section S2 needs at least 3 items but only 2 are administered or still eligible")
    }

    @Test("a section whose administered items exceed its maximum")
    func sectionOverfull() {
        let reason = infeasibleReason(problem(values: values, length: 4, sectionOfItem: twoSections,
                                              sectionBounds: [0 ... 1, 0 ... 4], administered: [0, 1]))
        #expect(reason == "section 0 already has 2 administered items, more than its maximum 1")
    }

    @Test("more administered items than the length")
    func administeredAboveLength() {
        let reason = infeasibleReason(problem(values: values, length: 2, administered: [0, 1, 2]))
        #expect(reason == "3 counting items were already administered, more than the test length 2")
    }

    @Test("administered enemies")
    func administeredEnemies() {
        let reason = infeasibleReason(problem(values: values, length: 4, administered: [0, 5], enemyGroups: [[5, 0]]))
        #expect(reason == "items 5 and 0 were both administered but are enemies")
    }

    @Test("a started set that cannot be completed")
    func brokenSet() {
        let reason = infeasibleReason(problem(values: values, length: 4, administered: [0], unavailable: [2],
                                              sets: [[0, 1, 2]]))
        #expect(reason == "the set of item 0 was started but cannot be completed: item 2 is unavailable or an enemy of an item in the test")
    }

    @Test("not enough eligible items for the length")
    func tooFewItems() {
        let reason = infeasibleReason(problem(values: values, length: 6, unavailable: [0, 1, 2]))
        #expect(reason == "the test needs 6 counting items but only 5 are administered or still eligible")
    }

    @Test("what only the solver finds gets the general message")
    func generalMessage() {
        // Section 0 needs 2 of its 2 eligible items, but they are enemies.
        let reason = infeasibleReason(problem(values: values, length: 3, sectionOfItem: twoSections,
                                              sectionBounds: [2 ... 4, 0 ... 4], unavailable: [2, 3],
                                              enemyGroups: [[0, 1]]))
        #expect(reason == "the blueprint, enemies and sets cannot all be met with the remaining items")
    }
}

@Suite("Malformed problems are refused before GLPK sees them")
struct InvalidProblemTests {
    private func message(_ p: ShadowTestProblem) -> String? {
        do {
            _ = try solver.solve(p)
            return nil
        } catch {
            if case .invalidProblem(let message) = error { return message }
            return "\(error)"
        }
    }

    @Test("each malformation is named")
    func malformations() {
        let values: [Double] = [1, 2, 3]
        #expect(message(problem(values: values, length: 1, administered: [3]))
            == "administered lists item 3, but the bank has 3 items (0 ..< 3)")
        #expect(message(problem(values: values, length: 1, unavailable: [-1]))
            == "unavailable lists item -1, but the bank has 3 items (0 ..< 3)")
        #expect(message(problem(values: values, length: 1, enemyGroups: [[0, 7]]))
            == "enemy group 0 lists item 7, but the bank has 3 items (0 ..< 3)")
        #expect(message(problem(values: values, length: 1, sets: [[], [0, 9]]))
            == "set 1 lists item 9, but the bank has 3 items (0 ..< 3)")
        #expect(message(problem(values: values, length: -1)) == "the test length is -1; it must be zero or more")
        #expect(message(problem(values: values, length: 1, counts: [true]))
            == "counts has 1 entries for 3 items (values)")
        #expect(message(problem(values: values, length: 1, sectionOfItem: [0, 0]))
            == "sectionOfItem has 2 entries for 3 items (values)")
        #expect(message(problem(values: values, length: 1, sectionOfItem: [0, 1, 0], sectionBounds: [0 ... 3]))
            == "item 1 is in section 1, but there are 1 sections (0 ..< 1)")
        #expect(message(problem(values: values, length: 1, sectionOfItem: [0, 0, 0], sectionBounds: [-1 ... 3],
                                sectionNames: ["S1"]))
            == "section S1 has the negative minimum -1")
        #expect(message(problem(values: [1, .nan, 3], length: 1)) == "the value of item 1 is nan; values must be finite")
        #expect(message(problem(values: values, length: 1, administered: [1], unavailable: [1]))
            == "item 1 is both administered and unavailable")
    }

    @Test("an empty bank with length 0 gives the empty test; with length 1 it is infeasible")
    func emptyBank() throws {
        let empty = try solver.solve(problem(values: [], length: 0))
        #expect(empty.selected.isEmpty && empty.objective == 0)
        #expect(infeasibleReason(problem(values: [], length: 1)) != nil)
    }
}
