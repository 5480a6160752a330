import MathCore
import ResponseData
#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

/// One item's alpha if it is left out.
public struct AlphaIfDeleted: Sendable, Codable, Equatable {
    public var itemId: String
    /// Cronbach's alpha of the other J − 1 items (nil with a warning when not defined).
    public var alpha: Double?
    /// Standardised alpha of the other J − 1 items (from their correlations).
    public var standardizedAlpha: Double?
}

/// A confidence interval.
public struct ConfidenceInterval: Sendable, Codable, Equatable {
    public var lower: Double
    public var upper: Double
    /// The confidence level (0.95).
    public var level: Double
    /// How it was computed (`feldt`).
    public var method: String
}

/// The odd–even split-half coefficients.
public struct SplitHalf: Sendable, Codable, Equatable {
    /// Which split: `odd-even` (items 1, 3, 5, … against 2, 4, 6, … in column order).
    public var split: String
    /// Pearson correlation of the two half scores.
    public var halfCorrelation: Double
    /// Spearman–Brown step-up of that correlation to the full length: 2r / (1 + r).
    public var spearmanBrown: Double
    /// Guttman's (Flanagan–Rulon) split-half coefficient: 2 (1 − (σ²_A + σ²_B) / σ²_X).
    public var guttman: Double
}

/// The classical reliability of a response set: alpha with its interval, standardised alpha, KR-20,
/// alpha if item deleted, odd–even split-half, SEM.
public struct ClassicalReliability: Sendable, Codable, Equatable {
    /// Persons in the response set.
    public var persons: Int
    /// Items analysed.
    public var items: Int
    /// Persons behind the statistics: listwise the complete rows; pairwise all persons.
    public var personsUsed: Int
    /// The missing-data rule.
    public var missingData: MissingDataRule
    /// Cronbach's alpha (nil with a warning when not defined).
    public var alpha: Double?
    /// Feldt's interval of alpha.
    public var alphaCI: ConfidenceInterval?
    /// Standardised alpha, from the item correlations.
    public var standardizedAlpha: Double?
    /// KR-20 (every item dichotomous); equal to alpha on the same persons.
    public var kr20: Double?
    /// Alpha of the test without each item.
    public var alphaIfDeleted: [AlphaIfDeleted]
    /// Odd–even split-half with Spearman–Brown.
    public var splitHalf: SplitHalf?
    /// Mean and standard deviation (n − 1) of the summed score.
    public var meanScore: Double?
    public var standardDeviation: Double?
    /// Standard error of measurement of the summed score: σ_X √(1 − α).
    public var sem: Double?
    /// Why a statistic is missing, which persons were used.
    public var warnings: [String]
}

/// Classical (CTT) reliability from the responses alone.
///
/// With C the item covariance matrix (``ItemCovariance``, n − 1 divisor), J items, σ²_X = Σ_jk C_jk,
/// R the correlation matrix:
/// ```
/// alpha              = J/(J − 1) · (1 − Σ_j C_jj / σ²_X)                     (Cronbach 1951)
/// standardised alpha = J/(J − 1) · (1 − J / Σ_jk R_jk)
/// KR-20              = J/(J − 1) · (1 − Σ_j p_j q_j / s²_X), s²_X with n divisor   (Kuder & Richardson 1937)
/// alpha if deleted   = (J − 1)/(J − 2) · (1 − (Σ_k C_kk − C_jj) / (σ²_X − 2 Σ_k C_jk + C_jj))
/// Feldt interval     = [1 − (1 − α) F_{1−γ/2}(n − 1, (n − 1)(J − 1)),  1 − (1 − α) F_{γ/2}(n − 1, (n − 1)(J − 1))]
///                                            (Feldt 1965; Feldt, Woodruff & Salih 1987, APM 11:93–103)
/// split half         r = cov(A, B) / (σ_A σ_B),  Spearman–Brown 2r/(1 + r),  Guttman 2(1 − (σ²_A + σ²_B)/σ²_X)
/// SEM                = σ_X √(1 − α)
/// ```
/// The split is odd–even in column order (`psych::splitHalf` reports the range over many splits; one
/// fixed, documented split is reproducible and what most manuals tabulate). Feldt's n is the persons
/// used (listwise) or all persons (pairwise, as `psych::alpha`).
///
/// **Sparse data.** Missing means *not presented*; adaptive or multi-form data leave most cells empty
/// and alpha is then "not defined for adaptive data" (nil and a warning): listwise when fewer than 3
/// persons, or fewer than ``minimumCompleteFraction`` of them, answered every item (the rule of
/// `ClassicalTestTheory.ItemAnalysis`); pairwise when more than 1 − ``minimumCompleteFraction`` of the
/// cells are empty or some item pair has fewer than 3 persons in common.
public enum ClassicalReliabilityAnalysis {
    /// Below this share of complete cases (listwise) or answered cells (pairwise) the data are sparse.
    public static let minimumCompleteFraction = 0.5
    /// The warning of sparse data.
    public static let sparseWarning = "Alpha, KR-20, the split-half coefficients and the SEM are not defined for adaptive data"

