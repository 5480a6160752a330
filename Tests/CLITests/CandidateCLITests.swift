import Foundation
import Tables
import Testing

private let bankDirectory = repositoryRoot.appendingPathComponent("itembanks/mentorcert").path

private func object(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text.prefix(300))")
}

/// `candidate import|list|show` and `cohort report` through the binary, on sessions recorded by
/// `exam simulate --record` (two attempts of four simulated candidates), with the bad inputs of issue 20.
@Suite(.serialized) struct CandidateCLITests {
    @Test func importListShowAndCohortReport() throws {
        let cwd = try temporaryWorkingDirectory()
        defer { try? FileManager.default.removeItem(at: cwd) }
        for _ in 0..<2 {
            let run = runMentorCert(["exam", "simulate", "--bank", bankDirectory, "--examinees", "4", "--seed", "5", "--record", "--quiet"], cwd: cwd)
            try #require(run.status == 0, "\(run.stderr)")
        }
        try "candidate,programme,region\nsim-5-1,p1,north\nsim-5-2,p1,south\nsim-5-3,p2,north\nsim-5-4,p2,\n"
            .write(to: cwd.appendingPathComponent("c.csv"), atomically: true, encoding: .utf8)
        let imported = runMentorCert(["candidate", "import", "c.csv"], cwd: cwd)
        #expect(imported.status == 0 && imported.stdout.contains("4 new, 0 updated, 0 unchanged"), "\(imported.stderr)")

        let list = try object(runMentorCert(["candidate", "list", "--format", "json"], cwd: cwd).stdout)
        let rows = try #require(list["candidates"] as? [[String: Any]])
        #expect(list["schemaVersion"] as? Int == 1)
        #expect(rows.map { $0["candidate"] as? String } == ["sim-5-1", "sim-5-2", "sim-5-3", "sim-5-4"])
        #expect(rows.allSatisfy { $0["finishedSessions"] as? Int == 2 })
        #expect((rows[3]["attributes"] as? [String: String]) == ["programme": "p2"])
        let csv = runMentorCert(["candidate", "list", "--format", "csv"], cwd: cwd).stdout
        #expect(csv.split(separator: "\n").first.map(String.init) == TableSchema.candidates.csvHeader.joined(separator: ","))

        // show: both attempts with the result `exam result` prints, and the step between them.
        let show = runMentorCert(["candidate", "show", "sim-5-2", "--format", "json", "--plot", "p.svg"], cwd: cwd)
        #expect(show.status == 0, "\(show.stderr)")
        let record = try object(show.stdout)
        let attempts = try #require(record["attempts"] as? [[String: Any]])
        #expect(attempts.count == 2 && attempts.map { $0["attempt"] as? Int } == [1, 2])
        var thetas: [Double] = [], ses: [Double] = []
        for a in attempts {
            let session = try #require(a["sessionId"] as? String)
            let result = try object(runMentorCert(["exam", "result", session, "--format", "json"], cwd: cwd).stdout)
            #expect(a["theta"] as? Double == result["theta"] as? Double && a["level"] as? String == result["level"] as? String)
            #expect((a["sections"] as? [[String: Any]])?.map { $0["level"] as? String } == (result["sections"] as? [[String: Any]])?.map { $0["level"] as? String })
            thetas.append(try #require(result["theta"] as? Double)); ses.append(try #require(result["standardError"] as? Double))
        }
        let step = try #require(((record["progression"] as? [String: Any])?["steps"] as? [[String: Any]])?.first)
        let z = (thetas[1] - thetas[0]) / (ses[0] * ses[0] + ses[1] * ses[1]).squareRoot()
        #expect(abs(try #require(step["z"] as? Double) - z) < 1e-9)
        #expect(step["exceedsMeasurementError"] as? Bool == (abs(z) > 1.96))
        let svg = try String(contentsOf: cwd.appendingPathComponent("p.svg"), encoding: .utf8)
        #expect(svg.contains("<svg") && svg.contains("cut intermediate") && !svg.contains("NaN"))
        let sectionsCSV = runMentorCert(["candidate", "show", "sim-5-2", "--format", "csv", "--table", "sections"], cwd: cwd).stdout
        #expect(sectionsCSV.split(separator: "\n").first.map(String.init) == TableSchema.candidateSections.csvHeader.joined(separator: ","))
        let attemptsCSV = runMentorCert(["candidate", "show", "sim-5-2", "--format", "csv"], cwd: cwd).stdout
        #expect(attemptsCSV.split(separator: "\n").first.map(String.init) == TableSchema.candidateAttempts.csvHeader.joined(separator: ","))
        #expect(attemptsCSV.split(separator: "\n").count == 3)
        let table = runMentorCert(["candidate", "show", "sim-5-2"], cwd: cwd)
        #expect(table.status == 0 && table.stdout.contains("Progression") && table.stdout.contains("measurement error"))

        // Re-import: one changed attribute, audited; nothing else written.
        try "candidate,region\nsim-5-4,east\nsim-5-1,north\n".write(to: cwd.appendingPathComponent("c2.csv"), atomically: true, encoding: .utf8)
        let again = runMentorCert(["candidate", "import", "c2.csv"], cwd: cwd)
        #expect(again.stdout.contains("0 new, 1 updated, 1 unchanged"), "\(again.stderr)")

        // The cohort report.
        let report = runMentorCert(["cohort", "report", "--bank", bankDirectory, "--cohort", "programme=p1", "--out", "rep"], cwd: cwd)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stderr.contains("no progression"))   // no entry/final pair: only final sessions here
        let json = try object(try String(contentsOf: cwd.appendingPathComponent("rep/cohort-report.json"), encoding: .utf8))
        #expect(json["candidates"] as? Int == 2 && json["cohort"] as? String == "programme=p1")
        let finals = try #require((json["assessments"] as? [[String: Any]])?.first)
        #expect(finals["assessment"] as? String == "final" && finals["candidates"] as? Int == 2)
        let html = try String(contentsOf: cwd.appendingPathComponent("rep/cohort-report.html"), encoding: .utf8)
        #expect(html.contains("<svg") && html.contains("programme=p1"))

        // Bad input: each exits 1, says what, and changes nothing.
        let storePath = cwd.appendingPathComponent("mentorcert.sqlite")
        let before = try Data(contentsOf: storePath)
        try "candidate,region\nsim-5-1,west\nsim-5-2\n".write(to: cwd.appendingPathComponent("bad.csv"), atomically: true, encoding: .utf8)
        let bad = runMentorCert(["candidate", "import", "bad.csv"], cwd: cwd)
        #expect(bad.status == 1 && bad.stderr.contains("bad.csv:3: 1 field, the header has 2") && bad.stderr.contains("nothing was imported"), "\(bad.stderr)")
        let unknown = runMentorCert(["candidate", "show", "nobody"], cwd: cwd)
        #expect(unknown.status == 1 && unknown.stderr.contains("no candidate `nobody`"))
        let column = runMentorCert(["cohort", "report", "--bank", bankDirectory, "--cohort", "sector=fintech", "--out", "rep2"], cwd: cwd)
        #expect(column.status == 1 && column.stderr.contains("no candidate has the attribute `sector`") && column.stderr.contains("programme, region"))
        let selector = runMentorCert(["cohort", "report", "--bank", bankDirectory, "--cohort", "programme", "--out", "rep2"], cwd: cwd)
        #expect(selector.status == 1 && selector.stderr.contains("not COLUMN=VALUE"))
        let occupied = runMentorCert(["cohort", "report", "--bank", bankDirectory, "--cohort", "programme=p1", "--out", "rep"], cwd: cwd)
        #expect(occupied.status == 1 && occupied.stderr.contains("not empty"))
        #expect(!FileManager.default.fileExists(atPath: cwd.appendingPathComponent("rep2").path))
        #expect(try Data(contentsOf: storePath) == before)
    }
}
