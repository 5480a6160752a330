import Foundation
import MentorCertTestSupport
import Testing
import IRTModels
import MathCore
import ResponseData
@testable import Calibration

/// Multiple-group calibration (issue 14): 2PL data with 5,000 persons in a reference group N(0, 1)
/// and 5,000 in a focal group N(0.5, 1.2²). The focal mean and SD are recovered within 0.05, the item
/// parameters as well as a single-group fit of the same items recovers them, and each group's latent
/// moments carry standard errors.
@Suite("Recovery: multiple-group calibration", .tags(.recovery), .releaseStudy)
struct MultipleGroupRecoveryTests {
    static func data(seed: UInt64) -> (ResponseMatrix, [ItemParameters], [String]) {
        var g = SeededGenerator(seed: seed)
        let items = Simulation.parameters(model: .twoPL, items: 30, generator: &g)
        let reference = (0..<5000).map { _ in g.nextNormal() }
        let focal = (0..<5000).map { _ in 0.5 + 1.2 * g.nextNormal() }
        let data = Simulation.responses(items: items, thetas: reference + focal, generator: &g)
        let labels = [String](repeating: "ref", count: 5000) + [String](repeating: "focal", count: 5000)
        return (data, items, labels)
    }

    @Test("focal N(0.5, 1.2²) recovered within 0.05; items as well as a single-group fit")
    func recoversFocalDistribution() throws {
        let (data, truth, labels) = Self.data(seed: 1401)
        var cfg = CalibrationConfiguration(model: .twoPL)
        cfg.groups = try GroupAssignment(labels: labels, reference: "ref")
        let r = try Calibrator(configuration: cfg).calibrate(data)
        #expect(r.converged)
        #expect(r.groups.map(\.name) == ["ref", "focal"])
        let focal = try #require(r.groups.last)
        #expect(abs(focal.mean - 0.5) < 0.05, "focal mean \(focal.mean)")
        #expect(abs(focal.variance.squareRoot() - 1.2) < 0.05, "focal SD \(focal.variance.squareRoot())")
        let reference = try #require(r.groups.first)
        #expect(reference.mean == 0 && reference.variance == 1 && !reference.meanEstimated)
        let meanSE = try #require(focal.meanStandardError), varianceSE = try #require(focal.varianceStandardError)
        #expect(meanSE > 0.005 && meanSE < 0.05 && varianceSE > 0.005 && varianceSE < 0.1)

        // A single-group fit of the reference group alone (5,000 persons from N(0, 1)) is the yardstick:
        // the two-group fit uses twice the data, so it must do at least about as well.
        let refOnly = data.selectingPersons(Array(0..<5000))
        let single = try Calibrator(configuration: CalibrationConfiguration(model: .twoPL)).calibrate(refOnly)
        let rmseMulti = (rmse(r.items.map(\.discrimination), truth.map(\.discrimination)),
                         rmse(r.items.map(\.difficulty), truth.map(\.difficulty)))
        let rmseSingle = (rmse(single.items.map(\.discrimination), truth.map(\.discrimination)),
                          rmse(single.items.map(\.difficulty), truth.map(\.difficulty)))
        #expect(rmseMulti.0 <= rmseSingle.0 * 1.1 && rmseMulti.1 <= rmseSingle.1 * 1.1,
                "two-group RMSE a/b \(rmseMulti) vs single-group \(rmseSingle)")
    }

    @Test("an item freed across groups gets one parameter set per group, recovering a shifted difficulty")
    func freedItemPerGroup() throws {
        var (data, truth, labels) = Self.data(seed: 1402)
        // DIF on I001: in the focal group the item is 0.6 harder (re-simulate its column there).
        var g = SeededGenerator(seed: 99)
        let shifted = ItemParameters.dichotomous(.twoPL, discrimination: truth[0].discrimination,
                                                 difficulty: truth[0].difficulty + 0.6)
        var gt = SeededGenerator(seed: 1402)
        _ = Simulation.parameters(model: .twoPL, items: 30, generator: &gt)
        let thetas = (0..<5000).map { _ in gt.nextNormal() } + (0..<5000).map { _ in 0.5 + 1.2 * gt.nextNormal() }
        for p in 5000..<10000 {
            data.responses[p * data.itemCount] = Simulation.response(shifted, theta: thetas[p], generator: &g)
        }
        var cfg = CalibrationConfiguration(model: .twoPL)
        cfg.groups = try GroupAssignment(labels: labels, reference: "ref", freeItems: ["I001"])
        let r = try Calibrator(configuration: cfg).calibrate(data)
        #expect(r.converged)
        let focalCopy = try #require(r.itemIDs.firstIndex(of: GroupAssignment.focalItemID("I001", group: "focal")))
        let shift = r.items[focalCopy].difficulty - r.items[0].difficulty
        #expect(abs(shift - 0.6) < 0.15, "difficulty shift \(shift)")
    }

    @Test("groups are checked: an unknown reference, one group, an unknown freed item")
    func invalidGroupsAreNamed() throws {
        #expect(throws: CalibrationError.self) { try GroupAssignment(labels: ["a", "b"], reference: "c") }
        #expect(throws: CalibrationError.self) { try GroupAssignment(labels: ["a", "a"]) }
        let (data, _, labels) = Self.data(seed: 1403)
        var cfg = CalibrationConfiguration(model: .twoPL)
        cfg.groups = try GroupAssignment(labels: labels, freeItems: ["NOPE"])
        #expect(throws: CalibrationError(.unknownFreeItem(item: "NOPE"))) { try Calibrator(configuration: cfg).calibrate(data) }
    }
}
