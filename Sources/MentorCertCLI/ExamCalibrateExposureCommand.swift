import ArgumentParser
import Foundation
import AdaptiveTesting
import ProgressReporting
import ExamDesign
import ItemBanking
import Store

/// `mentorcert exam calibrate-exposure --bank B --target R` — Sympson–Hetter parameters by iterated
/// simulation (``ExposureCalibration``), stored as a new bank version whose items carry
/// `exposureControl` (parent, reason, the settings in its source, an audit entry).
struct ExamCalibrateExposureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate-exposure",
        abstract: "Sympson–Hetter exposure parameters by iterated simulation, stored in a new bank version.",
        discussion: """
            Simulates the bank's adaptive exam with Sympson–Hetter exposure control and adjusts each item's \
            parameter k = min(1, R / P(selected)) until no operational item is given in more than R (+ the \
            tolerance) of the exams, then stores the parameters as a new version of the bank (a bank directory \
            is imported first). `exam simulate --bank NEW` then uses them by default.
            """)

    @Option(help: "The bank: a stored bank-version id or a bank directory (imported first).")
    var bank: String

    @Option(help: "The exposure target R: the highest share of exams that may give one item (default: the bank's maxExposure).")
    var target: Double?

    @Option(help: "Simulated candidates per round.")
    var examinees: Int = 1_000

    @Option(name: .customLong("max-rounds"), help: "At most this many simulation rounds.")
    var maxRounds: Int = 20

    @Option(help: "Accept a maximum exposure up to R + TOLERANCE (default 2.5·√(R(1 − R)/EXAMINEES), the binomial noise of the simulation).")
    var tolerance: Double?

    @Option(help: "Seed of the simulated candidates (the same in every round); default 1.")
    var seed: UInt64 = 1

    @OptionGroup var common: CommonOptions

    func validate() throws {
        if let target, !(target > 0 && target <= 1) { throw ValidationError("--target must be in (0, 1], e.g. 0.25.") }
        guard examinees >= 100 else { throw ValidationError("--examinees must be at least 100 for stable exposure rates.") }
        guard maxRounds >= 1 else { throw ValidationError("--max-rounds must be at least 1.") }
        if let tolerance, !(tolerance >= 0 && tolerance < 1) { throw ValidationError("--tolerance must be in [0, 1).") }
    }

    func run() throws {
        do {
            try calibrate()
        } catch let error as CLIError {
            printError(error.description); throw ExitCode(1)
        } catch let error as AdaptiveTestingError {
            printError("exam calibrate-exposure: \(error.description)"); throw ExitCode(1)
        } catch let error as StoreError {
            printError("exam calibrate-exposure: \(error.description)"); throw ExitCode(1)
        }
    }

    private func calibrate() throws {
        var isDirectory: ObjCBool = false
        let isBankDirectory = FileManager.default.fileExists(atPath: bank, isDirectory: &isDirectory) && isDirectory.boolValue
        let store = try openStore(common, mode: isBankDirectory ? .createIfMissing : .existingOnly)
        let parentID: String
        let parent: ItemBank
        if isBankDirectory {
            let loaded = try BankReference.load(bank, store: common.store)
            parentID = try store.importBank(loaded).versionID
            parent = loaded
        } else {
            parentID = try store.resolveBankVersion(bank)
            parent = try store.bank(of: parentID)
        }
        let r = target ?? parent.manifest.exam.maxExposure
        let pool = try ItemPool(bank: parent)
        let calibration = try ExposureCalibration(target: r, tolerance: tolerance, maxRounds: maxRounds)
        let progress = progressReporter("exposure rounds", total: maxRounds, unit: "rounds", quiet: common.quiet)
        defer { progress.clear() }
        var onRound: (@Sendable (Int) -> Void)?
        if progress.enabled { onRound = { progress.update(completed: $0) } }
        let result = try calibration.run(pool: pool, settings: AdaptiveSettings(bank: parent), examinees: examinees, seed: seed,
                                         progress: onRound)
        progress.finish(completed: result.rounds.count)
        guard result.converged else {
            let last = result.rounds.last?.maxExposure ?? 1
            throw CLIError("the maximum exposure is still \(formatNumber(last)) after \(maxRounds) rounds (target \(formatNumber(r))); "
                + "nothing was stored. Raise --max-rounds, or check that the pool can meet the target "
                + "(`mentorcert bank stats` shows the items each section needs).")
        }
        var updated = parent
        let k = Dictionary(uniqueKeysWithValues: zip(pool.items.map(\.id), result.parameters))
        for i in updated.items.indices {
            guard let value = k[updated.items[i].id], pool.items.contains(where: { $0.id == updated.items[i].id && $0.role == .operational }) else {
                continue
            }
            updated.items[i].exposureControl = (value * 10_000).rounded(.up) / 10_000
        }
        let source = "exam calibrate-exposure: Sympson–Hetter target \(r), tolerance "
            + "\(formatNumber(calibration.effectiveTolerance(examinees: examinees))), margin \(calibration.margin), \(examinees) examinees, "
            + "seed \(seed), \(result.rounds.count) rounds"
        let version = try store.createBankVersion(updated, parent: parentID, reason: "exposure control", source: source)
        let controlled = result.parameters.filter { $0 < 1 }.count
        let document = ExposureDocument(bankVersionId: version.versionID, parentId: parentID, created: version.created,
                                        target: r, converged: true, controlledItems: controlled, rounds: result.rounds)
        switch common.format {
        case .json:
            try emit(jsonText(document), to: common.out)
        case .table, .csv:
            var text = "Sympson–Hetter parameters: \(controlled) items controlled, maximum exposure "
                + "\(formatNumber(result.rounds.last?.maxExposure)) (target \(formatNumber(r))) after \(result.rounds.count) rounds.\n"
            text += version.created ? "New bank version \(version.versionID) (parent \(parentID)).\n"
                : "Bank version \(version.versionID) already holds these parameters; nothing new was stored.\n"
            try emit(text, to: common.out)
        }
    }
}

struct ExposureDocument: Encodable {
    var schemaVersion = 1
    let bankVersionId: String
    let parentId: String
    let created: Bool
    let target: Double
    let converged: Bool
    let controlledItems: Int
    let rounds: [ExposureCalibration.Round]
}
