import AdaptiveTesting

/// What a psychometrician reads from a simulation study (DECISIONS §6 keys): precision, length,
/// exposure, the blueprint's rules and classification accuracy, overall and by θ band.
public struct SimulationReport: Sendable, Equatable, Codable {
    public var examinees: Int
    /// RMSE, bias and mean reported SE of θ̂ (final estimator) against the true θ.
    public var rmse: Double
    public var bias: Double
    public var meanSE: Double
    /// Correlation of θ̂ with θ.
    public var correlation: Double
    /// Scored operational items per exam.
    public var meanLength: Double
    public var minLength: Int
    public var maxLength: Int
    /// The highest exposure rate of an operational item (exams that gave it / examinees).
    public var maxExposure: Double
    /// The share of operational items no exam gave.
    public var unusedShare: Double
    /// The expected share of one exam's items that another random exam also gave:
    /// Σ_i m_i(m_i − 1) / (N(N − 1)·L̄), m_i the exams giving item i, L̄ the mean length
    /// (Chen, Ankenmann & Spray 2003; exact for variable lengths in this form).
    public var overlapRate: Double
    /// Exams outside a section's bounds, with an enemy pair, or with part of a set.
    public var sectionViolations: Int
    public var enemyViolations: Int
    public var setViolations: Int
    /// Exams per stop reason.
    public var stopReasons: [String: Int]
    /// Classification accuracy at each cut (θ̂ and θ on the same side) and of the level.
    public var classificationAccuracy: ClassificationAccuracy?
    /// The same measures by band of the true θ.
    public var conditional: [Band]
    /// Exposure rate of every item given at least once (operational and pretest), by item id.
    public var exposure: [ItemExposure]

    public struct ClassificationAccuracy: Sendable, Equatable, Codable {
        public var cuts: [CutAccuracy]
        /// The share of exams whose level equals the true level.
        public var levels: Double
        /// At the certification cut: the share passed with true θ below it, and failed above it.
        public var falsePass: Double?
        public var falseFail: Double?
    }

    public struct CutAccuracy: Sendable, Equatable, Codable {
        public var level: String
        public var cut: Double
        public var accuracy: Double
    }

    public struct Band: Sendable, Equatable, Codable {
        /// [lower, upper) of the true θ; nil = unbounded.
        public var lower: Double?
        public var upper: Double?
        public var examinees: Int
        public var bias: Double?
        public var rmse: Double?
        public var meanSE: Double?
        public var meanLength: Double?
    }

    public struct ItemExposure: Sendable, Equatable, Codable {
        public var itemId: String
        public var rate: Double
        public var pretest: Bool
    }

