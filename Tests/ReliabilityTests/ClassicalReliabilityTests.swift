import Foundation
import MathCore
import ResponseData
import Testing
@testable import Reliability

/// A small matrix from rows of scored responses (nil = not presented).
func matrix(_ rows: [[UInt8?]], categories: Int = 2) throws -> ResponseMatrix {
    let j = rows.first?.count ?? 0
    return try ResponseMatrix(personIDs: rows.indices.map { "p\($0 + 1)" }, itemIDs: (0..<j).map { "i\($0 + 1)" },
                              responses: rows.flatMap { $0.map { $0 ?? ResponseMatrix.missing } },
                              categoryCounts: Array(repeating: categories, count: j))
}

/// A seeded dichotomous data set with a common factor, some items graded when `graded`.
func seededData(persons: Int, items: Int, seed: UInt64, missing: Double = 0) throws -> ResponseMatrix {
    var g = SeededGenerator(seed: seed)
    var rows: [[UInt8?]] = []
    for _ in 0..<persons {
        let theta = g.nextNormal()
        rows.append((0..<items).map { j in
            if missing > 0, g.nextUniform() < missing { return nil }
            let b = -1.5 + 3 * Double(j) / Double(max(items - 1, 1))
            let p = 1 / (1 + exp(-(1.2 * theta - b)))
            return g.nextUniform() < p ? 1 : 0
        })
    }
    return try matrix(rows)
}

/// Covariance by the textbook double loop (n − 1), the oracle of the BLAS path.
func naiveCovariance(_ rows: [[Double]]) -> [[Double]] {
    let n = Double(rows.count), j = rows[0].count
    let means = (0..<j).map { k in rows.reduce(0) { $0 + $1[k] } / n }
    return (0..<j).map { a in (0..<j).map { b in rows.reduce(0) { $0 + ($1[a] - means[a]) * ($1[b] - means[b]) } / (n - 1) } }
}

@Suite("Classical reliability: alpha, KR-20, Feldt, split half, SEM")
struct ClassicalReliabilityTests {
    // Five persons, three items (hand computation):
    //   p1 1 1 1 | 3     item means .8 .4 .4; item variances (n−1) .2 .3 .3, Σ = .8
    //   p2 1 1 0 | 2     totals 3 2 1 0 2, mean 1.6, deviations 1.4 .4 −.6 −1.6 .4
    //   p3 1 0 0 | 1     σ²_X = (1.96 + .16 + .36 + 2.56 + .16)/4 = 5.2/4 = 1.3
    //   p4 0 0 0 | 0     alpha = 3/2 · (1 − .8/1.3) = 0.5769231
    //   p5 1 0 1 | 2     KR-20 = 3/2 · (1 − Σpq/σ²_n) = 3/2 · (1 − .64/1.04) = 0.5769231
    // Feldt (df 4, 8): F.975(4, 8) = 5.0526, F.025(4, 8) = 1/F.975(8, 4) = 1/8.9796 (F tables)
    //   lower = 1 − .4230769 · 5.0526 = −1.13764,  upper = 1 − .4230769/8.9796 = 0.952886
    // Odd–even: A = i1 + i3 = 2 1 1 0 2 (var .7), B = i2 (var .3), cov(A, B) = .6/4 = .15
    //   r = .15/√.21 = 0.3273268, Spearman–Brown 2r/(1 + r) = 0.4932129, Guttman 2(1 − 1/1.3) = 0.4615385
    // SEM = √1.3 · √(1 − .5769231) = 0.7416198
    // Alpha without i1: var .3 .3, cov(i2, i3) = .2/4 = .05 → 2 · (1 − .6/.7) = 0.2857143
    static let small: [[UInt8?]] = [[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 0, 0], [1, 0, 1]]

    @Test("hand-computed alpha, KR-20, Feldt's interval, split half and SEM on five persons")
    func handComputed() throws {
        let r = ClassicalReliabilityAnalysis.analyze(try matrix(Self.small))
        let alpha = try #require(r.alpha)
        #expect(abs(alpha - 0.5769231) < 1e-6)
        #expect(abs((r.kr20 ?? 0) - 0.5769231) < 1e-6)
        let ci = try #require(r.alphaCI)
        #expect(abs(ci.lower - (1 - 0.4230769 * 5.0526)) < 2e-4)
        #expect(abs(ci.upper - (1 - 0.4230769 / 8.9796)) < 2e-4)
        let split = try #require(r.splitHalf)
        #expect(split.split == "odd-even")
        #expect(abs(split.halfCorrelation - 0.3273268) < 1e-6)
        #expect(abs(split.spearmanBrown - 0.4932129) < 1e-6)
        #expect(abs(split.guttman - 0.4615385) < 1e-6)
        #expect(abs((r.sem ?? 0) - 0.7416198) < 1e-6)
        #expect(abs((r.alphaIfDeleted[0].alpha ?? 0) - 0.2857143) < 1e-6)
        #expect(r.personsUsed == 5)
    }

