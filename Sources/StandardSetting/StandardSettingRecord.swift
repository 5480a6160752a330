import ItemBanking

/// The standard-setting method of a record.
public enum StandardSettingMethod: String, Sendable, Codable, CaseIterable {
    /// Modified Angoff: each panelist's expected score of the borderline candidate on each item.
    case angoff
    /// Bookmark: a page of an ordered item booklet per panelist.
    case bookmark
    /// Hofstee's compromise between acceptable cuts and acceptable fail rates.
    case hofstee
}

/// The standard-setting record: what a panel judged, the cut each level gets and how much the panelists
/// agreed — the JSON document of `mentorcert standards angoff|bookmark|hofstee --format json`, and the
/// "standard-setting record" of the technical report (ISO/IEC 17024 §9.3; AERA, APA & NCME 2014,
/// standards 5.21–5.23: document the method, the panel's judgements and their variability).
///
/// The form is stable: keys are only ever added (``currentSchemaVersion`` counts changes that remove or
/// change one). Numbers are never NaN or ±∞: a quantity that does not exist is null with a ``warnings``
/// entry that says why. Documented in docs/DECISIONS.md ("Standard setting").
public struct StandardSettingRecord: Sendable, Equatable, Codable {
    /// The version of this document's form.
    public static let currentSchemaVersion = 1

    public var schemaVersion: Int
    public var method: StandardSettingMethod
    /// The bank's name.
    public var bankName: String
    /// The bank version the panel's cuts were computed on (content hash).
    public var bankVersionId: String
    /// True when the bank's item parameters come from a simulated field test (θ cuts rest on them).
    public var simulatedParameters: Bool
    /// The panel's file (ratings, placements or Hofstee judgements).
    public var panelFile: PanelFileReference
    /// The settings the cuts were computed with.
    public var settings: Settings
    /// One entry per level the panel judged (intermediate, advanced, expert order).
    public var levels: [LevelResult]
    /// The bank's cut scores before this standard setting.
    public var previousCutScores: CutScores
    /// The cut scores with the panel's recommended θ cuts in place of the judged levels' (the others kept);
    /// nil when a judged level has no θ cut.
    public var cutScores: CutScores?
    /// True when the recommended cuts increase across levels (intermediate < advanced < expert, the
    /// judged levels' and the kept ones together). A bank version is written only when true.
    public var ordered: Bool
    /// The ordered item booklet (Bookmark only).
    public var booklet: [BookletEntry]?
    /// The details of the Hofstee compromise per level (Hofstee only).
    public var hofstee: [HofsteeResult]?
    /// Why a value is null, cuts out of order, items left out …
    public var warnings: [String]
    /// The bank version that stores the cuts, when it was written.
    public var writtenVersion: WrittenVersion?

    public init(method: StandardSettingMethod, bankName: String, bankVersionId: String, simulatedParameters: Bool,
                panelFile: PanelFileReference, settings: Settings, levels: [LevelResult], previousCutScores: CutScores,
                booklet: [BookletEntry]? = nil, hofstee: [HofsteeResult]? = nil, warnings: [String] = []) {
        self.schemaVersion = Self.currentSchemaVersion
        self.method = method; self.bankName = bankName; self.bankVersionId = bankVersionId
        self.simulatedParameters = simulatedParameters; self.panelFile = panelFile; self.settings = settings
        self.levels = levels; self.previousCutScores = previousCutScores; self.booklet = booklet; self.hofstee = hofstee
        self.warnings = warnings
        self.cutScores = nil; self.ordered = false; self.writtenVersion = nil
        let merged = Self.merge(levels, into: previousCutScores)
        self.cutScores = merged.cuts
        self.ordered = merged.ordered
        if !merged.ordered && !merged.message.isEmpty {
            self.warnings.append(merged.message)
        }
    }


