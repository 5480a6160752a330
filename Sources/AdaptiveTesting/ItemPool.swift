import IRTModels

/// The items an adaptive exam may draw from, with the blueprint rules that bind them: the engine's
/// view of a bank version (or of a calibration's parameter set, which has no blueprint).
///
/// Items are indexed `0..<items.count`. Only items of role ``PoolItem/Role/operational`` have
/// parameters used for estimation and selection; pretest items are seeded unscored at random
/// positions (DECISIONS §13) and need no parameters.
public struct ItemPool: Sendable {
    /// One blueprint section: its share of the exam's scored items and the bounds on their number.
    public struct Section: Sendable, Equatable, Codable {
        public var id: String
        /// Share of the scored items, 0–1 (DECISIONS §3: after n items the target is share × n).
        public var share: Double
        public var minItems: Int
        public var maxItems: Int
        public init(id: String, share: Double, minItems: Int, maxItems: Int) {
            self.id = id; self.share = share; self.minItems = minItems; self.maxItems = maxItems
        }
    }

    public let items: [PoolItem]
    public let sections: [Section]
    /// Members of each set, in pool order (a set is given whole or not at all).
    public let sets: [[Int]]
    /// The θ cut scores between consecutive levels, increasing (three for the four mentor levels).
    public let cuts: [Double]
    /// The names of the levels, `cuts.count + 1` of them, lowest first.
    public let levelNames: [String]
    /// The index of the certification level in `levelNames` (pass = level ≥ it), when the pool has one.
    public let certificationLevel: Int?
    /// The latent distribution of the scale (the prior of EAP/MAP and of the section estimates).
    public let latent: LatentDistribution
    /// The reporting scale, when the bank has one.
    public let scoreScale: ScoreScale?
    /// The operational items' parameters (index i of the batch is pool item `operationalIndex[i]`).
    public let batch: ItemBatch
    /// Pool index of each batch item.
    public let operationalIndex: [Int]
    /// Batch index of each pool item (nil for pretest items).
    public let batchIndex: [Int?]
    /// Each item's enemies in both directions (an enemy relation declared on either item binds both).
    public let mutualEnemies: [[Int]]
    /// Set index of each item.
    public let setOfItem: [Int?]

    /// Validates and indexes a pool.
    /// - Throws: ``AdaptiveTestingError/invalidPool(_:)`` naming the item or section at fault.
    public init(items: [PoolItem], sections: [Section] = [], cuts: [Double] = [], levelNames: [String]? = nil,
                certificationLevel: Int? = nil, latent: LatentDistribution = .standard,
                scoreScale: ScoreScale? = nil) throws(AdaptiveTestingError) {
        guard latent.isValid else { throw .invalidPool("the latent distribution N(\(latent.mean), \(latent.variance)) is not valid") }
        var ids = Set<String>()
        var setIndex: [String: Int] = [:]
        var sets: [[Int]] = []
        for (i, item) in items.enumerated() {
            guard ids.insert(item.id).inserted else { throw .invalidPool("item \(item.id) appears twice in the pool") }
            if let s = item.section, !sections.indices.contains(s) {
                throw .invalidPool("item \(item.id) names section index \(s), but the pool has \(sections.count) sections")
            }
            if item.role == .operational {
                guard let p = item.parameters else { throw .invalidPool("operational item \(item.id) has no parameters; calibrate it first") }
                if let error = ParameterBounds.problems(of: p).first(where: { $0.severity == .error }) {
                    throw .invalidPool("item \(item.id): \(error.message)")
                }
            }
            if let set = item.set {
                if let k = setIndex[set] { sets[k].append(i) } else { setIndex[set] = sets.count; sets.append([i]) }
            }
        }
        for item in items {
            for e in item.enemies where !items.indices.contains(e) {
                throw .invalidPool("item \(item.id) names enemy index \(e) outside the pool")
            }
        }
        for s in sections where s.minItems < 0 || s.maxItems < s.minItems || !(0...1).contains(s.share) {
            throw .invalidPool("section \(s.id) needs 0 ≤ minItems ≤ maxItems and a share in [0, 1]")
        }
        guard zip(cuts, cuts.dropFirst()).allSatisfy({ $0 < $1 }), cuts.allSatisfy(\.isFinite) else {
            throw .invalidPool("cut scores must be finite and increasing: \(cuts)")
        }
        let names = levelNames ?? (0...cuts.count).map { "level \($0 + 1)" }
        guard names.count == cuts.count + 1 else {
            throw .invalidPool("\(cuts.count) cut scores need \(cuts.count + 1) level names, not \(names.count)")
        }
        if let c = certificationLevel, !(1..<names.count).contains(c) {
            throw .invalidPool("the certification level must be one of the levels above the lowest")
        }
        self.items = items
        self.sections = sections
        self.sets = sets
        self.cuts = cuts
        self.levelNames = names
        self.certificationLevel = certificationLevel
        self.latent = latent
        self.scoreScale = scoreScale
        var op: [Int] = []
        var bi = [Int?](repeating: nil, count: items.count)
        var params: [ItemParameters] = []
        for (i, item) in items.enumerated() where item.role == .operational {
            if let p = item.parameters { bi[i] = op.count; op.append(i); params.append(p) }
        }
        self.operationalIndex = op
        self.batchIndex = bi
        self.batch = ItemBatch(params)
        var mutual = [[Int]](repeating: [], count: items.count)
        for (i, item) in items.enumerated() {
            for e in item.enemies where e != i {
                if !mutual[i].contains(e) { mutual[i].append(e) }
                if !mutual[e].contains(i) { mutual[e].append(i) }
            }
        }
        self.mutualEnemies = mutual
        var setOf = [Int?](repeating: nil, count: items.count)
        for (k, members) in sets.enumerated() { for i in members { setOf[i] = k } }
        self.setOfItem = setOf
    }

