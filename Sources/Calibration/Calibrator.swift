import Dispatch
import IRTModels
import LinearAlgebra
import MathCore
import ResponseData
#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

/// Marginal maximum-likelihood calibration by EM (Bock & Aitkin 1981, *Psychometrika* 46:443–459) on
/// a fixed quadrature grid, with SQUAREM acceleration (Varadhan & Roland 2008) and standard errors
/// from the observed information of the marginal likelihood.
public struct Calibrator: Sendable {
    public var configuration: CalibrationConfiguration

    public init(configuration: CalibrationConfiguration) { self.configuration = configuration }

    /// Calibrates the items of `data`.
    /// - Throws: ``CalibrationError`` when the data cannot identify the model (constant item, unused
    ///   category, fewer than two respondents …).
    public func calibrate(_ data: ResponseMatrix) throws(CalibrationError) -> CalibrationResult {
        let cfg = configuration
        let clockStart = DispatchTime.now().uptimeNanoseconds
        func elapsed(_ since: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - since) * 1e-9 }
        // Multiple groups: items freed across groups get one column per group (appended at the end,
        // so every column index of the configuration keeps its meaning).
        var data = data
        var splitSources = [Int]()
        if let groups = cfg.groups { (data, splitSources) = try groups.splitFreeItems(data) }
        var models = cfg.itemModels ?? [ItemModel](repeating: cfg.model, count: data.itemCount - splitSources.count)
        var optionCounts = cfg.optionCounts
        for source in splitSources {
            models.append(source < models.count ? models[source] : cfg.model)
            if let m = cfg.optionCounts, source < m.count { optionCounts?.append(m[source]) }
        }
        let prepared = try PreparedData(data, models: models, collapseUnused: cfg.collapseUnusedCategories)
        for (col, item) in cfg.fixedItems {
            guard col >= 0, col < prepared.itemCount else {
                throw CalibrationError(.fixedItemMismatch(item: "#\(col)", reason: "no such item column"))
            }
            guard item.categoryCount == prepared.categoryCounts[col] else {
                throw CalibrationError(.fixedItemMismatch(
                    item: prepared.itemIDs[col],
                    reason: "its bank parameters have \(item.categoryCount) categories, the data \(prepared.categoryCounts[col])"))
            }
        }
        let preparation = elapsed(clockStart)
        guard prepared.itemCount >= 2 else {
            throw CalibrationError(.tooFewItems(found: prepared.itemCount))
        }
        let rule = QuadratureRule.normalGrid(count: cfg.quadratureNodes, range: cfg.quadratureRange)
        var engines = [EStep]()
        // Rasch items: the raw score is sufficient for θ, so complete-data persons are counted by score.
        let byScore = cfg.sufficientStatistics && models.allSatisfy { $0 == .rasch }
        var groupPersons = [data.personCount]
        if let groups = cfg.groups {
            let rows = prepared.personRows
            let members = groups.persons
            groupPersons = members.map(\.count)
            for (g, persons) in members.enumerated() {
                guard persons.count >= 2 else {
                    throw CalibrationError(.invalidGroups(
                        reason: "group \(groups.names[g]) has \(persons.count) person(s); each group needs at least two"))
                }
                engines.append(EStep(data: prepared.restricted(to: persons, rowsOf: rows), nodes: rule.nodes,
                                     threads: cfg.threads, blockSize: cfg.blockSize, sufficientStatistics: byScore))
            }
        } else {
            engines.append(EStep(data: prepared, nodes: rule.nodes, threads: cfg.threads, blockSize: cfg.blockSize,
                                 sufficientStatistics: byScore))
        }
        let focalGroups = max(0, engines.count - 1)
        let hasRasch = models.contains(.rasch)
        let commonSlope = hasRasch && !cfg.raschSlopeFixed
        let anyFixed = !cfg.fixedItems.isEmpty
        let layout = ParameterLayout(
            models: models, categoryCounts: prepared.categoryCounts, fixed: Set(cfg.fixedItems.keys),
            commonSlope: commonSlope,
            estimateMean: anyFixed,
            estimateVariance: anyFixed || (hasRasch && cfg.raschSlopeFixed && models.allSatisfy { $0 == .rasch }),
            focalGroups: focalGroups)
        let priors: [BetaPrior?] = (0..<prepared.itemCount).map { i in
            guard let base = cfg.guessingPrior, models[i].hasGuessing else { return nil }
            if let m = optionCounts, i < m.count { return .guessing(options: m[i]) }
            return base
        }
        let problem = EMProblem(engines: engines, layout: layout, nodes: rule.nodes, priors: priors)
        var state = startingState(prepared, models: models, layout: layout)
        state.focalMeans = [Double](repeating: 0, count: focalGroups)
        state.focalVariances = [Double](repeating: 1, count: focalGroups)

