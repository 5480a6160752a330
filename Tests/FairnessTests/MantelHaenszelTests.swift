import Foundation
import MathCore
import Testing
@testable import Fairness

@Suite("Mantel–Haenszel and Mantel/SMD statistics")
struct MantelHaenszelTests {
    /// Two strata (A ref right, B ref wrong, C focal right, D focal wrong):
    /// ```
    /// k=1: A=10 B=5 C=6 D=9   T=30   n_R=15 n_F=15 m1=16 m0=14
    /// k=2: A=8  B=2 C=5 D=5   T=20   n_R=10 n_F=10 m1=13 m0=7
    /// R_k = AD/T: 90/30 = 3, 40/20 = 2      → R = 5
    /// S_k = BC/T: 30/30 = 1, 10/20 = 0.5    → S = 1.5
    /// α_MH = 5 / 1.5 = 10/3;   Δ = −2.35 ln(10/3) = −2.829336…
    /// E(A_k) = n_R m1 / T: 15·16/30 = 8, 10·13/20 = 6.5          → ΣA − ΣE = 18 − 14.5 = 3.5
    /// Var(A_k) = n_R n_F m1 m0 / (T²(T−1)): 15·15·16·14/(900·29) = 50400/26100, 10·10·13·7/(400·19) = 9100/7600
    /// χ² = (3.5 − 0.5)² / (50400/26100 + 9100/7600) = 9 / 3.128403 = 2.876867
    /// P_k = (A+D)/T: 19/30, 13/20;  Q_k = (B+C)/T: 11/30, 7/20
    /// ΣP R = 19/30·3 + 13/20·2 = 3.2;  Σ(P S + Q R) = 19/30·1 + 11/30·3 + 13/20·0.5 + 7/20·2 = 2.758333…
    /// ΣQ S = 11/30·1 + 7/20·0.5 = 0.541666…
    /// Var(ln α) = 3.2/(2·25) + 2.758333/(2·5·1.5) + 0.541667/(2·2.25) = 0.368259…
    /// ```
    /// |Δ| ≥ 1.5 but p = .09 ≥ .05, so the ETS class is A.
    @Test("α_MH, MH D-DIF, χ² with continuity correction and the RBG standard error match the hand computation")
    func handComputed() throws {
        let strata = [DIFStratum(referenceRight: 10, referenceWrong: 5, focalRight: 6, focalWrong: 9),
                      DIFStratum(referenceRight: 8, referenceWrong: 2, focalRight: 5, focalWrong: 5)]
        let s = MantelHaenszel.statistics(strata)
        #expect(s.strata == 2)
        #expect(close(s.commonOddsRatio, 10.0 / 3))
        #expect(close(s.delta, -2.35 * log(10.0 / 3)))
        let variance = 50400.0 / 26100 + 9100.0 / 7600
        #expect(close(s.chiSquare, 9 / variance))
        #expect(close(s.pValue, SpecialFunctions.chiSquaredSurvival(9 / variance, degreesOfFreedom: 1)))
        let pr = 19.0 / 30 * 3 + 13.0 / 20 * 2
        let psqr = 19.0 / 30 * 1 + 11.0 / 30 * 3 + 13.0 / 20 * 0.5 + 7.0 / 20 * 2
        let qs = 11.0 / 30 * 1 + 7.0 / 20 * 0.5
        let varLog = pr / (2 * 25) + psqr / (2 * 5 * 1.5) + qs / (2 * 1.5 * 1.5)
        #expect(close(s.logOddsRatioStandardError, varLog.squareRoot()))
        #expect(close(s.deltaStandardError, 2.35 * varLog.squareRoot()))
        #expect(abs((s.pValue ?? 0) - 0.0899) < 0.001)
        #expect(MantelHaenszel.etsClass(s, alpha: 0.05) == .a)
    }