    /// Every key is written, a missing value as null (DECISIONS §8), so readers can rely on the keys.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(schemaVersion, forKey: .schemaVersion)
        try c.encode(method, forKey: .method)
        try c.encode(bankName, forKey: .bankName)
        try c.encode(bankVersionId, forKey: .bankVersionId)
        try c.encode(simulatedParameters, forKey: .simulatedParameters)
        try c.encode(panelFile, forKey: .panelFile)
        try c.encode(settings, forKey: .settings)
        try c.encode(levels, forKey: .levels)
        try c.encode(previousCutScores, forKey: .previousCutScores)
        try c.encode(cutScores, forKey: .cutScores)
        try c.encode(ordered, forKey: .ordered)
        try c.encode(booklet, forKey: .booklet)
        try c.encode(hofstee, forKey: .hofstee)
        try c.encode(warnings, forKey: .warnings)
        try c.encode(writtenVersion, forKey: .writtenVersion)
    }
    /// The settings of a standard setting.
    public struct Settings: Sendable, Equatable, Codable {
        /// The round whose cut is recommended when asked for; nil = each level's final round.
        public var round: Int?
        /// Bookmark: the response probability (RP), e.g. 0.67.
        public var responseProbability: Double?
        /// Bookmark: whether the RP applies to the part above the guessing floor (Huynh 2006).
        public var guessingCorrection: Bool?
        /// Bookmark: how a page becomes a θ cut (``BookmarkCutRule``).
        public var bookmarkCutRule: BookmarkCutRule?
        /// Hofstee: the response file's name and SHA-256 of its content, when read from a file.
        public var responses: String?


        /// Every key is written, a missing value as null (DECISIONS §8), so readers can rely on the keys.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(round, forKey: .round)
            try c.encode(responseProbability, forKey: .responseProbability)
            try c.encode(guessingCorrection, forKey: .guessingCorrection)
            try c.encode(bookmarkCutRule, forKey: .bookmarkCutRule)
            try c.encode(responses, forKey: .responses)
        }
        public init(round: Int? = nil, responseProbability: Double? = nil, guessingCorrection: Bool? = nil,
                    bookmarkCutRule: BookmarkCutRule? = nil, responses: String? = nil) {
            self.round = round; self.responseProbability = responseProbability; self.guessingCorrection = guessingCorrection
            self.bookmarkCutRule = bookmarkCutRule; self.responses = responses
        }
    }

    /// The bank version that stores a record's cuts.
    public struct WrittenVersion: Sendable, Equatable, Codable {
        public var bankVersionId: String
        public var parentId: String
        /// False when identical content was already stored (nothing new written).
        public var created: Bool
        public var reason: String
        public var source: String
        public init(bankVersionId: String, parentId: String, created: Bool, reason: String, source: String) {
            self.bankVersionId = bankVersionId; self.parentId = parentId; self.created = created
            self.reason = reason; self.source = source
        }
    }

    /// The recommended θ cuts merged into `cuts` and whether the result increases.
    static func merge(_ levels: [LevelResult], into cuts: CutScores) -> (cuts: CutScores?, ordered: Bool, message: String) {
        var merged = cuts
        for level in levels {
            guard let theta = level.thetaCut else { return (nil, false, "") }
            switch level.level {
            case .intermediate: merged.intermediate = theta
            case .advanced: merged.advanced = theta
            case .expert: merged.expert = theta
            case .novice: break
            }
        }
        let ordered = merged.intermediate < merged.advanced && merged.advanced < merged.expert
        let judged = Set(levels.map(\.level))
        func show(_ l: MentorLevel, _ x: Double) -> String {
            "\(l.rawValue) \(NumberTextShort.rounded(x))" + (judged.contains(l) ? "" : " (kept from the bank)")
        }
        let message = "the cut scores do not increase across levels: " + [show(.intermediate, merged.intermediate),
            show(.advanced, merged.advanced), show(.expert, merged.expert)].joined(separator: ", ")
            + "; levels must be ordered, so no bank version can hold them — review the panel's judgements of these levels "
            + "(or judge the levels together in one study)"
        return (merged, ordered, message)
    }
}

/// The cut of one level: the recommended round's, and every round's spread.
public struct LevelResult: Sendable, Equatable, Codable {
    /// The level whose lower boundary the cut is (intermediate, advanced or expert).
    public var level: MentorLevel
    /// The round whose cut is recommended (the final round unless another was asked for).
    public var recommendedRound: Int
    /// The recommended cut on the raw-score scale of the rated form (Angoff, Hofstee); nil for Bookmark.
    public var rawCut: Double?
    /// The recommended θ cut; nil when it does not exist (see the warnings).
    public var thetaCut: Double?
    /// Every round, in order.
    public var rounds: [RoundResult]


