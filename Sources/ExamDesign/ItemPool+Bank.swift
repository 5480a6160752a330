import AdaptiveTesting
import IRTModels
import ItemBanking
import Scoring

/// The adaptive exam of a bank version: its item pool and its settings, as the engine sees them.
extension ItemPool {
    /// The pool of a bank version (DECISIONS §3, §13):
    /// - operational, scored items with parameters are the adaptive pool (their section, enemies,
    ///   set and Sympson–Hetter parameter kept);
    /// - pretest items are seeded unscored (they need no parameters);
    /// - unscored self-assessment items, drafts and retired items are left out (the certification
    ///   exam gives none of them; entry assessments come with the programme);
    /// - cuts, level names and the certification level from the manifest; the latent distribution of
    ///   the bank's scale; the reporting scale.
    /// - Throws: ``AdaptiveTestingError/invalidPool(_:)`` naming the item at fault.
    public init(bank: ItemBank) throws(AdaptiveTestingError) {
        try self.init(bank: bank, selection: nil)
    }

    /// The pool of one assessment type of a bank version (DECISIONS §11): as ``init(bank:)``, but only
    /// the items whose `tags.use` the selection admits, the selection's section bounds, and — when it
    /// gives them — the operational unscored self-assessment items (role ``PoolItem/Role/selfAssessment``,
    /// given first, never scored). `selection` nil is ``init(bank:)``'s pool.
    /// - Throws: ``AdaptiveTestingError/invalidPool(_:)`` naming the item at fault.
    public init(bank: ItemBank, selection: PoolSelection?) throws(AdaptiveTestingError) {
        let manifest = bank.manifest
        let sectionIndex = Dictionary(uniqueKeysWithValues: manifest.blueprint.sections.enumerated().map { ($1.id, $0) })
        var chosen: [(item: Item, role: PoolItem.Role, parameters: IRTModels.ItemParameters?)] = []
        let use = selection?.use ?? []
        for item in bank.items where use.isEmpty || item.tags.use.contains(where: use.contains) {
            if !item.scored {
                if selection?.selfAssessmentItems == true, item.status == .operational { chosen.append((item, .selfAssessment, nil)) }
                continue
            }
            switch item.status {
            case .operational:
                let parameters: IRTModels.ItemParameters?
                do { parameters = try item.modelParameters() } catch {
                    throw .invalidPool("\(error.description); run `mentorcert bank validate` to see every problem")
                }
                guard let parameters else { continue }
                chosen.append((item, .operational, parameters))
            case .pretest:
                chosen.append((item, .pretest, nil))
            case .draft, .retired:
                continue
            }
        }
        let index = Dictionary(uniqueKeysWithValues: chosen.enumerated().map { ($1.item.id, $0) })
        let items = chosen.map { entry in
            PoolItem(id: entry.item.id, role: entry.role, parameters: entry.parameters,
                     section: sectionIndex[entry.item.section],
                     enemies: entry.item.enemies.compactMap { index[$0] }, set: entry.item.set,
                     exposureControl: entry.item.exposureControl ?? 1,
                     categoryCount: entry.item.categoryCount)
        }
        let cuts = manifest.cutScores
        try self.init(items: items,
                      sections: selection?.sections ?? manifest.blueprint.sections.map {
                          ItemPool.Section(id: $0.id, share: $0.share, minItems: $0.minItems, maxItems: $0.maxItems)
                      },
                      cuts: [cuts.intermediate, cuts.advanced, cuts.expert],
                      levelNames: MentorLevel.allCases.map(\.rawValue),
                      certificationLevel: manifest.certificationLevel.rank,
                      latent: manifest.latentDistribution,
                      scoreScale: manifest.reportingScale.map { ScoreScale(intercept: $0.intercept, slope: $0.slope) })
    }

