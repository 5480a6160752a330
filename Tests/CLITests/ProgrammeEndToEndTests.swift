import Foundation
import MentorCertTestSupport
import Testing

private let programmeBank = repositoryRoot.appendingPathComponent("itembanks/mentorcert").path


private func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text.prefix(300))")
}

/// The certification programme end to end (issue 20, "Done when"), through the binary: `n` simulated
/// mentors with true growth θ_t = θ₀ + g·t + e (t = 0 entry, 1–3 continuing, 4 final) sit the five
/// assessments as sessions recorded by `exam simulate --record --assessment TYPE --theta FILE`; the
/// cohort report recovers the mean growth (within 3 of its SEs of the true mean growth of the same
/// mentors); certificates go to exactly those whose final passed; a withdrawn and a tampered
/// certificate fail `cert verify`; the register lists only the valid ones; the report renders in
/// headless Chromium with its figures.
func runProgramme(mentors n: Int, seed: UInt64) throws {
    let cwd = try temporaryWorkingDirectory()
    defer { try? FileManager.default.removeItem(at: cwd) }
    let growthPerStep = 0.3
    var truth = SplitMix64(seed: seed)   // the true θ, independent of the engine's generators
    let ids = (1...n).map { String(format: "M%03d", $0) }
    let start = ids.map { _ in truth.normal(mean: -1.0, sd: 0.6) }
    var thetas: [[Double]] = []
    for t in 0...4 {
        thetas.append(start.map { $0 + growthPerStep * Double(t) + truth.normal(mean: 0, sd: 0.15) })
        let text = "person,theta\n" + zip(ids, thetas[t]).map { "\($0),\($1)" }.joined(separator: "\n") + "\n"
        try text.write(to: cwd.appendingPathComponent("theta-\(t).csv"), atomically: true, encoding: .utf8)
    }
    let types = ["entry", "continuing", "continuing", "continuing", "final"]
    for (t, type) in types.enumerated() {
        let run = runMentorCert(["exam", "simulate", "--bank", programmeBank, "--record", "--assessment", type, "--theta", "theta-\(t).csv",
                                 "--examinees", "\(n)", "--seed", "\(seed + UInt64(t))", "--quiet"], cwd: cwd)
        try #require(run.status == 0, "exam simulate --record --assessment \(type): \(run.stderr)")
    }

    // Candidates and their attributes.
    var csv = "candidate,programme,region,sector\n"
    for (k, id) in ids.enumerated() { csv += "\(id),MP-2026,\(k % 2 == 0 ? "north" : "south"),\(k % 3 == 0 ? "fintech;tourism" : "agro")\n" }
    try csv.write(to: cwd.appendingPathComponent("candidates.csv"), atomically: true, encoding: .utf8)
    let imported = runMentorCert(["candidate", "import", "candidates.csv"], cwd: cwd)
    try #require(imported.status == 0, "\(imported.stderr)")

    // One candidate's record: five attempts in programme order, four steps.
    let show = try json(runMentorCert(["candidate", "show", ids[0], "--format", "json"], cwd: cwd).stdout)
    let attempts = try #require(show["attempts"] as? [[String: Any]])
    #expect(attempts.compactMap { $0["assessment"] as? String } == types)
    #expect(attempts.compactMap { $0["attempt"] as? Int } == [1, 1, 2, 3, 1])
    #expect(((show["progression"] as? [String: Any])?["steps"] as? [Any])?.count == 4)

    // The cohort report: progression recovered.
    let report = runMentorCert(["cohort", "report", "--bank", programmeBank, "--cohort", "programme=MP-2026", "--out", "cohort"], cwd: cwd)
    try #require(report.status == 0, "\(report.stderr)")
    let document = try json(try String(contentsOf: cwd.appendingPathComponent("cohort/cohort-report.json"), encoding: .utf8))
    #expect(document["candidates"] as? Int == n)
    let progression = try #require(document["progression"] as? [String: Any])
    let estimated = try #require(progression["meanGrowth"] as? Double), se = try #require(progression["standardError"] as? Double)
    let trueGrowth = zip(thetas[4], thetas[0]).map { $0 - $1 }.reduce(0, +) / Double(n)
    #expect(progression["candidates"] as? Int == n)
    #expect(abs(estimated - trueGrowth) <= 3 * se, "mean estimated growth \(estimated) vs true \(trueGrowth) (SE \(se))")
    let occasions = try #require(document["occasions"] as? [[String: Any]])
    #expect(occasions.compactMap { $0["assessment"] as? String } == types)
    let assessments = try #require(document["assessments"] as? [[String: Any]])
    #expect(assessments.compactMap { $0["assessment"] as? String } == ["entry", "continuing", "final"])
    let finalSummary = try #require(assessments.last)
    let passed = try #require(finalSummary["passed"] as? Int)

    // Certificates for those whose final passed, and only them.
    try #require(runMentorCert(["cert", "keygen", "--out", "body.key"], cwd: cwd).status == 0)
    let sessions = try #require(try JSONSerialization.jsonObject(with: Data(runMentorCert(["exam", "list", "--format", "json"], cwd: cwd).stdout.utf8))
        as? [[String: Any]])
    let finals = sessions.filter { $0["assessment"] as? String == "final" }
    #expect(finals.count == n)
    var issued: [(candidate: String, id: String, file: String)] = []
    for s in finals {
        let session = try #require(s["sessionId"] as? String), candidate = try #require(s["candidate"] as? String)
        let file = "cert-\(candidate).json"
        let r = runMentorCert(["cert", "issue", session, "--key", "body.key", "--allow-simulated", "--out", file], cwd: cwd)
        if r.status == 0 {
            let certificate = try json(try String(contentsOf: cwd.appendingPathComponent(file), encoding: .utf8))
            issued.append((candidate, try #require(certificate["id"] as? String), file))
        } else {
            #expect(r.stderr.contains("did not pass"), "\(candidate): \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: cwd.appendingPathComponent(file).path))
        }
    }
    #expect(issued.count == passed, "\(issued.count) certificates, \(passed) passed of \(n)")
    if n >= 50 { #expect(passed < n, "every mentor passed: the refusal of a failed final was not exercised") }
    // Only a final assessment can be certified: an entry session is refused, nothing written.
    let entrySession = try #require(sessions.first { $0["assessment"] as? String == "entry" }?["sessionId"] as? String)
    let refused = runMentorCert(["cert", "issue", entrySession, "--key", "body.key", "--allow-simulated", "--out", "entry.json"], cwd: cwd)
    #expect(refused.status == 1 && refused.stderr.contains("`entry` assessment"), "\(refused.stderr)")
    #expect(!FileManager.default.fileExists(atPath: cwd.appendingPathComponent("entry.json").path))
    try #require(issued.count >= 2)

    // A withdrawn and a tampered certificate fail; a valid one verifies.
    let withdrawn = issued[0], tampered = issued[1]
    #expect(runMentorCert(["cert", "withdraw", withdrawn.id, "--reason", "end-to-end test"], cwd: cwd).status == 0)
    let w = runMentorCert(["cert", "verify", withdrawn.file, "--public-key", "body.key.pub", "--store", "mentorcert.sqlite"], cwd: cwd)
    #expect(w.status == 1 && w.stderr.contains("WITHDRAWN"), "\(w.stderr)")
    let original = try String(contentsOf: cwd.appendingPathComponent(tampered.file), encoding: .utf8)
    let changed = original.replacingOccurrences(of: "\"candidate\": \"\(tampered.candidate)\"", with: "\"candidate\": \"\(withdrawn.candidate)\"")
    try #require(changed != original)
    try changed.write(to: cwd.appendingPathComponent("tampered.json"), atomically: true, encoding: .utf8)
    let t = runMentorCert(["cert", "verify", "tampered.json", "--public-key", "body.key.pub"], cwd: cwd)
    #expect(t.status == 1 && t.stderr.contains("does NOT verify"), "\(t.stderr)")
    let ok = runMentorCert(["cert", "verify", tampered.file, "--public-key", "body.key.pub", "--store", "mentorcert.sqlite"], cwd: cwd)
    #expect(ok.status == 0 && ok.stdout.contains("VALID"), "\(ok.stderr)")

    // The register lists exactly the valid certificates.
    let register = try json(runMentorCert(["cert", "register", "--format", "json"], cwd: cwd).stdout)
    let listed = Set(try #require(register["certificates"] as? [[String: Any]]).compactMap { $0["certificateId"] as? String })
    #expect(listed == Set(issued.map(\.id)).subtracting([withdrawn.id]))

    // The cohort report in headless Chromium: every figure drawn, no error.
    if let chromium = chromiumPath {
        let html = try String(contentsOf: cwd.appendingPathComponent("cohort/cohort-report.html"), encoding: .utf8)
        let figures = html.components(separatedBy: "<figure").count - 1
        #expect(figures >= 5)
        let probe = html.replacingOccurrences(of: "<head>", with: "<head>\n" + ReportBrowserTests.headProbe)
            .replacingOccurrences(of: "</body>", with: ReportBrowserTests.bodyProbe + "\n</body>")
        let probeFile = cwd.appendingPathComponent("probe.html")
        try probe.write(to: probeFile, atomically: true, encoding: .utf8)
        let common = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                      "--user-data-dir=\(cwd.appendingPathComponent("chromium-profile").path)", "--enable-logging=stderr", "--v=0"]
        let dom = runBounded(chromium, common + ["--dump-dom", probeFile.absoluteString])
        #expect(!dom.timedOut && dom.status == 0, "chromium: \(dom.stderr.suffix(1000))")
        func attribute(_ name: String) -> String? {
            guard let range = dom.stdout.range(of: "\(name)=\"") else { return nil }
            return String(dom.stdout[range.upperBound...].prefix { $0 != "\"" })
        }
        #expect(attribute("data-svg-count") == String(figures))
        #expect(attribute("data-svg-drawn") == String(figures))
        #expect(attribute("data-errors") == "0", "page errors: \(attribute("data-error-text") ?? "")")
    }
}

@Suite(.serialized) struct ProgrammeEndToEndTests {
    /// The whole programme on a small cohort (every step, the same checks; the 200-mentor run is the
    /// release study below).
    @Test func smallCohortThroughTheProgramme() throws {
        try runProgramme(mentors: 8, seed: 2020)
    }
}

/// Issue 20's "Done when" at full size: 200 mentors × 5 assessments (1,000 recorded sessions).
@Suite(.serialized, .tags(.recovery), .releaseStudy) struct ProgrammeReleaseStudy {
    @Test func twoHundredMentorsThroughTheProgramme() throws {
        try runProgramme(mentors: 200, seed: 2026)
    }
}