    /// ETS rule on constructed statistics: A when n.s. or |Δ| < 1; C when |Δ| ≥ 1.5 and (|Δ| − 1)/SE > 1.645;
    /// B otherwise (|Δ| = 1.6 with SE 0.5 is not significantly above 1: (0.6)/0.5 = 1.2 → B).
    @Test("ETS A/B/C and AA/BB/CC rules")
    func etsRules() {
        func s(_ d: Double, _ se: Double, _ p: Double) -> MantelHaenszel.Statistics {
            .init(strata: 3, commonOddsRatio: exp(-d / 2.35), logOddsRatioStandardError: se / 2.35, delta: d,
                  deltaStandardError: se, chiSquare: 1, pValue: p)
        }
        #expect(MantelHaenszel.etsClass(s(-0.9, 0.1, 0.001), alpha: 0.05) == .a)
        #expect(MantelHaenszel.etsClass(s(-2.0, 0.1, 0.2), alpha: 0.05) == .a)
        #expect(MantelHaenszel.etsClass(s(-1.2, 0.1, 0.001), alpha: 0.05) == .b)
        #expect(MantelHaenszel.etsClass(s(1.6, 0.5, 0.001), alpha: 0.05) == .b)
        #expect(MantelHaenszel.etsClass(s(1.6, 0.3, 0.001), alpha: 0.05) == .c)     // 0.6/0.3 = 2 > 1.645
        #expect(MantelHaenszel.etsClass(s(-1.6, 0.36, 0.001), alpha: 0.05) == .c)  // 0.6/0.36 = 1.67 > 1.645
        #expect(MantelHaenszel.etsClass(s(-1.6, 0.40, 0.001), alpha: 0.05) == .b)  // 0.6/0.40 = 1.5 < 1.645
        func m(_ es: Double, _ p: Double) -> MantelPolytomous.Statistics {
            .init(strata: 3, chiSquare: 1, pValue: p, standardizedMeanDifference: es, effectSize: es)
        }
        #expect(MantelPolytomous.etsClass(m(0.30, 0.2), alpha: 0.05) == .aa)
        #expect(MantelPolytomous.etsClass(m(-0.17, 0.001), alpha: 0.05) == .aa)
        #expect(MantelPolytomous.etsClass(m(-0.20, 0.001), alpha: 0.05) == .bb)
        #expect(MantelPolytomous.etsClass(m(0.26, 0.001), alpha: 0.05) == .cc)
    }

    /// K = 3, scores y = 0, 1, 2:
    /// ```
    /// k=1: ref [2,2,1] (n_R=5)  focal [3,1,1] (n_F=5)  T=10   n_+j = [5,3,2]  Σy n_+j = 7   Σy² n_+j = 11
    /// k=2: ref [1,2,3] (n_R=6)  focal [2,2,2] (n_F=6)  T=12   n_+j = [3,4,5]  Σy n_+j = 14  Σy² n_+j = 24
    /// F_k = focal score totals: 3, 6;  E(F_k) = n_F/T · Σy n_+j: 3.5, 7
    /// Var(F_k) = n_R n_F/(T²(T−1)) (T Σy² n_+j − (Σy n_+j)²): 25/900 · 61, 36/1584 · 92
    /// χ² = (9 − 10.5)² / (25·61/900 + 36·92/1584) = 2.25 / 3.785354
    /// SMD = Σ n_Fk/n_F (ȳ_F − ȳ_R) = 5/11 (0.6 − 0.8) + 6/11 (1 − 4/3) = −3/11
    /// SD: n = 22, Σy = 21, Σy² = 35 → var = (35 − 21²/22)/21;  ES = SMD / SD
    /// ```
    @Test("Mantel's χ², SMD and SMD/SD match the hand computation")
    func polytomousHandComputed() {
        let strata = [DIFStratum(reference: [2, 2, 1], focal: [3, 1, 1]), DIFStratum(reference: [1, 2, 3], focal: [2, 2, 2])]
        let s = MantelPolytomous.statistics(strata)
        let variance = 25.0 * 61 / 900 + 36.0 * 92 / 1584
        #expect(close(s.chiSquare, 2.25 / variance))
        #expect(close(s.standardizedMeanDifference, -3.0 / 11))
        let sd = ((35 - 21.0 * 21 / 22) / 21).squareRoot()
        #expect(close(s.effectSize, -3.0 / 11 / sd))
    }

    /// For a dichotomous item Mantel's χ² is the MH χ² without the continuity correction:
    /// (3.5)² / 3.128403 for the first example.
    @Test("Mantel's test on a dichotomous item is the uncorrected MH χ²")
    func mantelReducesToMH() {
        let strata = [DIFStratum(referenceRight: 10, referenceWrong: 5, focalRight: 6, focalWrong: 9),
                      DIFStratum(referenceRight: 8, referenceWrong: 2, focalRight: 5, focalWrong: 5)]
        let variance = 50400.0 / 26100 + 9100.0 / 7600
        #expect(close(MantelPolytomous.statistics(strata).chiSquare, 3.5 * 3.5 / variance))
    }

