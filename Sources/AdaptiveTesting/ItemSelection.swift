#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif
import IRTModels
import MathCore
import ShadowTest

/// Selection: which eligible item comes next (criterion, content balancing, exposure control).
extension AdaptiveEngine {
    /// One candidate: a batch item with its criterion value (larger is better) and, under content
    /// balancing, its weighted-deviation score (smaller is better).
    struct Candidate {
        var batch: Int
        var value: Double
        var score: Double
    }

    /// Chooses the next operational item, or nil when none may be given.
    func chooseOperational(_ state: inout AdaptiveState) -> Int? {
        var candidates = eligibleCandidates(state)
        if candidates.isEmpty { return nil }
        if case .aStratified(let strata) = settings.selection {
            candidates = restrictToStage(candidates, strata: strata, scored: state.scoredCount)
        }
        evaluate(&candidates, state: state)
        var deviations = settings.content == .weightedDeviation
        if settings.content == .shadow {
            if let chosen = shadowChoice(candidates, state: &state) { candidates = chosen } else { deviations = true }
        }
        score(&candidates, state: state, deviations: deviations)
        switch settings.exposure {
        case .none: return applyExposureControl(Self.best(candidates, 1), state: &state)
        case .randomesque(let k): return applyExposureControl(Self.best(candidates, k), state: &state)
        case .sympsonHetter:
            candidates.sort(by: Self.better)
            return applyExposureControl(candidates, state: &state)
        }
    }

    /// A random available pretest item (none when all are given, set aside or enemies of given items).
    func choosePretest(_ state: inout AdaptiveState) -> Int? {
        let options = pool.items.indices.filter { pool.items[$0].role == .pretest && state.available[$0] }
        guard !options.isEmpty else { return nil }
        let pick = min(options.count - 1, Int(state.generator.nextUniform() * Double(options.count)))
        return options[pick]
    }

    // MARK: Eligibility and the blueprint's hard rules

    /// Operational items that may be given now: available, and fitting the blueprint with the rest
    /// of the exam — their section (or, for a set member, the whole set's sections) stays within its
    /// maximum, the length within its maximum, and the slots left still hold every unmet section
    /// minimum (so a section is forced once the remaining slots equal its unmet minimum, DECISIONS §13).
    func eligibleCandidates(_ state: AdaptiveState) -> [Candidate] {
        let sections = pool.sections
        var unmet = 0
        var need = [Int](repeating: 0, count: sections.count)
        for (s, section) in sections.enumerated() {
            need[s] = max(0, min(section.minItems, sectionSupply[s]) - state.sectionCounts[s])
            unmet += need[s]
        }
        let n = state.scoredCount
        let maxLength = settings.maxLength
        // Whether a section can take one more item, and whether giving one keeps the unmet minimums
        // within the slots left (the forcing rule), for single items.
        var open = [Bool](repeating: true, count: sections.count)
        for s in sections.indices { open[s] = state.sectionCounts[s] < sections[s].maxItems }
        let slotsAfterOne = maxLength - n - 1
        var out: [Candidate] = []
        out.reserveCapacity(pool.batch.count)
        guard n < maxLength else { return out }
        for b in 0..<poolIndexOfBatch.count where state.available[poolIndexOfBatch[b]] {
            let set = setOfBatch[b]
            if set >= 0 {
                // A set starts only when all of it fits (DECISIONS §13).
                let members = pool.sets[set]
                guard members.allSatisfy({ state.available[$0] }) else { continue }
                let composition = setComposition[set]
                guard n + composition.count <= maxLength else { continue }
                var unmetAfter = unmet
                var fits = true
                for (sec, d) in composition.sections {
                    if state.sectionCounts[sec] + d > sections[sec].maxItems { fits = false; break }
                    unmetAfter -= min(d, need[sec])
                }
                guard fits, unmetAfter <= maxLength - n - composition.count else { continue }
            } else {
                let s = sectionOfBatch[b]
                if s >= 0 {
                    guard open[s], unmet - (need[s] > 0 ? 1 : 0) <= slotsAfterOne else { continue }
                } else {
                    guard unmet <= slotsAfterOne else { continue }
                }
            }
            out.append(Candidate(batch: b, value: 0, score: 0))
        }
        return out
    }