        // EM with optional SQUAREM.
        var iterations = 0
        var converged = false
        var lastChange = Double.infinity
        let progress = cfg.progress
        func emMap(_ s: EMState) -> (next: EMState, logLikelihood: Double) {
            iterations += 1
            let out = problem.map(s)
            progress?(CalibrationProgress(iteration: iterations, change: lastChange, logLikelihood: out.logLikelihood))
            return out
        }
        // Converged means both rules (DECISIONS §5 and docs/DECISIONS.md): the parameter change of a
        // plain EM cycle below the tolerance, and the bound-respecting first-order condition at the
        // final expected counts (the projected step one more exact M-step would take) below it too.
        // When the second fails, EM continues from where it stopped.
        var final: ExpectedCounts
        var remainingStep = Double.infinity
        while true {
            switch cfg.acceleration {
            case .none:
                while iterations < cfg.maxIterations {
                    let (next, _) = emMap(state)
                    lastChange = layout.maxAbsDifference(next, state)
                    state = next
                    if lastChange < cfg.tolerance { converged = true; break }
                }
            case .squarem:
                var squarem = Squarem()
                while iterations < cfg.maxIterations {
                    let (s1, _) = emMap(state)
                    lastChange = layout.maxAbsDifference(s1, state)
                    if lastChange < cfg.tolerance { state = s1; converged = true; break }
                    if iterations >= cfg.maxIterations { state = s1; break }
                    let (s2, ll1) = emMap(s1)
                    lastChange = layout.maxAbsDifference(s2, s1)
                    if lastChange < cfg.tolerance { state = s2; converged = true; break }
                    if iterations >= cfg.maxIterations { state = s2; break }
                    var (alpha, point) = squarem.extrapolate(layout.pack(state), layout.pack(s1), layout.pack(s2))
                    var proposal = s2
                    if let point {
                        // A proposal outside the box is projected onto it, not rejected.
                        if let raw = layout.unpack(point, template: state), case let candidate = layout.projected(raw),
                           layout.isValid(candidate) {
                            proposal = candidate
                        } else {
                            alpha = 1
                        }
                    }
                    var (s3, llp) = emMap(proposal)
                    var base = proposal
                    if alpha > 1 && !(llp >= ll1 - 1e-8 * abs(ll1)) {
                        // The extrapolation lowered the likelihood: fall back to the plain EM point.
                        if iterations >= cfg.maxIterations { state = s2; break }
                        (s3, _) = emMap(s2)
                        base = s2
                        squarem.rejected()
                    } else {
                        squarem.accepted(alpha)
                    }
                    lastChange = layout.maxAbsDifference(s3, base)
                    state = s3
                    if lastChange < cfg.tolerance { converged = true; break }
                }
            }

            // Final E-step at the solution: log-likelihood and expected counts.
            iterations += 1
            final = problem.expectedCounts(state).counts
            remainingStep = problem.remainingStep(state, counts: final)
            if !converged || remainingStep < cfg.tolerance || iterations >= cfg.maxIterations {
                if converged && !(remainingStep < cfg.tolerance) { converged = false }
                break
            }
            converged = false
        }
        var warnings: [CalibrationWarning] = prepared.collapseNotes.map { .categoriesCollapsed(note: $0) }
        for (i, item) in state.items.enumerated() where !layout.fixed.contains(i)
            && item.discrimination >= ParameterBounds.maximumDiscrimination * 0.999 {
            warnings.append(.slopeAtBound(item: prepared.itemIDs[i], bound: ParameterBounds.maximumDiscrimination))
        }
        if !final.logLikelihood.isFinite { warnings.append(.nonFiniteLikelihood) }
        // Items with a guessing or upper asymptote on its bound (c = 0, c = 0.95, u = c + 0.02, u = 1):
        // legitimate maxima, named so the reader knows those parameters have no standard error.
        var boundedParameters = [[String]](repeating: [], count: prepared.itemCount)
        for i in layout.freeItems {
            boundedParameters[i] = state.items[i].parametersOnBounds
            let names = boundedParameters[i].filter { $0 == "g" || $0 == "u" }
            if names.isEmpty { continue }
            warnings.append(.asymptoteOnBound(item: prepared.itemIDs[i], parameters: names.map { name in
                (name, name == "g" ? state.items[i].guessing : state.items[i].upperAsymptote)
            }))
        }
        if !converged {
            warnings.append(.notConverged(eSteps: iterations, lastChange: lastChange, remainingStep: remainingStep,
                                          tolerance: cfg.tolerance))
        }
        var logPosterior = final.logLikelihood
        for (i, prior) in priors.enumerated() {
            if let prior, !layout.fixed.contains(i) {
                logPosterior += prior.logDensity(state.items[i].guessing)
                    + lgamma(prior.alpha + prior.beta) - lgamma(prior.alpha) - lgamma(prior.beta)
            }
        }

