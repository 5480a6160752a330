import Foundation
import IRTModels
import ItemBanking
import MathCore
import ResponseData
import StatisticsExport

/// The repository's root (three levels above this file).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The bundled bank and `persons` responses to a fixed form of its first `formItems` items (both item
/// types), simulated from its parameters (seeded) as `responses simulate` draws them. A form, not the
/// whole bank, keeps S-X² (O(J²)) and the summed-score classification small in a debug build.
func bundledBankAndResponses(persons: Int = 120, formItems: Int = 40, seed: UInt64 = 5) throws
    -> (bank: ItemBank, set: ParameterSet, data: ResponseMatrix) {
    let bank = try ItemBank.load(directory: repositoryRoot.appendingPathComponent("itembanks/mentorcert").path)
    guard let set = try bank.parameterSet() else { throw TestSetupError("the bundled bank has no parameters") }
    let form = ParameterSet(items: Array(set.items.prefix(formItems)), latent: set.latent)
    var g = SeededGenerator(seed: seed)
    let data = Simulation.responses(from: form, persons: persons, mean: 0, standardDeviation: 1, generator: &g)
    return (bank, set, data)
}

/// ``bundledBankAndResponses(persons:formItems:seed:)`` with a group column `region` (`north` reference,
/// `south` focal, half each): the focal group answers `difItems` as a person `shift` lower on θ would
/// (uniform DIF built in, ``Simulation/GroupDIF``).
func bundledBankAndGroupedResponses(persons: Int, formItems: Int = 40, difItems: [String], shift: Double = 1, seed: UInt64 = 7) throws
    -> (bank: ItemBank, set: ParameterSet, data: ResponseMatrix) {
    let bank = try ItemBank.load(directory: repositoryRoot.appendingPathComponent("itembanks/mentorcert").path)
    guard let set = try bank.parameterSet() else { throw TestSetupError("the bundled bank has no parameters") }
    let form = ParameterSet(items: Array(set.items.prefix(formItems)), latent: set.latent)
    var g = SeededGenerator(seed: seed)
    let group = Simulation.GroupDIF(column: "region", reference: "north", focal: "south", items: Set(difItems), shift: shift)
    let data = Simulation.responses(from: form, persons: persons, mean: 0, standardDeviation: 1, group: group, generator: &g)
    return (bank, set, data)
}

struct TestSetupError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// A fresh empty temporary directory (its parent; the export goes to `<dir>/out`).
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("mentorcert-export-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Splits one CSV record (RFC 4180 quoting) — an independent reader, not the engine's writer.
func csvFields(_ line: Substring) -> [String] {
    var fields: [String] = [], field = "", quoted = false
    var chars = Array(line)[...]
    while let c = chars.popFirst() {
        if quoted {
            if c == "\"" {
                if chars.first == "\"" { field.append("\""); chars.removeFirst() } else { quoted = false }
            } else { field.append(c) }
        } else if c == "\"" { quoted = true } else if c == "," { fields.append(field); field = "" } else { field.append(c) }
    }
    fields.append(field)
    return fields
}

/// The path of `python3` on PATH, if any.
let python3Path: String? = {
    for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
        let p = "\(dir)/python3"
        if FileManager.default.isExecutableFile(atPath: p) { return p }
    }
    return nil
}()