    /// a-stratified: the stage's stratum (stage k of K covers scored positions k·L/K … with L the
    /// maximum length); the nearest stratum with candidates when it has none.
    func restrictToStage(_ candidates: [Candidate], strata: Int, scored: Int) -> [Candidate] {
        let stage = min(strata - 1, scored * strata / max(1, settings.maxLength))
        for distance in 0..<strata {
            for k in [stage + distance, stage - distance] where (0..<strata).contains(k) {
                let inStratum = candidates.filter { stratum[$0.batch] == k }
                if !inStratum.isEmpty { return inStratum }
            }
        }
        return candidates
    }

    // MARK: Criteria

    /// Fills each candidate's criterion value at the interim state.
    func evaluate(_ candidates: inout [Candidate], state: AdaptiveState) {
        let theta = state.theta
        switch settings.selection {
        case .maximumInformation:
            fisherInformation(&candidates, at: theta)
        case .kullbackLeibler:
            let n = max(1, state.scoredCount)
            let delta = 3 / Double(n).squareRoot()
            for c in candidates.indices {
                candidates[c].value = kullbackLeiblerInformation(candidates[c].batch, at: theta, halfWidth: delta)
            }
        case .posteriorWeightedInformation:
            let weights = posteriorWeights(state.logLikelihood)
            let q = grid.count
            informationTable.withUnsafeBufferPointer { table in
                for c in candidates.indices {
                    let base = candidates[c].batch * q
                    var v = 0.0
                    for n in 0..<q { v += weights[n] * table[base + n] }
                    candidates[c].value = v
                }
            }
        case .aStratified:
            for c in candidates.indices { candidates[c].value = -abs(difficulty[candidates[c].batch] - theta) }
        }
    }

    /// Fisher information of every candidate at θ: from the engine's ``InformationLattice`` when θ lies
    /// on it (maximum-information selection and the shadow test), else the dichotomous items' logistic
    /// terms in one vectorised pass (``FastExp`` of −|aθ + d|, then σ = 1/(1 + t) or t/(1 + t)), other models through
    /// ``ItemBatch/information(item:at:)``. The same values as ``fisherInformation(_:at:)`` to rounding.
    func fisherInformation(_ candidates: inout [Candidate], at theta: Double) {
        if let lattice, let cell = lattice.cell(theta) {
            let next = cell.row + lattice.items
            lattice.information.withUnsafeBufferPointer { info in
                lattice.derivative.withUnsafeBufferPointer { slope in
                    for c in candidates.indices {
                        let j = candidates[c].batch
                        candidates[c].value = cell.h00 * info[cell.row + j] + cell.h10 * slope[cell.row + j]
                            + cell.h01 * info[next + j] + cell.h11 * slope[next + j]
                    }
                }
            }
            return
        }
        let n = candidates.count
        withUnsafeTemporaryAllocation(of: Double.self, capacity: max(1, n)) { t in
            for c in 0..<n {
                let j = candidates[c].batch
                let a = slope[j]
                t[c] = a.isNaN ? 0 : -abs(a * theta + intercept[j])
            }
            if let base = t.baseAddress { FastExp.expNonPositiveInPlace(base, count: n) }
            for c in 0..<n {
                let j = candidates[c].batch
                let a = slope[j]
                if a.isNaN { candidates[c].value = pool.batch.information(item: j, at: theta); continue }
                let e = t[c]
                let s = a * theta + intercept[j] >= 0 ? 1 / (1 + e) : e / (1 + e)
                let range = upper[j] - lower[j]
                let p = lower[j] + range * s
                let dp = range * a * s * (1 - s)
                let denominator = p * (1 - p)
                candidates[c].value = denominator > 1e-300 ? dp * dp / denominator : 0
            }
        }
    }

    /// Fisher information of batch item j at θ: for a dichotomous item
    /// I = (u − c)² a² σ²(1 − σ)² / (P(1 − P)), P = c + (u − c)σ, σ = logistic(aθ + d) (Lord 1980,
    /// eq. 5-9); other models through ``ItemBatch/information(item:at:)``.
    @inline(__always)
    func fisherInformation(_ j: Int, at theta: Double) -> Double {
        let a = slope[j]
        guard !a.isNaN else { return pool.batch.information(item: j, at: theta) }
        let s = 1 / (1 + exp(-(a * theta + intercept[j])))
        let range = upper[j] - lower[j]
        let p = lower[j] + range * s
        let dp = range * a * s * (1 - s)
        let denominator = p * (1 - p)
        return denominator > 1e-300 ? dp * dp / denominator : 0
    }