    /// Summarises outcomes of exams on `pool`.
    public init(outcomes: [SimulationStudy.Outcome], pool: ItemPool) {
        let n = outcomes.count
        let count = Double(max(1, n))
        examinees = n
        var sq = 0.0, sum = 0.0, se = 0.0, len = 0.0
        var minL = Int.max, maxL = 0
        var uses = [Int](repeating: 0, count: pool.items.count)
        var reasons: [String: Int] = [:]
        var sectionBad = 0, enemyBad = 0, setBad = 0
        for o in outcomes {
            let r = o.result
            let e = r.theta - o.trueTheta
            sq += e * e; sum += e; se += r.standardError; len += Double(r.length)
            minL = min(minL, r.length); maxL = max(maxL, r.length)
            reasons[r.stopReason.rawValue, default: 0] += 1
            let given = Set(r.items.map(\.poolIndex))
            for i in given { uses[i] += 1 }
            var counts = [Int](repeating: 0, count: pool.sections.count)
            for step in r.items where step.scored { if let s = pool.items[step.poolIndex].section { counts[s] += 1 } }
            let exhausted = r.stopReason == .poolExhausted
            if !exhausted, zip(counts, pool.sections).contains(where: { $0 < $1.minItems || $0 > $1.maxItems }) { sectionBad += 1 }
            else if exhausted, zip(counts, pool.sections).contains(where: { $0 > $1.maxItems }) { sectionBad += 1 }
            if given.contains(where: { i in pool.mutualEnemies[i].contains(where: given.contains) }) { enemyBad += 1 }
            if pool.sets.contains(where: { m in m.contains(where: given.contains) && !m.allSatisfy(given.contains) }) { setBad += 1 }
        }
        rmse = (sq / count).squareRoot()
        bias = sum / count
        meanSE = se / count
        meanLength = len / count
        minLength = n == 0 ? 0 : minL
        maxLength = maxL
        let truth = outcomes.map(\.trueTheta), estimate = outcomes.map(\.result.theta)
        correlation = Self.correlation(truth, estimate)
        let operational = pool.operationalIndex
        maxExposure = operational.map { Double(uses[$0]) / count }.max() ?? 0
        unusedShare = operational.isEmpty ? 0 : Double(operational.filter { uses[$0] == 0 }.count) / Double(operational.count)
        var pairs = 0.0
        for i in operational { pairs += Double(uses[i]) * Double(uses[i] - 1) }
        overlapRate = n > 1 && meanLength > 0 ? pairs / (Double(n) * Double(n - 1) * meanLength) : 0
        sectionViolations = sectionBad; enemyViolations = enemyBad; setViolations = setBad
        stopReasons = reasons
        exposure = pool.items.indices.filter { uses[$0] > 0 }.map {
            ItemExposure(itemId: pool.items[$0].id, rate: Double(uses[$0]) / count, pretest: pool.items[$0].role == .pretest)
        }
        if pool.cuts.isEmpty {
            classificationAccuracy = nil
        } else {
            let cuts = pool.cuts.enumerated().map { k, cut in
                CutAccuracy(level: pool.levelNames[k + 1], cut: cut,
                            accuracy: Double(outcomes.filter { ($0.result.theta >= cut) == ($0.trueTheta >= cut) }.count) / count)
            }
            let levels = Double(outcomes.filter { pool.level(theta: $0.result.theta) == pool.level(theta: $0.trueTheta) }.count) / count
            var falsePass: Double?, falseFail: Double?
            if let cut = pool.certificationCut {
                falsePass = Double(outcomes.filter { $0.result.theta >= cut && $0.trueTheta < cut }.count) / count
                falseFail = Double(outcomes.filter { $0.result.theta < cut && $0.trueTheta >= cut }.count) / count
            }
            classificationAccuracy = ClassificationAccuracy(cuts: cuts, levels: levels, falsePass: falsePass, falseFail: falseFail)
        }
        let edges = stride(from: -2.5, through: 2.5, by: 0.5).map { $0 }
        var bands: [Band] = []
        for k in 0...edges.count {
            let lo: Double? = k == 0 ? nil : edges[k - 1]
            let hi: Double? = k == edges.count ? nil : edges[k]
            let members = outcomes.filter { o in (lo.map { o.trueTheta >= $0 } ?? true) && (hi.map { o.trueTheta < $0 } ?? true) }
            let m = Double(members.count)
            bands.append(Band(
                lower: lo, upper: hi, examinees: members.count,
                bias: members.isEmpty ? nil : members.reduce(0) { $0 + $1.result.theta - $1.trueTheta } / m,
                rmse: members.isEmpty ? nil : (members.reduce(0) { $0 + pow2($1.result.theta - $1.trueTheta) } / m).squareRoot(),
                meanSE: members.isEmpty ? nil : members.reduce(0) { $0 + $1.result.standardError } / m,
                meanLength: members.isEmpty ? nil : members.reduce(0) { $0 + Double($1.result.length) } / m))
        }
        conditional = bands
    }

    static func correlation(_ x: [Double], _ y: [Double]) -> Double {
        let n = Double(x.count)
        guard x.count > 1 else { return .nan }
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (a, b) in zip(x, y) { sxy += (a - mx) * (b - my); sxx += (a - mx) * (a - mx); syy += (b - my) * (b - my) }
        return sxy / (sxx * syy).squareRoot()
    }
}

@inline(__always) private func pow2(_ x: Double) -> Double { x * x }
