import Foundation
import IRTModels
import MathCore
import Scoring
import Testing

@Suite("Seeded simulations")
struct SimulationTests {
    @Test("2,000 persons × 40 2PL items: RMSE of WLE is within 20% of the mean reported SE")
    func wleStandardErrorIsHonest() throws {
        var g = SeededGenerator(seed: 2024)
        let items = Fixture.twoPL(40, &g)
        let persons = 2000
        let thetas = (0..<persons).map { _ in g.nextNormal() }
        var data = [UInt8](repeating: 0, count: persons * items.count)
        for p in 0..<persons { for j in 0..<items.count { data[p * items.count + j] = Fixture.response(items[j], theta: thetas[p], &g) } }
        let scores = try PersonScorer(items: items, method: .wle).scoreAll(responses: data, itemCount: items.count)
        #expect(scores.count == persons)
        var squared = 0.0, seSum = 0.0
        for (s, t) in zip(scores, thetas) {
            let e = (s.theta ?? .nan) - t
            squared += e * e
            seSum += s.standardError ?? .nan
        }
        let rmse = (squared / Double(persons)).squareRoot()
        let meanSE = seSum / Double(persons)
        #expect(abs(rmse / meanSE - 1) < 0.2, "RMSE \(rmse), mean SE \(meanSE)")
    }

    @Test("near |θ| = 2 WLE is less biased than ML (Warm 1989)", arguments: [-2.0, 2.0])
    func warmReducesBias(theta: Double) throws {
        var g = SeededGenerator(seed: theta > 0 ? 77 : 78)
        // A long test whose difficulties span beyond ±2, so that extreme patterns are rare.
        let items = (0..<40).map { j in
            ItemParameters.dichotomous(.twoPL, discrimination: 1.0 + 0.5 * Double(j % 3), difficulty: -3 + 6 * Double(j) / 39)
        }
        let replications = 5000
        var data = [UInt8](repeating: 0, count: replications * items.count)
        for r in 0..<replications { for j in 0..<items.count { data[r * items.count + j] = Fixture.response(items[j], theta: theta, &g) } }
        let ml = try PersonScorer(items: items, method: .ml).scoreAll(responses: data, itemCount: items.count)
        let wle = try PersonScorer(items: items, method: .wle).scoreAll(responses: data, itemCount: items.count)
        // Extreme patterns (no finite ML) are left out of both averages.
        var mlSum = 0.0, wleSum = 0.0, used = 0
        for (a, b) in zip(ml, wle) where a.flag == nil {
            mlSum += (a.theta ?? .nan) - theta
            wleSum += (b.theta ?? .nan) - theta
            used += 1
        }
        #expect(used > replications * 99 / 100)
        let mlBias = mlSum / Double(used), wleBias = wleSum / Double(used)
        #expect(abs(wleBias) < abs(mlBias), "ML bias \(mlBias), WLE bias \(wleBias)")
        // ML is biased outwards (Lord 1983).
        #expect(mlBias * theta > 0)
    }
}
