import Testing
import IRTModels
import ResponseData
@testable import Calibration

/// Root mean square error of paired values.
func rmse(_ a: [Double], _ b: [Double]) -> Double {
    (zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(a.count)).squareRoot()
}

@Suite("Seeded parameter recovery")
struct RecoveryTests {
    @Test("2PL at 5,000 × 30 recovers a and b with RMSE < 0.1")
    func twoPL() throws {
        let sim = Simulation.generate(model: .twoPL, persons: 5000, items: 30, seed: 11)
        var cfg = CalibrationConfiguration(model: .twoPL)
        cfg.computeStandardErrors = false
        let result = try Calibrator(configuration: cfg).calibrate(sim.data)
        #expect(result.converged)
        let ra = rmse(result.items.map(\.discrimination), sim.parameters.map(\.discrimination))
        let rb = rmse(result.items.map(\.difficulty), sim.parameters.map(\.difficulty))
        print("2PL iterations \(result.iterations) rmse a \(ra) b \(rb) ll \(result.logLikelihood)")
        #expect(ra < 0.1)
        #expect(rb < 0.1)
    }
}
