import Foundation
import Testing

@Suite(.serialized) struct ResponsesCLITests {
    @Test func importWideListShow() throws {
        let cwd = try temporaryWorkingDirectory()
        try "person,S1-001,S1-002,S1-004,gender\np1,1,0,2,f\np2,NA,1,,m\np3,0,1,1,f\n"
            .write(to: cwd.appendingPathComponent("wide.csv"), atomically: true, encoding: .utf8)
        let r = runMentorCert(["responses", "import", "wide.csv", "--bank", fixtureBank, "--group", "gender", "--format", "json"], cwd: cwd)
        #expect(r.status == 0, "\(r.stderr)")
        let json = try jsonObject(r.stdout)
        #expect(json["persons"] as? Int == 3 && json["items"] as? Int == 3)
        let id = try #require(json["responseSetId"] as? String)
        let list = try jsonObject(runMentorCert(["responses", "list", "--format", "json"], cwd: cwd).stdout)
        #expect((list["responseSets"] as? [[String: Any]])?.first?["id"] as? String == id)
        let show = try jsonObject(runMentorCert(["responses", "show", id, "--format", "json"], cwd: cwd).stdout)
        #expect((show["items"] as? [[String: Any]])?.count == 3)
        let table = runMentorCert(["responses", "show", id], cwd: cwd)
        #expect(table.stdout.contains("groups gender"))
    }

    @Test func badFileLeavesStoreUnchanged() throws {
        let cwd = try temporaryWorkingDirectory()
        _ = runMentorCert(["bank", "import", fixtureBank], cwd: cwd)
        let before = runMentorCert(["responses", "list", "--format", "json"], cwd: cwd).stdout
        try "person,S1-001,S1-002\np1,1,7\np2,x,0\n".write(to: cwd.appendingPathComponent("bad.csv"), atomically: true, encoding: .utf8)
        let r = runMentorCert(["responses", "import", "bad.csv", "--bank", fixtureBank], cwd: cwd)
        #expect(r.status == 1)
        #expect(r.stderr.contains("bad.csv:2: column S1-002 (3): value `7`"))
        #expect(r.stderr.contains("bad.csv:3: column S1-001 (2): value `x`"))
        #expect(r.stderr.contains("nothing was imported"))
        #expect(runMentorCert(["responses", "list", "--format", "json"], cwd: cwd).stdout == before)
        let skipped = runMentorCert(["responses", "import", "bad.csv", "--bank", fixtureBank, "--skip-bad-rows"], cwd: cwd)
        #expect(skipped.status == 1, "every row is bad: nothing to import")
    }

    /// The reader's remedies become this command line's options (the flag assertions moved here from
    /// ResponseDataTests: the library names no option, issue 14).
    @Test func flagAdvice() throws {
        let cwd = try temporaryWorkingDirectory()
        try "person,S1-001,S1-002,I9\np1,1,0,1\n".write(to: cwd.appendingPathComponent("extra.csv"), atomically: true, encoding: .utf8)
        let extra = runMentorCert(["responses", "import", "extra.csv", "--bank", fixtureBank], cwd: cwd)
        #expect(extra.status == 1)
        #expect(extra.stderr.contains("extra.csv:1: column I9 (4):"))
        #expect(extra.stderr.contains(" (--ignore I9 or --group I9)"))
        try "person,S1-001,S1-002\np1,1,0\np2,B,0\n".write(to: cwd.appendingPathComponent("labels.csv"), atomically: true, encoding: .utf8)
        let labels = runMentorCert(["responses", "import", "labels.csv", "--bank", fixtureBank], cwd: cwd)
        #expect(labels.status == 1)
        #expect(labels.stderr.contains("labels.csv:3: column S1-001 (2): value `B`:"))
        #expect(labels.stderr.contains(" (--raw, with --bank)"))
        #expect(labels.stderr.contains("pass --skip-bad-rows to import the good rows and report the bad ones"))
    }
}
