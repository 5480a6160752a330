import Foundation
import Testing

/// Several mentorcert processes on one store at once (issue 15). A debug-only failpoint holds the first
/// writer inside its write transaction (`store.write.begun=pause`: it marks `<dir>/store.write.begun.reached`
/// and waits for `<dir>/store.write.begun.release`), so the overlap is certain rather than a matter of
/// timing.
@Suite struct StoreConcurrencyTests {
    func directory() throws -> URL {
        let cwd = try temporaryWorkingDirectory()
        try Data(BadInputCase.responses()).write(to: cwd.appendingPathComponent("first.csv"))
        try Data("person,i1,i2\nq1,0,1\nq2,1,0\nq3,1,1\n".utf8).write(to: cwd.appendingPathComponent("second.csv"))
        for name in ["a", "b"] {
            try FileManager.default.createDirectory(at: cwd.appendingPathComponent(name), withIntermediateDirectories: true)
        }
        // The store exists before the writers start (creating it is a write of its own).
        let created = runMentorCert(["responses", "import", "second.csv", "--store", "s.sqlite", "--ignore", "i2"], cwd: cwd)
        #expect(created.status == 0, "\(created.stderr)")
        return cwd
    }

    @Test("two writers and a reader: the reader reads during the write, the second writer waits, both writes land")
    func twoWritersAndAReader() throws {
        let cwd = try directory()
        defer { try? FileManager.default.removeItem(at: cwd) }
        let a = cwd.appendingPathComponent("a"), b = cwd.appendingPathComponent("b")
        let first = try BackgroundMentorCert(["responses", "import", "first.csv", "--store", "s.sqlite"], cwd: cwd,
                                             environment: ["MENTORCERT_FAILPOINTS": "store.write.begun=pause",
                                                           "MENTORCERT_FAILPOINT_DIR": a.path])
        defer { FileManager.default.createFile(atPath: a.appendingPathComponent("store.write.begun.release").path, contents: nil) }
        let holding = waitForFile(a.appendingPathComponent("store.write.begun.reached"), while: first)
        #expect(holding, "the first writer never reached its write transaction: \(first.process.isRunning ? "" : first.finish().stderr)")
        guard holding else { return }

        // The second writer marks when it is about to begin its transaction, then waits for the lock (with a
        // long busy timeout, so that a slow machine cannot make it give up while the reader runs).
        let second = try BackgroundMentorCert(["responses", "import", "second.csv", "--store", "s.sqlite"], cwd: cwd,
                                              environment: ["MENTORCERT_FAILPOINTS": "store.write.begin=mark",
                                                            "MENTORCERT_FAILPOINT_DIR": b.path,
                                                            "MENTORCERT_BUSY_TIMEOUT_MS": "600000"])
        #expect(waitForFile(b.appendingPathComponent("store.write.begin.reached"), while: second))

        // A reader while the first writer holds the write lock: it reads the committed state.
        let reader = runMentorCert(["responses", "list", "--store", "s.sqlite", "--format", "json"], cwd: cwd)
        #expect(reader.status == 0, "the reader failed during a write: \(reader.stderr)")
        let listed = try JSONSerialization.jsonObject(with: Data(reader.stdout.utf8)) as? [String: Any]
        #expect((listed?["responseSets"] as? [Any])?.count == 1, "the reader saw uncommitted rows: \(reader.stdout)")
        #expect(second.process.isRunning, "the second writer did not wait for the first")

        FileManager.default.createFile(atPath: a.appendingPathComponent("store.write.begun.release").path, contents: nil)
        let one = first.finish(), two = second.finish()
        #expect(one.status == 0, "\(one.stderr)")
        #expect(two.status == 0, "\(two.stderr)")
        let stored = try storedCounts(in: cwd)
        #expect(stored.responseSets.count == 3, "both writes land: \(stored.responseSets.count) sets")
    }

    @Test("a writer that waits longer than the busy timeout says another process is writing, and stores nothing")
    func busyTimeoutRunsOut() throws {
        let cwd = try directory()
        defer { try? FileManager.default.removeItem(at: cwd) }
        let a = cwd.appendingPathComponent("a")
        let first = try BackgroundMentorCert(["responses", "import", "first.csv", "--store", "s.sqlite"], cwd: cwd,
                                             environment: ["MENTORCERT_FAILPOINTS": "store.write.begun=pause",
                                                           "MENTORCERT_FAILPOINT_DIR": a.path])
        defer { FileManager.default.createFile(atPath: a.appendingPathComponent("store.write.begun.release").path, contents: nil) }
        let holding = waitForFile(a.appendingPathComponent("store.write.begun.reached"), while: first)
        #expect(holding, "the first writer never reached its write transaction")
        guard holding else { return }

        // A short busy timeout (a debug-only override) so that the wait runs out while the first holds on.
        let second = try runMentorCert(["responses", "import", "second.csv", "--store", "s.sqlite"], cwd: cwd,
                                       environment: ["MENTORCERT_BUSY_TIMEOUT_MS": "100"])
        #expect(second.status == 1)
        #expect(second.stderr.contains("another mentorcert process is writing to s.sqlite"), "\(second.stderr)")
        #expect(second.stderr.contains("retry"))
        #expect(!second.stderr.contains("database is locked") && !second.stderr.contains("permissions"), "\(second.stderr)")

        FileManager.default.createFile(atPath: a.appendingPathComponent("store.write.begun.release").path, contents: nil)
        #expect(first.finish().status == 0)
        let stored = try storedCounts(in: cwd)
        #expect(stored.responseSets.count == 2, "the first write landed, the refused one stored nothing")
    }
}
