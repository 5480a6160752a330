import Foundation
import ItemBanking
import Testing

private let certBankDirectory = repositoryRoot.appendingPathComponent("itembanks/mentorcert").path

private func collapsed(_ s: String) -> String {
    s.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
}

/// The label a perfect candidate types for the item screen shown: the key of a multiple-choice item,
/// the highest-scored option of a graded one, found by matching the stem and the options' text with
/// the bank (the screen shows neither ids nor scores).
private func bestLabel(screen: String, bank: ItemBank, worst: Bool = false) throws -> String {
    var stem: [String] = []
    var choices: [(label: String, text: String)] = []
    for line in screen.split(separator: "\n", omittingEmptySubsequences: true).dropFirst() {
        let text = String(line)
        if text.hasPrefix("  "), text.dropFirst(2).count > 3, text.dropFirst(3).hasPrefix(") ") {
            let body = text.dropFirst(2)
            choices.append((String(body.prefix(1)), String(body.dropFirst(3))))
        } else if choices.isEmpty {
            stem.append(text)
        }
    }
    let shownStem = collapsed(stem.joined(separator: " "))
    let item = try #require(bank.items.first { collapsed($0.stem) == shownStem }, "no item with the stem “\(shownStem.prefix(80))”")
    let wanted: String
    if item.type == .graded {
        wanted = try #require(worst ? item.categories.min { $0.score < $1.score } : item.categories.max { $0.score < $1.score }).text
    } else {
        wanted = try #require(item.options.first { ($0.label == item.key) != worst }).text
    }
    return try #require(choices.first { collapsed($0.text) == collapsed(wanted) }?.label, "the best choice is not on screen")
}

