import Foundation
import Testing

/// A `mentorcert` process started in the background (for tests that run several at once), with extra
/// environment variables such as the debug-only failpoints (`MENTORCERT_FAILPOINTS`, see
/// `Sources/Store/Failpoint.swift`).
final class BackgroundMentorCert: @unchecked Sendable {
    let process = Process()
    private let out = Pipe(), err = Pipe()
    private let group = DispatchGroup()
    private var outData = Data(), errData = Data()

    /// Starts `mentorcert args` in `cwd` with `environment` added to this process's environment.
    init(_ args: [String], cwd: URL, environment: [String: String] = [:]) throws {
        let binary = try #require(mentorCertBinary(), "no mentorcert executable in \(productsDirectory().path); build it first")
        process.executableURL = binary
        process.arguments = args
        process.currentDirectoryURL = cwd
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Drain both pipes while the process runs, so that its output can never block it.
        group.enter()
        DispatchQueue.global().async { [self] in
            outData = out.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        group.enter()
        DispatchQueue.global().async { [self] in
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
    }

    /// Waits for the process to end: its exit status (the signal number when a signal ended it), whether
    /// a signal ended it, and its output.
    func finish() -> (status: Int32, signalled: Bool, stdout: String, stderr: String) {
        group.wait()
        process.waitUntilExit()
        return (process.terminationStatus, process.terminationReason == .uncaughtSignal,
                String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }
}

/// Runs `mentorcert args` to its end with `environment` added.
func runMentorCert(_ args: [String], cwd: URL, environment: [String: String]) throws
    -> (status: Int32, signalled: Bool, stdout: String, stderr: String) {
    try BackgroundMentorCert(args, cwd: cwd, environment: environment).finish()
}

/// Waits until `file` exists or `process` has ended (a bounded wait for a failpoint's mark, not a timing
/// assertion: the bound only keeps a broken build from hanging the suite). True when the file exists.
func waitForFile(_ file: URL, while process: BackgroundMentorCert, limit: TimeInterval = 300) -> Bool {
    let start = Date()
    while !FileManager.default.fileExists(atPath: file.path) {
        if !process.process.isRunning || Date().timeIntervalSince(start) > limit {
            return FileManager.default.fileExists(atPath: file.path)
        }
        usleep(10_000)
    }
    return true
}

/// The stored bank versions and response sets of the store `s.sqlite` in `cwd` (empty when there is no
/// store), through the CLI's JSON.
func storedCounts(in cwd: URL, store: String = "s.sqlite") throws -> (versions: [[String: Any]], responseSets: [[String: Any]]) {
    guard FileManager.default.fileExists(atPath: cwd.appendingPathComponent(store).path) else { return ([], []) }
    let banks = runMentorCert(["bank", "list", "--store", store, "--format", "json"], cwd: cwd)
    #expect(banks.status == 0, "\(banks.stderr)")
    let sets = runMentorCert(["responses", "list", "--store", store, "--format", "json"], cwd: cwd)
    #expect(sets.status == 0, "\(sets.stderr)")
    let b = try JSONSerialization.jsonObject(with: Data(banks.stdout.utf8)) as? [String: Any]
    let s = try JSONSerialization.jsonObject(with: Data(sets.stdout.utf8)) as? [String: Any]
    return (b?["bankVersions"] as? [[String: Any]] ?? [], s?["responseSets"] as? [[String: Any]] ?? [])
}
