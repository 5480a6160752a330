import IRTModels
/// Descriptive statistics of a bank for `bank stats`: item counts, blueprint coverage and parameter summaries.
public struct BankStatistics: Sendable, Codable, Equatable {
    /// The number of items of one section × level × status cell.
    public struct Count: Sendable, Codable, Equatable {
        public var section: String
        public var level: String
        public var status: String
        public var items: Int
    }

    /// Coverage of one blueprint section by operational items.
    ///
    /// `itemsNeededAtMaxLength = share × maxLength`; under the exposure limit a section needs
    /// `poolNeeded = ⌈max(minItems, itemsNeededAtMaxLength) / maxExposure⌉` operational items; `pass` when it has them.
    public struct Coverage: Sendable, Codable, Equatable {
        public var section: String
        public var share: Double
        public var minItems: Int
        public var maxItems: Int
        public var operationalItems: Int
        public var itemsNeededAtMaxLength: Double
        public var poolNeeded: Int
        public var pass: Bool
    }

    /// Mean, standard deviation (n − 1), minimum and maximum of a parameter; nil fields when undefined.
    public struct Summary: Sendable, Codable, Equatable {
        public var n: Int
        public var mean: Double?
        public var sd: Double?
        public var min: Double?
        public var max: Double?

        init(_ xs: [Double]) {
            n = xs.count
            guard !xs.isEmpty else { return }
            let m = xs.reduce(0, +) / Double(xs.count)
            mean = m
            sd = xs.count > 1 ? (xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count - 1)).squareRoot() : nil
            min = xs.min(); max = xs.max()
        }
    }

    /// Parameter summary of one model: discrimination a and difficulty b (polytomous: the mean threshold).
    public struct ModelSummary: Sendable, Codable, Equatable {
        public var model: String
        public var items: Int
        public var discrimination: Summary
        public var difficulty: Summary
    }

    public var counts: [Count]
    public var coverage: [Coverage]
    public var parameters: [ModelSummary]
    /// Items without parameters.
    public var itemsWithoutParameters: Int

    /// Computes the statistics of `bank`.
    public init(bank: ItemBank) {
        let manifest = bank.manifest
        var counts: [Count] = []
        for section in manifest.blueprint.sections {
            for level in MentorLevel.allCases {
                for status in ItemStatus.allCases {
                    let n = bank.items.filter { $0.section == section.id && $0.level == level && $0.status == status }.count
                    if n > 0 { counts.append(Count(section: section.id, level: level.rawValue, status: status.rawValue, items: n)) }
                }
            }
        }
        self.counts = counts
        let e = manifest.exam
        coverage = manifest.blueprint.sections.map { s in
            let operational = bank.items.filter { $0.section == s.id && $0.status == .operational }.count
            let needed = s.share * Double(e.maxLength)
            let pool = Int((Swift.max(Double(s.minItems), needed) / e.maxExposure - 1e-9).rounded(.up))
            return Coverage(section: s.id, share: s.share, minItems: s.minItems, maxItems: s.maxItems,
                            operationalItems: operational, itemsNeededAtMaxLength: needed, poolNeeded: pool,
                            pass: operational >= pool)
        }
        var parameters: [ModelSummary] = []
        for model in ItemModel.allCases {
            let ps = bank.items.compactMap(\.parameters).filter { $0.model == model }
            guard !ps.isEmpty else { continue }
            let a = ps.map(\.slope)
            let b: [Double] = ps.compactMap { p in
                if model.isDichotomous { return p.resolvedDifficulty }
                guard let bs = p.resolvedThresholds, !bs.isEmpty else { return nil }
                return bs.reduce(0, +) / Double(bs.count)
            }
            parameters.append(ModelSummary(model: model.rawValue, items: ps.count, discrimination: Summary(a), difficulty: Summary(b)))
        }
        self.parameters = parameters
        itemsWithoutParameters = bank.items.filter { $0.parameters == nil }.count
    }
}
