import Candidates
import ExamSessions
import Foundation
import ItemBanking
import Store
import Testing

@Suite struct ProgressionTests {
    /// Hand-computed: SE = √(0.3² + 0.4²) = 0.5; a change of 0.9 gives z = 1.8 (within error), 1.1 gives 2.2.
    @Test func changeOverItsStandardError() {
        let a = ProgressionPoint(sessionId: "a", assessment: "entry", attempt: 1, date: "", theta: -0.5, standardError: 0.3, level: nil)
        var b = ProgressionPoint(sessionId: "b", assessment: "final", attempt: 1, date: "", theta: 0.4, standardError: 0.4, level: nil)
        let within = ProgressionStep(from: a, to: b)
        #expect(abs(within.change! - 0.9) < 1e-12 && abs(within.standardError! - 0.5) < 1e-12 && abs(within.z! - 1.8) < 1e-12)
        #expect(within.exceedsMeasurementError == false)
        b.theta = 0.6
        let beyond = ProgressionStep(from: a, to: b)
        #expect(abs(beyond.z! - 2.2) < 1e-12 && beyond.exceedsMeasurementError == true)
        b.theta = -1.6   // a decline of 1.1: z = −2.2
        #expect(ProgressionStep(from: a, to: b).exceedsMeasurementError == true)
        b.standardError = nil
        let missing = ProgressionStep(from: a, to: b)
        #expect(missing.z == nil && missing.exceedsMeasurementError == nil && missing.change != nil)
    }

    /// Expected level shares of N(μ, σ²) against an independent evaluation with erfc.
    @Test func expectedSharesOfTheReferencePopulation() throws {
        var manifest = try bundledBank().manifest
        manifest.cutScores = CutScores(intermediate: -1, advanced: 0, expert: 1)
        let standard = ReferencePopulation(manifest: manifest).expectedShares
        // Φ(−1) = 0.158655…, Φ(0) − Φ(−1) = 0.341345…
        for (s, e) in zip(standard, [0.15865525393145707, 0.34134474606854293, 0.34134474606854293, 0.15865525393145707]) {
            #expect(abs(s - e) < 1e-12)
        }
        manifest.scale = BankScale(latentMean: 0.5, latentVariance: 4, calibration: "test")
        let shifted = ReferencePopulation(manifest: manifest).expectedShares
        func phi(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }
        let bounds = [0.0, phi(-0.75), phi(-0.25), phi(0.25), 1.0]
        for k in 0..<4 { #expect(abs(shifted[k] - (bounds[k + 1] - bounds[k])) < 1e-12) }
        // X² by hand: 10 observed, all novice under N(0,1) with cuts −1, 0, 1.
        manifest.scale = nil
        let comparison = ReferenceComparison(thetas: [-2, -1.5], levelCounts: [10, 0, 0, 0], reference: ReferencePopulation(manifest: manifest))
        let e = standard.map { 10 * $0 }
        let x2 = (10 - e[0]) * (10 - e[0]) / e[0] + e[1] + e[2] + e[3]
        #expect(abs(comparison.chiSquare! - x2) < 1e-9)
        #expect(comparison.degreesOfFreedom == 3)
        #expect(abs(comparison.meanTheta! + 1.75) < 1e-12)
        // sd of (−2, −1.5) = 0.353553…, SE = 0.25, z = −1.75 / 0.25 = −7.
        #expect(abs(comparison.standardErrorOfMean! - 0.25) < 1e-12 && abs(comparison.z! + 7) < 1e-9)
    }
}
