import Foundation
import MathCore
import Testing

/// Σ w_q f(θ_q).
private func integrate(_ rule: QuadratureRule, _ f: (Double) -> Double) -> Double {
    zip(rule.nodes, rule.weights).reduce(0) { $0 + $1.1 * f($1.0) }
}

@Suite("Quadrature rules")
struct QuadratureTests {
    @Test("normalGrid (61 nodes on [−6, 6]): weights sum to 1, mean 0, variance 1, symmetric")
    func normalGrid() {
        let rule = QuadratureRule.normalGrid()
        #expect(rule.count == 61)
        #expect(rule.nodes.first == -6 && rule.nodes.last == 6)
        #expect(abs(rule.nodes[1] - rule.nodes[0] - 0.2) < 1e-12)
        #expect(abs(rule.weights.reduce(0, +) - 1) < 1e-14)
        #expect(abs(integrate(rule) { $0 }) < 1e-14)
        // The equally spaced sum of a normal density is exact to ≈ e^(−2π²/h²) and the mass beyond ±6
        // is ≈ 2e−9, so the variance is 1 well within 1e−6.
        #expect(abs(integrate(rule) { $0 * $0 } - 1) < 1e-6)
        #expect(abs(integrate(rule) { pow($0, 4) } - 3) < 1e-5)
        for i in 0..<61 {
            #expect(abs(rule.nodes[i] + rule.nodes[60 - i]) < 1e-12)
            #expect(abs(rule.weights[i] - rule.weights[60 - i]) < 1e-16)
        }
    }

    @Test("normalGrid carries the mean and standard deviation it is given")
    func shiftedGrid() {
        let rule = QuadratureRule.normalGrid(count: 81, range: -7...9, mean: 1, standardDeviation: 1.5)
        let mean = integrate(rule) { $0 }
        #expect(abs(mean - 1) < 1e-6)
        #expect(abs(integrate(rule) { ($0 - mean) * ($0 - mean) } - 2.25) < 1e-4)
    }

    /// The probabilists' Gauss–Hermite rule with n nodes is exact for degree ≤ 2n − 1:
    /// E[θ^(2k)] = (2k − 1)!! under N(0, 1), and odd moments vanish.
    @Test("Gauss–Hermite moments are exact", arguments: [5, 10, 21, 61])
    func gaussHermiteMoments(n: Int) {
        let rule = QuadratureRule.gaussHermite(count: n)
        #expect(rule.count == n)
        #expect(abs(rule.weights.reduce(0, +) - 1) < 1e-13)
        var doubleFactorial = 1.0  // (2k − 1)!!
        // Degree 2k ≤ 2n − 1 means k ≤ n − 1; θ¹⁸ (17!! = 34,459,425) is far enough.
        for k in 1...min(n - 1, 9) {
            doubleFactorial *= Double(2 * k - 1)
            let moment = integrate(rule) { pow($0, Double(2 * k)) }
            #expect(abs(moment - doubleFactorial) <= 1e-11 * doubleFactorial, "E[θ^\(2 * k)] with n = \(n)")
        }
        #expect(n < 10 || doubleFactorial == 34_459_425)
        #expect(abs(integrate(rule) { $0 }) < 1e-13)
        #expect(abs(integrate(rule) { pow($0, 3) }) < 1e-12)
        for i in 0..<n {
            #expect(abs(rule.nodes[i] + rule.nodes[n - 1 - i]) < 1e-12, "nodes symmetric")
            #expect(abs(rule.weights[i] - rule.weights[n - 1 - i]) < 1e-15, "weights symmetric")
            #expect(rule.weights[i] > 0)
            if i > 0 { #expect(rule.nodes[i] > rule.nodes[i - 1], "nodes increasing") }
        }
    }

    @Test("Gauss–Hermite with 10 nodes: E[θ²] = 1, E[θ⁴] = 3, E[θ⁶] = 15")
    func gaussHermiteTen() {
        let rule = QuadratureRule.gaussHermite(count: 10)
        #expect(abs(integrate(rule) { $0 * $0 } - 1) < 1e-13)
        #expect(abs(integrate(rule) { pow($0, 4) } - 3) < 1e-12)
        #expect(abs(integrate(rule) { pow($0, 6) } - 15) < 1e-11)
    }

    @Test("the known small rules: n = 1, 2, 3")
    func smallRules() {
        let one = QuadratureRule.gaussHermite(count: 1)
        #expect(abs(one.nodes[0]) < 1e-14 && abs(one.weights[0] - 1) < 1e-14)
        let two = QuadratureRule.gaussHermite(count: 2)  // nodes ±1, weights ½
        #expect(abs(two.nodes[0] + 1) < 1e-14 && abs(two.nodes[1] - 1) < 1e-14)
        #expect(abs(two.weights[0] - 0.5) < 1e-14 && abs(two.weights[1] - 0.5) < 1e-14)
        let three = QuadratureRule.gaussHermite(count: 3)  // nodes −√3, 0, √3, weights 1/6, 2/3, 1/6
        let r3 = 3.0.squareRoot()
        #expect(abs(three.nodes[0] + r3) < 1e-14 && abs(three.nodes[1]) < 1e-14 && abs(three.nodes[2] - r3) < 1e-14)
        #expect(abs(three.weights[0] - 1.0 / 6) < 1e-14)
        #expect(abs(three.weights[1] - 2.0 / 3) < 1e-14)
        #expect(abs(three.weights[2] - 1.0 / 6) < 1e-14)
    }
}
