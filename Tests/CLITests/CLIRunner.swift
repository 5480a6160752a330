import Foundation
import Testing

/// The repository root (two levels above this file's folder).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The products directory of the build that runs these tests (`.build/<triple>/<configuration>` for
/// `swift test`, or the `--scratch-path` given to it): on Linux the test bundle is the executable
/// `<package>PackageTests.xctest` in that directory; on macOS it is the `.xctest` bundle loaded by the
/// `xctest` tool, also placed there.
func productsDirectory() -> URL {
    #if os(macOS)
    if let bundle = Bundle.allBundles.first(where: { $0.bundlePath.hasSuffix(".xctest") }) {
        return bundle.bundleURL.deletingLastPathComponent()
    }
    #endif
    let executable = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
    return executable.resolvingSymlinksInPath().deletingLastPathComponent()
}

/// The `mentorcert` executable of exactly the build that runs these tests: `swift test` builds every
/// product of the package, the executable included, into the same products directory as the test
/// bundle. Never another scratch path's binary (that one may be stale). `nil` when it is absent.
func mentorCertBinary() -> URL? {
    let candidate = productsDirectory().appendingPathComponent("mentorcert")
    return FileManager.default.isExecutableFile(atPath: candidate.path) ? candidate : nil
}

/// Runs `mentorcert args` in `cwd` and returns its exit status, standard output and standard error.
func runMentorCert(_ args: [String], cwd: URL) -> (status: Int32, stdout: String, stderr: String) {
    guard let binary = mentorCertBinary() else {
        let message = "no mentorcert executable in \(productsDirectory().path), the products directory of this "
            + "test run; build it first with `swift build` (same configuration and scratch path as `swift test`)"
        Issue.record(Comment(rawValue: message))
        return (-1, "", message)
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
