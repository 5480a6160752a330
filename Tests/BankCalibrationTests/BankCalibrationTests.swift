import Foundation
import Testing
import Calibration
import IRTModels
import ItemBanking
import MathCore
import ResponseData
@testable import BankCalibration

/// A small bank: the first `count` items of the bundled bank (both item types, all levels of S1),
/// with the Likert self-ratings of S8 added so that unscored items are exercised.
func smallBank(count: Int = 34) throws -> ItemBank {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    var bank = try ItemBank.load(directory: root.appendingPathComponent("itembanks/mentorcert").path)
    let unscored = bank.items.filter { !$0.scored }
    bank.items = Array(bank.items.prefix(count)) + unscored
    for i in bank.items.indices { bank.items[i].parameters = nil }
    return bank
}

/// The small bank calibrated by a simulated field test, and responses of `persons` simulated from its
/// scored items' parameters (θ drawn by `theta`, then the responses, from one generator seeded `seed`).
func simulatedSmallBank(fieldTestPersons: Int, fieldTestSeed: UInt64, persons: Int, seed: UInt64,
                        theta: (inout SeededGenerator) -> Double) throws
    -> (bank: ItemBank, scored: [Item], parameters: [IRTModels.ItemParameters], data: ResponseMatrix, thetas: [Double]) {
    var settings = SimulatedFieldTest.Settings()
    settings.persons = fieldTestPersons
    settings.seed = fieldTestSeed
    let calibrated = try SimulatedFieldTest.run(bank: try smallBank(), settings: settings).bank
    let scored = calibrated.items.filter { $0.scored }
    let params = try scored.compactMap { try $0.modelParameters() }
    var g = SeededGenerator(seed: seed)
    let thetas = (0..<persons).map { _ in theta(&g) }
    var data = Simulation.responses(items: params, thetas: thetas, generator: &g)
    data.itemIDs = scored.map(\.id)
    return (calibrated, scored, params, data, thetas)
}

