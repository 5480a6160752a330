import IRTModels
import LinearAlgebra
import MathCore
import ResponseData
import Scoring
#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

/// Fit of one item: the summed-score S-X² and the Rasch mean squares (either may be absent).
///
/// A statistic that does not exist is `nil` with a `warnings` entry saying why (DECISIONS §8).
public struct ItemFitStatistic: Sendable, Codable, Equatable {
    public var itemID: String
    /// Orlando & Thissen's (2000) S-X².
    public var sx2: Double?
    /// Degrees of freedom of S-X² after collapsing.
    public var df: Int?
    /// Upper-tail χ² p-value of S-X².
    public var p: Double?
    /// RMSEA of S-X²: √(max(X²/df − 1, 0) / (N − 1)), as mirt's `itemfit` reports it.
    public var rmsea: Double?
    /// Information-weighted mean square (Wright & Masters 1982).
    public var infit: Double?
    /// Unweighted mean square (Wright & Masters 1982).
    public var outfit: Double?
    /// Wilson–Hilferty standardised infit (ZSTD).
    public var infitZ: Double?
    /// Wilson–Hilferty standardised outfit (ZSTD).
    public var outfitZ: Double?
    /// Number of persons behind S-X² (complete cases).
    public var sx2Persons: Int?
    /// Number of responses behind the mean squares.
    public var meanSquareResponses: Int?
    public var warnings: [String]

    public init(itemID: String, sx2: Double? = nil, df: Int? = nil, p: Double? = nil, rmsea: Double? = nil,
                infit: Double? = nil, outfit: Double? = nil, infitZ: Double? = nil, outfitZ: Double? = nil,
                sx2Persons: Int? = nil, meanSquareResponses: Int? = nil, warnings: [String] = []) {
        self.itemID = itemID
        self.sx2 = sx2
        self.df = df
        self.p = p
        self.rmsea = rmsea
        self.infit = infit
        self.outfit = outfit
        self.infitZ = infitZ
        self.outfitZ = outfitZ
        self.sx2Persons = sx2Persons
        self.meanSquareResponses = meanSquareResponses
        self.warnings = warnings
    }
}

/// The observed and expected table of one item's S-X² after collapsing, for plots and checks.
public struct SummedScoreFitTable: Sendable, Codable, Equatable {
    public var itemID: String
    /// Lowest summed score of each score group (after collapsing).
    public var groupLowerScores: [Int]
    /// Highest summed score of each score group (after collapsing).
    public var groupUpperScores: [Int]
    /// Observed counts O[g][k] of category k in score group g.
    public var observed: [[Double]]
    /// Expected counts E[g][k] = Σ_{s ∈ g} N_s · E_k(s); 0 marks an impossible cell (left out of X² and df).
    public var expected: [[Double]]
}

/// Item fit statistics.
///
/// **S-X²** (Orlando & Thissen 2000, *Applied Psychological Measurement* 24:50–64; polytomous form
/// Kang & Chen 2008, *Journal of Educational Measurement* 45:391–406), computed as mirt's
/// `itemfit(fit_stats = "S_X2")` does:
/// ```
/// E_jk(s) = ∫ P_jk(θ) f*_j(s − k | θ) g(θ) dθ / ∫ f(s | θ) g(θ) dθ
/// S-X²_j  = Σ_groups Σ_k (O_jk − N_g E_jk)² / (N_g E_jk)
/// df_j    = (number of possible cells after collapsing) − (number of score groups) − (free parameters of j)
/// ```
/// f is the summed-score distribution of all items and f*_j that without item j, both by the
/// Lord–Wingersky recursion; g is the calibration's latent N(μ, σ²). Only persons who answered every
/// item are used. The extreme scores (0 and the maximum) are dropped; then, as in mirt: score groups
/// nobody observed are dropped, a group with a single person is merged into the next, and a group
/// with an expected count in (0, 1) is merged with a neighbour (the first group into the second, the
/// last into the one before, an inner group into the neighbour with fewer observed persons, always the
/// lowest such group first) until every non-zero expected count is ≥ 1. For dichotomous items df is
/// the number of groups minus the number of free parameters; cells that are impossible (category k at
/// a score the other items cannot complement) have expected count 0 and are left out of X² and df.
/// mirt additionally merges rare *categories* of polytomous items inside a score group; MentorCert
/// does not (documented in docs/DECISIONS.md).
///
/// **Mean squares** (Wright & Masters 1982, *Rating Scale Analysis*, ch. 5; Wright & Linacre 1994 for the
/// Wilson–Hilferty standardisation):
/// ```
/// E = Σ_k k P_k(θ̂),  W = Σ_k (k − E)² P_k(θ̂),  C = Σ_k (k − E)⁴ P_k(θ̂),  z² = (x − E)² / W
/// outfit = mean z²                    q²_out = Σ (C / W²) / n² − 1/n
/// infit  = Σ (x − E)² / Σ W           q²_in  = Σ (C − W²) / (Σ W)²
/// ZSTD   = (MS^{1/3} − 1)(3/q) + q/3
/// ```
/// over the persons who answered the item, with the person estimates supplied (WLE, DECISIONS §7).
/// Persons with an extreme score (every answered item in its lowest, or every one in its highest
/// category) are left out, as Winsteps does: their fenced estimates carry no information about fit.
public enum ItemFit {
    /// Minimum expected count of a cell before its score group is merged (mirt's `mincell`).
    public static let minimumExpectedCount = 1.0

