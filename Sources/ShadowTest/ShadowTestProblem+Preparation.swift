/// A validated problem with the consequences of the administered items worked out.
///
/// Every item is fixed in, fixed out or free. Fixing is only what the constraints imply, so the
/// 0–1 program keeps every constraint row and the fixings merely spare the solver work (and let
/// infeasibility be reported in domain words before GLPK runs).
struct PreparedProblem: Sendable {
    /// xᵢ = 1: administered, or a counting member of a set that has an administered counting member.
    var fixedIn: [Bool]
    /// xᵢ = 0: unavailable; not counting and not administered; an enemy of an item fixed in; a member
    /// of a set that can no longer be given whole.
    var fixedOut: [Bool]
    /// Enemy groups without repeated members, each with at least two members.
    var enemyGroups: [[Int]]
    /// Per set, its distinct counting members (first one first), each with at least two members.
    var setLinks: [[Int]]
}

extension ShadowTestProblem {
    /// Validates the problem, fixes what the administered items imply and finds the infeasibilities a
    /// count can show, naming the constraint.
    ///
    /// Cost: O(N + Σ|groups| + Σ|sets| + S) for N items and S sections, with near-constant union–find.
    func prepared() throws(ShadowTestError) -> PreparedProblem {
        try checkShape()
        let n = itemCount
        let administeredSet = Set(administered)
        let unavailableSet = Set(unavailable)
        if let both = administered.first(where: { unavailableSet.contains($0) }) {
            throw .invalidProblem("item \(both) is both administered and unavailable")
        }
        try checkBlueprintTotals(administeredSet: administeredSet)

        let enemyGroups = enemyGroups.map { Self.distinct($0) }.filter { $0.count >= 2 }
        for group in enemyGroups {
            let given = group.filter { administeredSet.contains($0) }
            if given.count >= 2 {
                throw .infeasible(reason: "items \(given[0]) and \(given[1]) were both administered but are enemies")
            }
        }
        let setLinks = sets.map { Self.distinct($0.filter { counts[$0] }) }.filter { $0.count >= 2 }

        // Set components over counting items (items in several sets join them into one component).
        var components = UnionFind(count: n)
        for link in setLinks {
            for member in link.dropFirst() { components.union(link[0], member) }
        }
        let root = (0 ..< n).map { components.root($0) }

        var fixedIn = [Bool](repeating: false, count: n)
        var fixedOut = [Bool](repeating: false, count: n)
        var forcedRoots = Set<Int>()
        for item in administeredSet {
            fixedIn[item] = true
            if counts[item] { forcedRoots.insert(root[item]) }
        }
        for link in setLinks where forcedRoots.contains(root[link[0]]) {
            for member in link { fixedIn[member] = true }
        }
        // An unavailable member of a started set is both in and out: the set check below reports it.
        for item in 0 ..< n where unavailableSet.contains(item) || (!counts[item] && !administeredSet.contains(item)) {
            fixedOut[item] = true
        }

        // A set whose members include two enemies can never be given whole.
        var deadRoots = Set<Int>()
        for group in enemyGroups {
            var rootOf: [Int: Int] = [:]
            for member in group where counts[member] {
                let memberRoot = root[member]
                if let other = rootOf[memberRoot] {
                    if forcedRoots.contains(memberRoot) {
                        throw .infeasible(reason: "items \(other) and \(member) are enemies but belong to one set, "
                            + "which was started by an administered item")
                    }
                    deadRoots.insert(memberRoot)
                }
                rootOf[memberRoot] = member
            }
        }
        // Enemies of the items fixed in are out.
        for group in enemyGroups {
            let inside = group.filter { fixedIn[$0] }
            if inside.count >= 2 {
                throw .infeasible(reason: "items \(inside[0]) and \(inside[1]) are enemies but both must be in the "
                    + "test (administered, or in a set with an administered item)")
            }
            if inside.count == 1 {
                for member in group where member != inside[0] { fixedOut[member] = true }
            }
        }
        // A set with a member out is out as a whole; a started set with a member out is infeasible.
        for link in setLinks {
            if let out = link.first(where: { fixedOut[$0] }) { deadRoots.insert(root[out]) }
        }
        for item in 0 ..< n where counts[item] && deadRoots.contains(root[item]) {
            if fixedIn[item] {
                let out = (0 ..< n).first { fixedOut[$0] && counts[$0] && root[$0] == root[item] }
                let culprit = out.map { "item \($0) is unavailable or an enemy of an item in the test" }
                    ?? "two of its items are enemies"
                throw .infeasible(reason: "the set of item \(item) was started but cannot be completed: \(culprit)")
            }
            fixedOut[item] = true
        }

        try checkCapacity(fixedIn: fixedIn, fixedOut: fixedOut)
        return PreparedProblem(fixedIn: fixedIn, fixedOut: fixedOut, enemyGroups: enemyGroups, setLinks: setLinks)
    }

    /// The label of section `index` in messages.
    func sectionLabel(_ index: Int) -> String {
        sectionNames.isEmpty ? "section \(index)" : "section \(sectionNames[index])"
    }

