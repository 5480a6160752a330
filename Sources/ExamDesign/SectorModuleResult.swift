import AdaptiveTesting
import IRTModels
import ItemBanking
import Scoring

/// The label of one sector module in a result (DECISIONS §3): the θ of the module's items given in
/// the exam, and whether it reaches the module's cut — a label beside the level that never changes the
/// level or the certification decision.
///
/// ```
/// θ_m = E[θ | x_m] = ∫ θ L_m(θ) g(θ) dθ / ∫ L_m(θ) g(θ) dθ,   SE_m = √Var[θ | x_m]
/// L_m(θ) = Π_{j ∈ m} P_j(x_j | θ)       (the scored responses to items tagged with the module's sector)
/// label: "not enough evidence" when no item was given or SE_m > maxSE; else "passed" when θ_m ≥ cut,
///        "not passed" otherwise
/// ```
/// g is the bank's latent distribution, as for the skill card's sections (EAP, Bock & Mislevy 1982).
public struct SectorModuleResult: Sendable, Equatable, Codable {
    /// The labels a module can show.
    public enum Label: String, Sendable, Codable {
        case passed
        case notPassed = "not passed"
        case insufficientEvidence = "not enough evidence"
    }

    public var id: String
    public var title: String
    public var sector: String
    /// Scored items of the sector given.
    public var items: Int
    /// The module's EAP θ and posterior SD (nil when no item of the sector was given).
    public var theta: Double?
    public var standardError: Double?
    public var cut: Double
    /// The SD above which the module shows "not enough evidence".
    public var maxSE: Double
    /// Whether θ reaches the cut (nil with insufficient evidence).
    public var passed: Bool?
    public var label: Label

    /// The labels of every sector module of `bank` from an exam's administered items (only the scored
    /// responses count). A bank without modules gives none.
    /// - Complexity: O(modules × (items given + Q · categories)) with Q = 61 quadrature nodes.
    public static func evaluate(bank: ItemBank, administered: [AdministeredItem]) -> [SectorModuleResult] {
        let modules = bank.manifest.sectorModules ?? []
        guard !modules.isEmpty else { return [] }
        let byID = Dictionary(bank.items.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let latent = bank.manifest.latentDistribution
        return modules.map { module in
            var parameters: [IRTModels.ItemParameters] = []
            var responses: [UInt8?] = []
            for step in administered where step.scored {
                guard let item = byID[step.itemId], item.scored, item.tags.sector.contains(module.sector),
                      let p = try? item.modelParameters(), p.isValid, (0..<p.categoryCount).contains(step.response) else { continue }
                parameters.append(p)
                responses.append(UInt8(step.response))
            }
            let maxSE = module.maxSE ?? bank.manifest.exam.sectionMaxSE
            guard !parameters.isEmpty else {
                return SectorModuleResult(id: module.id, title: module.title, sector: module.sector, items: 0, theta: nil,
                                          standardError: nil, cut: module.cut, maxSE: maxSE, passed: nil, label: .insufficientEvidence)
            }
            let score = PersonScorer(items: parameters, method: .eap, latentMean: latent.mean, latentVariance: latent.variance)
                .score(responses)
            let theta = score.theta.flatMap { $0.isFinite ? $0 : nil }
            let se = score.standardError.flatMap { $0.isFinite ? $0 : nil }
            let sufficient = theta != nil && se.map { $0 <= maxSE } == true
            let passed = sufficient ? theta.map { $0 >= module.cut } : nil
            return SectorModuleResult(id: module.id, title: module.title, sector: module.sector, items: parameters.count,
                                      theta: theta, standardError: se, cut: module.cut, maxSE: maxSE, passed: passed,
                                      label: passed.map { $0 ? .passed : .notPassed } ?? .insufficientEvidence)
        }
    }
}
