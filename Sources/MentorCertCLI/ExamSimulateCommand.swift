import ArgumentParser
import Foundation
import ItemBanking
import StatisticsExport
import AdaptiveTesting
import ProgressReporting
import ExamDesign
import IRTModels
import ExamSessions
import Scoring
import Store
import Tables

/// `mentorcert exam simulate (--bank B | --params P) --examinees N --seed S …` — a simulation study of
/// an adaptive design on simulated candidates (DECISIONS §6 fixes the options and the JSON keys).
struct ExamSimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Simulate adaptive exams: precision, length, exposure, blueprint rules and classification accuracy.",
        discussion: """
            Runs the real adaptive engine on simulated candidates whose responses are drawn from the item \
            parameters. With --bank the bank's exam settings, blueprint, enemies, sets, pretest items and cut \
            scores apply (options override the settings) — those of the assessment type given by \
            --assessment (default final: the bank's `assessments:` settings of that type, else its exam \
            settings; entry gives the unscored self-assessment items too); with --params (a calibration's parameter file) \
            there is no blueprint, as in catR or mirtCAT. Output: the summary (CSV: one row, table \
            cat_simulation), --table conditional (by band of the true θ) or --table exposure (per item); \
            JSON holds all of them with the keys of DECISIONS §6.
            """)

    @Option(help: "The bank: a bank directory or a stored bank-version id.")
    var bank: String?

    @Option(help: "Item parameters without a blueprint: a parameter file from `calibrate --format json`, a bank directory or a stored bank-version id.")
    var params: String?

    @Option(help: "Simulated candidates.")
    var examinees: Int = 1_000

    @Option(help: "True θ: normal (the scale's latent distribution), uniform:LO,HI, levels (equal numbers per level), or a CSV file person,theta.")
    var theta: String = "normal"

    @Option(help: "Item selection: mfi, kl, mpwi or a-stratified[:STRATA] (default 4 strata).")
    var selection: String = "mfi"

    @Option(help: "Exposure control: none, randomesque:K or sympson-hetter (default: sympson-hetter when the bank version has its parameters, else randomesque:5).")
    var exposure: String?

    @Option(help: "Content balancing: none, weighted-deviation or shadow (default weighted-deviation with a blueprint).")
    var content: String?

    @Option(help: "Interim estimator: eap, map, ml or wle (default: the bank's, else eap).")
    var estimator: String?

    @Option(name: .customLong("final-estimator"), help: "Final estimator: eap, map, ml or wle (default: the bank's, else wle).")
    var finalEstimator: String?

    @Option(help: "Stopping rule: se, classification, sprt, glr or levels (default: the assessment type's, else se).")
    var stop: String?

    @Option(help: "With --bank: the assessment type whose settings apply — entry, continuing or final (default final).")
    var assessment: AssessmentType?

    @Option(name: .customLong("target-se"), help: "SE target of the se stop (default: the bank's, else 0.3).")
    var targetSE: Double?

    @Option(name: .customLong("min-length"), help: "Minimum number of scored items (default: the bank's, else 1).")
    var minLength: Int?

    @Option(name: .customLong("max-length"), help: "Maximum number of scored items (default: the bank's, else 30).")
    var maxLength: Int?

    @Option(help: "Confidence of the classification stop (default 0.95); α = 1 − confidence for sprt, glr and levels.")
    var confidence: Double = 0.95

    @Option(help: "Half-width δ of the indifference region of sprt, glr and levels (default 0.2).")
    var indifference: Double = 0.2

    @Option(help: "Pretest items seeded per exam (default: the bank's pretestItems, else 0).")
    var pretest: Int?

    @Option(help: "With --params: the three θ cut scores between the four levels, e.g. -0.5,0.5,1.4 (certification at the first).")
    var cuts: String?

    @Option(help: "With --format csv: the table to print — summary (default), conditional or exposure.")
    var table: String = "summary"

    @Option(help: "Seed of the simulation (true θ, the engine's random choices, the responses); default 1.")
    var seed: UInt64 = 1

    @Flag(help: "Print `profile: total S s` (the simulation's compute time) on standard error.")
    var profile = false

    @Flag(help: """
        Run the candidates through the real session engine and store their sessions, marked simulated, in \
        --store (candidates sim-SEED-1 … sim-SEED-N, or the person ids of --theta FILE; assessment as \
        --assessment, default final); needs --bank. A candidate with an earlier finished assessment in the \
        store starts from its θ̂, so the same ids can take entry, continuing and final in turn.
        """)
    var record = false

    @OptionGroup var common: CommonOptions

    func validate() throws {
        guard (bank == nil) != (params == nil) else { throw ValidationError("give either --bank or --params (one of them).") }
        guard examinees >= 1 else { throw ValidationError("--examinees must be at least 1.") }
        if record && bank == nil {
            throw ValidationError("--record stores sessions of a bank version; give --bank (a bank directory or a stored version id).")
        }
        guard ["summary", "conditional", "exposure"].contains(table) else {
            throw ValidationError("unknown table '\(table)'; use summary, conditional or exposure.")
        }
        if cuts != nil && params == nil { throw ValidationError("--cuts applies to --params; a bank has its own cut scores.") }
        if assessment != nil && bank == nil {
            throw ValidationError("--assessment chooses the settings of a bank's assessment type; give --bank.")
        }
        _ = try parsedSelection(); _ = try parsedExposure(); _ = try parsedContent(); _ = try parsedStop(default: .standardError)
        _ = try parsedEstimator(estimator, option: "--estimator"); _ = try parsedEstimator(finalEstimator, option: "--final-estimator")
        if let targetSE, !(targetSE > 0 && targetSE.isFinite) { throw ValidationError("--target-se must be a positive number.") }
        guard confidence > 0.5, confidence < 1 else { throw ValidationError("--confidence must be between 0.5 and 1.") }
        guard indifference > 0, indifference.isFinite else { throw ValidationError("--indifference must be a positive number.") }
        if let pretest, pretest < 0 { throw ValidationError("--pretest must be 0 or more.") }
        _ = try parsedCuts()
        if theta != "normal", theta != "levels", !theta.hasPrefix("uniform:"), !FileManager.default.fileExists(atPath: theta) {
            throw ValidationError("--theta must be normal, uniform:LO,HI, levels or an existing CSV file; '\(theta)' is none of them.")
        }
        if theta.hasPrefix("uniform:") { _ = try uniformRange() }
    }

    func run() throws {
        do {
            try simulate()
        } catch let error as CLIError {
            printError(error.description); throw ExitCode(1)
        } catch let error as AdaptiveTestingError {
            printError("exam simulate: \(error.description)"); throw ExitCode(1)
        } catch let error as ExamSessionError {
            printError("exam simulate: \(error.description)"); throw ExitCode(1)
        } catch let error as StoreError {
            printError("exam simulate: \(error.description)"); throw ExitCode(1)
        }
    }

    private func simulate() throws {
        let pool: ItemPool
        var settings: AdaptiveSettings
        let type = assessment ?? .final
        if let bank {
            let loaded = try BankReference.load(bank, store: common.store)
            let plan = loaded.manifest.assessment(type)
            pool = try ItemPool(bank: loaded, selection: PoolSelection(plan: plan))
            settings = AdaptiveSettings(bank: loaded, plan: plan)
        } else if let params {
            let set = try ParameterReference.resolve(params, store: common.store)
            pool = try ItemPool(parameterSet: set, cuts: try parsedCuts() ?? [])
            settings = AdaptiveSettings(content: .none)
        } else {
            throw ExitCode.validationFailure
        }
        settings.selection = try parsedSelection()
        if let e = try parsedExposure() { settings.exposure = e }
        if let c = try parsedContent() { settings.content = c }
        if let e = try parsedEstimator(estimator, option: "--estimator") { settings.interimEstimator = e }
        if let e = try parsedEstimator(finalEstimator, option: "--final-estimator") { settings.finalEstimator = e }
        settings.stop = try parsedStop(default: settings.stop)
        if let targetSE { settings.targetSE = targetSE }
        if let minLength { settings.minLength = minLength }
        if let maxLength { settings.maxLength = maxLength }
        if let pretest { settings.pretestItems = pretest }
        let engine = try AdaptiveEngine(pool: pool, settings: settings)
        let thetaFile = try thetaFileRows()
        let study = try SimulationStudy(engine: engine, examinees: examinees, seed: seed,
                                        thetas: try thetaFile.map { .values($0.thetas) } ?? thetaDistribution())
        let progress = progressReporter("simulating", total: study.examinees, unit: "candidates", quiet: common.quiet)
        defer { progress.clear() }
        let clock = ContinuousClock()
        let start = clock.now
        var onDone: (@Sendable (Int) -> Void)?
        if progress.enabled { onDone = { progress.update(completed: $0) } }
        let outcomes: [SimulationStudy.Outcome]
        if record, let bank {
            var isDirectory: ObjCBool = false
            let directory = FileManager.default.fileExists(atPath: bank, isDirectory: &isDirectory) && isDirectory.boolValue
            let recordStore = try MentorCertStore(path: common.store, mode: directory ? .createIfMissing : .existingForWriting)
            let versionID = directory
                ? try recordStore.importBank(try BankReference.load(bank, store: common.store), source: "exam simulate --record").versionID
                : try recordStore.resolveBankVersion(bank)
            let recorded = try RecordedSimulation.record(study: study, store: recordStore, bankVersionID: versionID,
                                                         assessment: type.rawValue, candidates: thetaFile?.persons,
                                                         progress: onDone)
            outcomes = recorded.outcomes
            if !common.quiet {
                let first = thetaFile?.persons.first ?? RecordedSimulation.candidateID(seed: seed, number: 1)
                let last = thetaFile?.persons.last ?? RecordedSimulation.candidateID(seed: seed, number: recorded.sessions.count)
                printError("exam simulate: recorded \(recorded.sessions.count) simulated \(type.rawValue) sessions of bank version "
                    + "\(versionID.prefix(12)) in \(common.store) (candidates \(first) … \(last))")
            }
        } else {
            outcomes = study.run(progress: onDone)
        }
        progress.finish(completed: study.examinees)
        let report = SimulationReport(outcomes: outcomes, pool: pool)
        let elapsed = clock.now - start
        if profile {
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            printError("profile: total \(String(format: "%.4f", seconds)) s")
        }
        try output(report, settings: settings, pool: pool)
    }

    // MARK: Output

    private func output(_ report: SimulationReport, settings: AdaptiveSettings, pool: ItemPool) throws {
        let accuracy = report.classificationAccuracy
        let certification = pool.certificationCut.flatMap { cut in accuracy?.cuts.first { $0.cut == cut }?.accuracy }
        let summary = try MentorCertCLI.table(.catSimulation, [[
            .init(report.examinees), .init(report.rmse), .init(report.bias), .init(report.meanSE), .init(report.meanLength),
            .init(report.minLength), .init(report.maxLength), .init(report.maxExposure), .init(report.unusedShare),
            .init(report.overlapRate), .init(report.sectionViolations), .init(report.enemyViolations),
            .init(report.setViolations), .init(accuracy?.levels), .init(certification),
        ]])
        let conditional = try MentorCertCLI.table(.catConditional, report.conditional.map {
            [.init($0.lower), .init($0.upper), .init($0.examinees), .init($0.bias), .init($0.rmse), .init($0.meanSE), .init($0.meanLength)]
        })
        let exposure: Table
        do { exposure = try ExposureTable.table(report) } catch { throw fail(error) }
        switch common.format {
        case .json:
            try emit(jsonText(SimulationDocument(report: report, settings: settings, seed: seed)), to: common.out)
        case .csv:
            try emitCSV(table == "conditional" ? conditional : table == "exposure" ? exposure : summary, common)
        case .table:
            var text = "Adaptive exam simulation: \(report.examinees) candidates, selection \(settings.selection.name), "
                + "exposure \(settings.exposure.name), content \(settings.content.rawValue), stop \(settings.stop.name), "
                + "final estimator \(settings.finalEstimator.rawValue)\n\n"
            text += summary.terminalText() + "\n"
            text += "Stop reasons: " + report.stopReasons.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
                .joined(separator: ", ") + "\n"
            if let accuracy {
                text += "Classification accuracy: " + accuracy.cuts.map { "\($0.level) (θ ≥ \(formatNumber($0.cut))) \(formatNumber($0.accuracy))" }
                    .joined(separator: ", ") + "; levels \(formatNumber(accuracy.levels))\n"
            }
            text += "\nBy true θ:\n" + conditional.terminalText()
            try emit(text, to: common.out)
        }
    }

    // MARK: Parsing

    private func parsedSelection() throws -> SelectionRule {
        switch selection.lowercased() {
        case "mfi": return .maximumInformation
        case "kl": return .kullbackLeibler
        case "mpwi": return .posteriorWeightedInformation
        case "a-stratified": return .aStratified(strata: 4)
        case let s where s.hasPrefix("a-stratified:"):
            guard let k = Int(s.dropFirst("a-stratified:".count)), k >= 1 else {
                throw ValidationError("--selection a-stratified:STRATA needs a whole number of strata ≥ 1, e.g. a-stratified:4.")
            }
            return .aStratified(strata: k)
        default:
            throw ValidationError("unknown selection '\(selection)'; use mfi, kl, mpwi or a-stratified[:STRATA].")
        }
    }

    private func parsedExposure() throws -> ExposureControl? {
        guard let exposure else { return nil }
        switch exposure.lowercased() {
        case "none": return ExposureControl.none
        case "sympson-hetter": return .sympsonHetter
        case let s where s.hasPrefix("randomesque"):
            let rest = s.dropFirst("randomesque".count)
            if rest.isEmpty { return .randomesque(5) }
            guard rest.first == ":", let k = Int(rest.dropFirst()), k >= 1 else {
                throw ValidationError("--exposure randomesque:K needs a whole number K ≥ 1, e.g. randomesque:5.")
            }
            return .randomesque(k)
        default:
            throw ValidationError("unknown exposure control '\(exposure)'; use none, randomesque:K or sympson-hetter.")
        }
    }

    private func parsedContent() throws -> ContentControl? {
        guard let content else { return nil }
        guard let c = ContentControl(rawValue: content.lowercased()) else {
            throw ValidationError("unknown content control '\(content)'; use none, weighted-deviation or shadow.")
        }
        return c
    }

    private func parsedEstimator(_ value: String?, option: String) throws -> ScoringMethod? {
        guard let value else { return nil }
        guard let m = ScoringMethod(rawValue: value.lowercased()) else {
            throw ValidationError("unknown estimator '\(value)' for \(option); use eap, map, ml or wle.")
        }
        return m
    }

    /// `--stop` as a rule; `fallback` (the assessment type's) when the option is not given.
    private func parsedStop(default fallback: StopRule) throws -> StopRule {
        guard let stop else { return fallback }
        let alpha = 1 - confidence
        switch stop.lowercased() {
        case "se": return .standardError
        case "classification": return .classification(confidence: confidence)
        case "sprt": return .sprt(indifference: indifference, alpha: alpha)
        case "glr": return .glr(indifference: indifference, alpha: alpha)
        case "levels": return .levels(alpha: alpha, indifference: indifference)
        default: throw ValidationError("unknown stopping rule '\(stop)'; use se, classification, sprt, glr or levels.")
        }
    }

    private func parsedCuts() throws -> [Double]? {
        guard let cuts else { return nil }
        let values = cuts.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard values.count == 3, let v = values as? [Double], v.allSatisfy(\.isFinite), v[0] < v[1], v[1] < v[2] else {
            throw ValidationError("--cuts needs three increasing numbers separated by commas, e.g. -0.5,0.5,1.4.")
        }
        return v
    }

    private func uniformRange() throws -> (Double, Double) {
        let parts = theta.dropFirst("uniform:".count).split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let lo = parts[0], let hi = parts[1], lo.isFinite, hi.isFinite, lo < hi else {
            throw ValidationError("--theta uniform:LO,HI needs two finite numbers with LO < HI, e.g. uniform:-3,3.")
        }
        return (lo, hi)
    }

    private func thetaDistribution() throws -> ThetaDistribution {
        switch theta {
        case "normal": return .latent
        case "levels": return .levels
        case let t where t.hasPrefix("uniform:"):
            let (lo, hi) = try uniformRange()
            return .uniform(lo, hi)
        default:
            return .values(try ThetaFile.read(theta))
        }
    }

    /// The rows of `--theta FILE` (nil for the other forms).
    private func thetaFileRows() throws -> (persons: [String], thetas: [Double])? {
        guard theta != "normal", theta != "levels", !theta.hasPrefix("uniform:") else { return nil }
        return try ThetaFile.rows(theta)
    }
}

