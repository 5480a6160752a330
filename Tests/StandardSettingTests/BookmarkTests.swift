import Foundation
import IRTModels
import ItemBanking
import StandardSetting
import Testing

/// The ordered item booklet at RP67 and cuts from placements, against closed forms.
@Suite struct BookmarkTests {
    static let logit67 = log(0.67 / 0.33)

    @Test func twoPLLocationIsTheClosedForm() throws {
        let p = IRTModels.ItemParameters.dichotomous(.twoPL, discrimination: 1.2, difficulty: -0.5)
        let theta = try #require(OrderedItemBooklet.location(of: p, responseProbability: 0.67, guessingCorrection: false))
        #expect(abs(theta - (-0.5 + Self.logit67 / 1.2)) < 1e-12)
        #expect(abs(pCorrect(theta, a: 1.2, b: -0.5) - 0.67) < 1e-12)
    }

    @Test func threePLWithAndWithoutTheGuessingCorrection() throws {
        let p = IRTModels.ItemParameters.dichotomous(.threePL, discrimination: 1.0, difficulty: 0.2, guessing: 0.2)
        // Plain: P(θ) = 0.67 → logistic = (0.67 − 0.2) / 0.8 = 0.5875.
        let plain = try #require(OrderedItemBooklet.location(of: p, responseProbability: 0.67, guessingCorrection: false))
        #expect(abs(plain - (0.2 + log(0.5875 / 0.4125))) < 1e-12)
        #expect(abs(pCorrect(plain, a: 1, b: 0.2, c: 0.2) - 0.67) < 1e-12)
        // Corrected (Huynh): RP on the part above the floor, P(θ) = 0.2 + 0.8 · 0.67 → θ = b + ln(0.67/0.33)/a.
        let corrected = try #require(OrderedItemBooklet.location(of: p, responseProbability: 0.67, guessingCorrection: true))
        #expect(abs(corrected - (0.2 + Self.logit67)) < 1e-12)
        #expect(abs(pCorrect(corrected, a: 1, b: 0.2, c: 0.2) - (0.2 + 0.8 * 0.67)) < 1e-12)
        #expect(corrected > plain)
        // A floor above the RP: no location without the correction.
        let high = IRTModels.ItemParameters.dichotomous(.threePL, discrimination: 1.0, difficulty: 0.2, guessing: 0.3)
        #expect(OrderedItemBooklet.location(of: high, responseProbability: 0.25, guessingCorrection: false) == nil)
        #expect(OrderedItemBooklet.location(of: high, responseProbability: 0.25, guessingCorrection: true) != nil)
    }

    @Test func gradedStepsAndGPCMSteps() throws {
        let grm = IRTModels.ItemParameters.graded(discrimination: 1.5, thresholds: [-1, 0.5])
        for (k, b) in [(1, -1.0), (2, 0.5)] {
            let theta = try #require(OrderedItemBooklet.location(of: grm, step: k, responseProbability: 0.67))
            #expect(abs(theta - (b + Self.logit67 / 1.5)) < 1e-12)
        }
        // GPCM: P(X ≥ k | θ) = 0.67 at the location, checked with the category probabilities written out.
        let a = 0.9, steps = [0.3, -0.2]
        let gpcm = IRTModels.ItemParameters.partialCredit(discrimination: a, stepDifficulties: steps)
        for k in 1...2 {
            let theta = try #require(OrderedItemBooklet.location(of: gpcm, step: k, responseProbability: 0.67))
            let numerators = [1, exp(a * (theta - steps[0])), exp(a * (theta - steps[0]) + a * (theta - steps[1]))]
            let atLeast = numerators[k...].reduce(0, +) / numerators.reduce(0, +)
            #expect(abs(atLeast - 0.67) < 1e-8)
        }
    }

