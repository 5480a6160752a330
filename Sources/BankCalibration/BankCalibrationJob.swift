import Calibration
import ClassicalTestTheory
import IRTModels
import ItemBanking
import ResponseData

/// A bank-aware calibration as one step, the whole of what `calibrate --bank` does between reading the
/// responses and writing to the store: calibrate each bank item with its own model
/// (``BankCalibrationRun/calibrate(bank:data:calibrationID:fixOperational:configure:)``), refuse an
/// unconverged result unless allowed (DECISIONS §13), compute item fit and the classical item analysis
/// (with the bank's keys for a distractor analysis when the cells were option labels), and build the
/// new bank value and its ``CalibrationReport``. Nothing is stored here: the caller records the outcome
/// in one transaction (the store needs the calibration id first, so ``identifyingSettings`` are the
/// settings that enter it).
public struct BankCalibrationJob: Sendable {
    /// The bank version calibrated.
    public var bank: ItemBank
    /// The responses, read against the bank (with their raw choices when the cells were labels).
    public var responses: ResponseMatrix
    /// Where the responses came from, written as the document's `source`.
    public var source: String
    /// The engine settings; the item models, fixed items and option counts come from the bank.
    public var configuration: CalibrationConfiguration
    /// Operational items with parameters keep them (fixed-parameter calibration).
    public var fixOperational = false
    /// Publish a calibration that did not converge (its version is then marked unconverged).
    public var allowUnconverged = false
    /// Compute item fit (S-X², infit/outfit for Rasch items).
    public var computeItemFit = true
    /// Compute the classical item analysis.
    public var computeItemAnalysis = true
    /// The multiple-choice cells were the chosen option labels: analyse distractors with the bank's keys.
    public var optionLabels = false

    public init(bank: ItemBank, responses: ResponseMatrix, source: String, configuration: CalibrationConfiguration) {
        self.bank = bank; self.responses = responses; self.source = source; self.configuration = configuration
    }

    /// The settings that identify the calibration (with the data and the bank version they make its id,
    /// DECISIONS §13): the configuration's ``CalibrationConfiguration/settingsSummary`` and whether the
    /// operational items were fixed.
    public var identifyingSettings: [String: String] {
        var settings = configuration.settingsSummary
        settings["fixedOperational"] = String(fixOperational)
        return settings
    }

    /// What a job produces: the calibrated bank (``BankCalibrationRun/Outcome``) and its document.
    public struct Outcome: Sendable {
        /// The new bank, the calibration and the calibrated items.
        public var calibration: BankCalibrationRun.Outcome
        /// The calibration's document (no provenance yet: the store gives it).
        public var report: CalibrationReport
        /// The bank with the new parameters, source and scale (the new version's content).
        public var bank: ItemBank { calibration.bank }
        /// True when the calibration did not converge (and that was allowed).
        public var unconverged: Bool { !calibration.result.converged }
    }

    /// Runs the job.
    /// - Parameter calibrationID: the id the new parameters carry (a hash of the inputs, derived by
    ///   the store from ``identifyingSettings`` before anything is written).
    /// - Throws: ``BankCalibrationError``: the calibration failed, a fixed item's parameters cannot be
    ///   used, or the calibration did not converge and ``allowUnconverged`` is false.
    /// - Complexity: that of the calibration, plus O(J² · Q · S) for S-X² (`ItemFit`).
    public func run(calibrationID: String) throws(BankCalibrationError) -> Outcome {
        let settings = configuration
        let calibrated = try BankCalibrationRun.calibrate(
            bank: bank, data: responses, calibrationID: calibrationID, fixOperational: fixOperational
        ) { cfg in
            let models = cfg.itemModels, fixed = cfg.fixedItems, optionCounts = cfg.optionCounts
            cfg = settings
            cfg.itemModels = models
            cfg.fixedItems = fixed
            cfg.optionCounts = optionCounts
        }
        if !calibrated.result.converged && !allowUnconverged {
            throw .unconverged(iterations: calibrated.result.iterations)
        }
        let columns = calibrated.calibratedItemIDs.compactMap { responses.itemIDs.firstIndex(of: $0) }
        let sub = responses.selectingItems(columns)
        let report: CalibrationReport
        do throws(CalibrationError) {
            report = try CalibrationReport(result: calibrated.result, data: keepingRawChoices(of: columns, in: sub),
                                           source: source, computeItemFit: computeItemFit,
                                           computeItemAnalysis: computeItemAnalysis, keys: optionLabels ? bank.optionKeys : nil)
        } catch { throw .calibration(error) }
        return Outcome(calibration: calibrated, report: report)
    }

    /// `sub` (the calibrated columns of the responses) with the raw choices of those columns, in the
    /// same order, when the responses have them. O(persons × columns).
    func keepingRawChoices(of columns: [Int], in sub: ResponseMatrix) -> ResponseMatrix {
        guard let choices = responses.rawChoices else { return sub }
        var analysed = sub
        var picked = [String](repeating: "", count: sub.personCount * columns.count)
        for p in 0..<sub.personCount {
            for (jj, c) in columns.enumerated() { picked[p * columns.count + jj] = choices[p * responses.itemCount + c] }
        }
        analysed.rawChoices = picked
        return analysed
    }
}

extension ItemBank {
    /// The option labels and key of every keyed multiple-choice item, by item id (the distractor
    /// analysis of `ItemAnalysis`).
    public var optionKeys: [String: (options: [String], key: String)] {
        var keys = [String: (options: [String], key: String)]()
        for item in items where item.type == .multipleChoice {
            if let key = item.key { keys[item.id] = (item.options.map(\.label), key) }
        }
        return keys
    }
}
