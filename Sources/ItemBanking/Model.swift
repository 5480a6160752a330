import IRTModels
// The item-bank value types: manifest, blueprint, levels, cut scores, exam settings and items.
// Every type is a Sendable, Codable value; the Codable form (sorted keys) is the canonical JSON
// from which a bank's content hash is computed (see ContentHash.swift).

/// The four ordered mentor levels (DECISIONS §3): novice < intermediate < advanced < expert.
public enum MentorLevel: String, Sendable, Codable, CaseIterable, Comparable {
    case novice, intermediate, advanced, expert

    /// The position of the level in the order (novice = 0).
    public var rank: Int { MentorLevel.allCases.firstIndex(of: self) ?? 0 }

    public static func < (lhs: MentorLevel, rhs: MentorLevel) -> Bool { lhs.rank < rhs.rank }
}

/// The kind of an item: dichotomously keyed multiple choice, or graded (situational judgement with
/// expert-keyed partial credit, or a Likert self-assessment).
public enum ItemType: String, Sendable, Codable, CaseIterable {
    case multipleChoice = "multiple-choice"
    case graded
}

/// The life-cycle status of an item. Only `operational` items count for the blueprint checks.
public enum ItemStatus: String, Sendable, Codable, CaseIterable {
    case draft, pretest, operational, retired
}

/// A θ estimator named in the exam settings.
public enum Estimator: String, Sendable, Codable, CaseIterable {
    case eap, map, ml, wle
}

/// One section of the blueprint. Shares count items (DECISIONS §3): after n items the balancing
/// target of a section is `share × n`, and `minItems`/`maxItems` bound the items given per exam.
public struct BlueprintSection: Sendable, Codable, Equatable {
    /// Section id (`S1` …); the items of the section live in `items/<id>.yaml`.
    public var id: String
    public var title: String
    public var description: String
    /// Share of the exam's items, 0–1; the shares of all sections sum to 1 ± 0.01.
    public var share: Double
    /// Minimum number of items of this section in an exam.
    public var minItems: Int
    /// Maximum number of items of this section in an exam.
    public var maxItems: Int

    public init(id: String, title: String, description: String, share: Double, minItems: Int, maxItems: Int) {
        self.id = id; self.title = title; self.description = description
        self.share = share; self.minItems = minItems; self.maxItems = maxItems
    }
}

/// The blueprint: the sections of the core score, in order.
public struct Blueprint: Sendable, Codable, Equatable {
    public var sections: [BlueprintSection]
    public init(sections: [BlueprintSection]) { self.sections = sections }

    /// The section with the given id, if any.
    public func section(_ id: String) -> BlueprintSection? { sections.first { $0.id == id } }
}

/// The description of one level in the manifest.
public struct LevelDefinition: Sendable, Codable, Equatable {
    public var id: MentorLevel
    public var title: String
    public var description: String
    public init(id: MentorLevel, title: String, description: String) {
        self.id = id; self.title = title; self.description = description
    }
}

/// The three θ cut scores separating the four levels; a candidate below `intermediate` is novice.
/// Valid cut scores are strictly increasing: `intermediate < advanced < expert`.
public struct CutScores: Sendable, Codable, Equatable {
    public var intermediate: Double
    public var advanced: Double
    public var expert: Double
    public init(intermediate: Double, advanced: Double, expert: Double) {
        self.intermediate = intermediate; self.advanced = advanced; self.expert = expert
    }

    /// The level of a θ value: the highest level whose cut θ reaches.
    public func level(theta: Double) -> MentorLevel {
        if theta >= expert { return .expert }
        if theta >= advanced { return .advanced }
        if theta >= intermediate { return .intermediate }
        return .novice
    }
}

