/// Accuracy and consistency of the decision at one cut score (DECISIONS §7).
public struct CutClassification: Sendable, Codable, Equatable {
    /// The level at and above the cut.
    public var level: String
    /// The cut on the θ scale.
    public var cut: Double
    /// The cut on the summed-score scale (Lee, Livingston–Lewis): pass = summed score ≥ it.
    public var summedScoreCut: Int?
    /// Whether this cut is the certification decision.
    public var certification: Bool
    /// P(the decision equals the decision at the true score).
    public var accuracy: Double
    /// P(two independent parallel measurements give the same decision).
    public var consistency: Double
    /// Cohen's kappa of the consistency: (consistency − chance) / (1 − chance), chance = Σ_k p̄_k².
    public var kappa: Double?
    /// P(pass and the true score below the cut), over all candidates.
    public var falsePass: Double
    /// P(fail and the true score at or above the cut), over all candidates.
    public var falseFail: Double
    /// Conditional SEM at the cut: 1/√I(cut) of the items behind the method (nil for Livingston–Lewis).
    public var csem: Double?
}

/// The overall classification into all levels.
public struct LevelClassification: Sendable, Codable, Equatable {
    public var accuracy: Double
    public var consistency: Double
    public var kappa: Double?
}

/// Classification accuracy and consistency by one method, at every cut and over the levels.
public struct ClassificationReport: Sendable, Codable, Equatable {
    /// `rudner`, `lee`, `livingston-lewis` or `simulation`.
    public var method: String
    /// What the method rests on, in words (estimator, latent distribution, effective test length).
    public var basis: String
    public var cuts: [CutClassification]
    /// The overall classification into the levels (accuracy and consistency of the level).
    public var levels: LevelClassification
}

/// The joint table of true and observed categories that every method produces, and the indices from it.
///
/// `accuracyTable[t][o]` = P(true category t, observed o); `consistencyTable[a][b]` = P(first
/// measurement a, second b) for two conditionally independent measurements. Indices per cut collapse
/// the categories at the cut (below / at or above).
struct ClassificationTables {
    var accuracyTable: [[Double]]
    var consistencyTable: [[Double]]

    init(categories: Int) {
        accuracyTable = Array(repeating: Array(repeating: 0, count: categories), count: categories)
        consistencyTable = accuracyTable
    }

    /// Adds a person or node of weight `weight` whose true category is `trueCategory` and whose observed
    /// category has probabilities `observed` (for the accuracy table, either the probabilities — Lee — or a
    /// one-hot observed category with `observed` the probabilities of the true one — Rudner; the caller
    /// chooses by filling the right entries through `addAccuracy`).
    mutating func addConsistency(_ probabilities: [Double], weight: Double) {
        for a in probabilities.indices { for b in probabilities.indices { consistencyTable[a][b] += weight * probabilities[a] * probabilities[b] } }
    }

    mutating func addAccuracy(trueCategory t: Int, observed o: Int, weight: Double) {
        accuracyTable[t][o] += weight
    }

    /// Divides both tables by their totals.
    mutating func normalise() {
        for table in [\ClassificationTables.accuracyTable, \ClassificationTables.consistencyTable] {
            let total = self[keyPath: table].joined().reduce(0, +)
            guard total > 0 else { continue }
            self[keyPath: table] = self[keyPath: table].map { $0.map { $0 / total } }
        }
    }

    /// Agreement and kappa of a square table.
    static func agreement(_ table: [[Double]]) -> (agreement: Double, kappa: Double?) {
        let k = table.count
        var diag = 0.0, chance = 0.0
        for a in 0..<k {
            diag += table[a][a]
            let row = table[a].reduce(0, +)
            let column = table.reduce(0) { $0 + $1[a] }
            chance += row * column
        }
        return (diag, chance < 1 - 1e-12 ? (diag - chance) / (1 - chance) : nil)
    }

    /// The 2 × 2 table at cut index c (categories ≥ c + 1 pass).
    static func collapse(_ table: [[Double]], atCut c: Int) -> [[Double]] {
        var out = [[0.0, 0.0], [0.0, 0.0]]
        for a in table.indices { for b in table.indices { out[a > c ? 1 : 0][b > c ? 1 : 0] += table[a][b] } }
        return out
    }

    /// The report of a method: per cut and over the levels.
    func report(method: String, basis: String, model: ReliabilityModel, summedScoreCuts: [Int]? = nil,
                csem: [Double?]) -> ClassificationReport {
        let cuts = model.cuts.enumerated().map { c, cut -> CutClassification in
            let acc = Self.collapse(accuracyTable, atCut: c)
            let con = Self.collapse(consistencyTable, atCut: c)
            let consistency = Self.agreement(con)
            return CutClassification(level: cut.level, cut: cut.theta, summedScoreCut: summedScoreCuts?[c],
                                     certification: cut.certification, accuracy: acc[0][0] + acc[1][1],
                                     consistency: consistency.agreement, kappa: consistency.kappa,
                                     falsePass: acc[0][1], falseFail: acc[1][0], csem: csem[c])
        }
        let all = Self.agreement(consistencyTable)
        let accuracy = accuracyTable.indices.reduce(0) { $0 + accuracyTable[$1][$1] }
        return ClassificationReport(method: method, basis: basis, cuts: cuts,
                                    levels: LevelClassification(accuracy: accuracy, consistency: all.agreement, kappa: all.kappa))
    }
}
