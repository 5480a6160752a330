import Foundation

/// A Python interpreter with the `mirt` package from PyPI (the independent implementation some tests
/// compare with): `MENTORCERT_MIRT_PYTHON` if set, then the benchmark scripts' virtual environment
/// (`Benchmarks/compare/.work/venv-mirt`), then every `python3` on PATH. Tests skip when none works.
public enum MirtPython {
    /// The repository's root (this file is `Tests/TestSupport/MirtPython.swift`).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Runs `script` with the first interpreter that runs it successfully; its standard output, or nil.
    public static func run(_ script: String) -> String? {
        var candidates: [String] = []
        if let p = ProcessInfo.processInfo.environment["MENTORCERT_MIRT_PYTHON"] { candidates.append(p) }
        candidates.append(root.appendingPathComponent("Benchmarks/compare/.work/venv-mirt/bin/python").path)
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") { candidates.append("\(dir)/python3") }
        for python in candidates where FileManager.default.isExecutableFile(atPath: python) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = ["-c", script]
            let out = Pipe()
            process.standardOutput = out
            process.standardError = Pipe()
            do { try process.run() } catch { continue }
            let bytes = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            if process.terminationStatus == 0 { return String(decoding: bytes, as: UTF8.self) }
        }
        return nil
    }
}
