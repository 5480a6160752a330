// The assessment types of the certification programme (DECISIONS §11) and the sector label modules
// (DECISIONS §3), as bank settings (bank format 2, `assessments:` and `sectorModules:` in bank.yaml).

/// The three assessments of a programme, in the order a candidate takes them: at intake (`entry`),
/// along the way (`continuing`, any number of times) and at the end (`final`, the one certified).
public enum AssessmentType: String, Sendable, Codable, CaseIterable, Comparable {
    case entry, continuing, final

    /// The position in the programme (entry = 0).
    public var rank: Int { AssessmentType.allCases.firstIndex(of: self) ?? 0 }

    public static func < (lhs: AssessmentType, rhs: AssessmentType) -> Bool { lhs.rank < rhs.rank }

    /// The earlier assessments whose latest finished θ̂ starts this one's item selection (DECISIONS §3):
    /// none for `entry`; `entry` or `continuing` for `continuing`; any of them for `final` (a retake of
    /// the final starts from the previous final).
    public var startsFrom: Set<AssessmentType> {
        switch self {
        case .entry: return []
        case .continuing: return [.entry, .continuing]
        case .final: return [.entry, .continuing, .final]
        }
    }
}

/// The stopping rule of an assessment type, by the names of `exam simulate --stop` (DECISIONS §6, §13).
public enum AssessmentStopRule: String, Sendable, Codable, CaseIterable {
    case se, classification, sprt, glr, levels
}

/// A section's bounds for one assessment type (either may be left to the blueprint's).
public struct SectionBounds: Sendable, Codable, Equatable {
    public var minItems: Int?
    public var maxItems: Int?
    public init(minItems: Int? = nil, maxItems: Int? = nil) { self.minItems = minItems; self.maxItems = maxItems }
}

/// The authored settings of one assessment type. Every key is optional: what is absent is the
/// bank's (`exam:` and the blueprint), so a bank without an `assessments:` block runs every type as
/// its exam settings say.
public struct AssessmentSettings: Sendable, Codable, Equatable {
    /// Scored operational items: the least before a stop may fire and the most.
    public var minLength: Int?
    public var maxLength: Int?
    /// The stopping rule (default `se`), its SE target (default `exam.targetSE`), the classification
    /// stop's confidence (default 0.95) and the indifference half-width of `sprt`/`glr`/`levels` (0.2).
    public var stop: AssessmentStopRule?
    public var targetSE: Double?
    public var confidence: Double?
    public var indifference: Double?
    /// The time limit in minutes (default `exam.timeLimitMinutes`).
    public var timeLimitMinutes: Double?
    /// Whether the unscored self-assessment items (`scored: false`) are given, on top of the scored
    /// length (DECISIONS §13). Default: `entry` only.
    public var selfAssessmentItems: Bool?
    /// The item pool: only items whose `tags.use` names one of these (nil or empty: every item).
    public var use: [String]?
    /// Per blueprint section id, the type's own `minItems`/`maxItems` (the blueprint's otherwise).
    public var sections: [String: SectionBounds]?

    public init(minLength: Int? = nil, maxLength: Int? = nil, stop: AssessmentStopRule? = nil, targetSE: Double? = nil,
                confidence: Double? = nil, indifference: Double? = nil, timeLimitMinutes: Double? = nil,
                selfAssessmentItems: Bool? = nil, use: [String]? = nil, sections: [String: SectionBounds]? = nil) {
        self.minLength = minLength; self.maxLength = maxLength; self.stop = stop; self.targetSE = targetSE
        self.confidence = confidence; self.indifference = indifference; self.timeLimitMinutes = timeLimitMinutes
        self.selfAssessmentItems = selfAssessmentItems; self.use = use; self.sections = sections
    }
}

/// The `assessments:` block of a manifest: the settings of each type that has its own.
public struct AssessmentTypes: Sendable, Codable, Equatable {
    public var entry: AssessmentSettings?
    public var continuing: AssessmentSettings?
    public var final: AssessmentSettings?

