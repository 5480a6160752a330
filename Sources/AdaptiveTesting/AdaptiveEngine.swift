#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif
import IRTModels
import MathCore
import Scoring

/// The adaptive testing engine: pure functions of an explicit ``AdaptiveState`` — no storage, no
/// terminal. Four roles, each a strategy chosen in ``AdaptiveSettings`` (catSim's start, select,
/// estimate and stop, without hidden back-references):
///
/// ```
/// var state = engine.start(generator: SeededGenerator(seed: s))
/// while case .administer(let item) = engine.next(&state) {
///     try engine.record(&state, response: answer(item))
/// }
/// let result = engine.result(state)
/// ```
///
/// The engine precomputes, once per pool, log P_jk(θ_q) of every operational item on its θ grid, so
/// the interim posterior is updated incrementally (Q additions per response, never recomputed) and
/// EAP costs one pass over Q nodes.
public struct AdaptiveEngine: Sendable {
    public let pool: ItemPool
    public let settings: AdaptiveSettings
    /// The θ grid of the posterior, weighted by the pool's latent distribution.
    public let grid: ThetaGrid

    /// log P_jk(θ_q): item j's categories start at `tableOffset[j]`, each a run of Q values.
    let logProbabilityTable: [Double]
    let tableOffset: [Int]
    /// I_j(θ_q), item-major (posterior-weighted information only).
    let informationTable: [Double]
    /// I_j and dI_j/dθ on a fine θ lattice (node-major: node q holds every batch item), for the
    /// maximum-information step by cubic Hermite interpolation (see ``InformationLattice``).
    let lattice: InformationLattice?
    /// Dichotomous items' a, d, c, u for the maximum-information fast path (polytomous: a = .nan).
    let slope: [Double], intercept: [Double], lower: [Double], upper: [Double]
    /// A difficulty per operational item (b, or the mean threshold of a polytomous item).
    let difficulty: [Double]
    /// Stratum of each batch item (a-stratified selection).
    let stratum: [Int]
    /// Scorers of the final and interim estimators over the batch items.
    let finalScorer: PersonScorer
    let interimScorer: PersonScorer?
    /// Operational items per section.
    let sectionSupply: [Int]
    /// Per batch item (contiguous, for the selection loops): its pool index, section (−1 = none) and
    /// set (−1 = none).
    let poolIndexOfBatch: [Int]
    let sectionOfBatch: [Int]
    let setOfBatch: [Int]
    /// Each set's operational members: how many, and how many per section.
    let setComposition: [(count: Int, sections: [(Int, Int)])]

