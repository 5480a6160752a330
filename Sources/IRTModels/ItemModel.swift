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
