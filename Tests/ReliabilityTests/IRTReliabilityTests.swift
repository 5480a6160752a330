import Foundation
import IRTModels
import MathCore
import Testing
@testable import Reliability

@Suite("Marginal and empirical reliability, information, Rudner, Livingston–Lewis pieces")
struct IRTReliabilityTests {
    static let items: [ItemParameters] = [
        .dichotomous(.twoPL, discrimination: 1.2, difficulty: -1),
        .dichotomous(.twoPL, discrimination: 0.8, difficulty: 0),
        .dichotomous(.threePL, discrimination: 1.5, difficulty: 0.5, guessing: 0.2),
        .graded(discrimination: 1.1, thresholds: [-0.5, 0.7]),
    ]

    /// Information written out in the test (Lord 1980; Samejima 1969), independent of ItemBatch.
    static func information(_ theta: Double) -> Double {
        func logistic(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
        var total = 0.0
        for (a, b) in [(1.2, -1.0), (0.8, 0.0)] {
            let p = logistic(a * (theta - b)); total += a * a * p * (1 - p)
        }
        // 3PL: I = a² (P − c)² Q / ((1 − c)² P).
        let (a, b, c) = (1.5, 0.5, 0.2)
        let ps = logistic(a * (theta - b)), p = c + (1 - c) * ps
        total += a * a * (p - c) * (p - c) * (1 - p) / ((1 - c) * (1 - c) * p)
        // GRM: I = Σ_k (P*'_k − P*'_{k+1})² / P_k with P*' = a P*(1 − P*).
        let ga = 1.1
        let stars = [1.0, logistic(ga * (theta + 0.5)), logistic(ga * (theta - 0.7)), 0.0]
        for k in 0..<3 {
            let pk = stars[k] - stars[k + 1]
            let d = ga * stars[k] * (1 - stars[k]) - ga * stars[k + 1] * (1 - stars[k + 1])
            total += d * d / pk
        }
        return total
    }

    @Test("marginal reliability equals a fine trapezoid integral of σ²I/(σ²I + 1) under N(μ, σ²)", arguments: [
        LatentDistribution.standard, LatentDistribution(mean: 0.4, variance: 1.7)])
    func marginal(latent: LatentDistribution) throws {
        let ours = try #require(IRTReliability.marginal(items: Self.items, latent: latent))
        // Trapezoid rule on 8,001 points over μ ± 10σ with the normal density written out.
        let s = latent.standardDeviation, lo = latent.mean - 10 * s, hi = latent.mean + 10 * s
        let m = 8_000
        var integral = 0.0
        for i in 0...m {
            let t = lo + (hi - lo) * Double(i) / Double(m)
            let density = exp(-0.5 * pow((t - latent.mean) / s, 2)) / (s * (2 * Double.pi).squareRoot())
            let info = Self.information(t)
            let f = density * latent.variance * info / (latent.variance * info + 1)
            integral += (i == 0 || i == m ? 0.5 : 1) * f
        }
        integral *= (hi - lo) / Double(m)
        #expect(abs(ours - integral) < 1e-4, "ours \(ours), trapezoid \(integral)")
        // The information curve is the same information.
        let curve = InformationCurve(scope: "bank", items: Self.items)
        for point in curve.points {
            #expect(abs(point.information - Self.information(point.theta)) < 1e-9)
            #expect(abs((point.csem ?? 0) - 1 / Self.information(point.theta).squareRoot()) < 1e-9)
        }
    }

    @Test("an almost uninformative item: marginal reliability below its bound σ²·max I = a²/4")
    func closedForm() throws {
        // I(θ) = a² P Q ≤ a²/4 for a 2PL item, so ρ = ∫ σ²I/(σ²I + 1) g ≤ a²/4 = 2.5e-9 at a = 1e-4.
        let flat = try #require(IRTReliability.marginal(items: [.dichotomous(.twoPL, discrimination: 1e-4, difficulty: 0)],
                                                       latent: .standard))
        #expect(flat < 3e-9 && flat > 0)
    }

    @Test("empirical reliability: var(θ̂)/(var(θ̂) + mean SE²), by hand")
    func empirical() throws {
        // θ̂ = −1, 0, 1, 2: mean .5, var (n − 1) = (2.25 + .25 + .25 + 2.25)/3 = 5/3.
        // SE = .5, .5, 1, 1: mean SE² = (.25 + .25 + 1 + 1)/4 = .625.  ρ = (5/3)/(5/3 + .625) = 0.7272727.
        let rho = try #require(IRTReliability.empirical(thetas: [-1, 0, 1, 2, nil], standardErrors: [0.5, 0.5, 1, 1, 0.3]))
        #expect(abs(rho - 0.7272727) < 1e-6)
        #expect(IRTReliability.empirical(thetas: [1], standardErrors: [0.2]) == nil)
    }

    @Test("Rudner's indices by hand: one person at θ̂ = 0, SE = 1, cut 0.5")
    func rudnerByHand() throws {
        let model = try ReliabilityModel(items: [.init(id: "i", parameters: Self.items[0])],
                                         cuts: [.init(level: "pass", theta: 0.5, certification: true)])
        let (tables, used) = RudnerClassification.tables(thetas: [0], standardErrors: [1], model: model)
        #expect(used == 1)
        let report = tables.report(method: "rudner", basis: "", model: model, csem: [nil])
        let below = SpecialFunctions.normalCDF(0.5)  // 0.6914625
        // Observed: fail. Accuracy = P(true < .5) = Φ(.5); false fail = P(true ≥ .5) = 1 − Φ(.5).
        #expect(abs(report.cuts[0].accuracy - below) < 1e-12)
        #expect(abs(report.cuts[0].falseFail - (1 - below)) < 1e-12)
        #expect(report.cuts[0].falsePass == 0)
        // Consistency Φ² + (1 − Φ)²; with one person chance is the same, so kappa = 0.
        #expect(abs(report.cuts[0].consistency - (below * below + (1 - below) * (1 - below))) < 1e-12)
        #expect(abs(report.cuts[0].kappa ?? 1) < 1e-12)
    }

    @Test("the four-parameter beta is recovered from its own moments (Johnson, Kotz & Balakrishnan)",
          arguments: [(2.0, 5.0, 0.1, 0.9), (6.0, 3.0, 0.2, 0.95), (1.5, 1.5, 0.05, 0.8)])
    func fourParameterBeta(shape: (Double, Double, Double, Double)) throws {
        let (a, b, l, u) = shape
        let s = a + b
        let mean = l + (u - l) * a / s
        let variance = (u - l) * (u - l) * a * b / (s * s * (s + 1))
        let skew = 2 * (b - a) * (s + 1).squareRoot() / ((s + 2) * (a * b).squareRoot())
        let excess = 6 * ((a - b) * (a - b) * (s + 1) - a * b * (s + 2)) / (a * b * (s + 2) * (s + 3))
        let fit = try #require(LivingstonLewis.fourParameter(mean: mean, variance: variance, skewness: skew, kurtosis: 3 + excess))
        #expect(abs(fit.alpha - a) < 1e-8 && abs(fit.beta - b) < 1e-8)
        #expect(abs(fit.lower - l) < 1e-8 && abs(fit.upper - u) < 1e-8)
    }

    @Test("Livingston–Lewis effective test length by hand")
    func effectiveLength() throws {
        // Scores 2, 4, 6, 8 on [0, 10]: mean 5, variance (n divisor) 5; r = .8:
        // n = (5 · 5 − .8 · 5) / (5 · .2) = 21/1 = 21.
        let fit = try #require(LivingstonLewis.fit(scores: [2, 4, 6, 8], maxScore: 10, reliability: 0.8))
        #expect(fit.effectiveLength == 21)
    }
}
