import IRTModels

/// Lee's IRT classification indices for a fixed form, by the distributional (D) method.
///
/// Lee (2010), "Classification consistency and accuracy for complex assessments using item response
/// theory", *JEM* 47:1–17. The summed score X of the form has, at each θ, the distribution of the
/// Lord–Wingersky recursion (``LordWingersky``); a θ cut c maps to the summed-score cut
/// x_c = ⌈TCC(c)⌉ (the smallest whole score at or above the expected score at the cut). With
/// P_k(θ) = P(x_k ≤ X < x_{k+1} | θ) and the latent density g on quadrature nodes θ_q with weights w_q:
/// ```
/// accuracy    = Σ_q w_q P_{t(θ_q)}(θ_q)        t(θ) = the category of the true θ
/// consistency = Σ_q w_q Σ_k P_k(θ_q)²
/// kappa       = (consistency − Σ_k P̄_k²) / (1 − Σ_k P̄_k²),   P̄_k = Σ_q w_q P_k(θ_q)
/// ```
/// Complexity O(Q · S · Σ_j K_j) for Q nodes and S summed scores.
enum LeeClassification {
    /// Nodes over μ ± 6σ.
    static let nodes = 121

    static func tables(items: [ItemParameters], model: ReliabilityModel) -> (ClassificationTables, [Int])? {
        let latent = model.latent
        let sd = latent.standardDeviation
        guard let grid = try? ThetaGrid.equallySpaced(count: nodes, range: (latent.mean - 6 * sd)...(latent.mean + 6 * sd),
                                                      latent: latent) else { return nil }
        let batch = ItemBatch(items)
        let maxScore = items.reduce(0) { $0 + $1.categoryCount - 1 }
        let scoreCuts = model.cuts.map { cut -> Int in
            let tcc = (0..<batch.count).reduce(0.0) { $0 + batch.expectedScore(item: $1, at: cut.theta) }
            return min(maxScore + 1, Int((tcc - 1e-9).rounded(.up)))
        }
        let k = model.cuts.count + 1
        var tables = ClassificationTables(categories: k)
        var p = [Double](repeating: 0, count: k)
        for (q, theta) in grid.nodes.enumerated() {
            let distribution = LordWingersky.distribution(items: items, theta: theta)
            for c in 0..<k { p[c] = 0 }
            for (x, probability) in distribution.enumerated() {
                p[scoreCuts.reduce(0) { $0 + (x >= $1 ? 1 : 0) }] += probability
            }
            let t = model.level(of: theta)
            for o in 0..<k { tables.addAccuracy(trueCategory: t, observed: o, weight: grid.weights[q] * p[o]) }
            tables.addConsistency(p, weight: grid.weights[q])
        }
        tables.normalise()
        return (tables, scoreCuts)
    }
}
