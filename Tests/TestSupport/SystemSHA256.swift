import Foundation

/// The SHA-256 of `text` by the system's `sha256sum`, when the tool exists: an implementation independent
/// of ours (swift-crypto) for tests that check recorded file hashes. `nil` when the tool is absent.
public func systemSHA256(_ text: String) -> String? {
    let tool = ["/usr/bin/sha256sum", "/bin/sha256sum"].first { FileManager.default.isExecutableFile(atPath: $0) }
    guard let tool else { return nil }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    let input = Pipe(), output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    do { try process.run() } catch { return nil }
    input.fileHandleForWriting.write(Data(text.utf8))
    try? input.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self).split(separator: " ").first.map(String.init)
}
