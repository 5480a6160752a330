import Foundation
import Testing

/// `calibrate --bank` killed between its steps (issue 15): a debug-only failpoint makes the process
/// SIGKILL itself at a named point — after reading the responses, after calibrating, after the response
/// set was written inside the store's transaction, after the new version was written but before the
/// commit, and after the commit. The store then holds either nothing of the run or all of it.
@Suite struct InterruptedCalibrationTests {
    /// The points, in the order the run passes them, and whether the run's writes are committed there.
    static let points: [(name: String, committed: Bool)] = [
        ("calibrate.responses-read", false),
        ("calibrate.calibrated", false),
        ("store.bank-calibration.response-set-written", false),
        ("store.bank-calibration.version-written", false),
        ("store.bank-calibration.committed", true),
    ]

    /// A working directory with the fixture bank (`b/`) and simulated responses (`sim.csv`).
    func prepared() throws -> URL {
        let cwd = try temporaryWorkingDirectory()
        for (name, bytes) in BadInputCase.fixtureBank("b") {
            let url = cwd.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }
        let sim = runMentorCert(["responses", "simulate", "--bank", "b", "--persons", "400", "--seed", "7", "--out", "sim.csv"], cwd: cwd)
        #expect(sim.status == 0, "\(sim.stderr)")
        return cwd
    }

    static let calibrate = ["calibrate", "sim.csv", "--bank", "b", "--fixed-operational", "--no-se", "--no-fit",
                            "--allow-unconverged", "--store", "s.sqlite", "--format", "json", "--out", "cal.json"]

    @Test("a kill at each point leaves nothing or everything", arguments: points.map(\.name))
    func killedAt(_ point: String) throws {
        let cwd = try prepared()
        defer { try? FileManager.default.removeItem(at: cwd) }
        let committed = Self.points.first { $0.name == point }?.committed ?? false
        let r = try runMentorCert(Self.calibrate, cwd: cwd, environment: ["MENTORCERT_FAILPOINTS": "\(point)=kill"])
        #expect(r.signalled && r.status == SIGKILL, "the run was not killed at \(point): status \(r.status), \(r.stderr)")
        let stored = try storedCounts(in: cwd)
        if committed {
            #expect(stored.versions.count == 2 && stored.responseSets.count == 1,
                    "after the commit: \(stored.versions.count) versions, \(stored.responseSets.count) sets")
        } else {
            #expect(stored.versions.isEmpty && stored.responseSets.isEmpty,
                    "killed at \(point): \(stored.versions.count) versions and \(stored.responseSets.count) sets were left")
        }
        // The store is usable afterwards, and the run completes as if nothing had happened.
        let again = runMentorCert(Self.calibrate, cwd: cwd)
        #expect(again.status == 0, "\(again.stderr)")
        let after = try storedCounts(in: cwd)
        #expect(after.versions.count == 2 && after.responseSets.count == 1)
    }
}
