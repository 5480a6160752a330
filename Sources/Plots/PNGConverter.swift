import Foundation

/// Converts an SVG file to PNG with a tool found on the PATH — `rsvg-convert` (librsvg) or a headless
/// `chromium` screenshot — when one is present. Optional: without either, ``convert(svg:png:width:height:)``
/// says so and nothing is written. Each tool runs with a 60-second limit.
public enum PNGConverter {
    /// The outcome of a conversion.
    public enum Outcome: Sendable, Equatable {
        case written(tool: String)
        case noConverter
        case failed(tool: String, reason: String)
    }

    /// The first of `names` that is an executable on the PATH.
    public static func executable(_ names: [String]) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in names {
            for dir in path.split(separator: ":") {
                let candidate = "\(dir)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }

    public static func convert(svg: String, png: String, width: Int, height: Int) -> Outcome {
        if let rsvg = executable(["rsvg-convert"]) {
            let r = run(rsvg, ["--format", "png", "--width", String(width * 2), "--background-color", "white", "--output", png, svg])
            return r == nil ? .written(tool: "rsvg-convert") : .failed(tool: "rsvg-convert", reason: r ?? "")
        }
        if let chromium = executable(["chromium", "chromium-browser", "google-chrome"]) {
            let url = URL(fileURLWithPath: svg).absoluteString
            let r = run(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                                   "--screenshot=\(png)", "--window-size=\(width),\(height)", url])
            return r == nil && FileManager.default.fileExists(atPath: png)
                ? .written(tool: "chromium") : .failed(tool: "chromium", reason: r ?? "no file written")
        }
        return .noConverter
    }

    /// Runs a tool with a time limit; nil on success, else the reason.
    public static func run(_ executable: String, _ arguments: [String], timeout: Double = 60) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return "\(error)" }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning {
            process.terminate()
            usleep(200_000)
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            return "timed out after \(Int(timeout)) s"
        }
        process.waitUntilExit()
        return process.terminationStatus == 0 ? nil : "exit status \(process.terminationStatus)"
    }
}
