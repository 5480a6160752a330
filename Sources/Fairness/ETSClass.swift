/// The ETS DIF category of an item (Zieky 1993; Zwick 2012, ETS RR-12-08): negligible, moderate or
/// large. Dichotomous items are classified A/B/C from the Mantel–Haenszel delta; polytomous items
/// AA/BB/CC from Mantel's test and the standardized mean difference (Zwick, Thayer & Mazzeo 1997).
public enum ETSClass: String, Sendable, Codable, CaseIterable {
    case a = "A", b = "B", c = "C"
    case aa = "AA", bb = "BB", cc = "CC"

    /// 0 negligible, 1 moderate, 2 large.
    public var level: Int {
        switch self {
        case .a, .aa: 0
        case .b, .bb: 1
        case .c, .cc: 2
        }
    }

    /// Flagged for review: moderate or large (DECISIONS §7: ETS level B or C).
    public var isFlagged: Bool { level >= 1 }
}
