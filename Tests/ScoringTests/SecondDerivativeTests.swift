import IRTModels
import Scoring
import Testing

@Suite("Second derivatives of the category probabilities")
struct SecondDerivativeTests {
    @Test("∂²P_k/∂θ² matches central differences of the analytic first derivative", arguments: Fixture.everyModel)
    func secondDerivativeMatchesFiniteDifferences(item: ItemParameters) {
        let h = 1e-5
        for theta in stride(from: -4.0, through: 4.0, by: 0.5) {
            let analytic = item.secondDerivatives(at: theta)
            let plus = item.derivatives(at: theta + h).dTheta
            let minus = item.derivatives(at: theta - h).dTheta
            #expect(analytic.count == item.categoryCount)
            for k in 0..<item.categoryCount {
                let numeric = (plus[k] - minus[k]) / (2 * h)
                #expect(abs(analytic[k] - numeric) < 1e-7, "\(item.model) θ = \(theta) k = \(k): \(analytic[k]) vs \(numeric)")
            }
        }
    }

    @Test("second derivatives of the probabilities sum to zero", arguments: Fixture.everyModel)
    func secondDerivativesSumToZero(item: ItemParameters) {
        for theta in [-3.0, -0.7, 0, 1.1, 2.9] {
            #expect(abs(item.secondDerivatives(at: theta).reduce(0, +)) < 1e-12)
        }
    }

    @Test("Warm's J for the 2PL is a³·P·Q·(Q − P)")
    func warmCorrectionTwoPL() {
        let item = ItemParameters.dichotomous(.twoPL, discrimination: 1.6, difficulty: 0.4)
        for theta in [-2.0, 0, 0.4, 1.5] {
            let p = item.probabilities(at: theta)[1], q = 1 - p
            #expect(abs(item.warmCorrection(at: theta) - 1.6 * 1.6 * 1.6 * p * q * (q - p)) < 1e-12)
        }
    }
}