@Suite(.serialized) struct CertCLITests {
    /// End to end: a scripted candidate who answers every item best takes the exam through piped
    /// answers and passes; keygen, issue (refused without --allow-simulated), verify offline and with
    /// the store, a changed byte and a wrong key fail with exit 1, suspend/reinstate/withdraw with the
    /// register following, show/list formats.
    @Test func scriptedExamIsCertified() throws {
        let cwd = try temporaryWorkingDirectory()
        let bank = try #require(ItemBank.validate(directory: certBankDirectory).bank)
        let exam = try InteractiveExam(["exam", "take", "--bank", certBankDirectory, "--candidate", "C-CERT"], cwd: cwd)
        var given = 0
        while exam.wait(until: { $0.prompts > given || $0.output.contains("=== Your result ===") }),
              !exam.output.contains("=== Your result ==="), exam.prompts > given {
            exam.send(try bestLabel(screen: try #require(exam.lastItemScreen), bank: bank))
            given += 1
        }
        let run = exam.finish()
        #expect(run.status == 0, "\(run.stderr)")
        #expect(given >= 30)
        let list = runMentorCert(["exam", "list", "--candidate", "C-CERT", "--format", "json"], cwd: cwd)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        let session = try #require(rows.last?["sessionId"] as? String)
        let result = runMentorCert(["exam", "result", session, "--format", "json"], cwd: cwd)
        let resultJSON = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(resultJSON["pass"] as? Bool == true, "the scripted candidate did not pass: \(result.stdout.prefix(300))")

        // The candidate's score report: level, PASSED, the scale score and its ± CSEM band (computed here
        // from `exam result`), the skill card's areas; no item content, no θ.
        let report = runMentorCert(["cert", "report", session, "--out", "report.html"], cwd: cwd)
        #expect(report.status == 0, "\(report.stderr)")
        let page = try String(contentsOf: cwd.appendingPathComponent("report.html"), encoding: .utf8)
        let levelID = try #require(resultJSON["level"] as? String)
        let levelTitle = try #require(bank.manifest.levels.first { $0.id.rawValue == levelID }?.title)
        #expect(page.contains("Your level: \(levelTitle)") && page.contains("PASSED"))
        let score = try #require(resultJSON["scaleScore"] as? Double), csem = try #require(resultJSON["csem"] as? Double)
        #expect(page.contains("Your score: \(Int(score.rounded()))"))
        #expect(page.contains("between <strong>\(Int((score - csem).rounded()))</strong> and <strong>\(Int((score + csem).rounded()))</strong>"))
        for section in bank.manifest.blueprint.sections { #expect(page.contains(section.title.replacingOccurrences(of: "'", with: "&apos;"))) }
        for item in bank.items {
            #expect(!page.contains(String(item.stem.prefix(50))) && !page.contains(String(item.rationale.prefix(50))))
        }
        for word in ["θ", "theta", "<script", "http"] { #expect(!page.contains(word), "the report shows “\(word)”") }

        let keygen = runMentorCert(["cert", "keygen", "--out", "body.key"], cwd: cwd)
        #expect(keygen.status == 0, "\(keygen.stderr)")
        let privateText = try String(contentsOf: cwd.appendingPathComponent("body.key"), encoding: .utf8)
        let secret = try #require(privateText.components(separatedBy: "\"privateKey\":\"").last?.prefix(20))
        #expect(!keygen.stdout.contains(secret) && !keygen.stderr.contains(secret), "keygen printed the private key")
        let again = runMentorCert(["cert", "keygen", "--out", "body.key"], cwd: cwd)
        #expect(again.status == 1 && again.stderr.contains("never overwritten"))
        #expect(try String(contentsOf: cwd.appendingPathComponent("body.key"), encoding: .utf8) == privateText)

        let refused = runMentorCert(["cert", "issue", session, "--key", "body.key", "--out", "cert.json"], cwd: cwd)
        #expect(refused.status == 1 && refused.stderr.contains("SIMULATED"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cwd.appendingPathComponent("cert.json").path))
        let issue = runMentorCert(["cert", "issue", session, "--key", "body.key", "--allow-simulated", "--out", "cert.json"], cwd: cwd)
        #expect(issue.status == 0, "\(issue.stderr)")
        let document = try String(contentsOf: cwd.appendingPathComponent("cert.json"), encoding: .utf8)
        let certificate = try #require(try JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String: Any])
        let id = try #require(certificate["id"] as? String)
        #expect(certificate["candidate"] as? String == "C-CERT")
        #expect(certificate["level"] as? String == resultJSON["level"] as? String)
        #expect(certificate["simulated"] as? Bool == true)
        // The database holds no key material.
        let storeBytes = try Data(contentsOf: cwd.appendingPathComponent("mentorcert.sqlite"))
        #expect(storeBytes.range(of: Data(secret.utf8)) == nil)

        let verify = runMentorCert(["cert", "verify", "cert.json", "--public-key", "body.key.pub", "--store", "mentorcert.sqlite"], cwd: cwd)
        #expect(verify.status == 0 && verify.stdout.contains("VALID"), "\(verify.stderr)")
        // A changed byte (a digit of the validity date) fails.
        let validUntil = try #require(certificate["validUntil"] as? String)
        let year = try #require(Int(validUntil.prefix(4)))
        try document.replacingOccurrences(of: "\"validUntil\": \"\(validUntil)\"", with: "\"validUntil\": \"\(year + 1)\(validUntil.dropFirst(4))\"")
            .write(to: cwd.appendingPathComponent("changed.json"), atomically: true, encoding: .utf8)
        let changed = runMentorCert(["cert", "verify", "changed.json", "--public-key", "body.key.pub"], cwd: cwd)
        #expect(changed.status == 1 && changed.stderr.contains("does NOT verify"), "\(changed.stderr)")
        // A wrong public key fails.
        #expect(runMentorCert(["cert", "keygen", "--out", "other.key"], cwd: cwd).status == 0)
        let wrong = runMentorCert(["cert", "verify", "cert.json", "--public-key", "other.key.pub"], cwd: cwd)
        #expect(wrong.status == 1 && wrong.stderr.contains("does NOT verify"), "\(wrong.stderr)")

        // show --format json prints the document as issued; list and register see it.
        let show = runMentorCert(["cert", "show", id, "--format", "json"], cwd: cwd)
        #expect(show.status == 0 && show.stdout == document)
        let csv = runMentorCert(["cert", "list", "--format", "csv"], cwd: cwd)
        #expect(csv.stdout.hasPrefix("certificate_id,candidate,level,bank_version_id,session_id,issued,valid_until,recertification_due,simulated,status,status_reason,key_id\n"))
        #expect(csv.stdout.contains(id))
        let register = runMentorCert(["cert", "register", "--format", "csv"], cwd: cwd)
        #expect(register.stdout == "candidate,level,certificate_id,issued,valid_until,simulated\n"
                + "C-CERT,\(certificate["level"] as? String ?? ""),\(id),\(certificate["issued"] as? String ?? ""),\(validUntil),true\n")
        #expect(!register.stdout.contains("theta") && !register.stdout.contains("score"))

        #expect(runMentorCert(["cert", "suspend", id, "--reason", "complaint under review"], cwd: cwd).status == 0)
        let suspended = runMentorCert(["cert", "verify", "cert.json", "--public-key", "body.key.pub", "--store", "mentorcert.sqlite"], cwd: cwd)
        #expect(suspended.status == 1 && suspended.stderr.contains("SUSPENDED"), "\(suspended.stderr)")
        let html = runMentorCert(["cert", "register", "--format", "html"], cwd: cwd)
        #expect(html.status == 0 && html.stdout.contains("<!DOCTYPE html>") && !html.stdout.contains(id))
        #expect(!html.stdout.contains("<script") && !html.stdout.contains("http"))
        #expect(runMentorCert(["cert", "reinstate", id, "--reason", "complaint dismissed"], cwd: cwd).status == 0)
        #expect(runMentorCert(["cert", "verify", "cert.json", "--public-key", "body.key.pub", "--store", "mentorcert.sqlite"], cwd: cwd).status == 0)
        #expect(runMentorCert(["cert", "register", "--format", "html"], cwd: cwd).stdout.contains(id))
        #expect(runMentorCert(["cert", "withdraw", id, "--reason", "breach of the code"], cwd: cwd).status == 0)
        let withdrawn = runMentorCert(["cert", "verify", "cert.json", "--public-key", "body.key.pub", "--store", "mentorcert.sqlite"], cwd: cwd)
        #expect(withdrawn.status == 1 && withdrawn.stderr.contains("WITHDRAWN"))
        let back = runMentorCert(["cert", "reinstate", id, "--reason", "appeal"], cwd: cwd)
        #expect(back.status == 1 && back.stderr.contains("withdrawn is final"))
        let listJSON = runMentorCert(["cert", "list", "--format", "json"], cwd: cwd)
        let listed = try #require(try JSONSerialization.jsonObject(with: Data(listJSON.stdout.utf8)) as? [String: Any])
        let first = try #require((listed["certificates"] as? [[String: Any]])?.first)
        #expect(first["status"] as? String == "withdrawn" && first["statusReason"] as? String == "breach of the code")
    }

    /// A session answered wrong throughout (so it fails) is refused with exit 1 and a message that says so.
    @Test func failedExamIsNotCertified() throws {
        let cwd = try temporaryWorkingDirectory()
        let bank = try #require(ItemBank.validate(directory: certBankDirectory).bank)
        let exam = try InteractiveExam(["exam", "take", "--bank", certBankDirectory, "--candidate", "C-LOW"], cwd: cwd)
        var given = 0
        while exam.wait(until: { $0.prompts > given || $0.output.contains("=== Your result ===") }),
              !exam.output.contains("=== Your result ==="), exam.prompts > given {
            exam.send(try bestLabel(screen: try #require(exam.lastItemScreen), bank: bank, worst: true))
            given += 1
        }
        let run = exam.finish()
        #expect(run.status == 0, "\(run.stderr)")
        let list = runMentorCert(["exam", "list", "--candidate", "C-LOW", "--format", "json"], cwd: cwd)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        let session = try #require(rows.last?["sessionId"] as? String)
        let result = runMentorCert(["exam", "result", session, "--format", "json"], cwd: cwd)
        let resultJSON = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let page = runMentorCert(["cert", "report", session], cwd: cwd)
        #expect(page.status == 0 && page.stdout.contains("NOT PASSED"), "\(page.stderr)")
        #expect(runMentorCert(["cert", "keygen", "--out", "k"], cwd: cwd).status == 0)
        let issue = runMentorCert(["cert", "issue", session, "--key", "k", "--allow-simulated"], cwd: cwd)
        if resultJSON["pass"] as? Bool == false {
            #expect(issue.status == 1 && issue.stderr.contains("did not pass"), "\(issue.stderr)")
        } else {
            Issue.record("answering every item wrong passed; this test needs a failing session")
        }
    }
}
