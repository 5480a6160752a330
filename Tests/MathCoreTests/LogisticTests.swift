import Foundation
import MathCore
import Testing

/// `a` equals `b` (including both NaN, or the same infinity) to a relative tolerance.
func close(_ a: Double, _ b: Double, relative: Double = 1e-14, absolute: Double = 0) -> Bool {
    if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
    if a.isInfinite || b.isInfinite { return a == b }
    return abs(a - b) <= max(absolute, relative * max(abs(a), abs(b)))
}

@Suite("Stable logistic family")
struct LogisticTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let x: Double
        let logistic: Double
        let logLogistic: Double
        let softplus: Double
        var testDescription: String { "x = \(x)" }
    }

    /// Reference values by hand: logistic(1) = 1/(1 + e⁻¹) = 0.7310585786300049,
    /// log(1 + e) = 1.3132616875182228, log(1 + e⁻¹) = 0.31326168751822286,
    /// e⁻³⁰ = 9.357622968840175e−14 and log(1 + ε) = ε − ε²/2 + … with ε = e⁻³⁰ (ε³ is far below an ulp),
    /// so softplus(−30) = ε − ε²/2 and logistic(−30) = ε/(1 + ε).
    /// e⁻⁸⁰⁰ underflows to 0 in Double, so the ±800 values are exact limits.
    static let cases: [Case] = {
        let e30 = 9.357622968840175e-14
        let log1pE30 = e30 - e30 * e30 / 2
        return [
            Case(x: 0, logistic: 0.5, logLogistic: -log(2.0), softplus: log(2.0)),
            Case(x: 1, logistic: 0.7310585786300049, logLogistic: -0.31326168751822286, softplus: 1.3132616875182228),
            Case(x: -1, logistic: 0.2689414213699951, logLogistic: -1.3132616875182228, softplus: 0.31326168751822286),
            Case(x: 30, logistic: 1 / (1 + e30), logLogistic: -log1pE30, softplus: 30 + log1pE30),
            Case(x: -30, logistic: e30 / (1 + e30), logLogistic: -30.000000000000092, softplus: log1pE30),
            Case(x: 800, logistic: 1, logLogistic: 0, softplus: 800),
            Case(x: -800, logistic: 0, logLogistic: -800, softplus: 0),
            Case(x: .infinity, logistic: 1, logLogistic: 0, softplus: .infinity),
            Case(x: -.infinity, logistic: 0, logLogistic: -.infinity, softplus: 0),
        ]
    }()

    @Test("logistic, logLogistic and softplus at reference points", arguments: cases)
    func referenceValues(_ c: Case) {
        let p = Logistic.logistic(c.x)
        let lp = Logistic.logLogistic(c.x)
        let sp = Logistic.softplus(c.x)
        #expect(close(p, c.logistic), "logistic(\(c.x)) = \(p)")
        #expect(close(lp, c.logLogistic), "logLogistic(\(c.x)) = \(lp)")
        #expect(close(sp, c.softplus), "softplus(\(c.x)) = \(sp)")
        #expect((0...1).contains(p))
        #expect(!lp.isNaN && !sp.isNaN)
        if c.x.isFinite {
            #expect(p.isFinite && lp.isFinite && sp.isFinite, "no overflow at \(c.x)")
        }
    }

    @Test("NaN propagates")
    func nan() {
        #expect(Logistic.logistic(.nan).isNaN)
        #expect(Logistic.logLogistic(.nan).isNaN)
        #expect(Logistic.softplus(.nan).isNaN)
        #expect(Logistic.logOneMinusLogistic(.nan).isNaN)
    }

    @Test("identities: softplus(x) − softplus(−x) = x; logistic(x) + logistic(−x) = 1; logit inverts logistic",
          arguments: [-700.0, -35, -5, -0.3, 0, 0.7, 4, 36, 700])
    func identities(x: Double) {
        #expect(close(Logistic.softplus(x) - Logistic.softplus(-x), x, relative: 1e-14, absolute: 1e-15))
        #expect(close(Logistic.logistic(x) + Logistic.logistic(-x), 1))
        #expect(close(Logistic.logOneMinusLogistic(x), Logistic.logLogistic(-x)))
        if abs(x) < 30 {
            #expect(close(Logistic.logit(Logistic.logistic(x)), x, relative: 1e-9, absolute: 1e-12))
        }
    }

    @Test("logit at 0, ½, 1")
    func logit() {
        #expect(Logistic.logit(0.5) == 0)
        #expect(Logistic.logit(0) == -.infinity)
        #expect(Logistic.logit(1) == .infinity)
        #expect(close(Logistic.logit(0.75), log(3.0)))
    }
}

@Suite("log-sum-exp")
struct LogSumExpTests {
    @Test("edge cases")
    func edges() {
        #expect(logSumExp([Double]()) == -.infinity)
        #expect(logSumExp([-Double.infinity, -.infinity]) == -.infinity)
        #expect(logSumExp([1, .infinity]) == .infinity)
        #expect(logSumExp([-Double.infinity, .infinity]) == .infinity)
        #expect(logSumExp([1, .nan]).isNaN)
        #expect(logSumExp([.nan, .infinity]).isNaN)
    }

    @Test("values that would overflow or underflow a naive sum")
    func extremes() {
        #expect(close(logSumExp([1000, 1000]), 1000 + log(2.0)))
        #expect(close(logSumExp([-1000, -1000]), -1000 + log(2.0)))
        #expect(close(logSumExp([1000, -.infinity]), 1000))
        #expect(close(logSumExp([710, 0]), 710))  // e⁻⁷¹⁰ is far below one ulp of 710
    }

    @Test("ordinary values: log(1 + 2 + 3) = log 6")
    func ordinary() {
        #expect(close(logSumExp([0, log(2.0), log(3.0)]), log(6.0)))
        #expect(close(logSumExp([5.0]), 5))
        #expect(close(logSumExp(ArraySlice([log(0.25), log(0.25), log(0.5)])), 0, absolute: 1e-16))
    }
}