    /// S-X² for every item.
    ///
    /// - Parameters:
    ///   - items: the calibrated items, one per column of `data` (same order).
    ///   - data: the responses; only persons who answered every item are used.
    ///   - latentMean, latentVariance: the calibration's latent N(μ, σ²).
    ///   - quadrature: a rule for the **standard** normal (the default is mirt's 61 nodes on [−6, 6]);
    ///     its nodes are mapped to θ = μ + σ·x with unchanged weights.
    ///   - freeParameterCounts: free parameters per item (0 for a fixed item); nil = the model's count.
    /// - Complexity: O(J² · Q · S · K̄) for J items, Q nodes, S summed scores, plus O(N · J) for the data.
    public static func sx2(items: [ItemParameters], data: ResponseMatrix, latentMean: Double = 0,
                           latentVariance: Double = 1, quadrature: QuadratureRule = .normalGrid(),
                           freeParameterCounts: [Int]? = nil) throws(CalibrationError) -> [ItemFitStatistic] {
        try summedScoreFit(items: items, data: data, latentMean: latentMean, latentVariance: latentVariance,
                       quadrature: quadrature, freeParameterCounts: freeParameterCounts).statistics
    }

    /// S-X² for the items of a calibration, on its own latent distribution and quadrature grid
    /// (density N(μ, σ²) evaluated at the calibration's nodes, as mirt does); fixed items count no
    /// free parameters. Columns of `data` are matched to the calibration's items by id.
    public static func sx2(calibration: CalibrationResult, data: ResponseMatrix) throws(CalibrationError) -> [ItemFitStatistic] {
        var columns = [Int]()
        for id in calibration.itemIDs {
            guard let c = data.itemIDs.firstIndex(of: id) else {
                return calibration.itemIDs.map {
                    ItemFitStatistic(itemID: $0, warnings: ["S-X² not computed: item \(id) is not in the response data."])
                }
            }
            columns.append(c)
        }
        // The calibration's own nodes with the N(μ, σ²) density as weights, as mirt does.
        let grid = try thetaGrid { () throws(IRTModelError) in
            try ThetaGrid.normal(at: calibration.quadratureNodes,
                                 latent: LatentDistribution(mean: calibration.latent.mean, variance: calibration.latent.variance))
        }
        let free = zip(calibration.items, calibration.fixed).map { $1 ? 0 : $0.parameterNames.count }
        return try summedScoreFit(items: calibration.items, data: data.selectingItems(columns), grid: grid,
                                  freeParameterCounts: free).statistics
    }

    /// The θ grid of a public entry point: a standard-normal `rule` carried onto N(μ, σ²)
    /// (`ThetaGrid.scaling(_:to:)`), or an error in calibration terms.
    static func thetaGrid(_ rule: QuadratureRule, mean: Double, variance: Double) throws(CalibrationError) -> ThetaGrid {
        try thetaGrid { () throws(IRTModelError) in
            try ThetaGrid.scaling(rule, to: LatentDistribution(mean: mean, variance: variance))
        }
    }

    static func thetaGrid(_ make: () throws(IRTModelError) -> ThetaGrid) throws(CalibrationError) -> ThetaGrid {
        do { return try make() } catch { throw CalibrationError(.mismatchedInput(reason: error.description)) }
    }

