import IRTModels
import Scoring
import Testing

/// Linking errors name the common item by its id and say which check failed (issue 15: they gave the
/// item's index and "invalid parameters (non-finite, or a non-positive slope)").
@Suite struct LinkingErrorTests {
    static let good = ItemParameters.dichotomous(.threePL, discrimination: 1.1, difficulty: 0.2, guessing: 0.2)

    @Test("an invalid parameter names the item, the side and the check", arguments: [
        (ItemParameters.dichotomous(.threePL, discrimination: 1, difficulty: 0, guessing: -0.1), "guessing parameter -0.1 is negative"),
        (ItemParameters.dichotomous(.twoPL, discrimination: -0.5, difficulty: 0), "not positive"),
        (ItemParameters.dichotomous(.fourPL, discrimination: 1, difficulty: 0, guessing: 0.3, upperAsymptote: 0.2),
         "not below the upper asymptote"),
        (ItemParameters(model: .graded, discrimination: 1, intercepts: [0.5, 1.0]), "not strictly decreasing"),
    ])
    func invalid(_ bank: ItemParameters, _ check: String) {
        let items = [CommonItem(form: Self.good, bank: Self.good, id: "A1"),
                     CommonItem(form: bank.model == .graded ? ItemParameters(model: .graded, discrimination: 1, intercepts: [1, -1]) : Self.good,
                                bank: bank, id: "A7")]
        do {
            _ = try ScaleLinking.link(items, method: .meanMean)
            Issue.record("accepted")
        } catch {
            let text = error.description
            #expect(text.contains("common item A7") && text.contains("bank's parameters") && text.contains(check), "\(text)")
            #expect(!text.contains("item 2"))
        }
    }

    @Test("a model mismatch names the item and both models")
    func mismatch() {
        let pair = CommonItem(form: .graded(discrimination: 1, thresholds: [-1, 1]),
                              bank: .partialCredit(discrimination: 1, stepDifficulties: [-1, 1]), id: "G3")
        do {
            _ = try ScaleLinking.link([pair], method: .meanMean)
            Issue.record("accepted")
        } catch {
            #expect(error.description.contains("common item G3") && error.description.contains("grm")
                    && error.description.contains("gpcm"), "\(error.description)")
        }
    }
}