/// Settings of the adaptive exam.
public struct ExamSettings: Sendable, Codable, Equatable {
    /// Stop when the SE of θ falls below this (> 0).
    public var targetSE: Double
    public var minLength: Int
    public var maxLength: Int
    /// The exposure limit, in (0, 1].
    public var maxExposure: Double
    /// Starting θ (default 0).
    public var startTheta: Double
    /// Interim estimator (default EAP).
    public var interimEstimator: Estimator
    /// Final estimator (default WLE).
    public var finalEstimator: Estimator
    /// A section whose SE exceeds this shows "not enough evidence" (default 0.5).
    public var sectionMaxSE: Double
    /// Unscored pretest items seeded at random positions in each exam (bank format 2; nil = 0).
    public var pretestItems: Int?
    /// The time limit of each exam, in minutes (bank format 2; nil = no limit). Only the time the exam is
    /// open counts: the sum of the time each item was on screen (DECISIONS, "The candidate's exam").
    public var timeLimitMinutes: Double?

    public init(targetSE: Double, minLength: Int, maxLength: Int, maxExposure: Double, startTheta: Double = 0,
                interimEstimator: Estimator = .eap, finalEstimator: Estimator = .wle, sectionMaxSE: Double = 0.5,
                pretestItems: Int? = nil, timeLimitMinutes: Double? = nil) {
        self.targetSE = targetSE; self.minLength = minLength; self.maxLength = maxLength
        self.maxExposure = maxExposure; self.startTheta = startTheta
        self.interimEstimator = interimEstimator; self.finalEstimator = finalEstimator
        self.sectionMaxSE = sectionMaxSE
        self.pretestItems = pretestItems
        self.timeLimitMinutes = timeLimitMinutes
    }
}

/// Settings of the certification scheme (bank format 2, `certification:` block): how long a certificate
/// issued from this bank is valid (ISO/IEC 17024 §9.6: the scheme sets the recertification period).
public struct CertificationScheme: Sendable, Codable, Equatable {
    /// The default validity period in years (DECISIONS §11).
    public static let defaultValidityYears = 3
    /// Validity periods the loader accepts.
    public static let validityYearsRange = 1...10
    /// Years from the date of issue to the end of validity.
    public var validityYears: Int
    public init(validityYears: Int = CertificationScheme.defaultValidityYears) { self.validityYears = validityYears }
}

/// A linear reporting scale: `scale score = intercept + slope · θ`, rounded.
public struct ReportingScale: Sendable, Codable, Equatable {
    public var intercept: Double
    public var slope: Double
    public init(intercept: Double, slope: Double) { self.intercept = intercept; self.slope = slope }

    /// The rounded scale score of θ.
    public func score(theta: Double) -> Double { (intercept + slope * theta).rounded() }
}

/// Where the item parameters of a bank came from.
public struct ParameterSource: Sendable, Codable, Equatable {
    /// The kind of source.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case simulated, provisional, fieldTest = "field-test"
    }
    public var source: Kind
    public var seed: Int?
    public var persons: Int?
    public var calibration: String?
    public var model: String?
    /// Free-form generating settings (scalar values kept as their YAML text).
    public var settings: [String: String]?
    public var note: String?

    public init(source: Kind, seed: Int? = nil, persons: Int? = nil, calibration: String? = nil,
                model: String? = nil, settings: [String: String]? = nil, note: String? = nil) {
        self.source = source; self.seed = seed; self.persons = persons; self.calibration = calibration
        self.model = model; self.settings = settings; self.note = note
    }
}

/// The latent distribution of one calibration sample on the bank's scale (bank format 2): what a
/// fixed-parameter (pretest) calibration estimated, kept so that the new bank version loses nothing.
public struct CalibrationSample: Sendable, Codable, Equatable {
    /// The calibration id.
    public var calibration: String
    /// The number of persons calibrated, when known.
    public var persons: Int?
    /// The estimated mean μ of the sample's θ on the bank's scale.
    public var latentMean: Double
    /// The estimated variance σ² of the sample's θ on the bank's scale (> 0).
    public var latentVariance: Double

    public init(calibration: String, persons: Int? = nil, latentMean: Double, latentVariance: Double) {
        self.calibration = calibration; self.persons = persons
        self.latentMean = latentMean; self.latentVariance = latentVariance
    }