    /// The S-X² observed/expected tables after collapsing, one per item (same arguments as ``sx2(items:data:latentMean:latentVariance:quadrature:freeParameterCounts:)``).
    public static func sx2Tables(items: [ItemParameters], data: ResponseMatrix, latentMean: Double = 0,
                                 latentVariance: Double = 1, quadrature: QuadratureRule = .normalGrid()) throws(CalibrationError) -> [SummedScoreFitTable] {
        try summedScoreFit(items: items, data: data, latentMean: latentMean, latentVariance: latentVariance,
                       quadrature: quadrature, freeParameterCounts: nil).tables
    }

    /// Model-expected proportions E_jk(s) of item `item` for every summed score s = 0 … S (rows) and
    /// category k (columns), before any collapsing. Each row sums to 1 (Σ_k P_jk f*_j(s − k) = f(s)).
    public static func expectedProportions(items: [ItemParameters], item j: Int, latentMean: Double = 0,
                                           latentVariance: Double = 1,
                                           quadrature: QuadratureRule = .normalGrid()) throws(CalibrationError) -> [[Double]] {
        guard items.indices.contains(j) else {
            throw CalibrationError(.mismatchedInput(reason: "item \(j) is not one of the \(items.count) items"))
        }
        let grid = LatentGrid(items: items, grid: try thetaGrid(quadrature, mean: latentMean, variance: latentVariance))
        return grid.expectedProportions(item: j)
    }

    /// S-X² and the mean squares together. The mean squares use `thetas` (one per person of `data`),
    /// or, when nil, Warm's (1989) WLE of every person from `Scoring.PersonScorer` (DECISIONS §7).
    public static func statistics(items: [ItemParameters], data: ResponseMatrix, latentMean: Double = 0,
                                  latentVariance: Double = 1, quadrature: QuadratureRule = .normalGrid(),
                                  freeParameterCounts: [Int]? = nil, thetas: [Double]? = nil) throws(CalibrationError) -> [ItemFitStatistic] {
        var out = try sx2(items: items, data: data, latentMean: latentMean, latentVariance: latentVariance,
                      quadrature: quadrature, freeParameterCounts: freeParameterCounts)
        let ms: [ItemFitStatistic]
        if let thetas { ms = try raschMeanSquares(items: items, data: data, thetas: thetas) }
        else { ms = try raschMeanSquares(items: items, data: data) }
        for j in 0..<out.count {
            out[j].infit = ms[j].infit
            out[j].outfit = ms[j].outfit
            out[j].infitZ = ms[j].infitZ
            out[j].outfitZ = ms[j].outfitZ
            out[j].meanSquareResponses = ms[j].meanSquareResponses
            out[j].warnings += ms[j].warnings
        }
        return out
    }

    // MARK: S-X²

    /// The latent grid θ_q with weights w_q (a ``ThetaGrid``), the category probabilities on it
    /// (``ItemBatch/probabilities(over:)``) and the full summed-score distribution on it.
    struct LatentGrid {
        let items: [ItemParameters]
        let thetas: [Double]
        let weights: [Double]
        /// probabilities[j][q][k]
        let probabilities: [[[Double]]]
        let maxScore: Int
        /// Marginal P(X = s) = Σ_q w_q f(s | θ_q).
        let marginal: [Double]

        init(items: [ItemParameters], grid: ThetaGrid) {
            self.items = items
            thetas = grid.nodes
            weights = grid.weights
            probabilities = ItemBatch(items).probabilities(over: grid)
            maxScore = items.reduce(0) { $0 + $1.categoryCount - 1 }
            var m = [Double](repeating: 0, count: maxScore + 1)
            for q in 0..<thetas.count {
                let f = LordWingersky.distribution(categoryProbabilities: probabilities.map { $0[q] })
                for s in 0...maxScore { m[s] += weights[q] * f[s] }
            }
            marginal = m
        }

        /// E_jk(s) for s = 0 … S; a row whose marginal is 0 gets zeros.
        func expectedProportions(item j: Int) -> [[Double]] {
            let kCount = items[j].categoryCount
            var num = [[Double]](repeating: [Double](repeating: 0, count: kCount), count: maxScore + 1)
            for q in 0..<thetas.count {
                var others = probabilities.map { $0[q] }
                others.remove(at: j)
                let fStar = LordWingersky.distribution(categoryProbabilities: others)
                let p = probabilities[j][q]
                let w = weights[q]
                for r in 0..<fStar.count where fStar[r] > 0 {
                    let wf = w * fStar[r]
                    for k in 0..<kCount { num[r + k][k] += wf * p[k] }
                }
            }
            for s in 0...maxScore {
                let d = marginal[s]
                for k in 0..<kCount { num[s][k] = d > 0 ? num[s][k] / d : 0 }
            }
            return num
        }
    }