    /// Chang & Ying's (1996) Kullback–Leibler index
    /// KL_j(θ̂) = ∫_{θ̂−δ}^{θ̂+δ} Σ_k P_jk(θ̂) log(P_jk(θ̂) / P_jk(θ)) dθ, δ = 3/√n,
    /// by Simpson's rule on 10 intervals.
    func kullbackLeiblerInformation(_ j: Int, at theta: Double, halfWidth delta: Double) -> Double {
        let item = pool.batch.items[j]
        let k = item.categoryCount
        var center = [Double](repeating: 0, count: k)
        var other = [Double](repeating: 0, count: k)
        item.logProbabilities(at: theta, into: &center)
        let intervals = 10
        let h = 2 * delta / Double(intervals)
        var total = 0.0
        for m in 0...intervals {
            item.logProbabilities(at: theta - delta + Double(m) * h, into: &other)
            var kl = 0.0
            for c in 0..<k { kl += exp(center[c]) * (center[c] - other[c]) }
            let weight: Double = (m == 0 || m == intervals) ? 1 : (m % 2 == 1 ? 4 : 2)
            total += weight * kl
        }
        return total * h / 3
    }

    /// The normalised posterior weights π_q on the grid.
    func posteriorWeights(_ logLikelihood: [Double]) -> [Double] {
        var w = zip(logLikelihood, grid.logWeights).map { $0 + $1 }
        let top = w.max() ?? 0
        var total = 0.0
        for n in w.indices { w[n] = exp(w[n] - top); total += w[n] }
        for n in w.indices { w[n] /= total }
        return w
    }

    // MARK: Content balancing

    /// Orders candidates best first. Without content balancing: by criterion. With weighted deviations
    /// (Stocking & Swanson 1993), each candidate j gets the score
    /// ```
    /// W_j = (1 − u_j) + (D_j − min_k D_k),   u_j = (v_j − v_min)/(v_max − v_min) ∈ [0, 1],
    /// D_j = Σ_s |c_s + Δ_js − share_s·(n + 1)|
    /// ```
    /// — the information shortfall relative to the best candidate plus the total deviation from the
    /// section targets share × (n + 1) after giving j (DECISIONS §3), both with weight 1 — and the
    /// smallest W comes first (ties by criterion, then pool order).
    func rank(_ candidates: inout [Candidate], state: AdaptiveState, deviations: Bool? = nil) {
        score(&candidates, state: state, deviations: deviations)
        candidates.sort(by: Self.better)
    }

    /// The ranking order: smaller score first, then larger criterion, then pool order.
    static func better(_ x: Candidate, _ y: Candidate) -> Bool {
        if x.score != y.score { return x.score < y.score }
        if x.value != y.value { return x.value > y.value }
        return x.batch < y.batch
    }

    /// Fills each candidate's score (smaller is better): −criterion without content balancing, W with
    /// weighted deviations (see ``rank(_:state:deviations:)``).
    func score(_ candidates: inout [Candidate], state: AdaptiveState, deviations: Bool? = nil) {
        guard deviations ?? (settings.content == .weightedDeviation), !pool.sections.isEmpty else {
            for c in candidates.indices { candidates[c].score = -candidates[c].value }
            return
        }
        let n = Double(state.scoredCount)
        let targets = pool.sections.map { $0.share * (n + 1) }
        var base = 0.0
        for s in pool.sections.indices { base += abs(Double(state.sectionCounts[s]) - targets[s]) }
        // The change of D when one item of section s is added.
        let change = pool.sections.indices.map { s in
            abs(Double(state.sectionCounts[s]) + 1 - targets[s]) - abs(Double(state.sectionCounts[s]) - targets[s])
        }
        var vMin = Double.infinity, vMax = -Double.infinity
        for c in candidates { vMin = min(vMin, c.value); vMax = max(vMax, c.value) }
        let span = vMax - vMin
        var dMin = Double.infinity
        var deviation = [Double](repeating: base, count: candidates.count)
        for (c, candidate) in candidates.enumerated() {
            let s = sectionOfBatch[candidate.batch]
            if s >= 0 { deviation[c] += change[s] }
            dMin = min(dMin, deviation[c])
        }
        for c in candidates.indices {
            let u = span > 0 ? (candidates[c].value - vMin) / span : 1
            candidates[c].score = (1 - u) + (deviation[c] - dMin)
        }
    }

    /// The `k` best candidates in ranking order, by one pass with a small sorted buffer (O(n·k)), so
    /// that choosing among a thousand items does not sort them all.
    static func best(_ candidates: [Candidate], _ k: Int) -> [Candidate] {
        var top: [Candidate] = []
        top.reserveCapacity(k + 1)
        for c in candidates {
            if top.count == k, let last = top.last, !better(c, last) { continue }
            var at = top.count
            while at > 0 && better(c, top[at - 1]) { at -= 1 }
            top.insert(c, at: at)
            if top.count > k { top.removeLast() }
        }
        return top
    }

