import Calibration
import IRTModels
import ItemBanking
import ResponseData

/// Calibrates a bank's items from response data and writes the results into a new bank value
/// (the store then records it as a new version with its parent, reason and source).
public enum BankCalibrationRun {
    /// The outcome: the bank with new parameters, the calibration itself, and the response columns
    /// that were calibrated.
    public struct Outcome: Sendable {
        public var bank: ItemBank
        public var result: CalibrationResult
        public var calibratedItemIDs: [String]
    }

    /// The `scale` of the new bank version (docs/DECISIONS.md, "A bank version records its scale").
    ///
    /// - A calibration with fixed items is on the scale those items carry: the scale stays the
    ///   parent's (N(0, 1) for a bank without a `scale` block, set by the calibration its parameters
    ///   came from) and the latent mean and variance estimated for this calibration's sample are
    ///   recorded as ``CalibrationSample`` (rounded to 4 decimals like the item parameters).
    /// - A calibration without fixed items sets the scale: its latent distribution (N(0, 1) for
    ///   free-slope models; with every item Rasch and the slope fixed at 1, the estimated variance)
    ///   becomes the scale's, and an earlier sample no longer applies.
    static func scale(after result: CalibrationResult, of parent: BankManifest, calibrationID: String,
                      persons: Int) -> BankScale {
        let round4 = ItemBanking.ItemParameters.rounded
        if result.fixed.contains(true) {
            var scale = parent.effectiveScale
            scale.lastCalibrationSample = CalibrationSample(calibration: calibrationID, persons: persons,
                                                            latentMean: round4(result.latent.mean),
                                                            latentVariance: round4(result.latent.variance))
            return scale
        }
        return BankScale(latentMean: round4(result.latent.mean), latentVariance: round4(result.latent.variance),
                         calibration: calibrationID)
    }

    /// Calibrates every scored, non-retired bank item present in `data` with its bank model
    /// (`Item.calibrationModel`). With `fixOperational`, operational items that already have
    /// parameters keep them (fixed-parameter calibration: pretest items land on the bank scale and
    /// the latent mean and variance are estimated). The new version's `scale` records the latent
    /// distribution: see ``scale(after:of:calibrationID:persons:)``.
    /// - Throws: ``BankCalibrationError/calibration(_:)`` (degenerate data, or `.noItems` when no
    ///   column is a bank item); ``BankCalibrationError/bank(_:)`` when a fixed item's parameters
    ///   cannot be used (named, never skipped).
    public static func calibrate(bank: ItemBank, data: ResponseMatrix, calibrationID: String,
                                 fixOperational: Bool = false,
                                 configure: (inout CalibrationConfiguration) -> Void = { _ in }) throws(BankCalibrationError) -> Outcome {
        var columns = [Int]()
        var items = [Item]()
        for (col, id) in data.itemIDs.enumerated() {
            guard let item = bank.item(id), item.isOnScale else { continue }
            columns.append(col)
            items.append(item)
        }
        guard !items.isEmpty else { throw .calibration(CalibrationError(.noItems)) }
        let sub = data.selectingItems(columns)
        var cfg = CalibrationConfiguration(model: .twoPL)
        cfg.itemModels = items.map(\.calibrationModel)
        cfg.optionCounts = items.map { $0.type == .multipleChoice ? max(2, $0.options.count) : 4 }
        if fixOperational {
            for (i, item) in items.enumerated() where item.status == .operational {
                do throws(ItemBankError) {
                    if let p = try item.modelParameters() { cfg.fixedItems[i] = p }
                } catch { throw .bank(error) }
            }
        }
        configure(&cfg)
        let result: CalibrationResult
        do throws(CalibrationError) { result = try Calibrator(configuration: cfg).calibrate(sub) } catch { throw .calibration(error) }
        var updated = bank
        for (i, item) in items.enumerated() where !result.fixed[i] {
            guard let index = updated.items.firstIndex(where: { $0.id == item.id }) else { continue }
            updated.items[index].parameters = ItemBanking.ItemParameters(result.items[i],
                                                             standardErrors: result.namedStandardErrors(item: i),
                                                             calibration: calibrationID)
        }
        // Record where the parameters now come from. A fixed-parameter calibration keeps the operational
        // items' parameters, so their source (e.g. simulated) still describes the bank.
        let calibrated = result.fixed.filter { !$0 }.count
        if fixOperational, let previous = bank.manifest.parameterSource, previous.source != .fieldTest {
            var source = previous
            source.note = "Operational items: \(previous.source.rawValue) parameters (\(previous.calibration ?? "unknown")). "
                + "\(calibrated) other items calibrated by \(calibrationID) on their scale (fixed-parameter calibration, "
                + "\(data.personCount) persons)."
            updated.manifest.parameterSource = source
        } else {
            updated.manifest.parameterSource = ParameterSource(
                source: .fieldTest, persons: data.personCount, calibration: calibrationID,
                model: "each item's bank model",
                note: "\(calibrated) items calibrated by \(calibrationID) from \(data.personCount) persons"
                    + (fixOperational ? " with the operational items fixed." : "."))
        }
        updated.manifest.scale = scale(after: result, of: bank.manifest, calibrationID: calibrationID,
                                       persons: data.personCount)
        return Outcome(bank: updated, result: result, calibratedItemIDs: items.map(\.id))
    }
}