    @Test("Spearman–Brown of a perfectly parallel split is 1; KR-20 equals alpha on dichotomous data")
    func parallelSplit() throws {
        // Items 1 and 2 identical, 3 and 4 identical: odd half = i1 + i3 = even half = i2 + i4.
        let rows: [[UInt8?]] = [[1, 1, 0, 0], [1, 1, 1, 1], [0, 0, 0, 0], [0, 0, 1, 1], [1, 1, 1, 1], [0, 0, 0, 0]]
        let r = ClassicalReliabilityAnalysis.analyze(try matrix(rows))
        #expect(abs((r.splitHalf?.halfCorrelation ?? 0) - 1) < 1e-12)
        #expect(abs((r.splitHalf?.spearmanBrown ?? 0) - 1) < 1e-12)
        #expect(abs((r.kr20 ?? 0) - (r.alpha ?? 1)) < 1e-12)
    }

    @Test("the BLAS covariance (blocks, two workers) equals the textbook loop, listwise and pairwise")
    func blasAgainstLoop() throws {
        let data = try seededData(persons: 5_000, items: 7, seed: 11, missing: 0.05)
        let j = data.itemCount
        // Listwise oracle.
        var complete: [[Double]] = []
        for p in 0..<data.personCount {
            let row = (0..<j).map { data[p, $0] }
            if row.allSatisfy({ $0 != nil }) { complete.append(row.map { Double($0 ?? 0) }) }
        }
        let listwise = ItemCovariance(data, rule: .listwise)
        let oracle = naiveCovariance(complete)
        #expect(listwise.completeCount == complete.count)
        for a in 0..<j { for b in 0..<j { #expect(abs(listwise.covariance[a * j + b] - oracle[a][b]) < 1e-10) } }
        // Pairwise oracle: each pair on its own complete cases.
        let pairwise = ItemCovariance(data, rule: .pairwise)
        for a in 0..<j {
            for b in 0..<j {
                let pairs = (0..<data.personCount).compactMap { p -> [Double]? in
                    guard let x = data[p, a], let y = data[p, b] else { return nil }
                    return [Double(x), Double(y)]
                }
                let c = naiveCovariance(pairs)
                #expect(pairwise.pairCounts[a * j + b] == pairs.count)
                #expect(abs(pairwise.covariance[a * j + b] - c[0][1]) < 1e-10)
            }
        }
    }

    @Test("sparse (adaptive) data: alpha is null with 'not defined for adaptive data', listwise and pairwise")
    func sparse() throws {
        let data = try seededData(persons: 400, items: 20, seed: 3, missing: 0.7)
        for rule in MissingDataRule.allCases {
            let r = ClassicalReliabilityAnalysis.analyze(data, rule: rule)
            #expect(r.alpha == nil && r.sem == nil && r.alphaCI == nil, "\(rule)")
            #expect(r.warnings.contains { $0.contains("not defined for adaptive data") }, "\(rule)")
        }
    }

    @Test("a constant total score and a single item give null alpha with a warning, never NaN")
    func undefined() throws {
        let constant = ClassicalReliabilityAnalysis.analyze(try matrix([[1, 1, 1], [1, 1, 1], [1, 1, 1]]))
        #expect(constant.alpha == nil)
        #expect(constant.warnings.contains { $0.contains("does not vary") })
        let single = ClassicalReliabilityAnalysis.analyze(try matrix([[1], [0], [1], [0]]))
        #expect(single.alpha == nil)
        #expect(single.warnings.contains { $0.contains("at least two items") })
    }

    @Test("the F quantile inverts the F distribution (F tables at .95 and .975)")
    func fQuantile() {
        // F.95(3, 10) = 3.7083, F.975(4, 8) = 5.0526, F.95(10, 1000) = 1.8402 (R qf).
        #expect(abs((FDistribution.quantile(0.95, 3, 10) ?? 0) - 3.7083) < 1e-3)
        #expect(abs((FDistribution.quantile(0.975, 4, 8) ?? 0) - 5.0526) < 1e-3)
        #expect(abs((FDistribution.quantile(0.95, 10, 1000) ?? 0) - 1.8402) < 1e-3)
        for (p, d1, d2) in [(0.025, 99.0, 9801.0), (0.975, 99_999.0, 9_899_901.0)] {
            let q = FDistribution.quantile(p, d1, d2) ?? .nan
            #expect(abs((1 - SpecialFunctions.fSurvival(q, d1, d2)) - p) < 1e-9)
        }
    }
}
