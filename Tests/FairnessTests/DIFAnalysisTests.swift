import Foundation
import IRTModels
import MathCore
import ResponseData
import Tables
import Testing
@testable import Fairness

@Suite("DIF analysis: groups, planted DIF, the report")
struct DIFAnalysisTests {
    static func items(_ count: Int) -> [ItemParameters] {
        (0..<count).map { i in
            .dichotomous(.twoPL, discrimination: 0.9 + 0.6 * Double(i % 3) / 2, difficulty: -1.6 + 3.2 * Double(i) / Double(count - 1))
        }
    }

    @Test("Groups: the smaller group is focal by default; named groups must occur and differ; >2 values need both")
    func groups() throws {
        let labels = ["a", "a", "b", "a", "NA", "", "b"]
        let g = try DIFGroups(column: "cohort", labels: labels)
        #expect(g.focal == "b" && g.reference == "a" && !g.focalNamed)
        #expect(g.focalCount == 2 && g.referenceCount == 3 && g.excludedCount == 2)
        #expect(try DIFGroups(column: "cohort", labels: labels, focal: "a").reference == "b")
        // A tie: the value that sorts last is focal.
        #expect(try DIFGroups(column: "c", labels: ["x", "y"]).focal == "y")
        #expect(throws: DIFError(.singleGroup(column: "cohort", values: ["a"]))) {
            try DIFGroups(column: "cohort", labels: ["a", "a", "NA"])
        }
        #expect(throws: DIFError(.absentGroup(column: "cohort", role: "focal", value: "z", values: ["a", "b"]))) {
            try DIFGroups(column: "cohort", labels: labels, focal: "z")
        }
        #expect(throws: DIFError(.groupsNotChosen(column: "lang", values: ["en", "fr", "hu"]))) {
            try DIFGroups(column: "lang", labels: ["en", "fr", "hu"], focal: "fr")
        }
        let three = try DIFGroups(column: "lang", labels: ["en", "fr", "hu", "en"], focal: "fr", reference: "en")
        #expect(three.isFocal == [false, true, nil, false])
        let message = DIFError(.absentGroup(column: "cohort", role: "focal", value: "z", values: ["a", "b"])).description
        #expect(message.contains("\"z\"") && message.contains("cohort") && message.contains("a, b"))
    }

    /// 15 2PL items, 1000 + 1000 persons (focal mean −0.3): items 3, 7 and 11 are harder for the focal group
    /// by 0.6, 0.8 and 1.0 logits (intercept shift), item 13 has a slope of 1.8 in the reference group and 0.5 in the
    /// focal group (non-uniform DIF). Every planted item must be flagged; at most one clean item may be.
    @Test("Planted uniform and non-uniform DIF is flagged (MH, logistic regression, IRT-LR with BH)")
    func plantedDIF() throws {
        let reference = Self.items(15)
        var focal = reference
        for (i, shift) in [(2, 0.6), (6, 0.8), (10, 1.0)] { focal[i].intercepts[0] -= shift }
        focal[12] = .dichotomous(.twoPL, discrimination: 0.5, difficulty: reference[12].difficulty)
        var ref12 = reference
        ref12[12] = .dichotomous(.twoPL, discrimination: 1.8, difficulty: reference[12].difficulty)
        let sim = TwoGroupSimulation(reference: ref12, focal: focal, focalMean: -0.3)
        let data = sim.responses(seed: 31)
        let params = ParameterSet(items: data.itemIDs.enumerated().map { ParameterSet.Item(id: $1, parameters: reference[$0]) })
        let groups = try DIFGroups(column: "group", of: data, focal: "foc")
        let report = try DIFAnalysis.run(data, groups: groups, parameters: params)
        let planted = ["I3", "I7", "I11", "I13"]
        for id in planted { #expect(report.flagged.contains(id), "planted item \(id) not flagged: \(report.items.first { $0.itemId == id }.map { "\($0)" } ?? "")") }
        let falseFlags = report.flagged.filter { !planted.contains($0) }
        #expect(falseFlags.count <= 1, "clean items flagged: \(falseFlags)")
        // The uniform items are harder for the focal group: negative MH D-DIF, ETS B or C.
        for id in ["I7", "I11"] {
            let row = try #require(report.items.first { $0.itemId == id })
            #expect((row.mhDelta ?? 0) < -1 && (row.mhClass?.isFlagged ?? false) && row.favours == "reference")
        }
        // The non-uniform item: the interaction test and the IRT-LR test see it.
        let lr13 = try #require(report.logisticRegression.first { $0.itemId == "I13" })
        #expect((lr13.pValueNonUniform ?? 1) < 0.001)
        let irt = try #require(report.irtLikelihoodRatio)
        for id in planted { #expect(irt.first { $0.itemId == id }?.significant == true, "IRT-LR misses \(id)") }
        #expect(irt.allSatisfy { $0.degreesOfFreedom == 2 })
        // The focal group's latent mean is recovered near −0.3.
        #expect(abs((report.irtFocalMean ?? 0) + 0.3) < 0.2)
    }

    @Test("Polytomous items get Mantel/SMD (AA/BB/CC) and the cumulative logit; planted graded DIF is flagged")
    func polytomous() throws {
        var reference: [ItemParameters] = Self.items(8)
        for i in 0..<4 { reference.append(.graded(discrimination: 1.2, thresholds: [-1 + 0.3 * Double(i), 0.2 * Double(i), 1])) }
        var focal = reference
        focal[9] = .graded(discrimination: 1.2, thresholds: reference[9].thresholds.map { $0 + 0.9 })
        let data = TwoGroupSimulation(reference: reference, focal: focal, referencePersons: 800, focalPersons: 800).responses(seed: 5)
        let report = try DIFAnalysis.run(data, groups: try DIFGroups(column: "group", of: data, focal: "foc"))
        let mh = try #require(report.mantelHaenszel.first { $0.itemId == "I10" })
        #expect(mh.method == "mantel" && mh.oddsRatio == nil && (mh.effectSize ?? 0) < -0.17)
        #expect(report.logisticRegression.first { $0.itemId == "I10" }?.model == "cumulative-logit")
        #expect(report.flagged.contains("I10"))
        #expect(report.irtLikelihoodRatio == nil)
        #expect(report.warnings.contains { $0.contains("IRT likelihood-ratio test was not run") })
    }

    @Test("A constant item gives nulls with a warning; JSON has every key, no NaN, and round-trips; rows match their schemas")
    func reportDocument() throws {
        var data = TwoGroupSimulation(reference: Self.items(6), focal: Self.items(6), referencePersons: 150, focalPersons: 120)
            .responses(seed: 3)
        for p in 0..<data.personCount { data.responses[p * data.itemCount + 2] = 1 }
        let report = try DIFAnalysis.run(data, groups: try DIFGroups(column: "group", of: data))
        #expect(report.focalGroup == "foc" && report.focalChoice == "smaller group")
        let constant = try #require(report.mantelHaenszel.first { $0.itemId == "I3" })
        #expect(constant.chiSquare == nil && constant.delta == nil && constant.etsClass == nil)
        #expect(report.warnings.contains { $0.contains("item I3") })
        let json = try JSONOutputForTests.encode(report)
        #expect(!json.contains("NaN") && !json.contains("Infinity"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["irtLikelihoodRatio"] is NSNull)
        let rows = try #require(object["mantelHaenszel"] as? [[String: Any]])
        #expect(Set(rows[0].keys) == Set(TableSchema.difMantelHaenszel.jsonKeys))
        let items = try #require(object["items"] as? [[String: Any]])
        #expect(Set(items[0].keys) == Set(TableSchema.difItems.jsonKeys))
        let lr = try #require(object["logisticRegression"] as? [[String: Any]])
        #expect(Set(lr[0].keys) == Set(TableSchema.difLogisticRegression.jsonKeys))
        let decoded = try JSONDecoder().decode(DIFReport.self, from: Data(json.utf8))
        #expect(decoded == report)
        let tables = try report.tables()
        #expect(tables.map(\.schema.name) == ["dif_items", "dif_mantel_haenszel", "dif_logistic_regression"])
        #expect(tables.allSatisfy { $0.warnings.isEmpty })
    }

    @Test("Errors: unknown group column, too few persons, parameters naming an absent item")
    func errors() throws {
        let data = TwoGroupSimulation(reference: Self.items(4), focal: Self.items(4), referencePersons: 20, focalPersons: 1).responses(seed: 1)
        #expect(throws: DIFError(.unknownGroupColumn(column: "sex", available: ["group"]))) {
            try DIFGroups(column: "sex", of: data)
        }
        let groups = try DIFGroups(column: "group", of: data)
        #expect(throws: DIFError(.tooFewPersons(group: "foc", persons: 1, needed: 2))) { try DIFAnalysis.run(data, groups: groups) }
        let params = ParameterSet(items: [ParameterSet.Item(id: "Q9", parameters: Self.items(1)[0]), ParameterSet.Item(id: "I1", parameters: Self.items(1)[0])])
        #expect(throws: DIFError(.itemNotInResponses(item: "Q9"))) { try DIFAnalysis.run(data, groups: groups, parameters: params) }
    }
}

enum JSONOutputForTests {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
