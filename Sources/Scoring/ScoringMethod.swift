/// How a person's θ is estimated from a response pattern.
///
/// - `eap`: expected a posteriori — the posterior mean over a quadrature grid (Bock & Mislevy 1982).
/// - `map`: maximum a posteriori — the posterior mode (Bayes modal).
/// - `ml`: maximum likelihood (Lord 1980, ch. 4).
/// - `wle`: Warm's (1989) weighted likelihood, which removes the O(1/n) bias of ML.
public enum ScoringMethod: String, Sendable, Codable, CaseIterable, Hashable {
    case eap, map, ml, wle

    /// True for the Bayesian methods, which use the latent (prior) distribution.
    public var usesPrior: Bool { self == .eap || self == .map }
}
