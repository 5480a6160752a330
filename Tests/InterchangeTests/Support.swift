import Foundation
import IRTModels
import ItemBanking

/// The repository's root (from this file's path) and the bundled bank.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let bundledBank = repositoryRoot.appendingPathComponent("itembanks/mentorcert").path

/// A fresh temporary directory (not created).
func temporaryPath(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("interchange-\(UUID().uuidString)-\(name)").path
}

/// The bundled bank's parameter set.
func bundledParameterSet() throws -> ParameterSet {
    let bank = try ItemBank.load(directory: bundledBank)
    guard let set = try bank.parameterSet() else { throw CocoaError(.fileReadUnknown) }
    return set
}

/// The path of an executable on PATH, or nil.
func executable(_ name: String) -> String? {
    for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
        let path = "\(dir)/\(name)"
        if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return nil
}

/// Runs a program; returns (status, stdout, stderr).
func run(_ program: String, _ arguments: [String]) throws -> (Int32, String, String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: program)
    p.arguments = arguments
    let out = Pipe(), err = Pipe()
    p.standardOutput = out; p.standardError = err
    try p.run()
    let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
}