    /// The pool of a calibration's parameter set: every item operational, no blueprint, and cut
    /// scores only when given — designs compared as with catR or mirtCAT.
    public init(parameterSet: ParameterSet, cuts: [Double] = []) throws(AdaptiveTestingError) {
        let levels: [String]? = cuts.count == 3 ? MentorLevel.allCases.map(\.rawValue) : nil
        try self.init(items: parameterSet.items.map { PoolItem(id: $0.id, parameters: $0.parameters) },
                      cuts: cuts, levelNames: levels,
                      certificationLevel: cuts.count == 3 ? MentorLevel.intermediate.rank : (cuts.isEmpty ? nil : 1),
                      latent: parameterSet.latent)
    }
}

/// Which items of a bank version an exam of one assessment type draws from and the section bounds it
/// keeps: recorded in the session (`session.created`), so that a resume and a replay rebuild the pool the
/// session started with, whatever the engine's defaults later become.
public struct PoolSelection: Sendable, Codable, Equatable {
    /// The assessment type (`entry`, `continuing`, `final`).
    public var assessment: String
    /// The `tags.use` values an item needs one of (empty: every item).
    public var use: [String]
    /// Whether the unscored self-assessment items are in the pool.
    public var selfAssessmentItems: Bool
    /// The blueprint sections with the type's bounds, in blueprint order.
    public var sections: [ItemPool.Section]

    public init(assessment: String, use: [String], selfAssessmentItems: Bool, sections: [ItemPool.Section]) {
        self.assessment = assessment; self.use = use; self.selfAssessmentItems = selfAssessmentItems; self.sections = sections
    }

    /// The selection of an assessment plan.
    public init(plan: AssessmentPlan) {
        self.init(assessment: plan.type.rawValue, use: plan.use, selfAssessmentItems: plan.selfAssessmentItems,
                  sections: plan.sections.map { ItemPool.Section(id: $0.id, share: $0.share, minItems: $0.minItems, maxItems: $0.maxItems) })
    }
}

extension AdaptiveSettings {
    /// The settings of one assessment type of a bank (DECISIONS §11): ``init(bank:)`` with the plan's
    /// lengths, SE target and stopping rule (`classification` at the plan's confidence; `sprt`, `glr`
    /// and `levels` with its indifference and error rates α = β = 0.05, DECISIONS §13).
    public init(bank: ItemBank, plan: AssessmentPlan) {
        self.init(bank: bank)
        let exam = plan.exam
        targetSE = exam.targetSE; minLength = exam.minLength; maxLength = exam.maxLength
        startTheta = exam.startTheta
        let alpha = 0.05
        switch plan.stop {
        case .se: stop = .standardError
        case .classification: stop = .classification(confidence: plan.confidence)
        case .sprt: stop = .sprt(indifference: plan.indifference, alpha: alpha)
        case .glr: stop = .glr(indifference: plan.indifference, alpha: alpha)
        case .levels: stop = .levels(alpha: alpha, indifference: plan.indifference)
        }
    }

    /// The bank's exam settings (DECISIONS §6, §13): target SE, lengths, start θ, estimators,
    /// `sectionMaxSE` and pretest items from the manifest; maximum information with weighted
    /// deviations; Sympson–Hetter when the bank version has exposure parameters, else randomesque 5.
    public init(bank: ItemBank) {
        let exam = bank.manifest.exam
        let hasExposureParameters = bank.items.contains { $0.exposureControl != nil }
        self.init(startTheta: exam.startTheta, selection: .maximumInformation,
                  exposure: hasExposureParameters ? .sympsonHetter : .randomesque(5),
                  content: bank.manifest.blueprint.sections.isEmpty ? .none : .weightedDeviation,
                  interimEstimator: ScoringMethod(rawValue: exam.interimEstimator.rawValue) ?? .eap,
                  finalEstimator: ScoringMethod(rawValue: exam.finalEstimator.rawValue) ?? .wle,
                  stop: .standardError, targetSE: exam.targetSE, minLength: exam.minLength, maxLength: exam.maxLength,
                  pretestItems: exam.pretestItems ?? 0, sectionMaxSE: exam.sectionMaxSE)
    }
}
