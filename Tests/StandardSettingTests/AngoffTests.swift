import Foundation
import ItemBanking
import StandardSetting
import Testing

/// Modified Angoff on the small bank's form I1 (2PL), I2 (2PL), I3 (GRM, 3 categories).
@Suite struct AngoffTests {
    // Round 1 ratings (hand sums): P1 0.6 + 0.4 + 1.0 = 2.0; P2 0.7 + 0.5 + 1.2 = 2.4; P3 0.5 + 0.3 + 0.9 = 1.7.
    // Round 2: P1 0.6 + 0.5 + 1.1 = 2.2; P2 0.6 + 0.5 + 1.1 = 2.2; P3 0.5 + 0.4 + 1.0 = 1.9.
    // Advanced, round 1: P1 0.9 + 0.8 + 1.6 = 3.3; P2 0.85 + 0.75 + 1.5 = 3.1.
    static let ratings = """
        panelist,round,level,item,rating
        P1,1,intermediate,I1,0.6
        P1,1,intermediate,I2,0.4
        P1,1,intermediate,I3,1.0
        P2,1,intermediate,I1,0.7
        P2,1,intermediate,I2,0.5
        P2,1,intermediate,I3,1.2
        P3,1,intermediate,I1,0.5
        P3,1,intermediate,I2,0.3
        P3,1,intermediate,I3,0.9
        P1,2,intermediate,I1,0.6
        P1,2,intermediate,I2,0.5
        P1,2,intermediate,I3,1.1
        P2,2,intermediate,I1,0.6
        P2,2,intermediate,I2,0.5
        P2,2,intermediate,I3,1.1
        P3,2,intermediate,I1,0.5
        P3,2,intermediate,I2,0.4
        P3,2,intermediate,I3,1.0
        P1,1,advanced,I1,0.9
        P1,1,advanced,I2,0.8
        P1,1,advanced,I3,1.6
        P2,1,advanced,I1,0.85
        P2,1,advanced,I2,0.75
        P2,1,advanced,I3,1.5

        """

    /// T(θ) of the rated form, independently: two 2PL curves and the GRM's Σ P(X ≥ k).
    static func tcc(_ theta: Double) -> Double {
        pCorrect(theta, a: 1.2, b: -0.5) + pCorrect(theta, a: 0.8, b: 0.4) + gradedExpected(theta, a: 1.5, thresholds: [-1, 0.5])
    }

    @Test func rawAndThetaCutsPerRoundWithTheirSpread() throws {
        let record = try ModifiedAngoff.record(file: try panel(Self.ratings), bank: smallBank(), bankVersionID: "v")
        #expect(record.method == .angoff)
        #expect(record.levels.map(\.level) == [.intermediate, .advanced])
        let intermediate = record.levels[0]
        #expect(intermediate.rounds.map(\.round) == [1, 2])
        #expect(intermediate.recommendedRound == 2)

        let r1 = intermediate.rounds[0]
        #expect(r1.panelists == 3 && r1.items == 3 && r1.maximumRawScore == 4)
        #expect(r1.judgements.map(\.panelist) == ["P1", "P2", "P3"])
        let raws = r1.judgements.compactMap(\.rawCut)
        for (got, want) in zip(raws, [2.0, 2.4, 1.7]) { #expect(abs(got - want) < 1e-12) }
        let spread = try #require(r1.rawCutSpread)
        // mean 6.1/3; deviations −1/30, 11/30, −10/30: SD = √((1 + 121 + 100)/900 / 2) = √(222/1800).
        #expect(abs(spread.mean - 6.1 / 3) < 1e-12)
        #expect(abs(try #require(spread.standardDeviation) - (222.0 / 1800).squareRoot()) < 1e-12)
        #expect(abs(try #require(spread.standardError) - (222.0 / 1800).squareRoot() / 3.0.squareRoot()) < 1e-12)
        #expect(abs(spread.minimum - 1.7) < 1e-12 && abs(spread.maximum - 2.4) < 1e-12 && abs(spread.median - 2.0) < 1e-12)
        // θ cut: the independent TCC inverted by bisection at the mean raw cut; each panelist's too.
        #expect(abs(try #require(r1.thetaCut) - bisect(Self.tcc, target: 6.1 / 3)) < 1e-7)
        for (judgement, raw) in zip(r1.judgements, [2.0, 2.4, 1.7]) {
            #expect(abs(try #require(judgement.thetaCut) - bisect(Self.tcc, target: raw)) < 1e-7)
        }
        let thetas = [2.0, 2.4, 1.7].map { bisect(Self.tcc, target: $0) }
        let thetaSpread = try #require(r1.thetaCutSpread)
        #expect(abs(thetaSpread.mean - thetas.reduce(0, +) / 3) < 1e-7)
        #expect(abs(thetaSpread.minimum - thetas[2]) < 1e-7 && abs(thetaSpread.maximum - thetas[1]) < 1e-7)

        // The recommended cut is the final round's: mean (2.2 + 2.2 + 1.9) / 3 = 2.1.
        #expect(abs(try #require(intermediate.rawCut) - 2.1) < 1e-12)
        #expect(abs(try #require(intermediate.thetaCut) - bisect(Self.tcc, target: 2.1)) < 1e-7)
        // Advanced: one round, two panelists, mean 3.2.
        let advanced = record.levels[1]
        #expect(abs(try #require(advanced.rawCut) - 3.2) < 1e-12)
        #expect(abs(try #require(advanced.thetaCut) - bisect(Self.tcc, target: 3.2)) < 1e-7)
        #expect(abs(try #require(advanced.rounds[0].rawCutSpread?.standardDeviation) - (0.02).squareRoot()) < 1e-12)

        // The resulting cut scores: the judged levels' θ cuts, expert kept; ordered.
        let cuts = try #require(record.cutScores)
        #expect(cuts.intermediate == intermediate.thetaCut && cuts.advanced == advanced.thetaCut && cuts.expert == 1.4)
        #expect(record.ordered)
        #expect(record.previousCutScores == smallBank().manifest.cutScores)
    }

    @Test func anEarlierRoundCanBeRecommended() throws {
        let record = try ModifiedAngoff.record(file: try panel(Self.ratings), bank: smallBank(), bankVersionID: "v", round: 1)
        #expect(record.levels[0].recommendedRound == 1)
        #expect(abs(try #require(record.levels[0].rawCut) - 6.1 / 3) < 1e-12)
        #expect(throws: StandardSettingError.self) {
            try ModifiedAngoff.record(file: try panel(Self.ratings), bank: smallBank(), bankVersionID: "v", round: 2)
        }
    }

