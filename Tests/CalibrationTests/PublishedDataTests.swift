import Testing
import IRTModels
import ResponseData
@testable import Calibration

/// LSAT Section 6 (Bock & Lieberman 1970, *Psychometrika* 35:179–197): 1,000 examinees × 5 items,
/// given as the 32 response patterns with their frequencies (as distributed with R's `ltm::LSAT`).
enum LSAT6 {
    static let patterns: [(String, Int)] = [
        ("00000", 3), ("00001", 6), ("00010", 2), ("00011", 11), ("00100", 1), ("00101", 1), ("00110", 3),
        ("00111", 4), ("01000", 1), ("01001", 8), ("01010", 0), ("01011", 16), ("01100", 0), ("01101", 3),
        ("01110", 2), ("01111", 15), ("10000", 10), ("10001", 29), ("10010", 14), ("10011", 81), ("10100", 3),
        ("10101", 28), ("10110", 15), ("10111", 80), ("11000", 16), ("11001", 56), ("11010", 21), ("11011", 173),
        ("11100", 11), ("11101", 61), ("11110", 28), ("11111", 298),
    ]

    static var data: ResponseMatrix {
        get throws {
        var rows = [UInt8]()
        var ids = [String]()
        for (pattern, count) in patterns {
            for _ in 0..<count {
                rows.append(contentsOf: pattern.map { $0 == "1" ? 1 : 0 })
                ids.append("p\(ids.count + 1)")
            }
        }
        return try ResponseMatrix(personIDs: ids, itemIDs: (1...5).map { "Item\($0)" }, responses: rows,
                              categoryCounts: [Int](repeating: 2, count: 5))
        }
    }
}

@Suite("Published MML estimates")
struct PublishedDataTests {
    @Test("LSAT-6 has 1,000 examinees")
    func lsatSize() throws { #expect(try LSAT6.data.personCount == 1000) }

    /// 2PL MML estimates of LSAT-6 published by Rizopoulos (2006), "ltm: An R package for latent
    /// variable modeling and item response theory analyses", *J. Stat. Softw.* 17(5), §4.1:
    /// difficulties −3.3597, −1.3696, −0.2799, −1.8659, −3.1235; discriminations 0.8254, 0.7229,
    /// 0.8905, 0.6886, 0.6575; log-likelihood −2466.653.
    @Test("2PL on LSAT-6 agrees with the published estimates to two decimals")
    func lsat2PL() throws {
        var cfg = CalibrationConfiguration(model: .twoPL)
        cfg.tolerance = 1e-6
        let r = try Calibrator(configuration: cfg).calibrate(LSAT6.data)
        #expect(r.converged)
        let b = [-3.3597, -1.3696, -0.2799, -1.8659, -3.1235]
        let a = [0.8254, 0.7229, 0.8905, 0.6886, 0.6575]
        for i in 0..<5 {
            #expect(abs(r.items[i].difficulty - b[i]) < 0.01, "item \(i + 1) b = \(r.items[i].difficulty)")
            #expect(abs(r.items[i].discrimination - a[i]) < 0.01, "item \(i + 1) a = \(r.items[i].discrimination)")
        }
        #expect(abs(r.logLikelihood - -2466.653) < 0.01)
        #expect(r.parameterCount == 10)
    }

    /// Rasch with a common free slope (latent variance 1), published in the same paper:
    /// difficulties −3.6153, −1.3224, −0.3176, −1.7301, −2.7802, common discrimination 0.7551,
    /// log-likelihood −2467.066.
    @Test("1PL with a common slope on LSAT-6 agrees with the published estimates")
    func lsatCommonSlope() throws {
        var cfg = CalibrationConfiguration(model: .rasch)
        cfg.raschSlopeFixed = false
        cfg.tolerance = 1e-6
        let r = try Calibrator(configuration: cfg).calibrate(LSAT6.data)
        let b = [-3.6153, -1.3224, -0.3176, -1.7301, -2.7802]
        for i in 0..<5 {
            #expect(abs(r.items[i].difficulty - b[i]) < 0.01, "item \(i + 1) b = \(r.items[i].difficulty)")
            #expect(abs(r.items[i].discrimination - 0.7551) < 0.005)
        }
        // ltm's log-likelihood (−2467.066) rests on 21 Gauss–Hermite nodes; with 61 nodes the two Rasch
        // parameterisations must agree with each other instead: a free common slope with variance 1
        // equals slope 1 with a free variance σ² = a² (same likelihood, b unchanged).
        var fixedCfg = CalibrationConfiguration(model: .rasch)
        fixedCfg.tolerance = 1e-7
        let f = try Calibrator(configuration: fixedCfg).calibrate(LSAT6.data)
        #expect(abs(f.logLikelihood - r.logLikelihood) < 1e-4)
        #expect(abs(f.latent.variance - r.items[0].discrimination * r.items[0].discrimination) < 1e-3)
        #expect(f.latent.varianceEstimated && !r.latent.varianceEstimated)
        // logit = θ − b_f with θ = σz equals σ(z − b_f/σ): the intercepts d = −a·b agree.
        for i in 0..<5 { #expect(abs(f.items[i].intercept - r.items[i].intercept) < 1e-3) }
    }
}
