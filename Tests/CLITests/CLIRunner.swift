import Foundation

/// The repository root (two levels above this file's folder).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The built `mentorcert` binary: next to the test bundle (the products directory), else the newest
/// `.build*/debug/mentorcert` of the repository.
func mentorCertBinary() -> URL? {
    let fm = FileManager.default
    let bundle = Bundle.main.bundleURL
    for dir in [bundle, bundle.deletingLastPathComponent()] {
        let candidate = dir.appendingPathComponent("mentorcert")
        if fm.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    for bundle in Bundle.allBundles {
        let candidate = bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("mentorcert")
        if fm.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    let scratch = (try? fm.contentsOfDirectory(atPath: repositoryRoot.path))?.filter { $0.hasPrefix(".build") } ?? []
    let candidates = scratch.map { repositoryRoot.appendingPathComponent($0).appendingPathComponent("debug/mentorcert") }
        .filter { fm.isExecutableFile(atPath: $0.path) }
    func modified(_ url: URL) -> Date {
        ((try? fm.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date) ?? .distantPast
    }
    return candidates.max { modified($0) < modified($1) }
}

/// Runs `mentorcert args` in `cwd` and returns its exit status, standard output and standard error.
func runMentorCert(_ args: [String], cwd: URL) -> (status: Int32, stdout: String, stderr: String) {
    guard let binary = mentorCertBinary() else {
        return (-1, "", "mentorcert binary not found; build it first (swift build)")
    }
    let process = Process()
    process.executableURL = binary
    process.arguments = args
    process.currentDirectoryURL = cwd
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    do { try process.run() } catch { return (-1, "", "cannot run \(binary.path): \(error)") }
    // Read both pipes before waiting, so a large output cannot block the child.
    let group = DispatchGroup()
    nonisolated(unsafe) var errData = Data()
    group.enter()
    DispatchQueue.global().async {
        errData = err.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
}

/// A fresh temporary working directory.
func temporaryWorkingDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
