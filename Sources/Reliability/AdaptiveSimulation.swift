import AdaptiveTesting
import ExamDesign
import IRTModels

extension ReliabilityAnalysis {
    /// The adaptive exam's reliability by simulation: the bank's engine (``ReliabilityModel/adaptiveEngine``)
    /// on `examinees` candidates with θ ~ the latent distribution, seeded by `seed`
    /// (``ExamDesign/SimulationStudy``). Reports
    /// ```
    /// empirical reliability   var(θ̂) / (var(θ̂) + mean SE²)       (as empirical_rxx, on the final estimates)
    /// true-score reliability  cor(θ̂, θ)²
    /// CSEM by band            mean SE and RMSE of θ̂ by band of the true θ
    /// information             I_adaptive(θ) = (1/N) Σ_c Σ_{j ∈ exam c} I_j(θ)   (the mean exam's information)
    /// ```
    /// with Rudner's indices on the simulated θ̂ and SE beside the classification the simulation achieved
    /// against the true θ; the CSEM at a cut is the mean SE of the candidates whose true θ lies within
    /// ±0.25 of it.
    static func simulate(model: ReliabilityModel, examinees: Int, seed: UInt64,
                         maxConcurrency: Int) throws(ReliabilityError) -> (reliability: AdaptiveReliability, curve: InformationCurve) {
        guard let engine = model.adaptiveEngine else {
            throw .simulation(model.adaptiveEngineProblem ?? "the parameters give no adaptive exam to simulate")
        }
        let study: SimulationStudy
        do { study = try SimulationStudy(engine: engine, examinees: examinees, seed: seed, thetas: .latent) } catch {
            throw .simulation(error.description)
        }
        let outcomes = study.run(maxConcurrency: maxConcurrency)
        let pool = engine.pool
        let thetas = outcomes.map(\.result.theta), ses = outcomes.map(\.result.standardError), truth = outcomes.map(\.trueTheta)
        let n = Double(outcomes.count)
        // Information of the mean exam.
        var info = [Double](repeating: 0, count: InformationCurve.thetas.count)
        var lengthSum = 0.0
        for outcome in outcomes {
            let scored = outcome.result.items.filter(\.scored).compactMap { pool.items[$0.poolIndex].parameters }
            lengthSum += Double(scored.count)
            let batch = ItemBatch(scored)
            for (q, theta) in InformationCurve.thetas.enumerated() { info[q] += batch.testInformation(at: theta) / n }
        }
        let curve = InformationCurve(scope: "adaptive", itemCount: lengthSum / n, information: info)
        // Precision.
        let meanSE = ses.reduce(0, +) / n
        let rmse = (zip(thetas, truth).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / n).squareRoot()
        let edges: [Double] = stride(from: -2.5, through: 2.5, by: 0.5).map { $0 }
        var bands: [ConditionalPrecision] = []
        for b in 0...edges.count {
            let lower: Double? = b == 0 ? nil : edges[b - 1]
            let upper: Double? = b == edges.count ? nil : edges[b]
            let inBand = outcomes.filter { o in (lower.map { o.trueTheta >= $0 } ?? true) && (upper.map { o.trueTheta < $0 } ?? true) }
            let m = Double(inBand.count)
            bands.append(ConditionalPrecision(
                thetaLower: lower, thetaUpper: upper, examinees: inBand.count,
                meanSE: inBand.isEmpty ? nil : inBand.reduce(0) { $0 + $1.result.standardError } / m,
                rmse: inBand.isEmpty ? nil : (inBand.reduce(0) { $0 + ($1.result.theta - $1.trueTheta) * ($1.result.theta - $1.trueTheta) } / m).squareRoot(),
                meanLength: inBand.isEmpty ? nil : inBand.reduce(0) { $0 + Double($1.result.length) } / m))
        }
        var classification: ClassificationReport?
        var achieved: AchievedClassification?
        if !model.cuts.isEmpty {
            let (tables, used) = RudnerClassification.tables(thetas: thetas, standardErrors: ses, model: model)
            if used > 0 {
                classification = tables.report(method: "rudner",
                                               basis: "θ̂ and SE of the final estimator (\(engine.settings.finalEstimator.rawValue)) of \(used) simulated adaptive exams",
                                               model: model, csem: model.cuts.map { cut in
                                                   // The exams' CSEM at the cut: mean SE of candidates whose true θ lies within ±0.25 of it.
                                                   let near = outcomes.filter { abs($0.trueTheta - cut.theta) < 0.25 }
                                                   return near.isEmpty ? nil : near.reduce(0) { $0 + $1.result.standardError } / Double(near.count)
                                               })
            }
            achieved = AchievedClassification(
                cuts: model.cuts.map { cut in
                    var agree = 0, falsePass = 0, falseFail = 0
                    for (estimate, t) in zip(thetas, truth) {
                        let pass = estimate >= cut.theta, truePass = t >= cut.theta
                        if pass == truePass { agree += 1 } else if pass { falsePass += 1 } else { falseFail += 1 }
                    }
                    return .init(level: cut.level, cut: cut.theta, certification: cut.certification, accuracy: Double(agree) / n,
                                 falsePass: Double(falsePass) / n, falseFail: Double(falseFail) / n)
                },
                levels: Double(zip(thetas, truth).filter { model.level(of: $0.0) == model.level(of: $0.1) }.count) / n)
        }
        let reliability = AdaptiveReliability(
            examinees: outcomes.count, seed: seed, estimator: engine.settings.finalEstimator.rawValue, meanLength: lengthSum / n,
            empiricalReliability: IRTReliability.empirical(thetas: thetas, standardErrors: ses),
            trueScoreReliability: correlation(thetas, truth).map { $0 * $0 },
            meanSE: meanSE.isFinite ? meanSE : nil, rmse: rmse.isFinite ? rmse : nil, conditional: bands,
            classification: classification, achievedClassification: achieved)
        return (reliability, curve)
    }

    static func correlation(_ x: [Double], _ y: [Double]) -> Double? {
        let n = Double(x.count)
        guard x.count >= 2 else { return nil }
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (a, b) in zip(x, y) { sxy += (a - mx) * (b - my); sxx += (a - mx) * (a - mx); syy += (b - my) * (b - my) }
        guard sxx > 0, syy > 0 else { return nil }
        return sxy / (sxx * syy).squareRoot()
    }
}
