import Foundation
import MentorCertTestSupport
import IRTModels
import ItemBanking
import StandardSetting

/// A small bank built in code: two 2PL items, one GRM item (3 categories), one 3PL item, one GPCM item.
func smallBank(cuts: CutScores = CutScores(intermediate: -0.5, advanced: 0.5, expert: 1.4)) -> ItemBank {
    let sections = [BlueprintSection(id: "S1", title: "One", description: "d", share: 1, minItems: 1, maxItems: 5)]
    let manifest = BankManifest(
        name: "small", version: "1.0", title: "Small", description: "A small bank.", language: "en",
        blueprint: Blueprint(sections: sections),
        levels: MentorLevel.allCases.map { LevelDefinition(id: $0, title: $0.rawValue, description: "x") },
        cutScores: cuts, exam: ExamSettings(targetSE: 0.3, minLength: 2, maxLength: 5, maxExposure: 1))
    let options = ["A", "B", "C", "D"].map { ItemOption(label: $0, text: "option \($0)") }
    func mc(_ id: String, _ p: ItemBanking.ItemParameters) -> Item {
        Item(id: id, section: "S1", level: .intermediate, type: .multipleChoice, stem: id, options: options, key: "B",
             rationale: "r", status: .operational, parameters: p)
    }
    func graded(_ id: String, _ p: ItemBanking.ItemParameters) -> Item {
        Item(id: id, section: "S1", level: .advanced, type: .graded, stem: id,
             categories: (0..<3).map { ItemCategory(score: $0, text: "c\($0)") }, rationale: "r", status: .operational, parameters: p)
    }
    return ItemBank(manifest: manifest, items: [
        mc("I1", ItemBanking.ItemParameters(model: .twoPL, discrimination: 1.2, difficulty: -0.5)),
        mc("I2", ItemBanking.ItemParameters(model: .twoPL, discrimination: 0.8, difficulty: 0.4)),
        graded("I3", ItemBanking.ItemParameters(model: .graded, discrimination: 1.5, thresholds: [-1, 0.5])),
        mc("I4", ItemBanking.ItemParameters(model: .threePL, discrimination: 1.0, difficulty: 0.2, guessing: 0.2)),
        graded("I5", ItemBanking.ItemParameters(model: .gpcm, discrimination: 0.9, thresholds: [0.3, -0.2])),
    ])
}

/// A panel file from text.
func panel(_ text: String, name: String = "panel.csv") throws -> PanelFile {
    try PanelFile.parse(bytes: Array(text.utf8), path: name)
}

// An independent implementation of the curves the tests need (written from the formulas, not from the
// library): logistic item curves, the GRM expected score as Σ_k P(X ≥ k), and a plain bisection.

func logistic(_ z: Double) -> Double { 1 / (1 + exp(-z)) }

/// P(correct) of a dichotomous item in IRT form.
func pCorrect(_ theta: Double, a: Double, b: Double, c: Double = 0, u: Double = 1) -> Double {
    c + (u - c) * logistic(a * (theta - b))
}

/// E[X | θ] of a GRM item: Σ_k P(X ≥ k | θ).
func gradedExpected(_ theta: Double, a: Double, thresholds: [Double]) -> Double {
    thresholds.reduce(0) { $0 + logistic(a * (theta - $1)) }
}

/// The root of an increasing function on [low, high] by bisection.
func bisect(_ f: (Double) -> Double, target: Double, low: Double = -6, high: Double = 6) -> Double {
    var lo = low, hi = high
    for _ in 0..<200 {
        let mid = (lo + hi) / 2
        if f(mid) < target { lo = mid } else { hi = mid }
    }
    return (lo + hi) / 2
}
