/// The reliability of one section's score.
public struct SectionReliability: Sendable, Codable, Equatable {
    /// The blueprint section id.
    public var section: String
    /// Calibrated items of the section in the bank.
    public var items: Int
    /// Marginal reliability of a test of all the section's items (DECISIONS §7).
    public var marginalReliability: Double?
    /// Empirical reliability of the section EAP scores on the responses (persons who answered an item of it).
    public var empiricalReliability: Double?
    /// Cronbach's alpha of the section's columns in the responses (nil on sparse data).
    public var alpha: Double?
}

/// Conditional SEM of the simulated adaptive exams in one band of the true θ.
public struct ConditionalPrecision: Sendable, Codable, Equatable {
    /// Band start (inclusive; nil = unbounded) and end (exclusive; nil = unbounded).
    public var thetaLower: Double?
    public var thetaUpper: Double?
    public var examinees: Int
    /// Mean reported SE of the final estimate (the CSEM of the exam) and root mean squared error.
    public var meanSE: Double?
    public var rmse: Double?
    public var meanLength: Double?
}

/// The decisions of the simulated exams compared with the decisions at the true θ.
public struct AchievedClassification: Sendable, Codable, Equatable {
    public struct Cut: Sendable, Codable, Equatable {
        public var level: String
        public var cut: Double
        public var certification: Bool
        /// Share of candidates whose decision equals the decision at their true θ.
        public var accuracy: Double
        /// Share passed with a true θ below the cut; share failed with a true θ at or above it.
        public var falsePass: Double
        public var falseFail: Double
    }
    public var cuts: [Cut]
    /// Share of candidates placed at the level of their true θ.
    public var levels: Double
}

/// Reliability of the adaptive exam from a simulation study (``ExamDesign/SimulationStudy``).
public struct AdaptiveReliability: Sendable, Codable, Equatable {
    public var examinees: Int
    public var seed: UInt64
    /// The final estimator of the simulated exams.
    public var estimator: String
    public var meanLength: Double
    /// var(θ̂) / (var(θ̂) + mean SE²) over the simulated candidates (empirical reliability of the exam).
    public var empiricalReliability: Double?
    /// Squared correlation of θ̂ with the true θ (the reliability the simulation achieved).
    public var trueScoreReliability: Double?
    public var meanSE: Double?
    public var rmse: Double?
    /// CSEM by band of the true θ (0.5 wide from −2.5 to 2.5, open at both ends).
    public var conditional: [ConditionalPrecision]
    /// Rudner's indices on the simulated θ̂ and SE.
    public var classification: ClassificationReport?
    /// What the simulation achieved against the true θ.
    public var achievedClassification: AchievedClassification?
}

/// The reliability document: `mentorcert reliability --format json`, and the API of the technical
/// report (``ReliabilityAnalysis/run(responses:model:options:)``).
///
/// The classical fields are always present (null with a warning when not defined, e.g. on adaptive
/// data); the IRT fields (`marginalReliability`, `empiricalReliability`, `information`, `sections`) are
/// null without a model; the classification fields are null without cut scores; `adaptive` is null
/// without a simulation. `simulatedParameters` is true when the parameters come from a simulated field
/// test, and the warnings then say so. Keys are DECISIONS §7/§8's; the version is ``schemaVersion``.
public struct ReliabilityReport: Sendable, Codable, Equatable {
    /// The version of this document's layout.
    public static let currentSchemaVersion = 1

    public var schemaVersion: Int
    /// Persons and item columns of the responses.
    public var persons: Int
    public var items: Int
    /// `listwise` or `pairwise`.
    public var missingData: MissingDataRule
    /// Persons behind the classical statistics.
    public var personsUsed: Int
    // Classical (ClassicalReliabilityAnalysis).
    public var alpha: Double?
    public var alphaCI: ConfidenceInterval?
    public var standardizedAlpha: Double?
    public var kr20: Double?
    public var alphaIfDeleted: [AlphaIfDeleted]
    public var splitHalf: SplitHalf?
    public var meanScore: Double?
    public var standardDeviation: Double?
    public var sem: Double?
    // IRT.
    /// Whether the IRT parameters are simulated (nil without parameters).
    public var simulatedParameters: Bool?
    /// Items of the responses that have parameters.
    public var itemsWithParameters: Int?
    public var marginalReliability: Double?
    /// Marginal reliability of the whole calibrated bank (all items of the model).
    public var bankMarginalReliability: Double?
    public var empiricalReliability: Double?
    /// The estimator behind `empiricalReliability` (`eap`).
    public var empiricalEstimator: String?
    public var information: [InformationCurve]?
    public var sections: [SectionReliability]?
    // Classification.
    /// Rudner's indices from the final estimator's θ̂ and SE (DECISIONS §7).
    public var classification: ClassificationReport?
    /// Lee's IRT indices for the summed score of the form (fixed forms only).
    public var leeClassification: ClassificationReport?
    /// Livingston–Lewis indices for the raw summed score (fixed forms only).
    public var livingstonLewisClassification: ClassificationReport?
    /// The adaptive exam's reliability from simulation.
    public var adaptive: AdaptiveReliability?
    public var warnings: [String]

    enum CodingKeys: String, CodingKey {
        case schemaVersion, persons, items, missingData, personsUsed, alpha, alphaCI, standardizedAlpha, kr20, alphaIfDeleted,
             splitHalf, meanScore, standardDeviation, sem, simulatedParameters, itemsWithParameters, marginalReliability,
             bankMarginalReliability, empiricalReliability, empiricalEstimator, information, sections, classification,
             leeClassification, livingstonLewisClassification, adaptive, warnings
    }

    /// Every key is written, a missing value as `null` (DECISIONS §8).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(schemaVersion, forKey: .schemaVersion)
        try c.encode(persons, forKey: .persons)
        try c.encode(items, forKey: .items)
        try c.encode(missingData, forKey: .missingData)
        try c.encode(personsUsed, forKey: .personsUsed)
        try c.encode(alpha, forKey: .alpha)
        try c.encode(alphaCI, forKey: .alphaCI)
        try c.encode(standardizedAlpha, forKey: .standardizedAlpha)
        try c.encode(kr20, forKey: .kr20)
        try c.encode(alphaIfDeleted, forKey: .alphaIfDeleted)
        try c.encode(splitHalf, forKey: .splitHalf)
        try c.encode(meanScore, forKey: .meanScore)
        try c.encode(standardDeviation, forKey: .standardDeviation)
        try c.encode(sem, forKey: .sem)
        try c.encode(simulatedParameters, forKey: .simulatedParameters)
        try c.encode(itemsWithParameters, forKey: .itemsWithParameters)
        try c.encode(marginalReliability, forKey: .marginalReliability)
        try c.encode(bankMarginalReliability, forKey: .bankMarginalReliability)
        try c.encode(empiricalReliability, forKey: .empiricalReliability)
        try c.encode(empiricalEstimator, forKey: .empiricalEstimator)
        try c.encode(information, forKey: .information)
        try c.encode(sections, forKey: .sections)
        try c.encode(classification, forKey: .classification)
        try c.encode(leeClassification, forKey: .leeClassification)
        try c.encode(livingstonLewisClassification, forKey: .livingstonLewisClassification)
        try c.encode(adaptive, forKey: .adaptive)
        try c.encode(warnings, forKey: .warnings)
    }
}