    /// The small bank's pages at RP67 without correction, computed here from the closed forms.
    static func expectedPages() -> [(id: String, step: Int?, location: Double)] {
        var pages: [(id: String, step: Int?, location: Double)] = [
            ("I1", nil, -0.5 + logit67 / 1.2), ("I2", nil, 0.4 + logit67 / 0.8),
            ("I3", 1, -1 + logit67 / 1.5), ("I3", 2, 0.5 + logit67 / 1.5),
            ("I4", nil, 0.2 + log(0.5875 / 0.4125)),
        ]
        let gpcm = IRTModels.ItemParameters.partialCredit(discrimination: 0.9, stepDifficulties: [0.3, -0.2])
        for k in 1...2 {
            let theta = bisect({ t in gpcm.probabilities(at: t)[k...].reduce(0, +) }, target: 0.67, low: -12, high: 12)
            pages.append(("I5", k, theta))
        }
        return pages.sorted { $0.location < $1.location }
    }

    @Test func theBookletIsOrderedByLocation() throws {
        let booklet = try OrderedItemBooklet(bank: smallBank())
        let expected = Self.expectedPages()
        #expect(booklet.entries.count == 7)
        #expect(booklet.entries.map(\.page) == Array(1...7))
        for (entry, want) in zip(booklet.entries, expected) {
            #expect(entry.itemId == want.id && entry.categoryStep == want.step)
            #expect(abs(entry.location - want.location) < 1e-7)
        }
        #expect(throws: StandardSettingError.self) { try OrderedItemBooklet(bank: smallBank(), responseProbability: 1) }
    }

    @Test func cutsFromPlacements() throws {
        let booklet = try OrderedItemBooklet(bank: smallBank())
        let loc = Self.expectedPages().map(\.location)
        let text = """
            panelist,round,level,page
            P1,1,intermediate,2
            P2,1,intermediate,3
            P3,1,intermediate,3
            P1,2,intermediate,3
            P2,2,intermediate,3
            P3,2,intermediate,4
            P1,1,advanced,6
            P2,1,advanced,7

            """
        let record = try Bookmark.record(file: try panel(text), booklet: booklet, bank: smallBank(), bankVersionID: "v")
        #expect(record.method == .bookmark && record.booklet?.count == 7)
        let intermediate = record.levels[0]
        #expect(intermediate.recommendedRound == 2)
        let round1 = try #require(intermediate.rounds[0].thetaCutSpread)
        #expect(abs(round1.mean - (loc[1] + loc[2] + loc[2]) / 3) < 1e-7)
        #expect(abs(round1.median - loc[2]) < 1e-7)
        #expect(abs(try #require(intermediate.thetaCut) - (loc[2] + loc[2] + loc[3]) / 3) < 1e-7)
        #expect(abs(try #require(record.levels[1].thetaCut) - (loc[5] + loc[6]) / 2) < 1e-7)
        #expect(intermediate.rounds[0].judgements.map(\.page) == [2, 3, 3])

        // The midpoint rule: between the bookmarked page and the one before it.
        let midpoint = try Bookmark.record(file: try panel(text), booklet: booklet, bank: smallBank(), bankVersionID: "v", rule: .midpoint)
        let expected = ((loc[1] + loc[2]) / 2 * 2 + (loc[2] + loc[3]) / 2) / 3
        #expect(abs(try #require(midpoint.levels[0].thetaCut) - expected) < 1e-7)
        #expect(Bookmark.thetaCut(page: 1, booklet: booklet, rule: .midpoint) == booklet.entries[0].location)
    }

    @Test func aPageOutsideTheBookletIsRefused() throws {
        let booklet = try OrderedItemBooklet(bank: smallBank())
        let error = try #require(throws: StandardSettingError.self) {
            try Bookmark.placements(from: try panel("panelist,round,level,page\nP1,1,expert,8\nP2,1,expert,0\n", name: "p.csv"), booklet: booklet)
        }
        #expect(error.description.contains("p.csv:2: column page (4): value `8`: the booklet has 7 pages"))
        #expect(error.description.contains("p.csv:3: column page (4): value `0`:"))
    }
}