    /// The θ cut of the certification decision (pass = θ̂ ≥ it), when the pool has one.
    public var certificationCut: Double? { certificationLevel.map { cuts[$0 - 1] } }

    /// The level index of θ: the number of cuts at or below θ.
    public func level(theta: Double) -> Int { cuts.reduce(0) { $0 + (theta >= $1 ? 1 : 0) } }

    /// Number of operational items.
    public var operationalCount: Int { operationalIndex.count }
}

/// One item of an ``ItemPool``.
public struct PoolItem: Sendable, Equatable {
    /// How an item takes part in an exam.
    public enum Role: String, Sendable, Codable {
        /// Scored on the certification scale; counts toward length and the blueprint.
        case operational
        /// Seeded unscored at a random position; its exposure is counted (DECISIONS §13).
        case pretest
        /// An unscored self-assessment item (a Likert rating, `scored: false`): every one in the pool is
        /// given at the start of the exam, on top of the scored length, and never scored (DECISIONS §13).
        case selfAssessment = "self-assessment"
    }

    public var id: String
    public var role: Role
    /// Calibrated parameters (required for operational items).
    public var parameters: ItemParameters?
    /// Index of the item's blueprint section, if any.
    public var section: Int?
    /// Pool indices of items never given in the same exam.
    public var enemies: [Int]
    /// The id of the set (scenario) the item belongs to.
    public var set: String?
    /// Sympson–Hetter exposure-control parameter k ∈ (0, 1]: the probability that the item, once
    /// selected, is administered (1 = no control).
    public var exposureControl: Double
    /// The number of response categories of an item without parameters, when known (a response outside
    /// 0..<categoryCount is refused; simulated candidates answer a self-assessment item uniformly among them).
    public var categoryCount: Int?

    public init(id: String, role: Role = .operational, parameters: ItemParameters?, section: Int? = nil,
                enemies: [Int] = [], set: String? = nil, exposureControl: Double = 1, categoryCount: Int? = nil) {
        self.id = id; self.role = role; self.parameters = parameters; self.section = section
        self.enemies = enemies; self.set = set; self.exposureControl = exposureControl
        self.categoryCount = categoryCount
    }
}

/// Errors of the adaptive engine: what is wrong and what to do.
public enum AdaptiveTestingError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidPool(String)
    case invalidSettings(String)
    case invalidResponse(item: String, response: Int, categories: Int)
    case notAwaitingResponse(item: String)

    public var description: String {
        switch self {
        case .invalidPool(let s): return "item pool: \(s)"
        case .invalidSettings(let s): return "adaptive settings: \(s)"
        case .invalidResponse(let item, let r, let k):
            return "item \(item): response \(r) is not one of its categories 0–\(k - 1)"
        case .notAwaitingResponse(let item):
            return "item \(item) is not the item the exam is waiting for; record the response to the item last selected"
        }
    }
}
