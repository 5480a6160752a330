import Foundation
import IRTModels
import MathCore
@testable import Scoring
import Testing

@Suite("The scoring kernel's item terms")
struct ItemKernelTests {
    static let thetas = [-5.5, -2.2, -0.3, 0.0, 0.9, 3.1, 5.8]

    @Test("log P_x agrees with the item's public logProbabilities for every model and category")
    func logProbability() {
        let items = Fixture.everyModel
        let kernel = ItemKernel(items)
        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: 2 * kernel.maxCategories + 4)
        defer { scratch.deallocate() }
        for (j, item) in items.enumerated() {
            for theta in Self.thetas {
                let reference = item.logProbabilities(at: theta)
                for x in 0..<item.categoryCount {
                    let value = kernel.logProbability(j, theta: theta, response: x, scratch: scratch)
                    #expect(abs(value - reference[x]) < 1e-10 * max(1, abs(reference[x])), "\(item.model) θ \(theta) x \(x)")
                }
            }
        }
    }

    @Test("the score is d log P_x/dθ and the curvature its derivative (central differences of the public log P)")
    func scoreAndCurvature() {
        let items = Fixture.everyModel
        let kernel = ItemKernel(items)
        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: 2 * kernel.maxCategories + 4)
        defer { scratch.deallocate() }
        let h = 1e-4
        for (j, item) in items.enumerated() {
            for theta in Self.thetas {
                let minus = item.logProbabilities(at: theta - h), centre = item.logProbabilities(at: theta)
                let plus = item.logProbabilities(at: theta + h)
                for x in 0..<item.categoryCount {
                    let e = kernel.evaluate(j, theta: theta, response: x, warm: false, scratch: scratch)
                    let score = (plus[x] - minus[x]) / (2 * h)
                    let curvature = (plus[x] - 2 * centre[x] + minus[x]) / (h * h)
                    #expect(abs(e.score - score) < 1e-6 * max(1, abs(score)), "\(item.model) θ \(theta) x \(x)")
                    #expect(abs(e.curvature - curvature) < 1e-4 * max(1, abs(curvature)), "\(item.model) θ \(theta) x \(x)")
                }
            }
        }
    }
}
