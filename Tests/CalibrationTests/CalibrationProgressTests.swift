import Calibration
import IRTModels
import MathCore
import ResponseData
import Synchronization
import Testing

@Suite("Calibration progress")
struct CalibrationProgressTests {
    static func data() -> ResponseMatrix {
        var g = SeededGenerator(seed: 21)
        let items = (0..<5).map { j in ItemParameters.dichotomous(.twoPL, discrimination: 0.8 + 0.2 * Double(j), difficulty: Double(j) - 2) }
        let thetas = (0..<800).map { _ in g.nextNormal() }
        return Simulation.responses(items: items, thetas: thetas, generator: &g)
    }

    @Test("E-steps in order, then one report per differentiated parameter of the standard errors")
    func phases() throws {
        let events = Mutex<[CalibrationProgress]>([])
        var cfg = CalibrationConfiguration(model: .twoPL)
        cfg.standardErrorMethod = .forwardDifference
        cfg.progress = { p in events.withLock { $0.append(p) } }
        let r = try Calibrator(configuration: cfg).calibrate(Self.data())
        let seen = events.withLock { $0 }
        let estimation = seen.filter { $0.phase == .estimation }
        #expect(estimation.map(\.iteration) == Array(1...estimation.count))
        #expect(estimation.count <= r.iterations)
        let standardErrors = seen.compactMap { p -> (Int, Int)? in
            if case let .standardErrors(done, total) = p.phase { return (done, total) }
            return nil
        }
        // 5 items × (a, d): ten free parameters, none on a bound.
        #expect(standardErrors.map(\.0) == Array(1...10))
        #expect(standardErrors.allSatisfy { $0.1 == 10 })
        // The standard errors come after the last E-step of the estimation.
        let firstSE = try #require(seen.firstIndex { $0.phase != .estimation })
        #expect(seen[firstSE...].allSatisfy { $0.phase != .estimation })
    }

    @Test("the analytic standard errors (the default) report their one pass as done 1 of 1")
    func analyticPhase() throws {
        let events = Mutex<[CalibrationProgress]>([])
        var cfg = CalibrationConfiguration(model: .twoPL)
        cfg.progress = { p in events.withLock { $0.append(p) } }
        _ = try Calibrator(configuration: cfg).calibrate(Self.data())
        let standardErrors = events.withLock { $0 }.compactMap { p -> (Int, Int)? in
            if case let .standardErrors(done, total) = p.phase { return (done, total) }
            return nil
        }
        #expect(standardErrors.count == 1 && standardErrors.first?.0 == 1 && standardErrors.first?.1 == 1)
    }

    @Test("without standard errors there is no standard-error phase")
    func noStandardErrors() throws {
        let events = Mutex<[CalibrationProgress]>([])
        var cfg = CalibrationConfiguration(model: .twoPL)
        cfg.computeStandardErrors = false
        cfg.progress = { p in events.withLock { $0.append(p) } }
        _ = try Calibrator(configuration: cfg).calibrate(Self.data())
        let seen = events.withLock { $0 }
        #expect(!seen.isEmpty)
        #expect(seen.allSatisfy { $0.phase == .estimation })
    }
}

