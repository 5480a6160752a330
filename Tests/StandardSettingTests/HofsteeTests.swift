import Foundation
import ItemBanking
import ResponseData
import StandardSetting
import Testing

/// The Hofstee compromise on ten candidates' scores on four dichotomous items.
@Suite struct HofsteeTests {
    // Raw scores 0,1,1,2,2,2,3,3,4,4 (M = 4). Fail rate at cut c (percent below c):
    // c:  0   1   2   3   4      k = 25c %
    // F:  0  10  30  60  80
    static let scores = [0, 1, 1, 2, 2, 2, 3, 3, 4, 4]

    /// Panel means k_min 45, k_max 75, f_min 15, f_max 55. Line f(k) = 55 − (40/30)(k − 45); the curve on
    /// [50, 75] is F(k) = 30 + 1.2 (k − 50). Equal at 1.2k − 30 = 115 − (4/3)k, k* = 145 / (1.2 + 4/3).
    static let judgements = """
        panelist,min_cut,max_cut,min_fail,max_fail
        P1,40,70,10,50
        P2,50,80,20,60

        """

    @Test func handComputedIntersection() throws {
        let judgements = try Hofstee.judgements(from: try panel(Self.judgements), defaultLevel: .intermediate)
        let result = try Hofstee.compromise(judgements, rawScores: Self.scores, maximumScore: 4)
        let k = 145 / (1.2 + 4.0 / 3)
        #expect(result.minimumCut == 45 && result.maximumCut == 75 && result.minimumFailRate == 15 && result.maximumFailRate == 55)
        #expect(abs(result.cutPercent - k) < 1e-10)
        #expect(abs(result.rawCut - k * 4 / 100) < 1e-10)
        #expect(abs(result.failRate - (30 + 1.2 * (k - 50))) < 1e-10)
        #expect(result.level == .intermediate && result.persons == 10)
    }

    @Test func noIntersectionIsAnError() throws {
        // Even the lowest acceptable cut (60 %) fails 42 %, above the highest acceptable fail rate 5 %.
        let tight = try Hofstee.judgements(from: try panel("panelist,min_cut,max_cut,min_fail,max_fail\nP1,60,70,1,5\n"), defaultLevel: .intermediate)
        let error = try #require(throws: StandardSettingError.self) {
            try Hofstee.compromise(tight, rawScores: Self.scores, maximumScore: 4)
        }
        #expect(error.description.contains("no Hofstee compromise") && error.description.contains("42 %"))
        // Even the highest acceptable cut (20 %) fails 8 %, below the lowest acceptable 50 %.
        let loose = try Hofstee.judgements(from: try panel("panelist,min_cut,max_cut,min_fail,max_fail\nP1,10,20,50,60\n"), defaultLevel: .intermediate)
        #expect(throws: StandardSettingError.self) { try Hofstee.compromise(loose, rawScores: Self.scores, maximumScore: 4) }
    }

    @Test func theRecordCarriesTheThetaCutThroughTheForm() throws {
        // Four candidates on I1, I2 (2PL) and I4 (3PL): raw scores 0…3; the θ cut is T⁻¹ of the raw cut.
        let bank = smallBank()
        let matrix = try ResponseMatrix(personIDs: (1...4).map { "p\($0)" }, itemIDs: ["I1", "I2", "I4"],
                                        responses: [0, 0, 0, 1, 0, 0, 1, 1, 0, 1, 1, 1], categoryCounts: [2, 2, 2])
        let text = "panelist,level,min_cut,max_cut,min_fail,max_fail\nP1,,20,80,10,90\nP2,advanced,20,80,10,90\n"
        let record = try Hofstee.record(file: try panel(text), responses: matrix, responsesName: "r.csv", bank: bank, bankVersionID: "v")
        #expect(record.levels.map(\.level) == [.intermediate, .advanced])
        let raw = try #require(record.levels[0].rawCut)
        let theta = try #require(record.levels[0].thetaCut)
        let tcc = pCorrect(theta, a: 1.2, b: -0.5) + pCorrect(theta, a: 0.8, b: 0.4) + pCorrect(theta, a: 1, b: 0.2, c: 0.2)
        #expect(abs(tcc - raw) < 1e-8)
        // Same judgements for both levels: equal cuts, which cannot be ordered.
        #expect(!record.ordered)
    }

    @Test func badJudgementsAndMissingResponsesAreRefused() throws {
        let error = try #require(throws: StandardSettingError.self) {
            try Hofstee.judgements(from: try panel("panelist,min_cut,max_cut,min_fail,max_fail\nP1,70,40,10,50\nP2,40,70,10,150\n", name: "h.csv"),
                                   defaultLevel: .intermediate)
        }
        #expect(error.description.contains("h.csv:2: column max_cut (3): value `40`:"))
        #expect(error.description.contains("h.csv:3: column max_fail (5): value `150`:"))
        let matrix = try ResponseMatrix(personIDs: ["p1"], itemIDs: ["I1", "I2"], responses: [1, ResponseMatrix.missing], categoryCounts: [2, 2])
        #expect(throws: StandardSettingError.self) { try Hofstee.rawScores(matrix) }
    }
}