    /// The sample's distribution N(μ, σ²), both estimated.
    public var latent: LatentDistribution {
        LatentDistribution(mean: latentMean, variance: latentVariance, meanEstimated: true, varianceEstimated: true)
    }
}

/// The θ scale of a bank (the manifest's `scale:` block, bank format 2): the latent distribution of
/// the scale's reference population and what later calibrations learnt about their samples.
///
/// ```
/// θ ~ N(latentMean, latentVariance)   in the reference population of the calibration that set the scale
/// ```
/// A full calibration sets the scale (N(0, 1) for free-slope models, DECISIONS §4). A fixed-parameter
/// (pretest) calibration keeps it — the fixed operational items carry the scale — and records the
/// latent mean and variance it estimated for its own sample in ``lastCalibrationSample``. A bank
/// without the block is on N(0, 1) (``LatentDistribution/standard``).
public struct BankScale: Sendable, Codable, Equatable {
    /// The mean of the scale's reference population (0 after a full calibration).
    public var latentMean: Double
    /// The variance of the scale's reference population (> 0; 1 after a full free-slope calibration).
    public var latentVariance: Double
    /// The calibration that set the scale, when known.
    public var calibration: String?
    /// The sample of the latest fixed-parameter calibration on this scale (earlier ones stay in the
    /// parent versions).
    public var lastCalibrationSample: CalibrationSample?

    public init(latentMean: Double = 0, latentVariance: Double = 1, calibration: String? = nil,
                lastCalibrationSample: CalibrationSample? = nil) {
        self.latentMean = latentMean; self.latentVariance = latentVariance
        self.calibration = calibration; self.lastCalibrationSample = lastCalibrationSample
    }

    /// The scale's reference distribution N(latentMean, latentVariance), as fixed values: scoring
    /// and information-weighted statistics on this bank use it.
    public var latent: LatentDistribution { LatentDistribution(mean: latentMean, variance: latentVariance) }
}

/// The manifest of a bank (`bank.yaml`).
///
/// Its `Codable` form is the canonical JSON of the content hash. It writes ``schemaVersion`` (the
/// lowest format version that holds the manifest) and each optional block only when present, so a
/// bank that uses no version-2 key hashes exactly as it did under format 1, whichever version its
/// file declares.
public struct BankManifest: Sendable, Codable, Equatable {
    /// The bank-format version `bank export` writes.
    public static let currentSchemaVersion = 2
    /// The bank-format versions this engine reads.
    public static let supportedSchemaVersions = 1...2

    /// The lowest bank-format version that holds this manifest: 1 unless it uses a key of version 2
    /// (`scale`, `exam.pretestItems`, `exam.timeLimitMinutes`, `certification`, `assessments`, `sectorModules`;
    /// items may carry `exposureControl`). It is derived, not stored, so that the version a file declares never changes the
    /// content hash: an export (always written as ``currentSchemaVersion``) re-imports as the same
    /// bank version.
    public var schemaVersion: Int {
        scale == nil && exam.pretestItems == nil && exam.timeLimitMinutes == nil && certification == nil
            && assessments == nil && sectorModules == nil ? 1 : 2
    }
    /// Bank name, `[a-z0-9-]+`.
    public var name: String
    /// The author's version label (the store identifies versions by content hash).
    public var version: String
    public var title: String
    public var description: String
    /// BCP-47 language tag.
    public var language: String
    /// Pass = final level ≥ this (default intermediate).
    public var certificationLevel: MentorLevel
    public var blueprint: Blueprint
    public var levels: [LevelDefinition]
    public var cutScores: CutScores
    public var exam: ExamSettings
    public var reportingScale: ReportingScale?
    public var parameterSource: ParameterSource?
    /// The latent distribution of the bank's θ scale (format 2); nil means N(0, 1).
    public var scale: BankScale?
    /// The certification scheme's settings (format 2); nil means the defaults of ``CertificationScheme``.
    public var certification: CertificationScheme?
    /// The settings of each assessment type that has its own (format 2; nil: every type runs on `exam`
    /// and the blueprint). Read through ``assessment(_:)``.
    public var assessments: AssessmentTypes?
    /// Sector label modules (format 2; nil: none).
    public var sectorModules: [SectorModule]?

