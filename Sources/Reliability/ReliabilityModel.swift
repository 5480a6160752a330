import AdaptiveTesting
import ExamDesign
import IRTModels
import ItemBanking
import Scoring

/// What the IRT and classification parts of the analysis need besides the responses: the items'
/// parameters, their sections, the cut scores, the latent distribution, the final estimator, whether
/// the parameters are simulated, and (from a bank) the adaptive exam for the simulation study.
public struct ReliabilityModel: Sendable {
    /// A cut score between two adjacent levels.
    public struct Cut: Sendable, Equatable, Codable {
        /// The level at and above the cut (`intermediate`).
        public var level: String
        /// The cut on the θ scale.
        public var theta: Double
        /// Whether passing this cut is the certification decision.
        public var certification: Bool
        public init(level: String, theta: Double, certification: Bool) {
            self.level = level; self.theta = theta; self.certification = certification
        }
    }

    /// The calibrated items (the bank's scored operational items, or a parameter file's items).
    public var items: [ParameterSet.Item]
    /// Section id of each item id (empty without a blueprint).
    public var sectionOfItem: [String: String]
    /// The blueprint's section ids in order.
    public var sections: [String]
    /// Increasing cut scores (empty: no classification).
    public var cuts: [Cut]
    /// Names of the levels, lowest first (cuts.count + 1 of them when there are cuts).
    public var levelNames: [String]
    /// The latent distribution g(θ) of the scale.
    public var latent: LatentDistribution
    /// The final estimator of the exam, whose θ̂ and SE Rudner's indices use (DECISIONS §7; WLE by default).
    public var finalEstimator: ScoringMethod
    /// True when the parameters come from a simulated field test (every result then says so).
    public var simulatedParameters: Bool
    /// The adaptive exam of the bank (pool and settings), for the simulation study; nil for a parameter file
    /// without a blueprint, which gets a pool of all its items with the default settings.
    public var adaptiveEngine: AdaptiveEngine?
    /// Why there is no adaptive exam to simulate (the engine refused the pool or its settings).
    public var adaptiveEngineProblem: String?

    public init(items: [ParameterSet.Item], sectionOfItem: [String: String] = [:], sections: [String] = [],
                cuts: [Cut] = [], levelNames: [String] = [], latent: LatentDistribution = .standard,
                finalEstimator: ScoringMethod = .wle, simulatedParameters: Bool = false,
                adaptiveEngine: AdaptiveEngine? = nil) throws(ReliabilityError) {
        guard !items.isEmpty else { throw .invalidSetting("no item has parameters; calibrate the items first") }
        for (k, cut) in cuts.enumerated() {
            guard cut.theta.isFinite else { throw .cutScores("the cut of \(cut.level) is not a finite number") }
            if k > 0, !(cuts[k - 1].theta < cut.theta) {
                throw .cutScores("the cut of \(cut.level) (\(cut.theta)) is not above the cut of \(cuts[k - 1].level) (\(cuts[k - 1].theta))")
            }
        }
        guard latent.isValid else { throw .invalidSetting("the latent distribution needs a finite mean and a positive variance") }
        self.items = items
        self.sectionOfItem = sectionOfItem
        self.sections = sections
        self.cuts = cuts
        self.levelNames = levelNames.count == cuts.count + 1 ? levelNames
            : ["below " + (cuts.first?.level ?? "cut")] + cuts.map(\.level)
        self.latent = latent
        self.finalEstimator = finalEstimator
        self.simulatedParameters = simulatedParameters
        self.adaptiveEngine = adaptiveEngine
    }

    /// The model of a bank version: its scored items with parameters, its sections, its three level cuts
    /// with the certification level, its scale's latent distribution, its final estimator, and its
    /// adaptive exam (``ItemPool/init(bank:)``, ``AdaptiveSettings/init(bank:)``); simulated when the
    /// bank's `parameterSource` says so.
    public init(bank: ItemBank) throws(ReliabilityError) {
        let set: ParameterSet?
        do { set = try bank.parameterSet() } catch { throw .invalidSetting(error.description) }
        guard let set else { throw .invalidSetting("no scored item of the bank has parameters; calibrate the bank first") }
        let manifest = bank.manifest
        let c = manifest.cutScores
        let certification = manifest.certificationLevel
        let cuts = [(MentorLevel.intermediate, c.intermediate), (.advanced, c.advanced), (.expert, c.expert)].map {
            Cut(level: $0.0.rawValue, theta: $0.1, certification: $0.0 == certification)
        }
        var engine: AdaptiveEngine?
        var problem: String?
        do {
            let pool = try ItemPool(bank: bank)
            engine = try AdaptiveEngine(pool: pool, settings: AdaptiveSettings(bank: bank))
        } catch {
            problem = error.description
        }
        try self.init(items: set.items,
                      sectionOfItem: Dictionary(bank.items.map { ($0.id, $0.section) }, uniquingKeysWith: { a, _ in a }),
                      sections: manifest.blueprint.sections.map(\.id),
                      cuts: cuts, levelNames: MentorLevel.allCases.map(\.rawValue), latent: set.latent,
                      finalEstimator: ScoringMethod(rawValue: manifest.exam.finalEstimator.rawValue) ?? .wle,
                      simulatedParameters: manifest.parameterSource?.source == .simulated,
                      adaptiveEngine: engine)
        adaptiveEngineProblem = problem
    }

    /// The model of a parameter file: every item, no sections; `cuts` (θ, increasing) named by the four
    /// levels when there are three of them (certification at the first), else `cut 1`, `cut 2`, …
    /// (certification at the first). Simulated when the file's warnings say its parameters are.
    public init(parameterSet: ParameterSet, cuts: [Double] = []) throws(ReliabilityError) {
        let names = cuts.count == 3 ? MentorLevel.allCases.map(\.rawValue) : ["below cut 1"] + cuts.indices.map { "cut \($0 + 1)" }
        var engine: AdaptiveEngine?
        var problem: String?
        do {
            engine = try AdaptiveEngine(pool: ItemPool(parameterSet: parameterSet, cuts: cuts), settings: AdaptiveSettings(content: .none))
        } catch {
            problem = error.description
        }
        try self.init(items: parameterSet.items, cuts: cuts.enumerated().map { Cut(level: names[$0.offset + 1], theta: $0.element, certification: $0.offset == 0) },
                      levelNames: names, latent: parameterSet.latent, finalEstimator: .wle,
                      simulatedParameters: parameterSet.warnings.contains { $0.lowercased().contains("simulated") },
                      adaptiveEngine: engine)
        adaptiveEngineProblem = problem
    }

    /// The category (0 = lowest level) of θ: the number of cuts at or below it.
    func level(of theta: Double) -> Int { cuts.reduce(0) { $0 + (theta >= $1.theta ? 1 : 0) } }
}