        let emWall = elapsed(clockStart) - preparation
        let eStepBeforeSE = engines.reduce(0) { $0 + $1.wallSeconds }
        let seStart = DispatchTime.now().uptimeNanoseconds
        var standardErrors = [[Double]?](repeating: nil, count: prepared.itemCount)
        var covariance: Matrix?
        var standardErrorMethod: StandardErrorMethod?
        if cfg.computeStandardErrors {
            let finalIterations = iterations, finalChange = lastChange
            let onColumn: ((Int, Int) -> Void)? = progress.map { report in
                { done, total in
                    report(CalibrationProgress(iteration: finalIterations, change: finalChange, logLikelihood: .nan,
                                               phase: .standardErrors(completed: done, total: total)))
                }
            }
            let computed = ObservedInformation.covariance(problem: problem, at: state, method: cfg.standardErrorMethod,
                                                          linearScores: cfg.louisLinearScores, progress: onColumn)
            standardErrorMethod = computed.method
            switch computed.covariance {
            case .success(let cov):
                covariance = cov
                standardErrors = layout.itemStandardErrors(cov)
            case .failure(let error):
                warnings.append(.standardErrorsUnavailable(reason: "\(error)"))
            }
        }
        let seconds = engines.reduce((indicators: 0.0, products: 0.0, posterior: 0.0)) {
            let t = $1.threadSeconds
            return ($0.indicators + t.indicators, $0.products + t.products, $0.posterior + t.posterior)
        }
        let flops = engines.reduce(0) { $0 + $1.productFlops }
        let profile = CalibrationProfile(
            total: elapsed(clockStart), preparation: preparation, eStep: eStepBeforeSE,
            mStep: max(0, emWall - eStepBeforeSE), standardErrors: cfg.computeStandardErrors ? elapsed(seStart) : 0,
            eStepIndicatorsThreadSeconds: seconds.indicators, eStepProductsThreadSeconds: seconds.products,
            eStepPosteriorThreadSeconds: seconds.posterior, productFlops: flops,
            productGflopsPerThread: seconds.products > 0 ? flops / seconds.products * 1e-9 : 0,
            eSteps: engines.map(\.runs).max() ?? 0, scoreGroupESteps: engines.map(\.scoreGroupRuns).max() ?? 0)
        // The method that produced the standard errors (Louis falls back to forward differences when
        // its Gram matrices would be too large).
        var settings = cfg.documentedSettings(commonSlope: commonSlope)
        if let standardErrorMethod { settings["standardErrors"] = standardErrorMethod.rawValue }
        return CalibrationResult(
            itemIDs: prepared.itemIDs, items: state.items, standardErrors: standardErrors, covariance: covariance,
            parameterLabels: layout.labels(prepared.itemIDs, focalNames: Array((cfg.groups?.names ?? []).dropFirst())), fixed: (0..<prepared.itemCount).map { layout.fixed.contains($0) },
            latent: LatentDistribution(mean: state.mean, variance: state.variance, meanEstimated: layout.estimateMean,
                                       varianceEstimated: layout.estimateVariance),
            converged: converged, iterations: iterations, lastChange: lastChange, remainingStep: remainingStep,
            groups: groupLatents(state: state, layout: layout, covariance: covariance, persons: groupPersons),
            boundedParameters: boundedParameters,
            logLikelihood: final.logLikelihood, logPosterior: logPosterior, parameterCount: layout.count,
            personCount: data.personCount, patternCount: prepared.uniquePatternCount, quadratureNodes: rule.nodes,
            diagnostics: warnings,
            configurationSummary: settings,
            finalCounts: final.counts, profile: profile)
    }

    /// Each group's latent distribution with its standard errors (empty for one group).
    func groupLatents(state: EMState, layout: ParameterLayout, covariance: Matrix?, persons: [Int]) -> [GroupLatent] {
        guard let groups = configuration.groups else { return [] }
        let reference = covariance.map { layout.latentStandardErrors($0) }
        let focal = covariance.map { layout.focalStandardErrors($0) }
        return groups.names.enumerated().map { g, name in
            let latent = state.latent(g)
            if g == 0 {
                return GroupLatent(name: name, persons: persons[0], mean: latent.mean, variance: latent.variance,
                                   meanEstimated: layout.estimateMean, varianceEstimated: layout.estimateVariance,
                                   meanStandardError: reference?.mean, varianceStandardError: reference?.variance)
            }
            return GroupLatent(name: name, persons: persons[g], mean: latent.mean, variance: latent.variance,
                               meanEstimated: true, varianceEstimated: true,
                               meanStandardError: focal?[g - 1].mean, varianceStandardError: focal?[g - 1].variance)
        }
    }
}