    /// Years a certificate issued from this bank stays valid (`certification.validityYears`, default 3).
    public var validityYears: Int { certification?.validityYears ?? CertificationScheme.defaultValidityYears }

    public init(name: String, version: String, title: String, description: String,
                language: String, certificationLevel: MentorLevel = .intermediate, blueprint: Blueprint,
                levels: [LevelDefinition], cutScores: CutScores, exam: ExamSettings,
                reportingScale: ReportingScale? = nil, parameterSource: ParameterSource? = nil,
                scale: BankScale? = nil, certification: CertificationScheme? = nil,
                assessments: AssessmentTypes? = nil, sectorModules: [SectorModule]? = nil) {
        self.certification = certification
        self.assessments = assessments; self.sectorModules = sectorModules
        self.name = name; self.version = version; self.title = title
        self.description = description; self.language = language; self.certificationLevel = certificationLevel
        self.blueprint = blueprint; self.levels = levels; self.cutScores = cutScores; self.exam = exam
        self.reportingScale = reportingScale; self.parameterSource = parameterSource; self.scale = scale
    }

    /// The latent distribution of the bank's scale: the `scale` block's, else N(0, 1).
    public var latentDistribution: LatentDistribution { scale?.latent ?? .standard }

    /// The bank's scale as it applies: the `scale` block, or — for a bank without one — N(0, 1) set by
    /// the calibration its parameters came from (`parameterSource.calibration`), with no sample.
    public var effectiveScale: BankScale { scale ?? BankScale(calibration: parameterSource?.calibration) }

    enum CodingKeys: String, CodingKey {
        case schemaVersion, name, version, title, description, language, certificationLevel, blueprint, levels,
             cutScores, exam, reportingScale, parameterSource, scale, certification, assessments, sectorModules
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let declared = try c.decodeIfPresent(Int.self, forKey: .schemaVersion) ?? 1
        guard Self.supportedSchemaVersions.contains(declared) else {
            throw DecodingError.dataCorruptedError(forKey: .schemaVersion, in: c,
                debugDescription: "bank schemaVersion \(declared) is newer than this engine reads (\(Self.supportedSchemaVersions))")
        }
        self.init(name: try c.decode(String.self, forKey: .name), version: try c.decode(String.self, forKey: .version),
                  title: try c.decode(String.self, forKey: .title), description: try c.decode(String.self, forKey: .description),
                  language: try c.decode(String.self, forKey: .language),
                  certificationLevel: try c.decode(MentorLevel.self, forKey: .certificationLevel),
                  blueprint: try c.decode(Blueprint.self, forKey: .blueprint),
                  levels: try c.decode([LevelDefinition].self, forKey: .levels),
                  cutScores: try c.decode(CutScores.self, forKey: .cutScores), exam: try c.decode(ExamSettings.self, forKey: .exam),
                  reportingScale: try c.decodeIfPresent(ReportingScale.self, forKey: .reportingScale),
                  parameterSource: try c.decodeIfPresent(ParameterSource.self, forKey: .parameterSource),
                  scale: try c.decodeIfPresent(BankScale.self, forKey: .scale),
                  certification: try c.decodeIfPresent(CertificationScheme.self, forKey: .certification),
                  assessments: try c.decodeIfPresent(AssessmentTypes.self, forKey: .assessments),
                  sectorModules: try c.decodeIfPresent([SectorModule].self, forKey: .sectorModules))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(schemaVersion, forKey: .schemaVersion)
        try c.encode(name, forKey: .name)
        try c.encode(version, forKey: .version)
        try c.encode(title, forKey: .title)
        try c.encode(description, forKey: .description)
        try c.encode(language, forKey: .language)
        try c.encode(certificationLevel, forKey: .certificationLevel)
        try c.encode(blueprint, forKey: .blueprint)
        try c.encode(levels, forKey: .levels)
        try c.encode(cutScores, forKey: .cutScores)
        try c.encode(exam, forKey: .exam)
        try c.encodeIfPresent(reportingScale, forKey: .reportingScale)
        try c.encodeIfPresent(parameterSource, forKey: .parameterSource)
        try c.encodeIfPresent(scale, forKey: .scale)
        try c.encodeIfPresent(certification, forKey: .certification)
        try c.encodeIfPresent(assessments, forKey: .assessments)
        try c.encodeIfPresent(sectorModules, forKey: .sectorModules)
    }
}