/// The JSON document of `exam simulate` (DECISIONS §6 keys at the top level).
struct SimulationDocument: Encodable {
    let report: SimulationReport
    let settings: AdaptiveSettings
    let seed: UInt64

    enum Keys: String, CodingKey {
        case schemaVersion, examinees, seed, rmse, bias, meanSE, correlation, meanLength, minLength, maxLength, maxExposure,
             unusedShare, overlapRate, classificationAccuracy, sectionViolations, enemyViolations, setViolations,
             stopReasons, conditional, exposure, settings
    }

    struct Settings: Encodable {
        let selection: String, exposure: String, content: String, interimEstimator: String, finalEstimator: String
        let stop: String, targetSE: Double, minLength: Int, maxLength: Int, pretestItems: Int, startTheta: Double
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(1, forKey: .schemaVersion)
        try c.encode(report.examinees, forKey: .examinees)
        try c.encode(seed, forKey: .seed)
        try c.encode(report.rmse, forKey: .rmse)
        try c.encode(report.bias, forKey: .bias)
        try c.encode(report.meanSE, forKey: .meanSE)
        try c.encode(report.correlation.isFinite ? report.correlation : nil, forKey: .correlation)
        try c.encode(report.meanLength, forKey: .meanLength)
        try c.encode(report.minLength, forKey: .minLength)
        try c.encode(report.maxLength, forKey: .maxLength)
        try c.encode(report.maxExposure, forKey: .maxExposure)
        try c.encode(report.unusedShare, forKey: .unusedShare)
        try c.encode(report.overlapRate, forKey: .overlapRate)
        try c.encode(report.classificationAccuracy, forKey: .classificationAccuracy)
        try c.encode(report.sectionViolations, forKey: .sectionViolations)
        try c.encode(report.enemyViolations, forKey: .enemyViolations)
        try c.encode(report.setViolations, forKey: .setViolations)
        try c.encode(report.stopReasons, forKey: .stopReasons)
        try c.encode(report.conditional, forKey: .conditional)
        try c.encode(report.exposure, forKey: .exposure)
        try c.encode(Settings(selection: settings.selection.name, exposure: settings.exposure.name,
                              content: settings.content.rawValue, interimEstimator: settings.interimEstimator.rawValue,
                              finalEstimator: settings.finalEstimator.rawValue, stop: settings.stop.name,
                              targetSE: settings.targetSE, minLength: settings.minLength, maxLength: settings.maxLength,
                              pretestItems: settings.pretestItems, startTheta: settings.startTheta), forKey: .settings)
    }
}