    /// Every key is written, a missing value as null (DECISIONS §8), so readers can rely on the keys.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(level, forKey: .level)
        try c.encode(recommendedRound, forKey: .recommendedRound)
        try c.encode(rawCut, forKey: .rawCut)
        try c.encode(thetaCut, forKey: .thetaCut)
        try c.encode(rounds, forKey: .rounds)
    }
    public init(level: MentorLevel, recommendedRound: Int, rawCut: Double?, thetaCut: Double?, rounds: [RoundResult]) {
        self.level = level; self.recommendedRound = recommendedRound; self.rawCut = rawCut; self.thetaCut = thetaCut
        self.rounds = rounds
    }
}

/// One round of one level: the panel's cut and the spread of the panelists' cuts.
public struct RoundResult: Sendable, Equatable, Codable {
    public var round: Int
    /// Panelists with a judgement in this round.
    public var panelists: Int
    /// Angoff: the items of the rated form; Bookmark: the pages of the booklet; Hofstee: the form's items.
    public var items: Int
    /// The highest raw score of the rated form (Angoff, Hofstee).
    public var maximumRawScore: Double?
    /// The panel's raw cut: the mean of the panelists' raw cuts (Angoff), the compromise (Hofstee).
    public var rawCut: Double?
    /// The panel's θ cut: T⁻¹(panel raw cut) (Angoff, Hofstee), the mean of the panelists' θ cuts (Bookmark).
    public var thetaCut: Double?
    /// The spread of the panelists' raw cuts (Angoff).
    public var rawCutSpread: CutSpread?
    /// The spread of the panelists' θ cuts (panelists whose cut has a θ).
    public var thetaCutSpread: CutSpread?
    /// Each panelist's cut, by panelist id.
    public var judgements: [PanelistCut]


    /// Every key is written, a missing value as null (DECISIONS §8), so readers can rely on the keys.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(round, forKey: .round)
        try c.encode(panelists, forKey: .panelists)
        try c.encode(items, forKey: .items)
        try c.encode(maximumRawScore, forKey: .maximumRawScore)
        try c.encode(rawCut, forKey: .rawCut)
        try c.encode(thetaCut, forKey: .thetaCut)
        try c.encode(rawCutSpread, forKey: .rawCutSpread)
        try c.encode(thetaCutSpread, forKey: .thetaCutSpread)
        try c.encode(judgements, forKey: .judgements)
    }
    public init(round: Int, panelists: Int, items: Int, maximumRawScore: Double?, rawCut: Double?, thetaCut: Double?,
                rawCutSpread: CutSpread?, thetaCutSpread: CutSpread?, judgements: [PanelistCut]) {
        self.round = round; self.panelists = panelists; self.items = items; self.maximumRawScore = maximumRawScore
        self.rawCut = rawCut; self.thetaCut = thetaCut; self.rawCutSpread = rawCutSpread; self.thetaCutSpread = thetaCutSpread
        self.judgements = judgements
    }
}

/// One panelist's cut in one level and round.
public struct PanelistCut: Sendable, Equatable, Codable {
    public var panelist: String
    /// Angoff: the sum of the panelist's ratings over the rated form.
    public var rawCut: Double?
    /// Bookmark: the bookmarked page.
    public var page: Int?
    /// The panelist's θ cut (nil when the raw cut lies outside the form's expected-score range).
    public var thetaCut: Double?


    /// Every key is written, a missing value as null (DECISIONS §8), so readers can rely on the keys.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(panelist, forKey: .panelist)
        try c.encode(rawCut, forKey: .rawCut)
        try c.encode(page, forKey: .page)
        try c.encode(thetaCut, forKey: .thetaCut)
    }
    public init(panelist: String, rawCut: Double? = nil, page: Int? = nil, thetaCut: Double?) {
        self.panelist = panelist; self.rawCut = rawCut; self.page = page; self.thetaCut = thetaCut
    }
}

extension NumberTextShort {
    /// `x` with at most 4 decimals, for messages.
    static func rounded(_ x: Double) -> String {
        let r = (x * 10_000).rounded() / 10_000
        return text(r)
    }
}