/// One option of a multiple-choice item.
public struct ItemOption: Sendable, Codable, Equatable {
    /// `A`, `B`, `C`, … in order.
    public var label: String
    public var text: String
    public init(label: String, text: String) { self.label = label; self.text = text }
}

/// One category of a graded item, with its score 0..K−1.
public struct ItemCategory: Sendable, Codable, Equatable {
    public var score: Int
    public var text: String
    public init(score: Int, text: String) { self.score = score; self.text = text }
}

/// Tags of an item: SME growth phase, sector cluster and intended use (DECISIONS §3: tags, not sections).
public struct ItemTags: Sendable, Codable, Equatable {
    /// Allowed `phase` values.
    public static let phases = ["start-up", "transition", "growth"]
    /// Allowed `sector` values.
    public static let sectors = ["fintech", "tourism", "agro-food", "construction", "general"]
    /// Allowed `use` values.
    public static let uses = ["entry", "continuing", "final"]

    public var phase: [String]
    public var sector: [String]
    public var use: [String]
    public init(phase: [String] = [], sector: [String] = [], use: [String] = []) {
        self.phase = phase; self.sector = sector; self.use = use
    }
    /// True when no tag is set.
    public var isEmpty: Bool { phase.isEmpty && sector.isEmpty && use.isEmpty }
}

/// A standard error given in `parameters.standardErrors`: one number, or one per step for the
/// polytomous `intercepts`/`thresholds`.
public enum StandardErrorValue: Sendable, Codable, Equatable {
    case scalar(Double)
    case list([Double])

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let d = try? c.decode(Double.self) { self = .scalar(d) } else { self = .list(try c.decode([Double].self)) }
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .scalar(let d): try c.encode(d)
        case .list(let l): try c.encode(l)
        }
    }
}

/// The item parameters of one item (DECISIONS §4; logistic metric, no 1.702).
///
/// ```
/// dichotomous: P(θ) = c + (u − c) · logistic(a θ + d),  b = −d / a
/// GRM:         P(X ≥ k | θ) = logistic(a θ + d_k),     b_k = −d_k / a,  d_1 > d_2 > …
/// GPCM:        P(X = k | θ) ∝ exp(Σ_{v≤k} a (θ − b_v)), d_v = −a b_v per step
/// ```
/// Fields are kept exactly as authored (a missing field stays `nil`), so `bank export` writes back
/// what was read.
public struct ItemParameters: Sendable, Codable, Equatable {
    public var model: ItemModel
    /// a (Rasch: 1 when absent).
    public var discrimination: Double?
    /// d of a dichotomous item.
    public var intercept: Double?
    /// b = −d/a of a dichotomous item (informative; checked against d).
    public var difficulty: Double?
    /// c, 3pl/4pl.
    public var guessing: Double?
    /// u, 4pl.
    public var upperAsymptote: Double?
    /// GRM: d_k (strictly decreasing); GPCM: −a·b_v per step.
    public var intercepts: [Double]?
    /// GRM: b_k = −d_k/a; GPCM: step difficulties b_v.
    public var thresholds: [Double]?
    /// Standard errors by parameter name.
    public var standardErrors: [String: StandardErrorValue]?
    /// The calibration these parameters came from.
    public var calibration: String?

    public init(model: ItemModel, discrimination: Double? = nil, intercept: Double? = nil,
                difficulty: Double? = nil, guessing: Double? = nil, upperAsymptote: Double? = nil,
                intercepts: [Double]? = nil, thresholds: [Double]? = nil,
                standardErrors: [String: StandardErrorValue]? = nil, calibration: String? = nil) {
        self.model = model; self.discrimination = discrimination; self.intercept = intercept
        self.difficulty = difficulty; self.guessing = guessing; self.upperAsymptote = upperAsymptote
        self.intercepts = intercepts; self.thresholds = thresholds; self.standardErrors = standardErrors
        self.calibration = calibration
    }

