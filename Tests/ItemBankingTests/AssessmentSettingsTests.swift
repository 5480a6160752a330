import Foundation
import Testing
@testable import ItemBanking

/// The `assessments:` and `sectorModules:` blocks (bank format 2, DECISIONS §3, §11): parsing, the
/// resolution of a type against the bank, export round trip and hash, and `bank validate`'s refusals.
@Suite struct AssessmentSettingsTests {
    /// The fixture bank as format 2 with a block appended after `exam:` … `sectionMaxSE: 0.5`.
    static func bank(with block: String) throws -> URL {
        try mutatedBank([(BrokenCase.manifest, "schemaVersion: 1\n", "schemaVersion: 2\n"),
                         (BrokenCase.manifest, "  sectionMaxSE: 0.5\n", "  sectionMaxSE: 0.5\n" + block)])
    }

    static let block = """
        assessments:
          entry:
            minLength: 2
            maxLength: 5
            stop: classification
            confidence: 0.9
            timeLimitMinutes: 20
            sections:
              S1: {minItems: 1, maxItems: 3}
              S2: {minItems: 1}
          final:
            stop: sprt
            indifference: 0.3
            targetSE: 0.4
            selfAssessmentItems: true
        sectorModules:
          - id: tourism
            title: Tourism sector
            sector: tourism
            cut: 0.25
            maxSE: 0.8

        """

