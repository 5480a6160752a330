import Foundation
import MathCore
import ResponseData
import Testing
@testable import Reliability

/// `psych::alpha` (R package psych) run by the test on the same data, when `Rscript` with psych is
/// installed; otherwise the test says so and passes without comparing.
@Suite("Alpha against psych::alpha (R)")
struct PsychComparisonTests {
    static func rscript() -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let path = "\(dir)/Rscript"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Runs psych::alpha on `data` written as CSV (NA = missing); returns its numbers by name.
    static func psych(_ data: ResponseMatrix) throws -> [String: [Double]]? {
        guard let rscript = rscript() else { return nil }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reliab-psych-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var csv = data.itemIDs.joined(separator: ",") + "\n"
        for p in 0..<data.personCount {
            csv += (0..<data.itemCount).map { data[p, $0].map { String($0) } ?? "NA" }.joined(separator: ",") + "\n"
        }
        try csv.write(to: dir.appendingPathComponent("x.csv"), atomically: true, encoding: .utf8)
        let script = """
            if (!requireNamespace("psych", quietly = TRUE)) { cat("NOPSYCH\\n"); quit(status = 0) }
            options(digits = 15)
            x <- read.csv("x.csv")
            a <- psych::alpha(x, warnings = FALSE)
            cat("raw", a$total$raw_alpha, "\\n")
            cat("std", a$total$std.alpha, "\\n")
            cat("feldt", a$feldt$lower.ci[[1]], a$feldt$upper.ci[[1]], "\\n")
            cat("drop", a$alpha.drop$raw_alpha, "\\n")
            cat("dropstd", a$alpha.drop$std.alpha, "\\n")
            """
        try script.write(to: dir.appendingPathComponent("a.R"), atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: rscript)
        process.arguments = ["a.R"]
        process.currentDirectoryURL = dir
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        let bytes = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: bytes, as: UTF8.self)
        if text.contains("NOPSYCH") { return nil }
        var values: [String: [Double]] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ")
            guard let key = parts.first else { continue }
            values[String(key)] = parts.dropFirst().compactMap { Double($0) }
        }
        return values
    }

    @Test("raw and standardised alpha, Feldt's interval and alpha if deleted equal psych::alpha", arguments: [false, true])
    func againstPsych(missing: Bool) throws {
        // 600 persons, 9 items (two of them graded 0..2), with 8 % missing for the pairwise case.
        var g = SeededGenerator(seed: missing ? 41 : 40)
        var rows: [[UInt8?]] = []
        for _ in 0..<600 {
            let theta = g.nextNormal()
            rows.append((0..<9).map { j in
                if missing, g.nextUniform() < 0.08 { return nil }
                let b = -1 + 0.25 * Double(j)
                let p = 1 / (1 + exp(-(1.1 * theta - b)))
                let x: UInt8 = g.nextUniform() < p ? 1 : 0
                return j >= 7 ? x + (g.nextUniform() < p ? 1 : 0) : x
            })
        }
        var data = try matrix(rows)
        data.categoryCounts = (0..<9).map { $0 >= 7 ? 3 : 2 }
        guard let r = try Self.psych(data) else {
            print("PsychComparisonTests: Rscript with the R package psych is not installed; comparison skipped (apt install r-cran-psych).")
            return
        }
        let ours = ClassicalReliabilityAnalysis.analyze(data, rule: missing ? .pairwise : .listwise)
        let raw = try #require(r["raw"]?.first), std = try #require(r["std"]?.first)
        #expect(abs((ours.alpha ?? .nan) - raw) < 1e-9)
        #expect(abs((ours.standardizedAlpha ?? .nan) - std) < 1e-9)
        let feldt = try #require(r["feldt"])
        #expect(feldt.count == 2)
        #expect(abs((ours.alphaCI?.lower ?? .nan) - feldt[0]) < 1e-7)
        #expect(abs((ours.alphaCI?.upper ?? .nan) - feldt[1]) < 1e-7)
        let drop = try #require(r["drop"]), dropStd = try #require(r["dropstd"])
        #expect(drop.count == 9 && dropStd.count == 9)
        for j in 0..<min(9, drop.count) {
            #expect(abs((ours.alphaIfDeleted[j].alpha ?? .nan) - drop[j]) < 1e-9, "item \(j + 1)")
            #expect(abs((ours.alphaIfDeleted[j].standardizedAlpha ?? .nan) - dropStd[j]) < 1e-9, "item \(j + 1)")
        }
    }
}