    public init(entry: AssessmentSettings? = nil, continuing: AssessmentSettings? = nil, final: AssessmentSettings? = nil) {
        self.entry = entry; self.continuing = continuing; self.final = final
    }

    public subscript(type: AssessmentType) -> AssessmentSettings? {
        get {
            switch type {
            case .entry: return entry
            case .continuing: return continuing
            case .final: return final
            }
        }
        set {
            switch type {
            case .entry: entry = newValue
            case .continuing: continuing = newValue
            case .final: final = newValue
            }
        }
    }
}

/// One assessment type resolved against the bank: what an exam of that type is. The one place where a
/// type's settings meet the bank's defaults; `exam take --assessment`, `exam simulate --assessment` and
/// `bank validate` all use it (``BankManifest/assessment(_:)``).
public struct AssessmentPlan: Sendable, Equatable {
    /// The default confidence of the classification stop and indifference of the SPRT-like stops
    /// (DECISIONS §13).
    public static let defaultConfidence = 0.95
    public static let defaultIndifference = 0.2

    public var type: AssessmentType
    /// The bank's exam settings with the type's lengths, SE target and time limit.
    public var exam: ExamSettings
    /// The blueprint sections with the type's minimums and maximums (shares are the blueprint's).
    public var sections: [BlueprintSection]
    public var stop: AssessmentStopRule
    public var confidence: Double
    public var indifference: Double
    /// Whether unscored self-assessment items are given (on top of the scored length).
    public var selfAssessmentItems: Bool
    /// The `tags.use` values an item needs one of (empty: every item is eligible).
    public var use: [String]
    /// True when the bank has settings of its own for this type.
    public var configured: Bool

    /// Whether an item may be given in this type of assessment (its `tags.use` names one of ``use``).
    /// Which items of the pool are given (scored operational, pretest, self-assessment) is decided by
    /// their status and `scored`, not here.
    public func admits(_ item: Item) -> Bool { use.isEmpty || item.tags.use.contains(where: use.contains) }
}

extension BankManifest {
    /// The plan of an assessment type: the type's settings where given, the bank's exam settings and
    /// blueprint otherwise (DECISIONS §11).
    public func assessment(_ type: AssessmentType) -> AssessmentPlan {
        let own = assessments?[type]
        var exam = self.exam
        if let v = own?.minLength { exam.minLength = v }
        if let v = own?.maxLength { exam.maxLength = v }
        if let v = own?.targetSE { exam.targetSE = v }
        if let v = own?.timeLimitMinutes { exam.timeLimitMinutes = v }
        let sections = blueprint.sections.map { section -> BlueprintSection in
            var s = section
            if let bounds = own?.sections?[section.id] {
                if let v = bounds.minItems { s.minItems = v }
                if let v = bounds.maxItems { s.maxItems = v }
            }
            return s
        }
        return AssessmentPlan(type: type, exam: exam, sections: sections, stop: own?.stop ?? .se,
                              confidence: own?.confidence ?? AssessmentPlan.defaultConfidence,
                              indifference: own?.indifference ?? AssessmentPlan.defaultIndifference,
                              selfAssessmentItems: own?.selfAssessmentItems ?? (type == .entry),
                              use: own?.use ?? [], configured: own != nil)
    }
}

/// A sector label module (DECISIONS §3): a short module on the items of one sector cluster, with its own
/// cut on θ, reported as a label beside the level ("tourism sector: passed"), never changing the level
/// or the certification decision.
public struct SectorModule: Sendable, Codable, Equatable {
    /// Id, `[a-z0-9-]+`, unique in the bank.
    public var id: String
    public var title: String
    /// The `tags.sector` value of the module's items.
    public var sector: String
    /// The θ cut of the label: passed when the module's θ (EAP of its items) is at least this.
    public var cut: Double
    /// The posterior SD above which the module shows "not enough evidence" (default `exam.sectionMaxSE`).
    public var maxSE: Double?

    public init(id: String, title: String, sector: String, cut: Double, maxSE: Double? = nil) {
        self.id = id; self.title = title; self.sector = sector; self.cut = cut; self.maxSE = maxSE
    }
}