    /// S-X² on `grid`; a latent distribution that cannot be used fails every item with a warning.
    static func summedScoreFit(items: [ItemParameters], data: ResponseMatrix, latentMean: Double,
                               latentVariance: Double, quadrature: QuadratureRule,
                               freeParameterCounts: [Int]?) throws(CalibrationError) -> (statistics: [ItemFitStatistic], tables: [SummedScoreFitTable]) {
        guard latentVariance > 0, latentVariance.isFinite, latentMean.isFinite else {
            try checkColumns(items, data)
            return (data.itemIDs.map { ItemFitStatistic(itemID: $0, warnings: ["S-X² not computed: the latent variance is not positive."]) }, [])
        }
        return try summedScoreFit(items: items, data: data, grid: thetaGrid(quadrature, mean: latentMean, variance: latentVariance),
                                  freeParameterCounts: freeParameterCounts)
    }

    static func summedScoreFit(items: [ItemParameters], data: ResponseMatrix, grid thetaGrid: ThetaGrid,
                               freeParameterCounts: [Int]?) throws(CalibrationError) -> (statistics: [ItemFitStatistic], tables: [SummedScoreFitTable]) {
        try checkColumns(items, data)
        if let freeParameterCounts, freeParameterCounts.count != items.count {
            throw CalibrationError(.mismatchedInput(reason: "\(freeParameterCounts.count) free-parameter counts for \(items.count) items"))
        }
        let jCount = items.count
        let ids = data.itemIDs
        func failAll(_ reason: String) -> ([ItemFitStatistic], [SummedScoreFitTable]) {
            (ids.map { ItemFitStatistic(itemID: $0, warnings: [reason]) }, [])
        }
        guard jCount >= 2 else { return failAll("S-X² not defined: it needs at least two items.") }
        let kCounts = items.map(\.categoryCount)
        // Complete cases and their summed scores.
        let maxScore = kCounts.reduce(0) { $0 + $1 - 1 }
        var totals = [Int]()
        var rows = [Int]()
        var invalid = 0
        totals.reserveCapacity(data.personCount)
        for p in 0..<data.personCount {
            var s = 0
            var complete = true
            for j in 0..<jCount {
                let v = data.responses[p * jCount + j]
                if v == ResponseMatrix.missing { complete = false; break }
                if Int(v) >= kCounts[j] { complete = false; invalid += 1; break }
                s += Int(v)
            }
            if complete { totals.append(s); rows.append(p) }
        }
        let n = rows.count
        var common = [String]()
        if invalid > 0 {
            common.append("\(invalid) persons left out of S-X²: a response above the item's highest category.")
        }
        if n < data.personCount {
            common.append("S-X² uses the \(n) of \(data.personCount) persons who answered every item.")
        }
        guard n >= 2 else { return failAll("S-X² not defined: fewer than two persons answered every item.") }

        let grid = LatentGrid(items: items, grid: thetaGrid)
        var scoreCounts = [Double](repeating: 0, count: maxScore + 1)
        for s in totals { scoreCounts[s] += 1 }

        var stats = [ItemFitStatistic]()
        var tables = [SummedScoreFitTable]()
        for j in 0..<jCount {
            let kCount = kCounts[j]
            var observed = [[Double]](repeating: [Double](repeating: 0, count: kCount), count: maxScore + 1)
            for (i, p) in rows.enumerated() {
                observed[totals[i]][Int(data.responses[p * jCount + j])] += 1
            }
            let proportions = grid.expectedProportions(item: j)
            // Rows s = 1 … S − 1 (the extreme scores carry no information about the item).
            var groups = [(lo: Int, hi: Int, o: [Double], e: [Double])]()
            if maxScore >= 2 {
                for s in 1..<maxScore {
                    groups.append((s, s, observed[s], proportions[s].map { $0 * scoreCounts[s] }))
                }
            }
            let collapsed = collapse(groups, minimum: minimumExpectedCount)
            var x2 = 0.0
            var cells = 0
            for g in collapsed {
                for k in 0..<kCount where g.e[k] > 0 {
                    cells += 1
                    let d = g.o[k] - g.e[k]
                    x2 += d * d / g.e[k]
                }
            }
            let free = freeParameterCounts?[j] ?? items[j].parameterNames.count
            let df = cells - collapsed.count - free
            var st = ItemFitStatistic(itemID: ids[j], sx2Persons: n, warnings: common)
            if collapsed.isEmpty {
                st.warnings.append("S-X² not defined: no score group is left after collapsing.")
            } else if df <= 0 {
                st.sx2 = x2
                st.df = df
                st.warnings.append("S-X² has \(df) degrees of freedom after collapsing (\(collapsed.count) score groups, \(free) free parameters); no p-value.")
            } else {
                st.sx2 = x2
                st.df = df
                st.p = SpecialFunctions.chiSquaredSurvival(x2, degreesOfFreedom: Double(df))
                st.rmsea = (max(x2 / Double(df) - 1, 0) / Double(n - 1)).squareRoot()
            }
            stats.append(st)
            tables.append(SummedScoreFitTable(itemID: ids[j], groupLowerScores: collapsed.map(\.lo),
                                              groupUpperScores: collapsed.map(\.hi),
                                              observed: collapsed.map(\.o), expected: collapsed.map(\.e)))
        }
        return (stats, tables)
    }