/// `--theta FILE`: a CSV `person,theta` (DECISIONS §13), header first.
enum ThetaFile {
    static func read(_ path: String) throws -> [Double] { try rows(path).thetas }

    /// The person ids and θ values, in file order; a person id must be non-empty and unique (recorded
    /// simulations use them as candidate ids).
    static func rows(_ path: String) throws -> (persons: [String], thetas: [Double]) {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw CLIError("\(path): cannot be read as UTF-8 text; give a CSV file with the header person,theta.")
        }
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard let header = lines.first, header.lowercased().replacingOccurrences(of: " ", with: "") == "person,theta" else {
            throw CLIError("\(path):1: the header must be person,theta.")
        }
        var values: [Double] = []
        var persons: [String] = []
        var lineOf: [String: Int] = [:]
        for (n, line) in lines.enumerated().dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            guard cells.count == 2, let v = Double(cells[1].trimmingCharacters(in: .whitespaces)), v.isFinite else {
                throw CLIError("\(path):\(n + 1): expected `person,theta` with a finite number as theta.")
            }
            let person = cells[0].trimmingCharacters(in: .whitespaces)
            guard !person.isEmpty else { throw CLIError("\(path):\(n + 1): the person id is empty; give each row an id.") }
            if let first = lineOf[person] {
                throw CLIError("\(path):\(n + 1): person \(person) appears again (first on line \(first)); give each person one row.")
            }
            lineOf[person] = n + 1
            persons.append(person)
            values.append(v)
        }
        guard !values.isEmpty else { throw CLIError("\(path): no candidates; add rows person,theta below the header.") }
        return (persons, values)
    }
}
