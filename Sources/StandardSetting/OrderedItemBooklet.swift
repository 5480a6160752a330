import Foundation
import IRTModels
import ItemBanking

/// One page of an ordered item booklet: a dichotomous item, or one category step of a graded item.
public struct BookletEntry: Sendable, Equatable, Codable {
    /// 1, 2, … in increasing location.
    public var page: Int
    public var itemId: String
    /// The category step k = 1…K−1 of a graded item (the page stands for "a score of k or higher"); nil for
    /// a dichotomous item.
    public var categoryStep: Int?
    /// The θ at which the response probability is reached (see ``OrderedItemBooklet``).
    public var location: Double


    /// Every key is written, a missing value as null (DECISIONS §8), so readers can rely on the keys.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(page, forKey: .page)
        try c.encode(itemId, forKey: .itemId)
        try c.encode(categoryStep, forKey: .categoryStep)
        try c.encode(location, forKey: .location)
    }
    public init(page: Int, itemId: String, categoryStep: Int?, location: Double) {
        self.page = page; self.itemId = itemId; self.categoryStep = categoryStep; self.location = location
    }
}

/// The ordered item booklet of the Bookmark method (Lewis, Mitzel & Green 1996; Mitzel, Lewis, Patz &
/// Green 2001): one page per dichotomous item and per category step of a polytomous item (DECISIONS §7),
/// ordered by the θ at which a candidate reaches the response probability RP (default 0.67).
///
/// ```
/// dichotomous   P(θ) = c + (u − c)·L(θ),  L(θ) = logistic(a(θ − b))
///   plain       P(θ*) = RP                 θ* = b + ln(q / (1 − q)) / a,  q = (RP − c) / (u − c)
///                                          (exists only when c < RP < u)
///   corrected   P(θ*) = c + (u − c)·RP     θ* = b + ln(RP / (1 − RP)) / a
/// GRM step k    P(X ≥ k | θ*) = RP         θ* = b_k + ln(RP / (1 − RP)) / a
/// GPCM step k   P(X ≥ k | θ*) = RP         solved by bisection (P(X ≥ k | θ) increases with θ)
/// ```
/// 2PL and Rasch: θ* = b + ln(RP/(1 − RP))/a (at RP67, b + 0.708/a). The guessing correction applies the
/// RP to the part of the curve above the guessing floor (and below the upper asymptote of a 4PL item),
/// as Huynh (2006) and Mitzel et al. (2001) propose for 3PL items; without it an item whose floor is at
/// or above the RP has no location and is left out of the booklet with a warning. Pages are ordered by
/// location, ties by item id and step. Items in the booklet: the bank's scored operational items with
/// parameters (pretest, draft and retired items are not in a panel's booklet).
///
/// Complexity: O(Σ K_i log Σ K_i) (a sort of the pages; GPCM steps add 60 evaluations each).
public struct OrderedItemBooklet: Sendable, Equatable {
    /// The default response probability (RP67; Huynh 1998).
    public static let defaultResponseProbability = 0.67

    /// The pages in order.
    public var entries: [BookletEntry]
    /// The RP used.
    public var responseProbability: Double
    /// Whether the guessing correction was applied.
    public var guessingCorrection: Bool
    /// Items left out (no location at this RP), each with the reason.
    public var warnings: [String]

    /// The booklet of `bank`'s scored operational items with parameters.
    /// - Throws: ``StandardSettingError`` when RP is not in (0, 1) or no item can be placed.
    public init(bank: ItemBank, responseProbability rp: Double = defaultResponseProbability,
                guessingCorrection: Bool = false) throws(StandardSettingError) {
        var items: [(String, IRTModels.ItemParameters)] = []
        for item in bank.items where item.scored && item.status == .operational {
            if let p = try? item.modelParameters() { items.append((item.id, p)) }
        }
        try self.init(items: items, responseProbability: rp, guessingCorrection: guessingCorrection)
    }

    /// The booklet of the given items (id, parameters).
    public init(items: [(id: String, parameters: IRTModels.ItemParameters)], responseProbability rp: Double = defaultResponseProbability,
                guessingCorrection: Bool = false) throws(StandardSettingError) {
        guard rp > 0, rp < 1 else {
            throw StandardSettingError("the response probability must lie strictly between 0 and 1 (e.g. 0.67); got \(rp)")
        }
        var pages: [BookletEntry] = []
        var warnings: [String] = []
        for (id, p) in items {
            if p.model.isDichotomous {
                if let theta = Self.location(of: p, responseProbability: rp, guessingCorrection: guessingCorrection) {
                    pages.append(BookletEntry(page: 0, itemId: id, categoryStep: nil, location: theta))
                } else {
                    warnings.append("item \(id) is left out of the booklet: its guessing floor \(NumberTextShort.rounded(p.guessing)) "
                        + "and upper asymptote \(NumberTextShort.rounded(p.upperAsymptote)) do not enclose the RP \(NumberTextShort.rounded(rp)); "
                        + "apply the guessing correction to place it")
                }
            } else {
                for k in 1..<p.categoryCount {
                    if let theta = Self.location(of: p, step: k, responseProbability: rp) {
                        pages.append(BookletEntry(page: 0, itemId: id, categoryStep: k, location: theta))
                    } else {
                        warnings.append("item \(id), step \(k) is left out of the booklet: P(X ≥ \(k)) does not reach the RP between θ = −12 and 12")
                    }
                }
            }
        }
        guard !pages.isEmpty else {
            throw StandardSettingError("no item can be placed in the ordered item booklet: it needs scored operational items with parameters")
        }
        pages.sort { ($0.location, $0.itemId, $0.categoryStep ?? 0) < ($1.location, $1.itemId, $1.categoryStep ?? 0) }
        for i in pages.indices { pages[i].page = i + 1 }
        self.entries = pages
        self.responseProbability = rp
        self.guessingCorrection = guessingCorrection
        self.warnings = warnings
    }

    /// The RP location of a dichotomous item (see the type's formulas); nil when it does not exist.
    public static func location(of p: IRTModels.ItemParameters, responseProbability rp: Double, guessingCorrection: Bool) -> Double? {
        let c = p.guessing, u = p.upperAsymptote, a = p.discrimination
        let q = guessingCorrection ? rp : (rp - c) / (u - c)
        guard q > 0, q < 1, a > 0 else { return nil }
        return p.difficulty + log(q / (1 - q)) / a
    }

    /// The RP location of category step k of a polytomous item: θ with P(X ≥ k | θ) = RP; nil when it is
    /// not reached on [−12, 12].
    public static func location(of p: IRTModels.ItemParameters, step k: Int, responseProbability rp: Double) -> Double? {
        guard k >= 1, k < p.categoryCount, p.discrimination > 0 else { return nil }
        if p.model == .graded {
            return p.thresholds[k - 1] + log(rp / (1 - rp)) / p.discrimination
        }
        func atLeast(_ theta: Double) -> Double { p.probabilities(at: theta)[k...].reduce(0, +) }
        var low = -12.0, high = 12.0
        guard atLeast(low) < rp, atLeast(high) > rp else { return nil }
        while high - low > TestCharacteristicCurve.tolerance {
            let mid = (low + high) / 2
            if atLeast(mid) < rp { low = mid } else { high = mid }
        }
        return (low + high) / 2
    }
}