    private func checkShape() throws(ShadowTestError) {
        let n = itemCount
        if counts.count != n {
            throw .invalidProblem("counts has \(counts.count) entries for \(n) items (values)")
        }
        if sectionOfItem.count != n {
            throw .invalidProblem("sectionOfItem has \(sectionOfItem.count) entries for \(n) items (values)")
        }
        if !sectionNames.isEmpty && sectionNames.count != sectionBounds.count {
            throw .invalidProblem("sectionNames has \(sectionNames.count) names for \(sectionBounds.count) sections")
        }
        if length < 0 {
            throw .invalidProblem("the test length is \(length); it must be zero or more")
        }
        if let item = values.firstIndex(where: { !$0.isFinite }) {
            throw .invalidProblem("the value of item \(item) is \(values[item]); values must be finite")
        }
        for (section, bounds) in sectionBounds.enumerated() where bounds.lowerBound < 0 {
            throw .invalidProblem("\(sectionLabel(section)) has the negative minimum \(bounds.lowerBound)")
        }
        for (item, section) in sectionOfItem.enumerated() {
            if let section, !sectionBounds.indices.contains(section) {
                throw .invalidProblem("item \(item) is in section \(section), but there are "
                    + "\(sectionBounds.count) sections (0 ..< \(sectionBounds.count))")
            }
        }
        func checkIndices(_ list: [Int], _ name: String) throws(ShadowTestError) {
            if let bad = list.first(where: { !(0 ..< n).contains($0) }) {
                throw .invalidProblem("\(name) lists item \(bad), but the bank has \(n) items (0 ..< \(n))")
            }
        }
        try checkIndices(administered, "administered")
        try checkIndices(unavailable, "unavailable")
        for (index, group) in enemyGroups.enumerated() { try checkIndices(group, "enemy group \(index)") }
        for (index, set) in sets.enumerated() { try checkIndices(set, "set \(index)") }
    }

    /// Blueprint totals against the length, and what the administered items already use.
    private func checkBlueprintTotals(administeredSet: Set<Int>) throws(ShadowTestError) {
        let given = administeredSet.filter { counts[$0] }
        if given.count > length {
            throw .infeasible(reason: "\(given.count) counting items were already administered, more than the "
                + "test length \(length)")
        }
        let minimumSum = sectionBounds.reduce(0) { $0 + $1.lowerBound }
        if minimumSum > length {
            throw .infeasible(reason: "the section minimums add up to \(minimumSum), more than the test length \(length)")
        }
        let hasUnsectioned = (0 ..< itemCount).contains { counts[$0] && sectionOfItem[$0] == nil }
        let maximumSum = sectionBounds.reduce(0) { $0 + $1.upperBound }
        if !hasUnsectioned && maximumSum < length {
            throw .infeasible(reason: "the section maximums add up to \(maximumSum), less than the test length \(length)")
        }
        var givenPerSection = [Int](repeating: 0, count: sectionBounds.count)
        for item in given { if let section = sectionOfItem[item] { givenPerSection[section] += 1 } }
        for (section, bounds) in sectionBounds.enumerated() where givenPerSection[section] > bounds.upperBound {
            throw .infeasible(reason: "\(sectionLabel(section)) already has \(givenPerSection[section]) administered "
                + "items, more than its maximum \(bounds.upperBound)")
        }
    }

    /// Per section and in total: the items that must be in the test against the maximum, and those
    /// that may be against the minimum.
    private func checkCapacity(fixedIn: [Bool], fixedOut: [Bool]) throws(ShadowTestError) {
        var mustPerSection = [Int](repeating: 0, count: sectionBounds.count)
        var mayPerSection = [Int](repeating: 0, count: sectionBounds.count)
        var must = 0
        var may = 0
        for item in 0 ..< itemCount where counts[item] {
            if fixedIn[item] {
                must += 1
                if let section = sectionOfItem[item] { mustPerSection[section] += 1 }
            }
            if !fixedOut[item] {
                may += 1
                if let section = sectionOfItem[item] { mayPerSection[section] += 1 }
            }
        }
        for (section, bounds) in sectionBounds.enumerated() {
            if mustPerSection[section] > bounds.upperBound {
                throw .infeasible(reason: "\(sectionLabel(section)) must contain \(mustPerSection[section]) items "
                    + "(administered, and the rest of their sets), more than its maximum \(bounds.upperBound)")
            }
            if mayPerSection[section] < bounds.lowerBound {
                throw .infeasible(reason: "\(sectionLabel(section)) needs at least \(bounds.lowerBound) items but only "
                    + "\(mayPerSection[section]) are administered or still eligible")
            }
        }
        if must > length {
            throw .infeasible(reason: "\(must) counting items must be in the test (administered, and the rest of "
                + "their sets), more than the test length \(length)")
        }
        if may < length {
            throw .infeasible(reason: "the test needs \(length) counting items but only \(may) are administered "
                + "or still eligible")
        }
    }

    /// The distinct elements of `list` in the order of their first appearance.
    static func distinct(_ list: [Int]) -> [Int] {
        var seen = Set<Int>()
        return list.filter { seen.insert($0).inserted }
    }
}

/// Disjoint sets over `0 ..< count` (union by size, path halving).
struct UnionFind: Sendable {
    private var parent: [Int]
    private var size: [Int]

    init(count: Int) {
        parent = Array(0 ..< count)
        size = [Int](repeating: 1, count: count)
    }

    mutating func root(_ element: Int) -> Int {
        var x = element
        while parent[x] != x {
            parent[x] = parent[parent[x]]
            x = parent[x]
        }
        return x
    }

    mutating func union(_ a: Int, _ b: Int) {
        var ra = root(a)
        var rb = root(b)
        if ra == rb { return }
        if size[ra] < size[rb] { swap(&ra, &rb) }
        parent[rb] = ra
        size[ra] += size[rb]
    }
}
