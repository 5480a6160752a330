import Calibration
import IRTModels
import ItemBanking
import Tables
import MathCore
import ResponseData

/// The simulated field test that gives the bundled bank its parameters while no real candidate has
/// answered its items (DECISIONS §2). Every number it produces is marked `source: simulated`.
///
/// 1. Provisional generating parameters by intended level: b ~ N(μ_level, 0.4²) with μ = −1.5, −0.5,
///    0.5, 1.5 for novice … expert; a ~ U(0.8, 1.8); multiple-choice items 3PL with c ~ U(0.10, 0.25);
///    graded items GRM with thresholds μ_level + sorted N(0, 0.8²) offsets at least 0.4 apart.
/// 2. Simulated responses of `persons` candidates, θ ~ N(0, 1), to every scored item.
/// 3. Calibration by MML-EM with each item's bank model (3PL with the Beta prior for multiple
///    choice, GRM for graded) and standard errors.
public enum SimulatedFieldTest {
    public struct Settings: Sendable {
        public var persons: Int = 2000
        public var seed: UInt64 = 20_261_124
        public var levelMeans: [MentorLevel: Double] = [.novice: -1.5, .intermediate: -0.5, .advanced: 0.5, .expert: 1.5]
        /// Hears each E-step of the calibration (for a progress display); nil: silent.
        public var progress: (@Sendable (CalibrationProgress) -> Void)?
        public init() {}
    }

    public struct Outcome: Sendable {
        /// The bank with the calibrated (simulated) parameters and its `parameterSource`.
        public var bank: ItemBank
        /// The generating parameters by item id.
        public var generating: [String: IRTModels.ItemParameters]
        public var result: CalibrationResult
        /// RMSE of the calibrated slopes and locations (b, or mean threshold) against the generating ones.
        public var rmseDiscrimination: Double
        public var rmseLocation: Double
    }

    /// Provisional parameters by intended level for every scored, non-retired item.
    public static func provisionalParameters(bank: ItemBank, settings: Settings,
                                             generator g: inout SeededGenerator) -> [String: IRTModels.ItemParameters] {
        var out = [String: IRTModels.ItemParameters]()
        for item in bank.items where item.scored && item.status != .retired {
            let mu = settings.levelMeans[item.level] ?? 0
            let a = 0.8 + 1.0 * g.nextUniform()
            let b = mu + 0.4 * g.nextNormal()
            if item.type == .multipleChoice {
                out[item.id] = .dichotomous(.threePL, discrimination: a, difficulty: b, guessing: 0.10 + 0.15 * g.nextUniform())
            } else {
                let steps = max(1, item.categoryCount - 1)
                var offsets = (0..<steps).map { _ in 0.8 * g.nextNormal() }.sorted()
                for k in 1..<max(1, offsets.count) where offsets[k] - offsets[k - 1] < 0.4 { offsets[k] = offsets[k - 1] + 0.4 }
                let mean = offsets.reduce(0, +) / Double(offsets.count)
                out[item.id] = .graded(discrimination: a, thresholds: offsets.map { b + $0 - mean })
            }
        }
        return out
    }

    /// Runs the simulated field test and returns the bank with its new parameters.
    public static func run(bank: ItemBank, settings: Settings = Settings()) throws(BankCalibrationError) -> Outcome {
        var g = SeededGenerator(seed: settings.seed)
        let generating = provisionalParameters(bank: bank, settings: settings, generator: &g)
        let ids = bank.items.map(\.id).filter { generating[$0] != nil }
        let params = ids.compactMap { generating[$0] }
        let thetas = (0..<settings.persons).map { _ in g.nextNormal() }
        var data = Simulation.responses(items: params, thetas: thetas, generator: &g)
        data.itemIDs = ids
        let calibrationID = "sim-field-test-seed\(settings.seed)-n\(settings.persons)"
        let progress = settings.progress
        var outcome = try BankCalibrationRun.calibrate(bank: bank, data: data, calibrationID: calibrationID) { cfg in
            cfg.progress = progress
        }
        // The bank's own recorded models may differ from the generating ones only if the bank already
        // had parameters; the field test always uses the generating models.
        let est = outcome.result.items
        let rmseA = rmse(est.map(\.discrimination), params.map(\.discrimination))
        let rmseB = rmse(est.map(location), params.map(location))
        outcome.bank.manifest.parameterSource = ParameterSource(
            source: .simulated, seed: Int(settings.seed), persons: settings.persons, calibration: calibrationID,
            model: "3pl (multiple choice, Beta(6,16) guessing prior), grm (graded)",
            settings: [
                "levelMeans": "novice -1.5, intermediate -0.5, advanced 0.5, expert 1.5",
                "difficultySD": "0.4", "slopes": "U(0.8, 1.8)", "guessing": "U(0.10, 0.25)",
                "theta": "N(0, 1)", "design": "every candidate answers every scored item",
                "quadrature": "61 nodes on [-6, 6]", "tolerance": "1e-4",
                "recoveryRMSE": String(format2(rmseA)) + " (a), " + String(format2(rmseB)) + " (b)",
            ],
            note: "SIMULATED: no real candidate has answered these items. Parameters come from a simulated "
                + "field test run by `mentorcert bank simulate-field-test`; replace them with a real calibration.")
        return Outcome(bank: outcome.bank, generating: generating, result: outcome.result,
                       rmseDiscrimination: rmseA, rmseLocation: rmseB)
    }

    static func location(_ p: IRTModels.ItemParameters) -> Double {
        p.model.isDichotomous ? p.difficulty : p.thresholds.reduce(0, +) / Double(max(1, p.thresholds.count))
    }

    static func rmse(_ a: [Double], _ b: [Double]) -> Double {
        guard !a.isEmpty else { return 0 }
        return (zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(a.count)).squareRoot()
    }

    /// A recovery RMSE for the bank's notes: 3 decimals (`NumberText.fixed`, the one display formatter).
    static func format2(_ x: Double) -> String { NumberText.fixed(x, decimals: 3) ?? x.description }
}
