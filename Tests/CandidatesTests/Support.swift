import AdaptiveTesting
import ExamDesign
import ExamSessions
import Foundation
import ItemBanking
import Store
import Testing

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func bundledBank() throws -> ItemBank {
    try #require(ItemBank.validate(directory: repositoryRoot.appendingPathComponent("itembanks/mentorcert").path).bank)
}

func temporaryStore() throws -> MentorCertStore {
    try MentorCertStore(path: FileManager.default.temporaryDirectory.appendingPathComponent("candidates-\(UUID().uuidString).sqlite").path)
}

func temporaryFile(_ text: String, name: String = "candidates.csv") throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cand-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let url = dir.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
}

/// Records simulated candidates `sim-SEED-1…N` with the given true θ through the session engine, as
/// sessions of `assessment` (a later call with the same seed makes the next attempts of the same candidates).
@discardableResult
func record(_ thetas: [Double], seed: UInt64, assessment: String, bank: ItemBank, store: MentorCertStore, version: String) throws -> [String] {
    let engine = try AdaptiveEngine(pool: try ItemPool(bank: bank), settings: AdaptiveSettings(bank: bank))
    let study = try SimulationStudy(engine: engine, examinees: thetas.count, seed: seed, thetas: .values(thetas))
    return try RecordedSimulation.record(study: study, store: store, bankVersionID: version, assessment: assessment).sessions
}
