import Foundation
import Testing
import MathCore
@testable import IRTModels

/// The parameter document: written and read by the same types, round trip exact, bad documents
/// refused with the file, the item and what to do.
@Suite("ParameterSet documents")
struct ParameterSetTests {
    static let set = ParameterSet(
        items: [
            .init(id: "A", parameters: .dichotomous(.threePL, discrimination: 1.3, difficulty: 0.2, guessing: 0.2),
                  standardErrors: ["a1": 0.1, "d": 0.05, "g": 0.02, "b": 0.07]),
            .init(id: "B", parameters: .graded(discrimination: 0.9, thresholds: [-1, 0.3, 1.4]), fixed: true),
            .init(id: "C", parameters: .dichotomous(.fourPL, discrimination: 2, difficulty: -0.4, guessing: 0, upperAsymptote: 1),
                  parametersOnBounds: ["g", "u"]),
        ],
        latent: LatentDistribution(mean: 0.3, variance: 1.2, meanEstimated: true, varianceEstimated: true),
        linking: .init(method: "stocking-lord", slope: 1.1, intercept: -0.2, anchor: "bank.json", commonItems: 3))

    func json(_ document: ParameterSet.Document) throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return try e.encode(document)
    }

    @Test("round trip through JSON reproduces every item, the latent distribution and the linking exactly")
    func roundTrip() throws {
        let back = try ParameterSet(json: try json(Self.set.document), file: "p.json")
        #expect(back.items == Self.set.items)
        #expect(back.latent == Self.set.latent)
        #expect(back.linking == Self.set.linking)
        #expect(back.warnings.isEmpty)
    }

    func refused(_ edit: (inout ParameterSet.Document) -> Void, _ fragment: String) throws {
        var d = Self.set.document
        edit(&d)
        #expect(throws: ParameterSetError.self) { try ParameterSet(json: try json(d), file: "p.json") }
        let data = try json(d)
        do throws(ParameterSetError) {
            _ = try ParameterSet(json: data, file: "p.json")
        } catch {
            #expect(error.description.hasPrefix("p.json: "))
            #expect(error.description.contains(fragment), "\(error.description)")
        }
    }

    @Test("schemaVersion 99, latentMean 1e6, a bad variance, a duplicate id, out-of-box values are refused")
    func badDocuments() throws {
        try refused({ $0.schemaVersion = 99 }, "schemaVersion 99")
        try refused({ $0.latentMean = 1e6 }, "latentMean")
        try refused({ $0.latentVariance = 0 }, "latentVariance")
        try refused({ $0.items.append($0.items[0]) }, "item A: the item occurs twice")
        try refused({ $0.items[0].guessing = 0.97 }, "item A: guessing 0.97 is out of range")
        try refused({ $0.items[0].discrimination = -1 }, "item A: discrimination -1.0 is not positive")
        try refused({ $0.items[1].intercepts = [1, 2, 3] }, "item B: graded intercepts must be strictly decreasing")
        try refused({ $0.items[0].model = "5pl" }, "item A: unknown model '5pl'")
        #expect(throws: ParameterSetError.self) { try ParameterSet(json: Data("{".utf8), file: "p.json") }
    }

    @Test("values beyond the advisory limits load with a warning that names the item")
    func advisoryWarnings() throws {
        var d = Self.set.document
        d.items[0].guessing = 0.6
        let back = try ParameterSet(json: try json(d), file: "p.json")
        #expect(back.warnings.count == 1 && back.warnings[0].contains("Item A") && back.warnings[0].contains("guessing"))
    }

    @Test("responses simulated from a parameter set are the same draws as from its items, with its ids")
    func simulationFromASet() {
        var g1 = SeededGenerator(seed: 77), g2 = SeededGenerator(seed: 77)
        let thetas = [-1.5, -0.2, 0.4, 2.1]
        let fromSet = Simulation.responses(from: Self.set, thetas: thetas, generator: &g1)
        let fromItems = Simulation.responses(items: Self.set.items.map(\.parameters), thetas: thetas, generator: &g2)
        #expect(fromSet.responses == fromItems.responses)
        #expect(fromSet.itemIDs == ["A", "B", "C"])
        #expect(fromSet.categoryCounts == [2, 4, 2])
    }
}

/// A simulated population from a parameter set (what `responses simulate` writes): per person θ then
/// each item's presentation and response, from one generator.
@Suite struct PopulationSimulationTests {
    @Test("the same seed gives the same matrix; missing responses appear at about the asked share")
    func reproducibleWithMissing() {
        var g1 = SeededGenerator(seed: 11), g2 = SeededGenerator(seed: 11)
        let a = Simulation.responses(from: ParameterSetTests.set, persons: 2000, mean: 0.5, standardDeviation: 0.8,
                                     missing: 0.25, generator: &g1)
        let b = Simulation.responses(from: ParameterSetTests.set, persons: 2000, mean: 0.5, standardDeviation: 0.8,
                                     missing: 0.25, generator: &g2)
        #expect(a == b)
        #expect(a.personIDs.first == "sim1" && a.itemIDs == ParameterSetTests.set.items.map(\.id))
        let share = Double(a.responses.filter { $0 == 255 }.count) / Double(a.responses.count)
        #expect(abs(share - 0.25) < 0.02)
        for (j, k) in a.categoryCounts.enumerated() {
            #expect((0..<a.personCount).allSatisfy { a.responses[$0 * a.itemCount + j] == 255 || Int(a.responses[$0 * a.itemCount + j]) < k })
        }
    }
}
