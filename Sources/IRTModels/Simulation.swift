import MathCore
import ResponseData

/// Seeded simulation of item parameters, abilities and responses — the one place responses are drawn:
/// recovery tests, benchmarks, `responses simulate`, the simulated field test of the bundled bank, the
/// peer comparison and the CAT simulation all call `response(_:theta:generator:)`, so the same seed
/// gives the same draws everywhere.
public enum Simulation {
    /// Draws generating parameters for `items` items of `model`:
    /// a ~ U(0.7, 2.0) (1 for Rasch), b ~ N(0, 1), c ~ U(0.1, 0.25) (3PL/4PL), u ~ U(0.9, 1) (4PL);
    /// graded/GPCM items get `categories` categories with thresholds b + sorted N(0, 1) offsets
    /// spread to at least 0.3 apart.
    public static func parameters(model: ItemModel, items: Int, categories: Int = 5,
                                  generator g: inout SeededGenerator) -> [ItemParameters] {
        (0..<items).map { _ in
            let a = model == .rasch ? 1.0 : 0.7 + 1.3 * g.nextUniform()
            let b = g.nextNormal()
            switch model {
            case .rasch, .twoPL:
                return .dichotomous(model, discrimination: a, difficulty: b)
            case .threePL:
                return .dichotomous(model, discrimination: a, difficulty: b, guessing: 0.1 + 0.15 * g.nextUniform())
            case .fourPL:
                return .dichotomous(model, discrimination: a, difficulty: b, guessing: 0.1 + 0.15 * g.nextUniform(),
                                    upperAsymptote: 0.9 + 0.1 * g.nextUniform())
            case .graded, .gpcm:
                var offsets = (0..<(categories - 1)).map { _ in g.nextNormal() }.sorted()
                for k in 1..<offsets.count where offsets[k] - offsets[k - 1] < 0.3 { offsets[k] = offsets[k - 1] + 0.3 }
                let mean = offsets.reduce(0, +) / Double(offsets.count)
                let thresholds = offsets.map { b + $0 - mean }
                return model == .graded
                    ? .graded(discrimination: a, thresholds: thresholds)
                    : .partialCredit(discrimination: a, stepDifficulties: thresholds)
            }
        }
    }

    /// Draws one response of an item at θ by inverting the category cdf.
    public static func response(_ item: ItemParameters, theta: Double, generator g: inout SeededGenerator) -> UInt8 {
        let p = item.probabilities(at: theta)
        let u = g.nextUniform()
        var cum = 0.0
        for k in 0..<p.count {
            cum += p[k]
            if u < cum { return UInt8(k) }
        }
        return UInt8(p.count - 1)
    }

    /// Simulates `thetas.count` persons answering every item (no missing responses).
    /// Person ids are `p000001`…, item ids `I001`….
    public static func responses(items: [ItemParameters], thetas: [Double],
                                 generator g: inout SeededGenerator) -> ResponseMatrix {
        let n = thetas.count, j = items.count
        var data = ResponseMatrix(personIDs: (0..<n).map { "p" + String(format6($0 + 1)) },
                                  itemIDs: (0..<j).map { "I" + String(format3($0 + 1)) },
                                  categoryCounts: items.map { $0.categoryCount })
        for p in 0..<n {
            for i in 0..<j { data.responses[p * j + i] = response(items[i], theta: thetas[p], generator: &g) }
        }
        return data
    }

    /// Simulates `thetas.count` persons answering every item of a parameter set (item ids from the
    /// set; the same draws as ``responses(items:thetas:generator:)`` for the same generator state).
    public static func responses(from set: ParameterSet, thetas: [Double],
                                 generator g: inout SeededGenerator) -> ResponseMatrix {
        var data = responses(items: set.items.map(\.parameters), thetas: thetas, generator: &g)
        data.itemIDs = set.items.map(\.id)
        return data
    }