    /// The slope a (1 for a Rasch item without one).
    public var slope: Double { discrimination ?? 1 }

    /// The dichotomous intercept d, from `intercept` or from `difficulty` (d = −a·b).
    public var resolvedIntercept: Double? {
        if let d = intercept { return d }
        if let b = difficulty { return -slope * b }
        return nil
    }

    /// The dichotomous difficulty b, from `difficulty` or from `intercept` (b = −d/a).
    public var resolvedDifficulty: Double? {
        if let b = difficulty { return b }
        if let d = intercept, slope != 0 { return -d / slope }
        return nil
    }

    /// The polytomous intercepts d_k, from `intercepts` or from `thresholds` (d_k = −a·b_k).
    public var resolvedIntercepts: [Double]? {
        if let d = intercepts { return d }
        if let b = thresholds { return b.map { -slope * $0 } }
        return nil
    }

    /// The polytomous thresholds b_k, from `thresholds` or from `intercepts` (b_k = −d_k/a).
    public var resolvedThresholds: [Double]? {
        if let b = thresholds { return b }
        if let d = intercepts, slope != 0 { return d.map { -$0 / slope } }
        return nil
    }
}

/// One item of the bank.
public struct Item: Sendable, Codable, Equatable {
    /// Unique in the bank, `[A-Za-z0-9._-]+`.
    public var id: String
    /// The blueprint section (from the file the item is in).
    public var section: String
    /// The intended level.
    public var level: MentorLevel
    public var type: ItemType
    public var stem: String
    /// Multiple choice: 3–6 options labelled A, B, C, … in order.
    public var options: [ItemOption]
    /// Multiple choice: the label of the keyed option.
    public var key: String?
    /// Graded: 3–7 categories with scores 0..K−1.
    public var categories: [ItemCategory]
    public var rationale: String
    public var tags: ItemTags
    public var status: ItemStatus
    /// Scored on the certification scale (default true; false for self-assessment Likert items).
    public var scored: Bool
    /// Items never given in the same exam.
    public var enemies: [String]
    /// Items sharing a scenario share a set id and are given together.
    public var set: String?
    public var parameters: ItemParameters?
    /// The Sympson–Hetter exposure-control parameter k ∈ (0, 1] computed by `exam calibrate-exposure`
    /// (bank format 2; nil = no control).
    public var exposureControl: Double?

    public init(id: String, section: String, level: MentorLevel, type: ItemType, stem: String,
                options: [ItemOption] = [], key: String? = nil, categories: [ItemCategory] = [],
                rationale: String, tags: ItemTags = ItemTags(), status: ItemStatus, scored: Bool = true,
                enemies: [String] = [], set: String? = nil, parameters: ItemParameters? = nil,
                exposureControl: Double? = nil) {
        self.id = id; self.section = section; self.level = level; self.type = type; self.stem = stem
        self.options = options; self.key = key; self.categories = categories; self.rationale = rationale
        self.tags = tags; self.status = status; self.scored = scored; self.enemies = enemies; self.set = set
        self.parameters = parameters
        self.exposureControl = exposureControl
    }

    /// The number of score categories K: 2 for multiple choice, the number of categories when graded.
    public var categoryCount: Int { type == .multipleChoice ? 2 : categories.count }
}

/// A whole bank: its manifest and its items (in blueprint-section order, then file order).
public struct ItemBank: Sendable, Codable, Equatable {
    public var manifest: BankManifest
    public var items: [Item]

    public init(manifest: BankManifest, items: [Item]) {
        self.manifest = manifest; self.items = items
    }

    /// The item with the given id, if any.
    public func item(_ id: String) -> Item? { items.first { $0.id == id } }

    /// The items of a section, in order.
    public func items(inSection section: String) -> [Item] { items.filter { $0.section == section } }
}