    // MARK: Exposure control

    /// Picks from the ranked candidates: the best (none), a random one of the k best (randomesque,
    /// Kingsbury & Zara 1989), or down the ranking through the Sympson–Hetter lottery — item j, once
    /// reached, is given with probability k_j and otherwise set aside for this exam (Sympson &
    /// Hetter 1985); if every candidate is set aside, the last single item reached is given.
    func applyExposureControl(_ ranked: [Candidate], state: inout AdaptiveState) -> Int? {
        guard let best = ranked.first else { return nil }
        switch settings.exposure {
        case .none:
            return pool.operationalIndex[best.batch]
        case .randomesque(let k):
            let top = min(k, ranked.count)
            let pick = min(top - 1, Int(state.generator.nextUniform() * Double(top)))
            return pool.operationalIndex[ranked[pick].batch]
        case .sympsonHetter:
            // A set member that loses the lottery makes its whole set unavailable for this exam: the
            // set could no longer be given whole, so its other members are passed over too.
            var lostSets = Set<Int>()
            var reached: [Int] = []
            for candidate in ranked {
                let i = pool.operationalIndex[candidate.batch]
                if let set = pool.setOfItem[i], lostSets.contains(set) { continue }
                reached.append(i)
                state.lotteryItems.append(i)
                let k = pool.items[i].exposureControl
                if k >= 1 || state.generator.nextUniform() < k { return i }
                state.available[i] = false
                if let set = pool.setOfItem[i] { lostSets.insert(set) }
            }
            // Every candidate was set aside: the last single item reached is given (a set member
            // would leave its set in part).
            return reached.last { pool.setOfItem[$0] == nil }
        }
    }

    /// The shadow test (van der Linden & Reese 1998; van der Linden 2005, ch. 9): before each item, the
    /// most informative test of length max(minimum length, n + 1) (capped at the maximum; the minimum
    /// length of a variable-length exam, so that the section minimums are met by the time a stopping rule
    /// may fire, then one item longer than the exam so far) that contains every item given and meets
    /// the section bounds, enemies, sets and exposure eligibility together is solved with GLPK; the
    /// next item comes from its items not yet given (the candidates it keeps, ranked by the criterion).
    /// Values: each candidate's criterion; other operational items their Fisher information at θ̂.
    /// When no shadow test exists (the constraints cannot all be met with the items left) nil is
    /// returned and the engine falls back to the hard rules with weighted deviations.
    func shadowChoice(_ candidates: [Candidate], state: inout AdaptiveState) -> [Candidate]? {
        let items = pool.items
        var values = [Double](repeating: 0, count: items.count)
        var all = pool.operationalIndex.indices.map { Candidate(batch: $0, value: 0, score: 0) }
        fisherInformation(&all, at: state.theta)
        for c in all { values[pool.operationalIndex[c.batch]] = c.value }
        if settings.selection != .maximumInformation {
            // Criteria on another scale (KL, a-stratified distances) are shifted to be positive.
            let low = candidates.map(\.value).min() ?? 0
            for i in values.indices { values[i] = 0 }
            for c in candidates { values[pool.operationalIndex[c.batch]] = c.value - low + 1e-6 }
        } else {
            for c in candidates { values[pool.operationalIndex[c.batch]] = c.value }
        }
        let given = Set(state.steps.map(\.poolIndex))
        var enemyGroups: [[Int]] = []
        for (i, enemies) in pool.mutualEnemies.enumerated() { for e in enemies where e > i { enemyGroups.append([i, e]) } }
        let problem = ShadowTestProblem(
            values: values, counts: items.map { $0.role == .operational },
            length: min(settings.maxLength, max(settings.minLength, state.scoredCount + 1)),
            sectionOfItem: items.map(\.section),
            sectionBounds: pool.sections.enumerated().map { s, section in min(section.minItems, sectionSupply[s])...section.maxItems },
            sectionNames: pool.sections.map(\.id),
            administered: given.sorted(),
            unavailable: items.indices.filter { !state.available[$0] && !given.contains($0) },
            enemyGroups: enemyGroups, sets: pool.sets)
        guard let solution = try? ShadowTestSolver().solve(problem) else { return nil }
        let keep = Set(solution.remaining)
        let kept = candidates.filter { keep.contains(pool.operationalIndex[$0.batch]) }
        return kept.isEmpty ? nil : kept
    }
}