    /// Simulates `persons` persons of a population θ ~ N(μ, σ²) answering the items of a parameter
    /// set, each item left out (not presented) with probability `missing`: per person, θ = μ + σ·z, then
    /// per item a uniform draw for presentation (only when `missing` > 0) and the response. Person ids
    /// are `sim1`, `sim2`…, item ids the set's. This is what `responses simulate` writes.
    /// - Parameter progress: called with the number of persons drawn so far before each person and once
    ///   at the end (a progress display; it does not change the draws).
    /// - Complexity: O(persons × Σ K_j).
    public static func responses(from set: ParameterSet, persons: Int, mean: Double, standardDeviation: Double,
                                 missing: Double = 0, generator g: inout SeededGenerator,
                                 progress: ((_ personsDone: Int) -> Void)? = nil) -> ResponseMatrix {
        let items = set.items.map(\.parameters)
        let j = items.count
        var data = ResponseMatrix(personIDs: (0..<max(0, persons)).map { "sim\($0 + 1)" }, itemIDs: set.items.map(\.id),
                                  categoryCounts: items.map(\.categoryCount))
        for p in 0..<max(0, persons) {
            progress?(p)
            let theta = mean + standardDeviation * g.nextNormal()
            for i in 0..<j {
                if missing > 0 && g.nextUniform() < missing { continue }
                data.responses[p * j + i] = response(items[i], theta: theta, generator: &g)
            }
        }
        progress?(max(0, persons))
        return data
    }

    /// Two groups of candidates in a group column, with uniform DIF built into some items: the focal group
    /// answers each DIF item as a person of θ − δ would, i.e. the item is δ harder for it at equal θ
    /// (every difficulty, threshold or step shifted by δ; the slope and asymptotes unchanged). Holland &
    /// Wainer (1993, *Differential Item Functioning*) call this uniform DIF; Mantel–Haenszel's D-DIF of a
    /// 2PL item with b-shift δ is about −2.35 · a · δ / 1.7 for moderate a.
    public struct GroupDIF: Sendable, Equatable {
        /// The group column's name (e.g. `region`) and its two values.
        public var column: String
        public var reference: String
        public var focal: String
        /// The probability that a simulated person is in the focal group.
        public var focalShare: Double
        /// The items with DIF and the shift δ (in θ units; > 0: harder for the focal group).
        public var items: Set<String>
        public var shift: Double

        public init(column: String, reference: String, focal: String, focalShare: Double = 0.5, items: Set<String>, shift: Double) {
            self.column = column; self.reference = reference; self.focal = focal; self.focalShare = focalShare
            self.items = items; self.shift = shift
        }
    }

    /// ``responses(from:persons:mean:standardDeviation:missing:generator:progress:)`` with a group column:
    /// per person first a uniform draw for the group (focal with probability `group.focalShare`), then θ,
    /// then the responses, the focal group's to the DIF items at θ − δ. The same population θ ~ N(μ, σ²)
    /// in both groups, so any difference at equal total score is the built-in DIF.
    /// - Complexity: O(persons × Σ K_j).
    public static func responses(from set: ParameterSet, persons: Int, mean: Double, standardDeviation: Double,
                                 missing: Double = 0, group: GroupDIF, generator g: inout SeededGenerator,
                                 progress: ((_ personsDone: Int) -> Void)? = nil) -> ResponseMatrix {
        let items = set.items.map(\.parameters)
        let shifted = set.items.map { group.items.contains($0.id) }
        let j = items.count
        let n = max(0, persons)
        var labels: [String] = []
        labels.reserveCapacity(n)
        var data = ResponseMatrix(personIDs: (0..<n).map { "sim\($0 + 1)" }, itemIDs: set.items.map(\.id),
                                  categoryCounts: items.map(\.categoryCount))
        for p in 0..<n {
            progress?(p)
            let focal = g.nextUniform() < group.focalShare
            labels.append(focal ? group.focal : group.reference)
            let theta = mean + standardDeviation * g.nextNormal()
            for i in 0..<j {
                if missing > 0 && g.nextUniform() < missing { continue }
                let t = focal && shifted[i] ? theta - group.shift : theta
                data.responses[p * j + i] = response(items[i], theta: t, generator: &g)
            }
        }
        data.groups[group.column] = labels
        progress?(n)
        return data
    }

    /// Parameters, θ ~ N(0, 1) and responses in one call.
    public static func generate(model: ItemModel, persons: Int, items: Int, categories: Int = 5,
                                seed: UInt64) -> (data: ResponseMatrix, parameters: [ItemParameters], thetas: [Double]) {
        var g = SeededGenerator(seed: seed)
        let params = parameters(model: model, items: items, categories: categories, generator: &g)
        let thetas = (0..<persons).map { _ in g.nextNormal() }
        return (responses(items: params, thetas: thetas, generator: &g), params, thetas)
    }

    private static func format6(_ v: Int) -> String { let s = String(v); return String(repeating: "0", count: max(0, 6 - s.count)) + s }
    private static func format3(_ v: Int) -> String { let s = String(v); return String(repeating: "0", count: max(0, 3 - s.count)) + s }
}
