import Foundation
import IRTModels
import MathCore
import ResponseData
import Testing

/// Two groups answering the same items, with DIF planted in the focal group's item parameters.
struct TwoGroupSimulation {
    var reference: [ItemParameters]
    var focal: [ItemParameters]
    var referencePersons = 1000
    var focalPersons = 1000
    var focalMean = 0.0

    /// The responses with a group column `group` (`ref` / `foc`), the focal persons after the reference ones.
    func responses(seed: UInt64) -> ResponseMatrix {
        var g = SeededGenerator(seed: seed)
        let n = referencePersons + focalPersons, j = reference.count
        var data = ResponseMatrix(personIDs: (0..<n).map { "p\($0)" }, itemIDs: (0..<j).map { "I\($0 + 1)" },
                                  categoryCounts: reference.map(\.categoryCount),
                                  groups: ["group": (0..<n).map { $0 < referencePersons ? "ref" : "foc" }])
        for p in 0..<n {
            let isFocal = p >= referencePersons
            let theta = g.nextNormal() + (isFocal ? focalMean : 0)
            let items = isFocal ? focal : reference
            for i in 0..<j { data.responses[p * j + i] = Simulation.response(items[i], theta: theta, generator: &g) }
        }
        return data
    }
}

/// statsmodels (PyPI) run by `python3`, when present: the independent implementation the tests compare with.
enum PythonOracle {
    static let available: Bool = {
        let r = run("import statsmodels, numpy\nprint('ok')")
        return r?.trimmingCharacters(in: .whitespacesAndNewlines) == "ok"
    }()

    static let skipMessage = "python3 with statsmodels is not installed (pip install statsmodels): the comparison with statsmodels is skipped"

    /// Runs `script` with python3; its standard output, or nil when python3 cannot run or fails.
    static func run(_ script: String, input: String = "") -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let out = Pipe(), err = Pipe(), inp = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inp
        do { try process.run() } catch { return nil }
        inp.fileHandleForWriting.write(Data(input.utf8))
        try? inp.fileHandleForWriting.close()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        _ = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// Runs `script` and decodes its standard output as JSON.
    static func json(_ script: String, input: String) throws -> Any {
        let text = try #require(run(script, input: input), "python3 failed running the statsmodels script")
        return try JSONSerialization.jsonObject(with: Data(text.utf8))
    }
}

func close(_ a: Double?, _ b: Double, relative: Double = 1e-9, absolute: Double = 1e-12) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= max(absolute, relative * max(abs(a), abs(b)))
}