    /// mirt's collapsing of score groups (see the type's documentation).
    static func collapse(_ input: [(lo: Int, hi: Int, o: [Double], e: [Double])],
                         minimum: Double) -> [(lo: Int, hi: Int, o: [Double], e: [Double])] {
        typealias Group = (lo: Int, hi: Int, o: [Double], e: [Double])
        func merge(_ a: Group, _ b: Group) -> Group {
            (min(a.lo, b.lo), max(a.hi, b.hi), zip(a.o, b.o).map { $0 + $1 }, zip(a.e, b.e).map { $0 + $1 })
        }
        func count(_ g: Group) -> Double { g.o.reduce(0, +) }
        // Groups nobody observed are dropped.
        var g = input.filter { count($0) > 0 }
        guard !g.isEmpty else { return g }
        // A group of one person is merged into the next (the last into the one before).
        var i = 0
        var merged = [Group]()
        while i < g.count {
            if count(g[i]) == 1 && i + 1 < g.count {
                g[i + 1] = merge(g[i], g[i + 1])
            } else {
                merged.append(g[i])
            }
            i += 1
        }
        g = merged
        if g.count >= 2, let last = g.last, count(last) == 1 {
            g.removeLast()
            g[g.count - 1] = merge(g[g.count - 1], last)
        }
        // Groups with a small non-zero expected count, lowest first.
        while g.count >= 2,
              let w = g.firstIndex(where: { $0.e.contains { $0 > 0 && $0 < minimum } }) {
            if w == 0 {
                g[1] = merge(g[0], g[1])
            } else if w == g.count - 1 {
                g[w - 1] = merge(g[w - 1], g[w])
            } else {
                let pick = count(g[w - 1]) <= count(g[w + 1]) ? w - 1 : w + 1
                g[pick] = merge(g[pick], g[w])
            }
            g.remove(at: w)
        }
        return g
    }

    // MARK: Mean squares

