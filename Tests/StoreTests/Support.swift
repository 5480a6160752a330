import Foundation
import ItemBanking
import ResponseData
@testable import Store

/// A fresh store in a new temporary directory, and its file.
func temporaryStore() throws -> (MentorCertStore, URL) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let path = dir.appendingPathComponent("mentorcert.sqlite")
    return (try MentorCertStore(path: path.path, actor: "tester"), path)
}

/// A small bank built in code (the store does not read YAML).
func sampleBank(stemSuffix: String = "") -> ItemBank {
    let sections = [BlueprintSection(id: "S1", title: "One", description: "d", share: 0.5, minItems: 1, maxItems: 3),
                    BlueprintSection(id: "S2", title: "Two", description: "d", share: 0.5, minItems: 1, maxItems: 3)]
    let manifest = BankManifest(
        name: "sample", version: "1.0", title: "Sample", description: "A sample.", language: "en",
        blueprint: Blueprint(sections: sections),
        levels: MentorLevel.allCases.map { LevelDefinition(id: $0, title: $0.rawValue, description: "x") },
        cutScores: CutScores(intermediate: -0.5, advanced: 0.5, expert: 1.4),
        exam: ExamSettings(targetSE: 0.3, minLength: 2, maxLength: 6, maxExposure: 1))
    let options = ["A", "B", "C"].map { ItemOption(label: $0, text: "option \($0)") }
    let items = [
        Item(id: "S1-001", section: "S1", level: .novice, type: .multipleChoice, stem: "Q1" + stemSuffix, options: options,
             key: "B", rationale: "r", status: .operational,
             parameters: ItemParameters(model: .twoPL, discrimination: 1.2, intercept: 0.3)),
        Item(id: "S2-001", section: "S2", level: .advanced, type: .graded, stem: "Q2",
             categories: (0..<3).map { ItemCategory(score: $0, text: "c\($0)") }, rationale: "r", status: .operational,
             parameters: ItemParameters(model: .graded, discrimination: 1, intercepts: [1, -1])),
    ]
    return ItemBank(manifest: manifest, items: items)
}

/// Three persons × two items with a group column and raw choices.
func sampleMatrix() throws -> ResponseMatrix {
    try ResponseMatrix(personIDs: ["p1", "p2", "p3"], itemIDs: ["S1-001", "S2-001"], responses: [1, 2, 0, 255, 1, 0],
                   categoryCounts: [2, 3], groups: ["lang": ["en", "fr", "en"]], rawChoices: ["B", "", "A", "", "B", ""])
}

/// A response set stored against a freshly imported sample bank: (version id, set id).
func storedSample(_ store: MentorCertStore) throws -> (version: String, set: String) {
    let version = try store.importBank(sampleBank()).versionID
    let set = try store.importResponses(try sampleMatrix(), name: "pilot", source: "pilot.csv", bankVersion: version).id
    return (version, set)
}

/// UTF-8 JSON text as a payload.
func payload(_ json: String) -> Data { Data(json.utf8) }
