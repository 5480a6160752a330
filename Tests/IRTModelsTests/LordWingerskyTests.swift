import Testing
import IRTModels
#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

/// Five mixed items: 2PL, 3PL, Rasch, graded (4 categories), GPCM (3 categories).
private let mixedItems: [ItemParameters] = [
    .dichotomous(.twoPL, discrimination: 1.4, difficulty: -0.5),
    .dichotomous(.threePL, discrimination: 1.1, difficulty: 0.3, guessing: 0.2),
    .dichotomous(.rasch, discrimination: 1, difficulty: 0.8),
    .graded(discrimination: 1.7, thresholds: [-1.2, 0.1, 1.3]),
    .partialCredit(discrimination: 0.9, stepDifficulties: [0.4, -0.6]),
]

/// P(X = s | θ) by enumerating every response pattern (Π K_j of them).
private func bruteForce(_ items: [ItemParameters], theta: Double) -> [Double] {
    let probs = items.map { $0.probabilities(at: theta) }
    let maxScore = items.reduce(0) { $0 + $1.categoryCount - 1 }
    var out = [Double](repeating: 0, count: maxScore + 1)
    func walk(_ j: Int, _ score: Int, _ p: Double) {
        if j == items.count { out[score] += p; return }
        for k in 0..<probs[j].count { walk(j + 1, score + k, p * probs[j][k]) }
    }
    walk(0, 0, 1)
    return out
}

@Suite("Lord–Wingersky recursion")
struct LordWingerskyTests {
    @Test("distribution sums to 1 at every θ", arguments: [-6.0, -2.5, 0, 1.3, 6])
    func sumsToOne(theta: Double) {
        let f = LordWingersky.distribution(items: mixedItems, theta: theta)
        #expect(f.count == 1 + 1 + 1 + 3 + 2 + 1)
        #expect(abs(f.reduce(0, +) - 1) < 1e-12)
        #expect(f.allSatisfy { $0 >= 0 })
    }

    @Test("equals brute-force enumeration over all 96 patterns of 5 mixed items", arguments: [-1.7, 0.2, 2.4])
    func bruteForceAgreement(theta: Double) {
        let f = LordWingersky.distribution(items: mixedItems, theta: theta)
        let g = bruteForce(mixedItems, theta: theta)
        #expect(f.count == g.count)
        for s in 0..<g.count { #expect(abs(f[s] - g[s]) < 1e-14) }
    }

    @Test("identical Rasch items give the binomial distribution")
    func binomial() {
        let n = 12
        let item = ItemParameters.dichotomous(.rasch, discrimination: 1, difficulty: 0.4)
        let theta = 1.1
        let p = item.probabilities(at: theta)[1]
        let f = LordWingersky.distribution(items: Array(repeating: item, count: n), theta: theta)
        for s in 0...n {
            let logChoose = lgamma(Double(n + 1)) - lgamma(Double(s + 1)) - lgamma(Double(n - s + 1))
            let expected = exp(logChoose + Double(s) * log(p) + Double(n - s) * log(1 - p))
            #expect(abs(f[s] - expected) < 1e-13)
        }
    }

    @Test("grid form: one row per node, each row the single-θ distribution")
    func grid() {
        let nodes = [-2.0, 0, 2]
        let m = LordWingersky.distributions(items: mixedItems, nodes: nodes)
        #expect(m.rows == 3)
        #expect(m.columns == 9)
        for (q, theta) in nodes.enumerated() {
            let f = LordWingersky.distribution(items: mixedItems, theta: theta)
            for s in 0..<9 { #expect(m[q, s] == f[s]) }
        }
    }

    @Test("no items: X = 0 surely")
    func empty() {
        #expect(LordWingersky.distribution(categoryProbabilities: []) == [1])
    }
}