    /// Prepares the engine for a pool.
    /// - Throws: ``AdaptiveTestingError/invalidSettings(_:)`` when the settings do not fit the pool.
    /// - Complexity: O(J · K · Q) once (J operational items, Q grid nodes).
    public init(pool: ItemPool, settings: AdaptiveSettings) throws(AdaptiveTestingError) {
        try settings.validate(for: pool)
        self.pool = pool
        self.settings = settings
        let latent = pool.latent
        let sd = latent.standardDeviation
        let grid: ThetaGrid
        do {
            grid = try ThetaGrid.equallySpaced(count: settings.gridPoints,
                                               range: (latent.mean - 6 * sd)...(latent.mean + 6 * sd), latent: latent)
        } catch { throw .invalidPool("the θ grid of the latent distribution cannot be built: \(error)") }
        self.grid = grid
        let batch = pool.batch
        let q = grid.count
        var offsets = [Int](), table = [Double]()
        table.reserveCapacity(batch.items.reduce(0) { $0 + $1.categoryCount } * q)
        var info = [Double]()
        let needsInformationTable = settings.selection == .posteriorWeightedInformation
        for item in batch.items {
            offsets.append(table.count)
            let k = item.categoryCount
            var rows = [Double](repeating: 0, count: k * q)
            var lp = [Double](repeating: 0, count: k)
            for (n, theta) in grid.nodes.enumerated() {
                item.logProbabilities(at: theta, into: &lp)
                for c in 0..<k { rows[c * q + n] = lp[c] }
            }
            table.append(contentsOf: rows)
        }
        if needsInformationTable {
            info.reserveCapacity(batch.count * q)
            for j in 0..<batch.count { for theta in grid.nodes { info.append(batch.information(item: j, at: theta)) } }
        }
        lattice = settings.selection == .maximumInformation || settings.content == .shadow
            ? InformationLattice(batch: batch, range: grid.nodes[0]...grid.nodes[grid.count - 1],
                                 step: InformationLattice.defaultStep * sd)
            : nil
        logProbabilityTable = table
        tableOffset = offsets
        informationTable = info
        slope = batch.items.map { $0.model.isDichotomous ? $0.discrimination : .nan }
        intercept = batch.items.map { $0.intercept }
        lower = batch.items.map { $0.guessing }
        upper = batch.items.map { $0.upperAsymptote }
        difficulty = batch.items.map { item in
            item.model.isDichotomous ? item.difficulty : item.thresholds.reduce(0, +) / Double(max(1, item.thresholds.count))
        }
        if case .aStratified(let strata) = settings.selection {
            stratum = AdaptiveEngine.stratify(slopes: batch.items.map(\.discrimination), difficulties: difficulty, strata: strata)
        } else {
            stratum = []
        }
        finalScorer = PersonScorer(items: batch.items, method: settings.finalEstimator,
                                   latentMean: latent.mean, latentVariance: latent.variance)
        interimScorer = settings.interimEstimator == .eap ? nil
            : PersonScorer(items: batch.items, method: settings.interimEstimator,
                           latentMean: latent.mean, latentVariance: latent.variance)
        var supply = [Int](repeating: 0, count: pool.sections.count)
        for i in pool.operationalIndex { if let s = pool.items[i].section { supply[s] += 1 } }
        sectionSupply = supply
        poolIndexOfBatch = pool.operationalIndex
        sectionOfBatch = pool.operationalIndex.map { pool.items[$0].section ?? -1 }
        setOfBatch = pool.operationalIndex.map { pool.setOfItem[$0] ?? -1 }
        setComposition = pool.sets.map { members in
            var bySection: [Int: Int] = [:]
            var count = 0
            for m in members where pool.items[m].role == .operational {
                count += 1
                if let s = pool.items[m].section { bySection[s, default: 0] += 1 }
            }
            return (count, bySection.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        }
    }

    // MARK: Start

    /// A new exam: nothing given, the interim θ at the start θ, pretest positions drawn.
    /// - Parameters:
    ///   - generator: the exam's random generator (stored with the state; resume continues it).
    ///   - seen: ids of items the candidate saw in earlier attempts; they are excluded while each
    ///     section's minimum can still be met without them (catR's `out`, DECISIONS §6).
    public func start(generator: SeededGenerator, seen: Set<String> = []) -> AdaptiveState {
        var g = generator
        let n = pool.items.count
        var seenBefore = [Bool](repeating: false, count: n)
        for (i, item) in pool.items.enumerated() where seen.contains(item.id) { seenBefore[i] = true }
        var available = [Bool](repeating: true, count: n)
        // Seen items are excluded unless a section could not reach its minimum without them.
        var unseenSupply = [Int](repeating: 0, count: pool.sections.count)
        var unseenTotal = 0
        for i in pool.operationalIndex where !seenBefore[i] {
            unseenTotal += 1
            if let s = pool.items[i].section { unseenSupply[s] += 1 }
        }
        for i in 0..<n where seenBefore[i] && pool.items[i].role != .selfAssessment {
            if pool.items[i].role == .pretest { available[i] = false; continue }
            let sectionShort = pool.items[i].section.map { unseenSupply[$0] < pool.sections[$0].minItems } ?? false
            if !sectionShort && unseenTotal >= settings.minLength { available[i] = false }
        }
        var pretestAfter: [Int] = []
        let pretestSupply = pool.items.indices.filter { pool.items[$0].role == .pretest && available[$0] }.count
        for _ in 0..<min(settings.pretestItems, pretestSupply) {
            pretestAfter.append(Int(g.nextUniform() * Double(settings.minLength)))
        }
        pretestAfter.sort()
        return AdaptiveState(steps: [], awaiting: nil, theta: settings.startTheta, standardError: nil,
                             finalTheta: nil, finalStandardError: nil, stopReason: nil, generator: g, lotteryItems: [],
                             available: available, seenBefore: seenBefore,
                             sectionCounts: [Int](repeating: 0, count: pool.sections.count), scoredCount: 0,
                             pendingSet: [], pretestAfter: pretestAfter,
                             pendingSelfAssessment: pool.items.indices.filter { pool.items[$0].role == .selfAssessment },
                             logLikelihood: [Double](repeating: 0, count: grid.count),
                             batchResponses: [UInt8](repeating: 255, count: pool.batch.count))
    }

    // MARK: Next

    /// What to do next: the item to give (the same one again while it waits for its response), or
    /// the stop. Stops other than the maximum length and an exhausted pool fire only once the
    /// minimum length and every section's minimum are met (DECISIONS §6).
    public func next(_ state: inout AdaptiveState) -> AdaptiveStep {
        if let reason = state.stopReason { return .finished(reason) }
        if let waiting = state.awaiting { return .administer(waiting) }
        // Self-assessment items come first, all of them, on top of the scored length.
        while let item = state.pendingSelfAssessment.first {
            state.pendingSelfAssessment.removeFirst()
            if state.available[item] { return select(item, in: &state) }
        }
        // A started set is finished first: it was admitted only because all of it fits.
        while let member = state.pendingSet.first {
            state.pendingSet.removeFirst()
            if state.available[member] { return select(member, in: &state) }
        }
        if state.scoredCount >= settings.maxLength { return finish(.maxLength, &state) }
        if state.scoredCount >= settings.minLength && sectionMinimumsMet(state) {
            if let reason = stopRuleFires(&state) { return finish(reason, &state) }
        }
        if let first = state.pretestAfter.first, first <= state.scoredCount {
            state.pretestAfter.removeFirst()
            if let item = choosePretest(&state) { return select(item, in: &state) }
        }
        guard let item = chooseOperational(&state) else { return finish(.poolExhausted, &state) }
        return select(item, in: &state)
    }

    /// A stop forced from outside the engine (the time limit, ``StopReason/time``): the item waiting
    /// for its response is dropped unanswered and the exam is scored on the responses recorded, with
    /// the final estimator — as at the maximum length. No stopping rule is consulted; a stopped exam
    /// is left as it is. Afterwards ``next(_:)`` returns `.finished(reason)`.
    public func stop(_ state: inout AdaptiveState, reason: StopReason) {
        guard state.stopReason == nil else { return }
        state.awaiting = nil
        state.pendingSet = []
        state.finalTheta = nil
        state.finalStandardError = nil
        _ = finish(reason, &state)
    }

    private func finish(_ reason: StopReason, _ state: inout AdaptiveState) -> AdaptiveStep {
        state.stopReason = reason
        if state.finalTheta == nil || reason == .maxLength || reason == .poolExhausted || reason == .time {
            let estimate = finalEstimate(state)
            state.finalTheta = estimate.theta
            state.finalStandardError = estimate.standardError
        }
        return .finished(reason)
    }

    /// Marks `item` as given next: it and its enemies leave the pool of this exam; a set's other
    /// members are queued.
    private func select(_ item: Int, in state: inout AdaptiveState) -> AdaptiveStep {
        state.awaiting = item
        state.available[item] = false
        for e in pool.mutualEnemies[item] { state.available[e] = false }
        if let set = pool.setOfItem[item], state.pendingSet.isEmpty {
            state.pendingSet = pool.sets[set].filter { $0 != item && state.available[$0] }
        }
        return .administer(item)
    }

    // MARK: Record

    /// Records the response to the item awaiting one and updates the interim estimate.
    /// - Throws: ``AdaptiveTestingError`` when no item waits or the category is not the item's.
    public func record(_ state: inout AdaptiveState, response: Int) throws(AdaptiveTestingError) {
        guard let item = state.awaiting else { throw .notAwaitingResponse(item: "none") }
        let poolItem = pool.items[item]
        let scored = poolItem.role == .operational
        if scored, let b = pool.batchIndex[item] {
            let k = pool.batch.items[b].categoryCount
            guard (0..<k).contains(response) else { throw .invalidResponse(item: poolItem.id, response: response, categories: k) }
            let base = tableOffset[b] + response * grid.count
            for q in 0..<grid.count { state.logLikelihood[q] += logProbabilityTable[base + q] }
            state.batchResponses[b] = UInt8(response)
            state.scoredCount += 1
            if let s = poolItem.section { state.sectionCounts[s] += 1 }
            let estimate = interimEstimate(state)
            state.theta = estimate.theta
            state.standardError = estimate.standardError
            state.finalTheta = nil
            state.finalStandardError = nil
        } else {
            let k = poolItem.categoryCount ?? Int.max
            guard response >= 0, response < k else {
                throw .invalidResponse(item: poolItem.id, response: response, categories: poolItem.categoryCount ?? 0)
            }
        }
        state.steps.append(AdministeredItem(position: state.steps.count + 1, poolIndex: item, itemId: poolItem.id,
                                            response: response, scored: scored, theta: state.theta,
                                            standardError: state.standardError ?? grid.latent.standardDeviation))
        state.awaiting = nil
    }

    // MARK: Estimation

    /// The posterior mean and SD on the grid (EAP; Bock & Mislevy 1982), from the running
    /// log-likelihood: π_q ∝ exp(ℓ_q + log w_q).
    func posteriorMoments(_ logLikelihood: [Double]) -> (mean: Double, sd: Double) {
        let q = grid.count
        var top = -Double.infinity
        for n in 0..<q { top = max(top, logLikelihood[n] + grid.logWeights[n]) }
        var total = 0.0, first = 0.0, second = 0.0
        for n in 0..<q {
            let w = exp(logLikelihood[n] + grid.logWeights[n] - top)
            let t = grid.nodes[n]
            total += w; first += w * t; second += w * t * t
        }
        let mean = first / total
        return (mean, max(0, second / total - mean * mean).squareRoot())
    }

    func interimEstimate(_ state: AdaptiveState) -> (theta: Double, standardError: Double) {
        if let scorer = interimScorer {
            let s = scorer.score(state.batchResponses.map { $0 == 255 ? nil : $0 })
            if let t = s.theta, let se = s.standardError, t.isFinite, se.isFinite { return (t, se) }
        }
        let m = posteriorMoments(state.logLikelihood)
        return (m.mean, m.sd)
    }

    /// The final estimator's θ̂ and SE on the scored responses (the start θ and the prior SD
    /// before any response).
    public func finalEstimate(_ state: AdaptiveState) -> (theta: Double, standardError: Double) {
        guard state.scoredCount > 0 else { return (settings.startTheta, pool.latent.standardDeviation) }
        if settings.finalEstimator == .eap {
            // The interim estimate is this EAP already when the interim estimator is EAP too.
            if settings.interimEstimator == .eap, let se = state.standardError { return (state.theta, se) }
            let m = posteriorMoments(state.logLikelihood)
            return (m.mean, m.sd)
        }
        let s = finalScorer.score(state.batchResponses.map { $0 == 255 ? nil : $0 })
        return (s.theta ?? state.theta, s.standardError ?? .infinity)
    }

    // MARK: Blueprint

    func sectionMinimumsMet(_ state: AdaptiveState) -> Bool {
        for (s, section) in pool.sections.enumerated() where state.sectionCounts[s] < min(section.minItems, sectionSupply[s]) {
            return false
        }
        return true
    }

    /// Strata of a-stratified selection with b-blocking (Chang, Qian & Ying 2001): items ordered by
    /// difficulty are cut into blocks of `strata` items; within a block the k-th smallest slope goes
    /// to stratum k, so every stratum spans the difficulty range and the slopes increase by stratum.
    static func stratify(slopes: [Double], difficulties: [Double], strata: Int) -> [Int] {
        let order = difficulties.indices.sorted { (difficulties[$0], $0) < (difficulties[$1], $1) }
        var out = [Int](repeating: 0, count: slopes.count)
        var start = 0
        while start < order.count {
            let block = order[start..<min(order.count, start + strata)].sorted { (slopes[$0], $0) < (slopes[$1], $1) }
            for (k, j) in block.enumerated() { out[j] = k }
            start += strata
        }
        return out
    }
}