    @Test func aTCCThroughA3PLItemHasNoThetaBelowItsFloor() throws {
        // I4 alone (3PL, c = 0.2): T(−6) ≈ 0.2, so a raw cut of 0.1 has no θ; 0.6 has one.
        let low = try ModifiedAngoff.record(file: try panel("panelist,round,level,item,rating\nP1,1,intermediate,I4,0.1\n"),
                                            bank: smallBank(), bankVersionID: "v")
        #expect(low.levels[0].thetaCut == nil)
        #expect(low.cutScores == nil)
        #expect(low.warnings.contains { $0.contains("no θ cut") })
        #expect(!low.warnings.contains(""))
        let ok = try ModifiedAngoff.record(file: try panel("panelist,round,level,item,rating\nP1,1,intermediate,I4,0.6\n"),
                                           bank: smallBank(), bankVersionID: "v")
        let theta = try #require(ok.levels[0].thetaCut)
        #expect(abs(pCorrect(theta, a: 1, b: 0.2, c: 0.2) - 0.6) < 1e-8)
        // One panelist: no SD or SE.
        #expect(ok.levels[0].rounds[0].rawCutSpread?.standardDeviation == nil)
    }

    @Test func badCellsAreNamedByFileLineAndColumn() throws {
        let text = """
            panelist,round,level,item,rating
            P1,1,intermediate,I1,0.6
            P1,x,intermediate,I2,0.4
            P1,1,novice,I3,1.0
            P1,1,intermediate,NOPE,0.5
            P1,1,intermediate,I3,2.5
            P1,1,intermediate,I1,1.5
            P1,1,intermediate,I1,0.6

            """
        let error = try #require(throws: StandardSettingError.self) {
            try ModifiedAngoff.ratings(from: try panel(text, name: "ratings.csv"), bank: smallBank())
        }
        let lines = error.description.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("ratings.csv:3: column round (2): value `x`:") })
        #expect(lines.contains { $0.hasPrefix("ratings.csv:4: column level (3): value `novice`:") && $0.contains("no cut score") })
        #expect(lines.contains { $0.hasPrefix("ratings.csv:5: column item (4): value `NOPE`:") && $0.contains("no such item") })
        #expect(lines.contains { $0.hasPrefix("ratings.csv:6: column rating (5): value `2.5`:") && $0.contains("between 0 and 2") })
        #expect(lines.contains { $0.hasPrefix("ratings.csv:7: column rating (5): value `1.5`:") && $0.contains("between 0 and 1") })
        #expect(lines.contains { $0.hasPrefix("ratings.csv:8: column item (4): value `I1`:") && $0.contains("line 2") })
    }

    @Test func aMissingRatingOrHeaderIsRefused() throws {
        let incomplete = "panelist,round,level,item,rating\nP1,1,intermediate,I1,0.6\nP1,1,intermediate,I2,0.4\nP2,1,intermediate,I1,0.5\n"
        let error = try #require(throws: StandardSettingError.self) {
            try ModifiedAngoff.ratings(from: try panel(incomplete, name: "r.csv"), bank: smallBank())
        }
        #expect(error.description.contains("r.csv:4: column panelist (1): value `P2`: rated 1 of the 2 items"))
        #expect(error.description.contains("missing: I2"))
        let header = try #require(throws: StandardSettingError.self) {
            try ModifiedAngoff.ratings(from: try panel("judge,round,level,item,rating\nP1,1,intermediate,I1,0.6\n", name: "r.csv"), bank: smallBank())
        }
        #expect(header.description.contains("r.csv:1:") && header.description.contains("panelist"))
    }

    @Test func cutsOutOfOrderAreFlagged() throws {
        // Intermediate judged harder than advanced: the θ cuts do not increase.
        let text = """
            panelist,round,level,item,rating
            P1,1,intermediate,I1,0.9
            P1,1,advanced,I1,0.3

            """
        let record = try ModifiedAngoff.record(file: try panel(text), bank: smallBank(), bankVersionID: "v")
        #expect(!record.ordered)
        #expect(record.warnings.contains { $0.contains("do not increase") })
        #expect(throws: StandardSettingError.self) { try StandardSettingPublication.bank(smallBank(), applying: record) }
    }
}
