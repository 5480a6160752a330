import MathCore

/// Rudner's classification accuracy and consistency from each person's θ̂ and SE.
///
/// Rudner (2001), "Computing the expected proportions of misclassified examinees", *PARE* 7(14);
/// Rudner (2005), "Expected classification accuracy", *PARE* 10(13). With θ̂ ~ N(θ, SE²), person i's
/// probability of category k (between cuts c_k and c_{k+1}, c_0 = −∞, c_K = +∞) is taken at θ = θ̂_i:
/// ```
/// p_ik        = Φ((c_{k+1} − θ̂_i)/SE_i) − Φ((c_k − θ̂_i)/SE_i)
/// accuracy    = (1/N) Σ_i p_i,o(i)           o(i) = the category of θ̂_i (the decision made)
/// consistency = (1/N) Σ_i Σ_k p_ik²          (two independent measurements agree)
/// kappa       = (consistency − Σ_k p̄_k²) / (1 − Σ_k p̄_k²),   p̄_k = (1/N) Σ_i p_ik
/// false pass  = (1/N) Σ_i [θ̂_i ≥ c] · P_i(true < c),   false fail = (1/N) Σ_i [θ̂_i < c] · P_i(true ≥ c)
/// ```
/// DECISIONS §7: θ̂ and SE are the final estimator's (WLE by default). Persons without an estimate or
/// SE are left out. Complexity O(N · K).
enum RudnerClassification {
    static func tables(thetas: [Double?], standardErrors: [Double?], model: ReliabilityModel) -> (ClassificationTables, Int) {
        let k = model.cuts.count + 1
        var tables = ClassificationTables(categories: k)
        var used = 0
        var p = [Double](repeating: 0, count: k)
        for (t, s) in zip(thetas, standardErrors) {
            guard let t, let s, t.isFinite, s.isFinite, s > 0 else { continue }
            used += 1
            var previous = 0.0
            for c in 0..<k {
                let upper = c < k - 1 ? SpecialFunctions.normalCDF((model.cuts[c].theta - t) / s) : 1
                p[c] = max(0, upper - previous)
                previous = upper
            }
            let observed = model.level(of: t)
            // The accuracy table's row is the (probable) true category, its column the decision made.
            for c in 0..<k { tables.addAccuracy(trueCategory: c, observed: observed, weight: p[c]) }
            tables.addConsistency(p, weight: 1)
        }
        tables.normalise()
        return (tables, used)
    }
}
