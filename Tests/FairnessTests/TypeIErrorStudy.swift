import Foundation
import IRTModels
import MathCore
import MentorCertTestSupport
import ResponseData
import Testing
@testable import Fairness

/// Under no DIF and equal ability distributions the group label is independent of every response, so a
/// valid test rejects at its nominal rate. 200 seeded replications × 20 2PL items × (600 + 400) persons:
/// the share of raw (unadjusted) Mantel–Haenszel p-values below .05 must lie in [3 %, 7 %] (the binomial
/// SE of the share over 4,000 p-values is 0.34 %, so the interval allows the continuity correction's
/// slight conservatism and no more).
@Suite("Recovery: Mantel–Haenszel type I error on clean data", .tags(.recovery), .releaseStudy)
struct TypeIErrorStudy {
    @Test("Raw MH p < .05 in 3–7 % of 200 replications of clean data")
    func mantelHaenszelTypeIError() throws {
        let items = DIFAnalysisTests.items(20)
        var rejections = 0, tests = 0
        var lrRejections = 0, lrTests = 0
        for replication in 0..<200 {
            let data = TwoGroupSimulation(reference: items, focal: items, referencePersons: 600, focalPersons: 400)
                .responses(seed: 10_000 + UInt64(replication))
            let groups = try DIFGroups(column: "group", of: data, focal: "foc")
            let report = try DIFAnalysis.run(data, groups: groups)
            for row in report.mantelHaenszel {
                guard let p = row.pValue else { continue }
                tests += 1
                if p < 0.05 { rejections += 1 }
            }
            for row in report.logisticRegression {
                guard let p = row.pValueTotal else { continue }
                lrTests += 1
                if p < 0.05 { lrRejections += 1 }
            }
        }
        let rate = Double(rejections) / Double(tests)
        #expect(tests >= 3900)
        #expect(rate >= 0.03 && rate <= 0.07, "MH rejection rate \(rate) over \(tests) tests")
        // The logistic-regression 2-df test is held to the same interval.
        let lrRate = Double(lrRejections) / Double(lrTests)
        #expect(lrRate >= 0.03 && lrRate <= 0.07, "logistic-regression rejection rate \(lrRate) over \(lrTests) tests")
    }
}