    /// Infit and outfit mean squares with their Wilson–Hilferty standardisations for every item
    /// (formulas in the type's documentation), using the person estimates `thetas` (one per row of
    /// `data`; WLE by DECISIONS §7). Persons with a non-finite θ or an extreme score are left out.
    /// Written for the Rasch model and valid for any model with category probabilities (dichotomous or
    /// polytomous: the partial-credit form of Wright & Masters 1982).
    ///
    /// Complexity: O(N · J · K̄).
    public static func raschMeanSquares(items: [ItemParameters], data: ResponseMatrix,
                                        thetas: [Double]) throws(CalibrationError) -> [ItemFitStatistic] {
        try checkColumns(items, data)
        guard thetas.count == data.personCount else {
            throw CalibrationError(.mismatchedInput(reason: "\(thetas.count) θ values for \(data.personCount) persons"))
        }
        let jCount = items.count
        let kCounts = items.map(\.categoryCount)
        var sumZ2 = [Double](repeating: 0, count: jCount)
        var sumR2 = [Double](repeating: 0, count: jCount)
        var sumW = [Double](repeating: 0, count: jCount)
        var sumCoverW2 = [Double](repeating: 0, count: jCount)
        var sumCminusW2 = [Double](repeating: 0, count: jCount)
        var counts = [Int](repeating: 0, count: jCount)
        var extreme = 0
        for p in 0..<data.personCount {
            let theta = thetas[p]
            guard theta.isFinite else { continue }
            var allLow = true, allHigh = true, any = false
            for j in 0..<jCount {
                let v = data.responses[p * jCount + j]
                if v == ResponseMatrix.missing || Int(v) >= kCounts[j] { continue }
                any = true
                if v != 0 { allLow = false }
                if Int(v) != kCounts[j] - 1 { allHigh = false }
            }
            guard any else { continue }
            if allLow || allHigh { extreme += 1; continue }
            for j in 0..<jCount {
                let v = data.responses[p * jCount + j]
                if v == ResponseMatrix.missing || Int(v) >= kCounts[j] { continue }
                let prob = items[j].probabilities(at: theta)
                var e = 0.0
                for k in 0..<prob.count { e += Double(k) * prob[k] }
                var w = 0.0, c = 0.0
                for k in 0..<prob.count {
                    let d = Double(k) - e
                    let d2 = d * d
                    w += d2 * prob[k]
                    c += d2 * d2 * prob[k]
                }
                guard w > 1e-300 else { continue }
                let r = Double(v) - e
                sumZ2[j] += r * r / w
                sumR2[j] += r * r
                sumW[j] += w
                sumCoverW2[j] += c / (w * w)
                sumCminusW2[j] += c - w * w
                counts[j] += 1
            }
        }
        return (0..<jCount).map { j in
            var st = ItemFitStatistic(itemID: data.itemIDs[j], meanSquareResponses: counts[j])
            if extreme > 0 {
                st.warnings.append("\(extreme) persons with an extreme score left out of infit/outfit.")
            }
            guard counts[j] > 0, sumW[j] > 0 else {
                st.warnings.append("Infit/outfit not defined: no non-extreme person answered the item.")
                return st
            }
            let n = Double(counts[j])
            let outfit = sumZ2[j] / n
            let infit = sumR2[j] / sumW[j]
            st.outfit = outfit
            st.infit = infit
            let qOut = (sumCoverW2[j] / (n * n) - 1 / n)
            let qIn = sumCminusW2[j] / (sumW[j] * sumW[j])
            st.outfitZ = wilsonHilferty(outfit, variance: qOut)
            st.infitZ = wilsonHilferty(infit, variance: qIn)
            if st.outfitZ == nil || st.infitZ == nil {
                st.warnings.append("A standardised mean square is not defined: the model variance of the mean square is not positive.")
            }
            return st
        }
    }

    /// Infit and outfit with Warm's (1989) WLE person estimates (DECISIONS §7) computed by
    /// `Scoring.PersonScorer(items:method: .wle)`; persons without an estimate (nothing answered) are
    /// left out, and the fenced estimates of extreme scores are not used (see above).
    /// - Throws: ``CalibrationError`` (`.mismatchedInput`) when the items do not match the columns or
    ///   an item's parameters are not valid (`ItemParameters.isValid`).
    public static func raschMeanSquares(items: [ItemParameters], data: ResponseMatrix) throws(CalibrationError) -> [ItemFitStatistic] {
        try checkColumns(items, data)
        if let j = items.firstIndex(where: { !$0.isValid }) {
            throw CalibrationError(.mismatchedInput(reason: "item \(data.itemIDs[j]) has invalid parameters"))
        }
        let scores: [PersonScore]
        do throws(ScoringInputError) {
            scores = try PersonScorer(items: items, method: .wle).scoreAll(responses: data.responses, itemCount: data.itemCount)
        } catch {
            throw CalibrationError(.mismatchedInput(reason: error.description))
        }
        return try raschMeanSquares(items: items, data: data, thetas: scores.map { $0.theta ?? .nan })
    }

    /// One item per column of `data`, or an error saying how many of each there are.
    static func checkColumns(_ items: [ItemParameters], _ data: ResponseMatrix) throws(CalibrationError) {
        guard items.count == data.itemCount else {
            throw CalibrationError(.mismatchedInput(reason: "\(items.count) items for \(data.itemCount) response columns"))
        }
    }

    /// Wilson–Hilferty cube-root transform of a mean square to a unit-normal deviate:
    /// t = (MS^{1/3} − 1)(3/q) + q/3, q = √(variance of the mean square).
    static func wilsonHilferty(_ ms: Double, variance: Double) -> Double? {
        guard variance > 0, variance.isFinite, ms >= 0 else { return nil }
        let q = variance.squareRoot()
        return (cbrt(ms) - 1) * (3 / q) + q / 3
    }
}