    /// Computes the classical statistics of `data`.
    /// - Parameter confidence: level of Feldt's interval (0 < confidence < 1).
    /// - Complexity: O(N · J²) for the covariance matrix (BLAS), O(J³) for alpha if deleted.
    public static func analyze(_ data: ResponseMatrix, rule: MissingDataRule = .listwise,
                               confidence: Double = 0.95) -> ClassicalReliability {
        let covariance = ItemCovariance(data, rule: rule)
        return analyze(data, covariance: covariance, confidence: confidence)
    }

    /// The statistics from a covariance matrix already computed for `data`.
    public static func analyze(_ data: ResponseMatrix, covariance cov: ItemCovariance, confidence: Double) -> ClassicalReliability {
        let n = data.personCount, jCount = data.itemCount
        let rule = cov.rule
        var warnings: [String] = []
        var result = ClassicalReliability(persons: n, items: jCount, personsUsed: rule == .listwise ? cov.completeCount : n,
                                          missingData: rule, alpha: nil, alphaCI: nil, standardizedAlpha: nil, kr20: nil,
                                          alphaIfDeleted: data.itemIDs.map { AlphaIfDeleted(itemId: $0, alpha: nil, standardizedAlpha: nil) },
                                          splitHalf: nil, meanScore: nil, standardDeviation: nil, sem: nil, warnings: [])
        // Sparsity.
        let sparse: Bool
        switch rule {
        case .listwise:
            let nc = cov.completeCount
            sparse = nc < 3 || Double(nc) < minimumCompleteFraction * Double(n)
            if sparse {
                warnings.append("\(sparseWarning): only \(nc) of \(n) persons answered every item (listwise needs at least 3 and half of them).")
            } else if nc < n {
                warnings.append("Listwise: the statistics use the \(nc) of \(n) persons who answered every item.")
            }
        case .pairwise:
            let cells = Double(n * jCount)
            let missing = data.responses.reduce(0) { $0 + ($1 == ResponseMatrix.missing ? 1 : 0) }
            let minPair = cov.minimumPairCount
            sparse = cells == 0 || Double(missing) > (1 - minimumCompleteFraction) * cells || minPair < 3
            if sparse {
                warnings.append("\(sparseWarning): \(missing) of \(Int(cells)) cells are empty and the smallest item pair has \(minPair) persons in common (pairwise needs at most half empty and 3 per pair).")
            } else if missing > 0 {
                warnings.append("Pairwise: each covariance uses the persons who answered both items (at least \(minPair)).")
            }
        }
        if jCount < 2 { warnings.append("Alpha is not defined: it needs at least two items.") }
        guard !sparse, jCount >= 2 else {
            result.warnings = warnings
            return result
        }
        let c = cov.covariance
        var total = 0.0, trace = 0.0
        var rowSums = [Double](repeating: 0, count: jCount)
        for a in 0..<jCount {
            var rs = 0.0
            for b in 0..<jCount { rs += c[a * jCount + b] }
            rowSums[a] = rs
            total += rs
            trace += c[a * jCount + a]
        }
        result.meanScore = cov.means.reduce(0, +)
        result.standardDeviation = max(total, 0).squareRoot()
        guard total > 0 else {
            warnings.append("Alpha is not defined: the total score does not vary.")
            result.warnings = warnings
            return result
        }
        let jd = Double(jCount)
        let alpha = jd / (jd - 1) * (1 - trace / total)
        result.alpha = alpha
        result.sem = total.squareRoot() * max(0, 1 - alpha).squareRoot()
        if alpha < 0 { warnings.append("Alpha is negative: the items covary negatively on average; check the scoring keys.") }
        // Feldt's interval.
        let nFeldt = Double(result.personsUsed)
        if nFeldt >= 2 {
            let d1 = nFeldt - 1, d2 = (nFeldt - 1) * (jd - 1)
            let g = 1 - confidence
            if let fHigh = FDistribution.quantile(1 - g / 2, d1, d2), let fLow = FDistribution.quantile(g / 2, d1, d2) {
                result.alphaCI = ConfidenceInterval(lower: 1 - (1 - alpha) * fHigh, upper: 1 - (1 - alpha) * fLow,
                                                    level: confidence, method: "feldt")
            } else {
                warnings.append("Feldt's interval is not defined: the F quantile did not converge.")
            }
        }
        // Standardised alpha from correlations.
        var sd = [Double](repeating: 0, count: jCount)
        for a in 0..<jCount { sd[a] = max(c[a * jCount + a], 0).squareRoot() }
        let constantItems = sd.enumerated().filter { $0.element == 0 }.map { data.itemIDs[$0.offset] }
        var corrSum = 0.0
        var corrRowSums = [Double](repeating: 0, count: jCount)
        if constantItems.isEmpty {
            for a in 0..<jCount {
                var rs = 0.0
                for b in 0..<jCount { rs += c[a * jCount + b] / (sd[a] * sd[b]) }
                corrRowSums[a] = rs
                corrSum += rs
            }
            result.standardizedAlpha = jd / (jd - 1) * (1 - jd / corrSum)
        } else {
            warnings.append("Standardised alpha is not defined: item(s) \(constantItems.prefix(5).joined(separator: ", ")) do not vary.")
        }
        // KR-20 (dichotomous items): Σ p q with n divisor over s²_X with n divisor.
        if data.categoryCounts.allSatisfy({ $0 == 2 }) {
            let used = Double(result.personsUsed)
            if rule == .listwise, used >= 2 {
                let pq = cov.means.reduce(0) { $0 + $1 * (1 - $1) }
                let s2 = total * (used - 1) / used
                result.kr20 = jd / (jd - 1) * (1 - pq / s2)
            } else if rule == .pairwise {
                result.kr20 = alpha
            }
        } else {
            warnings.append("KR-20 is given for dichotomous items only; some items here are graded, and alpha is its generalisation.")
        }
        // Alpha if item deleted.
        if jCount >= 3 {
            for a in 0..<jCount {
                let rest = total - 2 * rowSums[a] + c[a * jCount + a]
                let jr = jd - 1
                if rest > 0 {
                    result.alphaIfDeleted[a].alpha = jr / (jr - 1) * (1 - (trace - c[a * jCount + a]) / rest)
                }
                if constantItems.isEmpty {
                    let restCorr = corrSum - 2 * corrRowSums[a] + 1
                    result.alphaIfDeleted[a].standardizedAlpha = jr / (jr - 1) * (1 - jr / restCorr)
                }
            }
        } else {
            warnings.append("Alpha if item deleted is not defined: it needs at least three items.")
        }
        // Odd–even split half.
        var varA = 0.0, varB = 0.0, covAB = 0.0
        for a in 0..<jCount {
            for b in 0..<jCount {
                let v = c[a * jCount + b]
                switch (a % 2 == 0, b % 2 == 0) {
                case (true, true): varA += v
                case (false, false): varB += v
                default: covAB += v
                }
            }
        }
        covAB /= 2
        if varA > 0, varB > 0 {
            let r = covAB / (varA * varB).squareRoot()
            result.splitHalf = SplitHalf(split: "odd-even", halfCorrelation: r, spearmanBrown: 2 * r / (1 + r),
                                         guttman: 2 * (1 - (varA + varB) / total))
        } else {
            warnings.append("The split-half coefficients are not defined: a half score does not vary.")
        }
        result.warnings = warnings
        return result
    }
}

/// Quantiles of the F distribution, for Feldt's interval.
enum FDistribution {
    /// The p-quantile of F(d1, d2): with t solving I_t(d1/2, d2/2) = p (bisection on the regularized
    /// incomplete beta), F = d2 t / (d1 (1 − t)). Nil when p is outside (0, 1) or the degrees of
    /// freedom are not positive.
    static func quantile(_ p: Double, _ d1: Double, _ d2: Double) -> Double? {
        guard p > 0, p < 1, d1 > 0, d2 > 0, d1.isFinite, d2.isFinite else { return nil }
        var lo = 0.0, hi = 1.0
        for _ in 0..<200 {
            let mid = 0.5 * (lo + hi)
            let cdf = SpecialFunctions.regularizedBeta(mid, d1 / 2, d2 / 2)
            guard cdf.isFinite else { return nil }
            if cdf < p { lo = mid } else { hi = mid }
            if hi - lo < 1e-15 * max(mid, 1e-300) { break }
        }
        let t = 0.5 * (lo + hi)
        guard t < 1 else { return nil }
        return d2 * t / (d1 * (1 - t))
    }
}
