import Foundation
import MentorCertTestSupport
import IRTModels
import Testing
@testable import Reliability

/// Marginal and empirical reliability against Python `mirt` (PyPI `mirt` 1.2.0, which exposes
/// `mirt.utils.reliability.marginal_rxx` and `empirical_rxx`), run by the test when a Python with mirt
/// is found: `$MENTORCERT_MIRT_PYTHON`, else the benchmark's `Benchmarks/compare/.work/venv-mirt` (made by
/// `Benchmarks/compare/run.sh`), else `python3`. Without one the test says so and passes.
@Suite("Marginal and empirical reliability against Python mirt")
struct MirtComparisonTests {
    @Test("marginal_rxx of 2PL and 3PL items and empirical_rxx of given estimates equal mirt's")
    func againstMirt() throws {
        let a = [1.2, 0.8, 1.5, 2.0, 0.6], b = [-1.0, 0.0, 0.5, 1.2, -0.3], c = [0.0, 0.0, 0.2, 0.15, 0.0]
        let thetas = [-1.3, 0.2, 0.7, 1.9, -0.4, 0.0], ses = [0.5, 0.45, 0.6, 0.8, 0.5, 0.44]
        let list = { (x: [Double]) in "[" + x.map { "\($0)" }.joined(separator: ",") + "]" }
        let script = """
            import numpy as np
            from mirt.models.dichotomous import TwoParameterLogistic, ThreeParameterLogistic
            from mirt.utils.reliability import marginal_rxx, empirical_rxx
            m2 = TwoParameterLogistic(n_items=5)
            m2.set_parameters(discrimination=np.array(\(list(a))), difficulty=np.array(\(list(b))))
            m3 = ThreeParameterLogistic(n_items=5)
            m3.set_parameters(discrimination=np.array(\(list(a))), difficulty=np.array(\(list(b))), guessing=np.array(\(list(c))))
            print(repr(marginal_rxx(m2, theta_range=(-6, 6), n_points=121)))
            print(repr(marginal_rxx(m3, theta_range=(-6, 6), n_points=121)))
            print(repr(empirical_rxx(m2, np.array(\(list(thetas))), method="posterior_variance", standard_errors=np.array(\(list(ses))))))
            """
        guard let output = MirtPython.run(script) else {
            print("MirtComparisonTests: no Python with mirt (pip install mirt==1.2.0, or Benchmarks/compare/run.sh); comparison skipped.")
            return
        }
        let values = output.split(separator: "\n").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        try #require(values.count == 3, "mirt printed \(output)")
        let twoPL = zip(a, b).map { IRTModels.ItemParameters.dichotomous(.twoPL, discrimination: $0, difficulty: $1) }
        let threePL = (0..<5).map { IRTModels.ItemParameters.dichotomous(.threePL, discrimination: a[$0], difficulty: b[$0], guessing: c[$0]) }
        #expect(abs((IRTReliability.marginal(items: twoPL, latent: .standard) ?? .nan) - values[0]) < 1e-6)
        #expect(abs((IRTReliability.marginal(items: threePL, latent: .standard) ?? .nan) - values[1]) < 1e-6)
        #expect(abs((IRTReliability.empirical(thetas: thetas, standardErrors: ses) ?? .nan) - values[2]) < 1e-12)
    }
}
