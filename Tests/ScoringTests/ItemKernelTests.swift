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

/// The kernel is a specialised layout of the one item algebra (`IRTModels.ItemBatch`), not a second
/// definition: its information and Warm's J agree with the batch for every model.
@Suite("The scoring kernel agrees with ItemBatch")
struct ItemKernelBatchAgreementTests {
    @Test("information I_j(θ) and J_j(θ) = Σ P'P''/P equal ItemBatch's for every model")
    func informationAndWarm() {
        let items = Fixture.everyModel
        let kernel = ItemKernel(items)
        let batch = ItemBatch(items)
        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: 2 * kernel.maxCategories + 4)
        defer { scratch.deallocate() }
        let k = batch.maximumCategories
        let p = UnsafeMutableBufferPointer<Double>.allocate(capacity: k)
        let d1 = UnsafeMutableBufferPointer<Double>.allocate(capacity: k)
        let d2 = UnsafeMutableBufferPointer<Double>.allocate(capacity: k)
        defer { p.deallocate(); d1.deallocate(); d2.deallocate() }
        for (j, item) in items.enumerated() {
            for theta in ItemKernelTests.thetas {
                let e = kernel.evaluate(j, theta: theta, response: 0, warm: true, scratch: scratch)
                let info = batch.information(item: j, at: theta)
                #expect(abs(e.information - info) < 1e-9 * max(1, info), "\(item.model) θ \(theta)")
                batch.evaluate(item: j, at: theta, probabilities: p, first: d1, second: d2)
                var warm = 0.0
                for c in 0..<item.categoryCount where p[c] > 1e-300 { warm += d1[c] * d2[c] / p[c] }
                #expect(abs(e.warm - warm) < 1e-8 * max(1, abs(warm)), "\(item.model) θ \(theta)")
            }
        }
    }
}