@Suite("Bank calibration")
struct BankCalibrationTests {
    @Test("Model parameters survive the trip through the bank record (4 decimals)",
          arguments: [
            IRTModels.ItemParameters.dichotomous(.threePL, discrimination: 1.23456, difficulty: -0.4321, guessing: 0.1789),
            .graded(discrimination: 0.98765, thresholds: [-1.1, 0.05, 1.3]),
            .partialCredit(discrimination: 1.5, stepDifficulties: [-0.2, 0.7]),
          ])
    func roundTrip(p: IRTModels.ItemParameters) throws {
        let record = ItemBanking.ItemParameters(p, standardErrors: nil, calibration: "c1")
        let back = try record.modelParameters(itemID: "I1")
        #expect(back.model == p.model)
        #expect(abs(back.discrimination - p.discrimination) < 1e-4)
        for (x, y) in zip(back.intercepts, p.intercepts) { #expect(abs(x - y) < 1e-4) }
        #expect(abs(back.guessing - p.guessing) < 1e-4)
        #expect(record.calibration == "c1")
    }

    @Test("Standard errors are stored under the bank's field names")
    func standardErrorNames() {
        let p = IRTModels.ItemParameters.graded(discrimination: 1, thresholds: [-1, 1])
        let record = ItemBanking.ItemParameters(p, standardErrors: ["a1": 0.1, "d1": 0.2, "d2": 0.3, "b1": 0.4, "b2": 0.5],
                                                    calibration: nil)
        #expect(record.standardErrors?["discrimination"] == .scalar(0.1))
        #expect(record.standardErrors?["intercepts"] == .list([0.2, 0.3]))
        #expect(record.standardErrors?["thresholds"] == .list([0.4, 0.5]))
        #expect(record.standardErrors?["a1"] == nil)
    }

    @Test("Default models: 3PL for multiple choice, GRM for graded items")
    func defaultModels() throws {
        let bank = try smallBank()
        for item in bank.items {
            #expect(item.calibrationModel == (item.type == .multipleChoice ? .threePL : .graded))
        }
    }

    @Test("The simulated field test gives every scored item parameters, marked simulated, and recovers them")
    func fieldTest() throws {
        let bank = try smallBank()
        var settings = SimulatedFieldTest.Settings()
        settings.persons = 1500
        settings.seed = 5
        let outcome = try SimulatedFieldTest.run(bank: bank, settings: settings)
        #expect(outcome.result.converged)
        #expect(outcome.bank.manifest.parameterSource?.source == .simulated)
        #expect(outcome.bank.manifest.parameterSource?.seed == 5)
        for item in outcome.bank.items {
            if item.scored {
                let p = try #require(item.parameters)
                #expect(p.calibration?.hasPrefix("sim-field-test") == true)
                #expect(p.standardErrors?["discrimination"] != nil)
            } else {
                #expect(item.parameters == nil)
            }
        }
        // The full calibration of the field test set the bank's scale.
        #expect(outcome.bank.manifest.scale == BankScale(latentMean: 0, latentVariance: 1, calibration: "sim-field-test-seed5-n1500"))
        #expect(outcome.rmseDiscrimination < 0.35)
        #expect(outcome.rmseLocation < 0.35)
        // The same seed gives the same bank (reproducible).
        let again = try SimulatedFieldTest.run(bank: bank, settings: settings)
        #expect(again.bank == outcome.bank)
    }

    @Test("Fixed-parameter calibration keeps operational items and estimates pretest items")
    func fixedOperational() throws {
        let (calibrated, scored, params, data, _) = try simulatedSmallBank(
            fieldTestPersons: 1000, fieldTestSeed: 8, persons: 1200, seed: 9) { 0.3 + $0.nextNormal() }
        #expect(params.count == scored.count)
        let outcome = try BankCalibrationRun.calibrate(bank: calibrated, data: data, calibrationID: "cal-test",
                                                       fixOperational: true) { $0.computeStandardErrors = false }
        for item in outcome.bank.items where item.scored {
            let before = try #require(calibrated.item(item.id))
            if item.status == .operational {
                #expect(item.parameters == before.parameters)
            } else {
                #expect(item.parameters?.calibration == "cal-test")
            }
        }
        #expect(outcome.result.latent.meanEstimated)
        #expect(abs(outcome.result.latent.mean - 0.3) < 0.15)

        // The new version keeps the scale its fixed items carry (set by the field test) and records the
        // sample's estimated mean and variance on it (issue 14: nothing the calibration estimated is lost).
        let scale = try #require(outcome.bank.manifest.scale)
        #expect(scale.latentMean == 0 && scale.latentVariance == 1)
        #expect(scale.calibration == "sim-field-test-seed8-n1000")
        let sample = try #require(scale.lastCalibrationSample)
        #expect(sample.calibration == "cal-test")
        #expect(sample.persons == 1200)
        #expect(abs(sample.latentMean - outcome.result.latent.mean) <= 0.5e-4)
        #expect(abs(sample.latentVariance - outcome.result.latent.variance) <= 0.5e-4)
        #expect(sample.latentMean != 0 && sample.latentVariance != 1)
        // … and the bank's parameter set stays on the bank scale, not on the sample's distribution.
        #expect(try outcome.bank.parameterSet()?.latent == .standard)
        // The sample is exported and validates (the small bank, S1 only, fails blueprint checks by design;
        // ItemBankingTests check that every scale key reads back).
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fixed-\(UUID().uuidString)")
        try outcome.bank.export(to: dir.path)
        let text = try String(contentsOf: dir.appendingPathComponent("bank.yaml"), encoding: .utf8)
        #expect(text.contains("""
            lastCalibrationSample:
                calibration: "cal-test"
                persons: 1200
                latentMean: \(sample.latentMean)
                latentVariance: \(sample.latentVariance)
            """))
        let problems = ItemBank.validate(directory: dir.path).problems
        #expect(!problems.contains { $0.message.contains("scale") || $0.message.contains("latent") }, "\(problems)")

        // A later full calibration sets the scale again (N(0, 1), its own id) and drops the sample.
        let full = try BankCalibrationRun.calibrate(bank: outcome.bank, data: data, calibrationID: "cal-full",
                                                    fixOperational: false) { $0.computeStandardErrors = false }
        #expect(full.bank.manifest.scale == BankScale(latentMean: 0, latentVariance: 1, calibration: "cal-full"))
    }

    @Test("A bank without a scale block (format 1) gets the reference scale N(0, 1) from its parameter source")
    func fixedCalibrationOfVersion1Bank() throws {
        var settings = SimulatedFieldTest.Settings()
        settings.persons = 600
        settings.seed = 11
        var calibrated = try SimulatedFieldTest.run(bank: try smallBank(), settings: settings).bank
        calibrated.manifest.scale = nil   // as loaded from a version-1 bank.yaml
        #expect(calibrated.manifest.schemaVersion == 1)
        let scored = calibrated.items.filter { $0.scored }
        let params = try scored.compactMap { try $0.modelParameters() }
        var g = SeededGenerator(seed: 12)
        let thetas = (0..<800).map { _ in -0.4 + 0.8 * g.nextNormal() }
        var data = Simulation.responses(items: params, thetas: thetas, generator: &g)
        data.itemIDs = scored.map(\.id)
        let outcome = try BankCalibrationRun.calibrate(bank: calibrated, data: data, calibrationID: "cal-pretest",
                                                       fixOperational: true) { $0.computeStandardErrors = false }
        let scale = try #require(outcome.bank.manifest.scale)
        #expect(outcome.bank.manifest.schemaVersion == 2)
        #expect(scale.latent == .standard)
        #expect(scale.calibration == "sim-field-test-seed11-n600")
        let sample = try #require(scale.lastCalibrationSample)
        #expect(abs(sample.latentMean + 0.4) < 0.15, "mean \(sample.latentMean)")
        #expect(abs(sample.latentVariance - 0.64) < 0.2, "variance \(sample.latentVariance)")
    }

    @Test("parameterSet(of:) carries the bank's scale (N(0, 1) without a scale block)")
    func parameterSetCarriesScale() throws {
        var bank = try smallBank()
        bank.items[0].parameters = ItemBanking.ItemParameters(
            .dichotomous(.twoPL, discrimination: 1.2, difficulty: 0.3), standardErrors: nil, calibration: "c")
        #expect(try bank.parameterSet()?.latent == .standard)
        bank.manifest.scale = BankScale(latentMean: 0.25, latentVariance: 1.44, calibration: "c",
                                        lastCalibrationSample: CalibrationSample(calibration: "p", latentMean: 1, latentVariance: 2))
        let set = try #require(try bank.parameterSet())
        #expect(set.latent == LatentDistribution(mean: 0.25, variance: 1.44))
        #expect(set.items.map(\.id) == [bank.items[0].id])
        // The parameter document of a bank version reads back with its scale.
        let back = try ParameterSet(document: set.document, file: "bank")
        #expect(back.latent == set.latent)
    }
}

/// Issue 14: the calibration's box is the validator's hard limits, so a calibrated bank version whose
/// item reached the slope bound (near-Guttman data) exports and validates — with a warning naming the
/// item, not an error.
@Suite("Bank calibration at the parameter bounds")
struct BankCalibrationBoundsTests {
    @Test("a slope at the M-step's bound exports and validates, with a warning for the item")
    func slopeAtBoundExportsAndValidates() throws {
        var (calibrated, scored, _, data, thetas) = try simulatedSmallBank(
            fieldTestPersons: 800, fieldTestSeed: 21, persons: 1500, seed: 22) { $0.nextNormal() }
        // A Guttman item: correct exactly when θ > 0.2 (its slope's MLE is infinite).
        let guttman = try #require(scored.firstIndex { $0.type == .multipleChoice })
        for p in 0..<thetas.count { data.responses[p * data.itemCount + guttman] = thetas[p] > 0.2 ? 1 : 0 }
        let outcome = try BankCalibrationRun.calibrate(bank: calibrated, data: data, calibrationID: "cal-bound",
                                                       fixOperational: false) { $0.computeStandardErrors = false }
        let item = try #require(outcome.bank.item(scored[guttman].id)?.parameters)
        #expect(item.slope >= ParameterBounds.advisoryMaximumDiscrimination, "slope \(item.slope)")

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bound-\(UUID().uuidString)")
        try outcome.bank.export(to: dir.path)
        let validation = ItemBank.validate(directory: dir.path)
        // The small bank (S1 only) fails blueprint checks by design; no item may fail.
        let itemErrors = validation.problems.errors.filter { $0.itemID != nil }
        #expect(itemErrors.isEmpty, "\(itemErrors)")
        #expect(validation.problems.contains { $0.itemID == scored[guttman].id && $0.message.contains("discrimination") })
    }
}

/// The one conversion between the bank record and the model parameters (issue 14): an unusable record
/// is a typed error naming the item, never a silent default.
@Suite("Bank record conversion")
struct BankRecordConversionTests {
    @Test("a record without an intercept or difficulty is an error naming the item")
    func incompleteRecord() {
        let record = ItemBanking.ItemParameters(model: .twoPL, discrimination: 1.1)
        #expect(throws: ItemBankError.self) { try record.modelParameters(itemID: "S1-007") }
        do { _ = try record.modelParameters(itemID: "S1-007"); Issue.record("expected an error") } catch {
            #expect(error.description.contains("S1-007"))
            #expect(error.description.contains("intercept"))
        }
    }

    @Test("a value outside ParameterBounds is an error; an advisory one is accepted")
    func bounds() throws {
        let tooSteep = ItemBanking.ItemParameters(model: .twoPL, discrimination: 31, intercept: 0)
        do { _ = try tooSteep.modelParameters(itemID: "X1"); Issue.record("expected an error") } catch {
            guard case .unusableParameters(let id, let reason) = error else { Issue.record("wrong case \(error)"); return }
            #expect(id == "X1" && reason.contains("discrimination"))
        }
        let steep = ItemBanking.ItemParameters(model: .twoPL, discrimination: 12, intercept: 0)
        #expect(try steep.modelParameters(itemID: "X2").discrimination == 12)
        let unordered = ItemBanking.ItemParameters(model: .graded, discrimination: 1, intercepts: [0.5, 1])
        #expect(throws: ItemBankError.self) { try unordered.modelParameters(itemID: "G1") }
    }

    @Test("a 3PL record keeps its guessing and a Rasch record its unit slope")
    func modelsKeepTheirFacts() throws {
        let threePL = try ItemBanking.ItemParameters(model: .threePL, discrimination: 1.2, difficulty: 0.5, guessing: 0.2)
            .modelParameters(itemID: "M1")
        #expect(threePL.model == .threePL && threePL.guessing == 0.2)
        #expect(abs(threePL.intercept - (-0.6)) < 1e-12)
        let rasch = try ItemBanking.ItemParameters(model: .rasch, intercept: 0.3).modelParameters(itemID: "R1")
        #expect(rasch.model == .rasch && rasch.discrimination == 1)
    }

    @Test("a bank whose scored item has unusable parameters yields an error, not a smaller parameter set")
    func bankParameterSetRefusesUnusableItems() throws {
        var bank = try smallBank()
        let id = bank.items[0].id
        bank.items[0].parameters = ItemBanking.ItemParameters(model: .twoPL, discrimination: 1)
        #expect(throws: ItemBankError.self) { try bank.parameterSet() }
        do { _ = try bank.parameterSet() } catch { #expect(error.description.contains(id)) }
    }
}

/// The bank-aware calibration as one library step (issue 14: the CLI only parses, calls and prints).
@Suite("Bank calibration job")
struct BankCalibrationJobTests {
    @Test("an unconverged calibration is refused unless allowed; the document carries fit and item analysis")
    func unconvergedAndDocument() throws {
        let (calibrated, _, _, data, _) = try simulatedSmallBank(
            fieldTestPersons: 800, fieldTestSeed: 3, persons: 800, seed: 4) { $0.nextNormal() }
        var configuration = CalibrationConfiguration(model: .twoPL)
        configuration.computeStandardErrors = false
        configuration.maxIterations = 1
        var job = BankCalibrationJob(bank: calibrated, responses: data, source: "sim.csv", configuration: configuration)
        job.fixOperational = true
        #expect(job.identifyingSettings["fixedOperational"] == "true")
        #expect(job.identifyingSettings["maxIterations"] == "1")
        do {
            _ = try job.run(calibrationID: "cal-job")
            Issue.record("an unconverged calibration was published without being allowed")
        } catch {
            guard case .unconverged(let iterations) = error else { Issue.record("wrong error \(error)"); return }
            #expect(iterations >= 1)
            #expect(!error.description.contains("--"))
        }
        job.allowUnconverged = true
        let outcome = try job.run(calibrationID: "cal-job")
        #expect(outcome.unconverged)
        #expect(outcome.report.fit?.count == outcome.calibration.result.items.count)
        #expect(outcome.report.analysis?.rows.count == outcome.calibration.calibratedItemIDs.count)
        #expect(outcome.report.source == "sim.csv")
        let document = outcome.report.document()
        #expect(document.items.map(\.id) == outcome.calibration.calibratedItemIDs)
        #expect(document.settings == outcome.calibration.result.configurationSummary)

        job.computeItemFit = false
        job.computeItemAnalysis = false
        let bare = try job.run(calibrationID: "cal-job")
        #expect(bare.report.fit == nil && bare.report.analysis == nil)
        #expect(bare.report.fitOmission == .notRequested)
        #expect(bare.report.document().warnings.contains("Item fit not computed (not requested)."))
    }
}
