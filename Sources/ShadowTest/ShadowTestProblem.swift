/// One shadow-test problem: the 0–1 linear program solved before each item of an adaptive test.
///
/// At every step of a constrained adaptive test, van der Linden & Reese (1998) assemble a full-length
/// test — the *shadow test* — that contains every item already administered, meets every content
/// constraint, and is the most informative at the current ability estimate; the next item is the most
/// informative unadministered item of that shadow test. Because each shadow test is feasible, the test
/// actually given is feasible too. With one binary decision variable xᵢ per bank item, the program is
/// (van der Linden 2005, *Linear Models for Optimal Test Design*, ch. 9):
///
/// ```
/// maximise    Σᵢ vᵢ·xᵢ                                  over the counting items i
/// subject to  Σᵢ xᵢ = n                                 (length; counting items)
///             lₛ ≤ Σ_{i ∈ s} xᵢ ≤ uₛ                     (each section s; counting items)
///             xᵢ = 1                                    (i administered)
///             xᵢ = 0                                    (i unavailable, or not counting and not administered)
///             Σ_{i ∈ g} xᵢ ≤ 1                          (each enemy group g)
///             xᵢ = x_{first(S)}                         (each counting member i of each set S)
///             xᵢ ∈ {0, 1}
/// ```
///
/// vᵢ is usually the Fisher information of item i at the current θ̂ (Lord 1980). Items are identified by
/// their position in the bank (`0 ..< itemCount`); sections by their position in `sectionBounds`.
/// Enemy constraints are van der Linden's (2005, ch. 3) exclusion constraints; the set constraints are
/// the simplest of his item-set formulations (ch. 7): a set is taken whole or not at all.
///
/// References: van der Linden, W. J., & Reese, L. M. (1998). A model for optimal constrained adaptive
/// testing. *Applied Psychological Measurement*, 22, 259–270. van der Linden, W. J. (2005). *Linear
/// Models for Optimal Test Design*. New York: Springer.
///
/// **Counting items.** Only items with `counts[i] == true` (scored operational items, DECISIONS §13)
/// count toward the length and the section bounds, and only they are ever chosen by the solver. A
/// non-counting item that was administered (a pretest item) still excludes its enemies; sets link
/// their counting members only.
public struct ShadowTestProblem: Sendable, Equatable {
    /// The objective coefficient of each bank item (e.g. its Fisher information at the current θ̂);
    /// the shadow test maximises their sum over its items. Must be finite.
    public var values: [Double]
    /// Whether each item counts toward the length and the section bounds (a scored operational item).
    /// Non-counting items are never chosen by the solver.
    public var counts: [Bool]
    /// The number of counting items in the full shadow test (administered ones included).
    public var length: Int
    /// The section index of each item (`nil`: in no section; it counts toward the length only).
    public var sectionOfItem: [Int?]
    /// Per section, the minimum and maximum number of counting items in the full test.
    public var sectionBounds: [ClosedRange<Int>]
    /// Optional section names used in error messages (empty, or one per section).
    public var sectionNames: [String]
    /// Items already administered: they are in every shadow test (xᵢ = 1).
    public var administered: [Int]
    /// Items that must not be chosen (exposure control, items seen in an earlier attempt, …): xᵢ = 0.
    public var unavailable: [Int]
    /// Groups of mutually exclusive items: at most one item of each group is in the test.
    public var enemyGroups: [[Int]]
    /// Sets given all or none (items sharing a scenario): every counting member is chosen exactly when
    /// the set's first counting member is.
    public var sets: [[Int]]

    /// A problem over `values.count` items; `counts` and `sectionOfItem` must have one entry per item.
    public init(
        values: [Double],
        counts: [Bool],
        length: Int,
        sectionOfItem: [Int?],
        sectionBounds: [ClosedRange<Int>],
        sectionNames: [String] = [],
        administered: [Int] = [],
        unavailable: [Int] = [],
        enemyGroups: [[Int]] = [],
        sets: [[Int]] = []
    ) {
        self.values = values
        self.counts = counts
        self.length = length
        self.sectionOfItem = sectionOfItem
        self.sectionBounds = sectionBounds
        self.sectionNames = sectionNames
        self.administered = administered
        self.unavailable = unavailable
        self.enemyGroups = enemyGroups
        self.sets = sets
    }

    /// The number of bank items in the problem.
    public var itemCount: Int { values.count }
}

/// A solved shadow test.
public struct ShadowTestSolution: Sendable, Equatable {
    /// The counting items of the shadow test in ascending order, administered ones included;
    /// `selected.count == length`.
    public var selected: [Int]
    /// The selected items not administered yet, most valuable first (ties by index): under maximum
    /// information, `remaining.first` is the next item to give (van der Linden & Reese 1998).
    public var remaining: [Int]
    /// Σ values[i] over `selected`.
    public var objective: Double
    /// Whether the solver proved the shadow test optimal (within the solver's relative gap). `false`
    /// when the time limit stopped the search after a feasible shadow test was found.
    public var isOptimal: Bool

    /// A solution; `selected` is sorted and `remaining` is kept in the given order.
    public init(selected: [Int], remaining: [Int], objective: Double, isOptimal: Bool) {
        self.selected = selected.sorted()
        self.remaining = remaining
        self.objective = objective
        self.isOptimal = isOptimal
    }
}
