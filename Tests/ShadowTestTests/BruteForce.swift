import MathCore
import ShadowTest

/// The oracle: every subset of a small bank (≤ 16 items) checked against the constraints as
/// `ShadowTestProblem` states them, written from that definition alone (bit masks), without the
/// solver's preparation.
struct BruteForce {
    let problem: ShadowTestProblem
    private let counting: UInt32
    private let administered: UInt32
    private let forbidden: UInt32
    private let sectionMasks: [UInt32]
    private let enemyMasks: [UInt32]
    private let setMasks: [UInt32]

    init(_ problem: ShadowTestProblem) {
        precondition(problem.itemCount <= 16, "BruteForce enumerates at most 16 items")
        self.problem = problem
        func mask(_ items: some Sequence<Int>) -> UInt32 { items.reduce(0) { $0 | (1 << UInt32($1)) } }
        let n = problem.itemCount
        counting = mask((0 ..< n).filter { problem.counts[$0] })
        administered = mask(problem.administered)
        let notCountingNotGiven = mask((0 ..< n).filter { !problem.counts[$0] }) & ~administered
        forbidden = mask(problem.unavailable) | notCountingNotGiven
        sectionMasks = problem.sectionBounds.indices.map { section in
            mask((0 ..< n).filter { problem.counts[$0] && problem.sectionOfItem[$0] == section })
        }
        enemyMasks = problem.enemyGroups.map { mask($0) }
        setMasks = problem.sets.map { mask($0.filter { problem.counts[$0] }) }
    }

    /// Whether the chosen items (all of them: counting, and administered non-counting) meet every constraint.
    func isFeasible(_ chosen: UInt32) -> Bool {
        if chosen & administered != administered || chosen & forbidden != 0 { return false }
        if (chosen & counting).nonzeroBitCount != problem.length { return false }
        for (section, bounds) in problem.sectionBounds.enumerated()
        where !bounds.contains((chosen & sectionMasks[section]).nonzeroBitCount) {
            return false
        }
        if enemyMasks.contains(where: { (chosen & $0).nonzeroBitCount > 1 }) { return false }
        if setMasks.contains(where: { chosen & $0 != 0 && chosen & $0 != $0 }) { return false }
        return true
    }

    func objective(_ chosen: UInt32) -> Double {
        (0 ..< problem.itemCount).reduce(0.0) { sum, item in
            chosen & counting & (1 << UInt32(item)) != 0 ? sum + problem.values[item] : sum
        }
    }

    /// The best objective over all feasible subsets, or nil when none is feasible.
    func bestObjective() -> Double? {
        var best: Double?
        for chosen in 0 ..< (UInt32(1) << UInt32(problem.itemCount)) where isFeasible(chosen) {
            let value = objective(chosen)
            if best.map({ value > $0 }) ?? true { best = value }
        }
        return best
    }

    /// The mask of a solver's shadow test (its counting items plus the administered ones).
    func mask(of solution: ShadowTestSolution) -> UInt32 {
        (solution.selected + problem.administered).reduce(0) { $0 | (1 << UInt32($1)) }
    }
}

/// Seeded random problems of 6–16 items, 1–3 sections, a few administered, unavailable, enemy
/// groups and sets; roughly half of them are infeasible.
func randomProblem(using generator: inout SeededGenerator) -> ShadowTestProblem {
    let n = Int.random(in: 6 ... 16, using: &generator)
    let sectionCount = Int.random(in: 1 ... 3, using: &generator)
    let values = (0 ..< n).map { _ in Double.random(in: 0 ... 2, using: &generator).rounded(toPlaces: 3) }
    let counts = (0 ..< n).map { _ in Double.random(in: 0 ..< 1, using: &generator) < 0.85 }
    let sectionOfItem: [Int?] = (0 ..< n).map { _ in
        Double.random(in: 0 ..< 1, using: &generator) < 0.1 ? nil : Int.random(in: 0 ..< sectionCount, using: &generator)
    }
    let sectionBounds = (0 ..< sectionCount).map { _ -> ClosedRange<Int> in
        let low = Int.random(in: 0 ... 2, using: &generator)
        return low ... (low + Int.random(in: 0 ... 3, using: &generator))
    }
    let length = Int.random(in: 1 ... max(1, n / 2 + 1), using: &generator)
    var shuffled = Array(0 ..< n).shuffled(using: &generator)
    let administered = Array(shuffled.prefix(Int.random(in: 0 ... 3, using: &generator)))
    shuffled.removeFirst(administered.count)
    let unavailable = Array(shuffled.prefix(Int.random(in: 0 ... 3, using: &generator)))
    func groups(maximum: Int) -> [[Int]] {
        (0 ..< Int.random(in: 0 ... maximum, using: &generator)).map { _ in
            Array(Array(0 ..< n).shuffled(using: &generator).prefix(Int.random(in: 2 ... 3, using: &generator)))
        }
    }
    return ShadowTestProblem(
        values: values, counts: counts, length: length, sectionOfItem: sectionOfItem,
        sectionBounds: sectionBounds, administered: administered, unavailable: unavailable,
        enemyGroups: groups(maximum: 2), sets: groups(maximum: 2))
}

extension Double {
    func rounded(toPlaces places: Int) -> Double {
        var scale = 1.0
        for _ in 0 ..< places { scale *= 10 }
        return (self * scale).rounded() / scale
    }
}