    @Test("Edge cases give nil, never NaN: a group absent from every stratum, no variance, α_MH = 0")
    func edgeCases() {
        // Only reference persons: no informative stratum.
        let none = MantelHaenszel.statistics([DIFStratum(referenceRight: 3, referenceWrong: 2, focalRight: 0, focalWrong: 0)])
        #expect(none.strata == 0 && none.commonOddsRatio == nil && none.chiSquare == nil && none.delta == nil)
        // Everybody right: no variance (χ² nil), and B = D = 0 → α_MH = 0/0 → nil.
        let allRight = MantelHaenszel.statistics([DIFStratum(referenceRight: 3, referenceWrong: 0, focalRight: 4, focalWrong: 0)])
        #expect(allRight.chiSquare == nil && allRight.delta == nil)
        // Focal all wrong, reference all right: ΣBC = 0 → α_MH infinite → nil; χ² exists.
        let extreme = MantelHaenszel.statistics([DIFStratum(referenceRight: 5, referenceWrong: 0, focalRight: 0, focalWrong: 5)])
        #expect(extreme.delta == nil && extreme.chiSquare != nil)
        #expect(MantelHaenszel.etsClass(extreme, alpha: 0.05) == nil)
    }

    /// Hand values: p = (.01, .04, .03, .20), m = 4 → sorted .01 .03 .04 .20 → 4·.01/1 = .04, 4·.03/2 = .06,
    /// 4·.04/3 = .0533, 4·.2/4 = .2 → running minimum from the top: .04, .0533, .0533, .2.
    @Test("Benjamini–Hochberg adjustment matches the hand computation; nil stays nil")
    func benjaminiHochberg() {
        let adjusted = BenjaminiHochberg.adjust([0.01, 0.04, nil, 0.03, 0.20])
        #expect(close(adjusted[0], 0.04))
        #expect(close(adjusted[1], 4 * 0.04 / 3))
        #expect(adjusted[2] == nil)
        #expect(close(adjusted[3], 4 * 0.04 / 3))
        #expect(close(adjusted[4], 0.2))
    }

    /// Random 2×2×K tables (seeded) against statsmodels' `StratifiedTable`: pooled odds ratio, the SE of
    /// its log (Robins–Breslow–Greenland) and `test_null_odds(correction=True)`.
    @Test("Agrees with statsmodels StratifiedTable on random 2×2×K tables",
          .enabled(if: PythonOracle.available, Comment(rawValue: PythonOracle.skipMessage)))
    func statsmodelsStratifiedTable() throws {
        var g = SeededGenerator(seed: 2024)
        var sets: [[DIFStratum]] = []
        for _ in 0..<6 {
            let k = 3 + Int(g.nextUniform() * 6)
            sets.append((0..<k).map { _ in
                let c = (0..<4).map { _ in Double(1 + Int(g.nextUniform() * 30)) }
                return DIFStratum(referenceRight: c[0], referenceWrong: c[1], focalRight: c[2], focalWrong: c[3])
            })
        }
        // One line per set: A B C D of each stratum, separated by ';'.
        let input = sets.map { set in
            set.map { "\(Int($0.reference[1])) \(Int($0.reference[0])) \(Int($0.focal[1])) \(Int($0.focal[0]))" }
                .joined(separator: ";")
        }.joined(separator: "\n")
        let script = """
            import sys, json, numpy as np
            from statsmodels.stats.contingency_tables import StratifiedTable
            out = []
            for line in sys.stdin.read().strip().split("\\n"):
                tables = [np.array([[float(v) for v in s.split()][0:2], [float(v) for v in s.split()][2:4]]) for s in line.split(";")]
                st = StratifiedTable(tables)
                t = st.test_null_odds(correction=True)
                out.append([st.oddsratio_pooled, st.logodds_pooled_se, t.statistic, t.pvalue])
            print(json.dumps(out))
            """
        let reference = try #require(try PythonOracle.json(script, input: input) as? [[Double]])
        #expect(reference.count == sets.count)
        for (set, r) in zip(sets, reference) {
            let s = MantelHaenszel.statistics(set)
            #expect(close(s.commonOddsRatio, r[0], relative: 1e-10), "odds ratio \(String(describing: s.commonOddsRatio)) vs \(r[0])")
            #expect(close(s.logOddsRatioStandardError, r[1], relative: 1e-10))
            #expect(close(s.chiSquare, r[2], relative: 1e-10))
            #expect(close(s.pValue, r[3], relative: 1e-8, absolute: 1e-14))
        }
    }
}
