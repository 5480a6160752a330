import Foundation
import Testing

private let bundledBank = repositoryRoot.appendingPathComponent("itembanks/mentorcert").path

private func object(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text.prefix(300))")
}

private func array(_ text: String) throws -> [[String: Any]] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]], "not a JSON array: \(text.prefix(300))")
}

/// A copy of the bundled bank (format 2) with `block` appended to its manifest.
private func bankCopy(appending block: String, in cwd: URL) throws -> String {
    let copy = cwd.appendingPathComponent("programme-bank")
    try FileManager.default.copyItem(at: URL(fileURLWithPath: bundledBank), to: copy)
    let manifest = copy.appendingPathComponent("bank.yaml")
    let text = try String(contentsOf: manifest, encoding: .utf8)
    let edited = text.replacingOccurrences(of: "schemaVersion: 1\n", with: "schemaVersion: 2\n") + block
    try #require(edited.hasPrefix("#") || edited.contains("schemaVersion: 2\n"))
    try edited.write(to: manifest, atomically: true, encoding: .utf8)
    return copy.path
}

/// Issue 20 through the binary: the same simulated mentors (the θ file's person ids) take entry and
/// then continuing with `exam simulate --record --assessment TYPE --theta FILE`; the continuing session
/// starts from the entry θ̂ and `exam result` shows it; `bank validate` names the type and the section
/// of a blueprint that cannot be met.
@Suite struct AssessmentCLITests {
    @Test func recordedProgrammeStartsFromThePreviousResult() throws {
        let cwd = try temporaryWorkingDirectory()
        let ids = ["m-01", "m-02", "m-03", "m-04"]
        try ("person,theta\n" + zip(ids, [-1.0, -0.2, 0.4, 1.1]).map { "\($0),\($1)" }.joined(separator: "\n") + "\n")
            .write(to: cwd.appendingPathComponent("entry.csv"), atomically: true, encoding: .utf8)
        try ("person,theta\n" + zip(ids, [-0.6, 0.2, 0.8, 1.5]).map { "\($0),\($1)" }.joined(separator: "\n") + "\n")
            .write(to: cwd.appendingPathComponent("continuing.csv"), atomically: true, encoding: .utf8)
        for (type, file, seed) in [("entry", "entry.csv", "31"), ("continuing", "continuing.csv", "32")] {
            let run = runMentorCert(["exam", "simulate", "--bank", bundledBank, "--record", "--assessment", type, "--theta", file,
                                     "--seed", seed, "--format", "json"], cwd: cwd)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stderr.contains("recorded 4 simulated \(type) sessions") && run.stderr.contains("m-01 … m-04"), "\(run.stderr)")
        }
        let rows = try array(runMentorCert(["exam", "list", "--format", "json"], cwd: cwd).stdout)
        #expect(rows.count == 8)
        #expect(Set(rows.compactMap { $0["candidate"] as? String }) == Set(ids))
        for id in ids {
            let entry = try #require(rows.first { $0["candidate"] as? String == id && $0["assessment"] as? String == "entry" })
            let continuing = try #require(rows.first { $0["candidate"] as? String == id && $0["assessment"] as? String == "continuing" })
            let entryResult = try object(runMentorCert(["exam", "result", try #require(entry["sessionId"] as? String), "--format", "json"], cwd: cwd).stdout)
            let result = try object(runMentorCert(["exam", "result", try #require(continuing["sessionId"] as? String), "--format", "json"], cwd: cwd).stdout)
            let start = try #require(result["startingTheta"] as? [String: Any])
            #expect(start["source"] as? String == "previous-result")
            #expect(start["sessionId"] as? String == entry["sessionId"] as? String)
            #expect(start["assessment"] as? String == "entry")
            #expect(start["theta"] as? Double == entryResult["theta"] as? Double)
            #expect((entryResult["startingTheta"] as? [String: Any])?["source"] as? String == "bank")
            #expect((result["sectorModules"] as? [Any])?.isEmpty == true)
            let replay = runMentorCert(["exam", "replay", try #require(continuing["sessionId"] as? String), "--format", "json"], cwd: cwd)
            #expect(replay.status == 0)
            let replayed = try object(replay.stdout)
            #expect(replayed["resultMatches"] as? Bool == true)
        }
        let table = runMentorCert(["exam", "result", try #require(rows.last?["sessionId"] as? String)], cwd: cwd)
        #expect(table.stdout.contains("Item selection started at θ = ") && table.stdout.contains("the entry result of session"), "\(table.stdout)")
    }

    @Test func validateNamesTheTypeAndSection() throws {
        let cwd = try temporaryWorkingDirectory()
        let bank = try bankCopy(appending: """
            assessments:
              continuing:
                use: [entry]
                sections:
                  S1: {minItems: 8, maxItems: 8}
            sectorModules:
              - {id: tourism, title: Tourism sector, sector: tourism, cut: 0.3}

            """, in: cwd)
        let run = runMentorCert(["bank", "validate", bank], cwd: cwd)
        #expect(run.status != 0)
        let text = run.stdout + run.stderr
        #expect(text.contains("the continuing assessment needs minItems 8 of section S1"), "\(text)")
        #expect(text.contains("lower minItems of S1 for the continuing assessment"), "\(text)")
    }
}
