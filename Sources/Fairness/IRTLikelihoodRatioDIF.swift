import MathCore
import Calibration
import IRTModels
import ResponseData

/// The IRT likelihood-ratio DIF test (Thissen, Steinberg & Wainer 1988, 1993) on the multiple-group
/// calibration (Bock & Zimowski 1997; ``GroupAssignment``).
///
/// The **constrained** model has every item's parameters equal in both groups, the reference group's
/// latent distribution N(0, 1) (free-slope models) and the focal group's mean and variance free. For
/// each studied item i the **augmented** model frees item i's parameters in the focal group:
/// ```
/// G²_i = 2 (ℓ_augmented,i − ℓ_constrained),   df_i = free parameters of item i (e.g. 2 for 2PL, K for GRM)
/// p_i  = P(χ²_df > G²_i);   p̃ = Benjamini–Hochberg adjustment over the items tested
/// ```
/// ℓ is the marginal log-likelihood without priors (3PL/4PL guessing priors shape the estimates only).
/// Each augmented fit starts from the constrained estimates. A G² below zero (an EM stop short of the
/// maximum) is reported as 0 with a warning. Cost: one calibration plus one per item.
public enum IRTLikelihoodRatioDIF {
    /// Settings of the calibrations.
    public struct Settings: Sendable, Equatable {
        public var quadratureNodes = 41
        public var tolerance = 1e-4
        public var maxIterations = 500
        public var threads = 2
        public init() {}
    }

    public struct ItemResult: Sendable, Equatable {
        public var itemId: String
        public var model: ItemModel
        public var degreesOfFreedom: Int
        public var logLikelihoodConstrained: Double
        public var logLikelihoodFree: Double
        public var chiSquare: Double
        public var pValue: Double
        public var converged: Bool
    }

    public struct Outcome: Sendable, Equatable {
        /// One result per item that could be tested (an item whose free calibration failed is absent, with a warning).
        public var items: [ItemResult]
        /// The focal group's latent mean and variance in the constrained model.
        public var focalMean: Double
        public var focalVariance: Double
        public var constrainedConverged: Bool
        public var warnings: [String]
    }

    /// Runs the test on `data` (the studied items as columns, persons of the two groups only) with the
    /// items' models from `models` (one per column) and starting values `start`.
    /// - Parameters:
    ///   - labels: each person's group value; `reference` names the reference group.
    ///   - progress: called after each item with (items done, items).
    public static func run(_ data: ResponseMatrix, models: [ItemModel], start: [ItemParameters],
                           labels: [String], reference: String, settings: Settings,
                           progress: (@Sendable (Int, Int) -> Void)? = nil) throws(DIFError) -> Outcome {
        func configuration(free: [String], start: [ItemParameters]) throws(DIFError) -> CalibrationConfiguration {
            var cfg = CalibrationConfiguration(model: models.first ?? .twoPL)
            cfg.itemModels = models
            cfg.quadratureNodes = settings.quadratureNodes
            cfg.tolerance = settings.tolerance
            cfg.maxIterations = settings.maxIterations
            cfg.threads = settings.threads
            cfg.computeStandardErrors = false
            var startingValues: [Int: ItemParameters] = [:]
            for (i, p) in start.enumerated() where p.model == models[i] && p.categoryCount == data.categoryCounts[i] {
                startingValues[i] = p
            }
            cfg.startingValues = startingValues
            do {
                cfg.groups = try GroupAssignment(labels: labels, reference: reference, freeItems: free)
            } catch {
                throw DIFError(.calibration(item: free.first, reason: error.description))
            }
            return cfg
        }
        let constrained: CalibrationResult
        do {
            constrained = try Calibrator(configuration: configuration(free: [], start: start)).calibrate(data)
        } catch let error as DIFError {
            throw error
        } catch {
            throw DIFError(.calibration(item: nil, reason: "\(error)"))
        }
        var warnings: [String] = []
        if !constrained.converged {
            warnings.append("IRT-LR: the constrained multiple-group calibration did not converge in \(constrained.iterations) E-steps; its likelihood-ratio statistics are approximate")
        }
        let focal = constrained.groups.count > 1 ? constrained.groups[1] : nil
        var results: [ItemResult] = []
        for (i, id) in data.itemIDs.enumerated() {
            let augmented: CalibrationResult
            do {
                augmented = try Calibrator(configuration: configuration(free: [id], start: constrained.items)).calibrate(data)
            } catch {
                // One item that cannot be freed (a category unused in one group …) does not stop the others.
                warnings.append("IRT-LR item \(id): the calibration with the item free across groups failed (\(error)); no test for it")
                progress?(i + 1, data.itemCount)
                continue
            }
            let df = augmented.parameterCount - constrained.parameterCount
            var g2 = 2 * (augmented.logLikelihood - constrained.logLikelihood)
            if g2 < 0 {
                if g2 < -1e-3 {
                    warnings.append("IRT-LR item \(id): the model with the item free fits worse than the constrained one (G² = \(g2)); EM stopped short of the maximum, G² is reported as 0")
                }
                g2 = 0
            }
            if !augmented.converged {
                warnings.append("IRT-LR item \(id): the calibration with the item free did not converge; its G² is approximate")
            }
            results.append(ItemResult(
                itemId: id, model: models[i], degreesOfFreedom: df, logLikelihoodConstrained: constrained.logLikelihood,
                logLikelihoodFree: augmented.logLikelihood, chiSquare: g2,
                pValue: SpecialFunctions.chiSquaredSurvival(g2, degreesOfFreedom: Double(max(df, 1))),
                converged: augmented.converged))
            progress?(i + 1, data.itemCount)
        }
        return Outcome(items: results, focalMean: focal?.mean ?? 0, focalVariance: focal?.variance ?? 1,
                       constrainedConverged: constrained.converged, warnings: warnings)
    }
}