    @Test("Settings are read, resolved per type (absent keys from the bank), exported and re-read with the same hash")
    func parseResolveRoundTrip() throws {
        let plain = try ItemBank.load(directory: try fixtureURL("valid").path)
        let validation = ItemBank.validate(directory: try Self.bank(with: Self.block).path)
        #expect(!validation.problems.hasErrors, "\(validation.problems)")
        let bank = try #require(validation.bank)
        let m = bank.manifest
        #expect(m.schemaVersion == 2)
        #expect(m.assessments?.entry == AssessmentSettings(minLength: 2, maxLength: 5, stop: .classification, confidence: 0.9,
                                                          timeLimitMinutes: 20,
                                                          sections: ["S1": SectionBounds(minItems: 1, maxItems: 3),
                                                                     "S2": SectionBounds(minItems: 1)]))
        #expect(m.assessments?.continuing == nil)
        #expect(m.sectorModules == [SectorModule(id: "tourism", title: "Tourism sector", sector: "tourism", cut: 0.25, maxSE: 0.8)])

        let entry = m.assessment(.entry)
        #expect(entry.exam.minLength == 2 && entry.exam.maxLength == 5)
        #expect(entry.exam.targetSE == 0.3)            // the bank's
        #expect(entry.exam.timeLimitMinutes == 20)
        #expect(entry.stop == .classification && entry.confidence == 0.9)
        #expect(entry.sections.map(\.minItems) == [1, 1] && entry.sections.map(\.maxItems) == [3, 4])
        #expect(entry.selfAssessmentItems)               // default for entry
        #expect(entry.configured)
        let continuing = m.assessment(.continuing)      // no settings: the bank's exam settings
        #expect(continuing.exam == m.exam && continuing.stop == .se && !continuing.selfAssessmentItems && !continuing.configured)
        #expect(continuing.sections == m.blueprint.sections && continuing.use.isEmpty)
        let final = m.assessment(.final)
        #expect(final.stop == .sprt && final.indifference == 0.3 && final.exam.targetSE == 0.4 && final.selfAssessmentItems)
        #expect(final.exam.minLength == 4 && final.exam.maxLength == 8)

        // Round trip: export, read back, same bank and hash; the plain bank's canonical JSON has no trace.
        let out = try temporaryDirectory().appendingPathComponent("exported")
        try bank.export(to: out.path)
        let again = try ItemBank.load(directory: out.path)
        #expect(again == bank)
        #expect(try again.contentHash() == (try bank.contentHash()))
        #expect(try bank.contentHash() != (try plain.contentHash()))
        let json = String(decoding: try ContentHash.canonicalJSON(plain.manifest), as: UTF8.self)
        #expect(!json.contains("assessments") && !json.contains("sectorModules"))
        #expect(plain.manifest.schemaVersion == 1)
        // The stored (Codable) form keeps them.
        #expect(try JSONDecoder().decode(ItemBank.self, from: try ContentHash.canonicalJSON(bank)) == bank)
    }

    @Test("The item pool restriction admits items whose tags.use names one of the type's uses")
    func poolRestriction() throws {
        let bank = try #require(ItemBank.validate(directory: try Self.bank(with: """
            assessments:
              entry:
                use: [entry]
                minLength: 1
                sections:
                  S1: {minItems: 0}
                  S2: {minItems: 0}

            """).path).bank)
        let plan = bank.manifest.assessment(.entry)
        let admitted = bank.items.filter(plan.admits).map(\.id)
        let expected = bank.items.filter { $0.tags.use.contains("entry") }.map(\.id)
        #expect(!expected.isEmpty && admitted == expected)
        #expect(bank.manifest.assessment(.final).use.isEmpty)
        #expect(bank.items.allSatisfy(bank.manifest.assessment(.final).admits))
    }

    /// Each refusal names the type, the section where there is one, and what to change.
    @Test("bank validate refuses a type whose blueprint cannot be met", arguments: [
        // 4 operational S1 items × maxExposure 0.5 = 2 < 3
        ("  entry:\n    sections:\n      S1: {minItems: 3, maxItems: 4}\n", ["entry assessment", "section S1", "maxExposure", "lower minItems of S1"]),
        // sum of minimums 2 + 2 = 4 > maxLength 3
        ("  continuing:\n    minLength: 3\n    maxLength: 3\n", ["continuing assessment", "maxLength 3", "sum of its sections' minItems (4)"]),
        // the restriction leaves too few items
        ("  final:\n    use: [entry]\n", ["final assessment", "use` entry", "minLength"]),
        ("  final:\n    use: [entyr]\n", ["final assessment", "did you mean `entry`"]),
        ("  entry:\n    sections:\n      S9: {minItems: 1}\n", ["entry assessment", "S9", "not in the blueprint"]),
        ("  entry:\n    minLength: 9\n", ["entry assessment", "minLength 9 > maxLength 8"]),
        ("  entry:\n    stop: sprtt\n", ["stopping rule", "did you mean `sprt`"]),
    ])
    func infeasibleTypes(block: String, fragments: [String]) throws {
        let validation = ItemBank.validate(directory: try Self.bank(with: "assessments:\n" + block + "\n").path)
        #expect(validation.bank == nil)
        let errors = validation.problems.filter { $0.severity == .error }.map(\.description)
        #expect(errors.contains { e in fragments.allSatisfy(e.contains) }, "\(errors)")
    }

    @Test("A sector module needs a known sector with scored operational items, and a version-1 manifest refuses the blocks")
    func sectorModuleAndVersionErrors() throws {
        let unknown = ItemBank.validate(directory: try Self.bank(with: "sectorModules:\n  - {id: x, title: X, sector: turism, cut: 0}\n").path)
        #expect(unknown.problems.contains { $0.severity == .error && $0.description.contains("did you mean `tourism`") }, "\(unknown.problems)")
        let empty = ItemBank.validate(directory: try Self.bank(with: "sectorModules:\n  - {id: agro, title: Agro, sector: agro-food, cut: 0}\n").path)
        #expect(empty.problems.contains { $0.severity == .error && $0.description.contains("sector module agro has no scored operational item") },
                "\(empty.problems)")
        let v1 = try mutatedBank([(BrokenCase.manifest, "  sectionMaxSE: 0.5\n", "  sectionMaxSE: 0.5\nassessments:\n  entry:\n    minLength: 2\n")])
        let refused = ItemBank.validate(directory: v1.path)
        #expect(refused.problems.contains { $0.description.contains("`assessments` needs schemaVersion 2") }, "\(refused.problems)")
    }
}
