/// The item-response models MentorCert calibrates and scores (logistic metric, no 1.702 scaling).
///
/// Dichotomous (Lord 1980; Barton & Lord 1981 for the 4PL):
/// ```
/// P(X = 1 | θ) = c + (u − c) · logistic(a·θ + d),    b = −d / a
/// ```
/// Rasch: a = 1 (the latent variance is then estimated), c = 0, u = 1; 2PL: c = 0, u = 1;
/// 3PL: u = 1; 4PL: all four free.
///
/// Graded response model (Samejima 1969): P(X ≥ k | θ) = logistic(a·θ + d_k), k = 1..K−1,
/// d_1 > d_2 > …, thresholds b_k = −d_k / a.
///
/// Generalised partial credit model (Muraki 1992):
/// P(X = k | θ) ∝ exp(Σ_{v=1..k} (a·θ + c_v)), with step intercepts c_v = −a·b_v (not cumulative).
public enum ItemModel: String, Sendable, CaseIterable, Codable, Hashable {
    case rasch
    case twoPL = "2pl"
    case threePL = "3pl"
    case fourPL = "4pl"
    case graded = "grm"
    case gpcm

    /// True for the models with two categories.
    public var isDichotomous: Bool {
        switch self {
        case .rasch, .twoPL, .threePL, .fourPL: return true
        case .graded, .gpcm: return false
        }
    }

    /// True for the models with a free lower asymptote c (3PL, 4PL).
    public var hasGuessing: Bool { self == .threePL || self == .fourPL }

    /// True for the model with a free upper asymptote u (4PL).
    public var hasUpperAsymptote: Bool { self == .fourPL }

    /// True for the models with a slope of their own (all but Rasch, whose slope is 1 or common).
    public var hasOwnSlope: Bool { self != .rasch }

    /// Number of free parameters of an item with `categories` response categories.
    public func freeParameterCount(categories: Int) -> Int {
        switch self {
        case .rasch: return 1
        case .twoPL: return 2
        case .threePL: return 3
        case .fourPL: return 4
        case .graded, .gpcm: return categories
        }
    }

    /// mirt's names of the free parameters, in `ItemParameters.freeParameters` order
    /// (`a1`, `d`, `g`, `u`; `a1`, `d1` … `d(K−1)` for the polytomous models).
    public func parameterNames(categories: Int) -> [String] {
        switch self {
        case .rasch: return ["d"]
        case .twoPL: return ["a1", "d"]
        case .threePL: return ["a1", "d", "g"]
        case .fourPL: return ["a1", "d", "g", "u"]
        case .graded, .gpcm: return ["a1"] + (1..<max(2, categories)).map { "d\($0)" }
        }
    }

    /// Whether an item of this model can have `categories` response categories (2 for the
    /// dichotomous models, at least 2 for the polytomous ones).
    public func allows(categories: Int) -> Bool { isDichotomous ? categories == 2 : categories >= 2 }

    /// Human name, as in reports.
    public var displayName: String {
        switch self {
        case .rasch: return "Rasch"
        case .twoPL: return "2PL"
        case .threePL: return "3PL"
        case .fourPL: return "4PL"
        case .graded: return "graded response (Samejima)"
        case .gpcm: return "generalised partial credit (Muraki)"
        }
    }
}
