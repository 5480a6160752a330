import Foundation
import Testing
import IRTModels
@testable import ItemBanking

/// Bank format 2 (issue 14): the manifest's `scale` block, and what stays as it was for version-1
/// banks — they load on N(0, 1), hash as before, and an export (written as version 2) re-imports as
/// the same bank version.
@Suite("Bank format versions")
struct BankFormatTests {
    /// The scale the version-2 fixture edits write (`fixtureScaleBlock`).
    static let fixtureScale = BankScale(latentMean: 0.1, latentVariance: 1.2, calibration: "cal-full",
                                        lastCalibrationSample: CalibrationSample(calibration: "cal-pretest", persons: 800,
                                                                                 latentMean: 0.31, latentVariance: 1.1))

    static func version2Fixture() throws -> URL {
        try mutatedBank(version2Edits.map { ($0.file, $0.find, $0.replace) })
    }

    @Test("A version-1 manifest loads on N(0, 1), with or without its schemaVersion line")
    func version1Loads() throws {
        let bank = try ItemBank.load(directory: try fixtureURL("valid").path)
        #expect(bank.manifest.scale == nil)
        #expect(bank.manifest.schemaVersion == 1)
        #expect(bank.manifest.latentDistribution == .standard)
        let unversioned = try mutatedBank([(BrokenCase.manifest, "schemaVersion: 1\n", "")])
        let validation = ItemBank.validate(directory: unversioned.path)
        #expect(validation.problems.isEmpty, "\(validation.problems)")
        #expect(try #require(validation.bank) == bank)
    }

    @Test("A version-2 manifest with a scale block loads every key, and round-trips through export")
    func version2RoundTrips() throws {
        let dir = try Self.version2Fixture()
        let validation = ItemBank.validate(directory: dir.path)
        #expect(validation.problems.isEmpty, "\(validation.problems)")
        let bank = try #require(validation.bank)
        #expect(bank.manifest.scale == Self.fixtureScale)
        #expect(bank.manifest.schemaVersion == 2)
        #expect(bank.manifest.latentDistribution == LatentDistribution(mean: 0.1, variance: 1.2))
        #expect(bank.manifest.scale?.lastCalibrationSample?.latent
                == LatentDistribution(mean: 0.31, variance: 1.1, meanEstimated: true, varianceEstimated: true))

        let out = try temporaryDirectory().appendingPathComponent("exported")
        try bank.export(to: out.path)
        let text = try String(contentsOf: out.appendingPathComponent("bank.yaml"), encoding: .utf8)
        #expect(text.contains("\nschemaVersion: 2\n"))
        #expect(text.contains("""
            scale:
              latentMean: 0.1
              latentVariance: 1.2
              calibration: "cal-full"
              lastCalibrationSample:
                calibration: "cal-pretest"
                persons: 800
                latentMean: 0.31
                latentVariance: 1.1
            """))
        let again = try ItemBank.load(directory: out.path)
        #expect(again == bank)
        #expect(try again.contentHash() == (try bank.contentHash()))
        // The scale is content: it changes the hash.
        let v1 = try ItemBank.load(directory: try fixtureURL("valid").path)
        #expect(try bank.contentHash() != (try v1.contentHash()))
    }

    @Test("The declared version does not change the content: a version-1 bank exports as version 2 and hashes as before")
    func exportOfVersion1() throws {
        let bank = try ItemBank.load(directory: try fixtureURL("valid").path)
        let out = try temporaryDirectory().appendingPathComponent("exported")
        try bank.export(to: out.path)
        let text = try String(contentsOf: out.appendingPathComponent("bank.yaml"), encoding: .utf8)
        #expect(text.contains("\nschemaVersion: 2\n"))
        #expect(!text.contains("scale:\n"))
        let again = try ItemBank.load(directory: out.path)
        #expect(again == bank)
        #expect(try again.contentHash() == (try bank.contentHash()))
        // The canonical JSON of a bank without version-2 keys is the version-1 JSON.
        let json = String(decoding: try ContentHash.canonicalJSON(bank.manifest), as: UTF8.self)
        #expect(json.contains("\"schemaVersion\":1"))
        #expect(!json.contains("\"scale\""))
    }

    @Test("certification.validityYears (format 2): loads, exports and round-trips with its own hash; default 3; out of range and version 1 refused")
    func certificationValidityRoundTrips() throws {
        let plain = try ItemBank.load(directory: try fixtureURL("valid").path)
        #expect(plain.manifest.certification == nil)
        #expect(plain.manifest.validityYears == 3)
        let block = "schemaVersion: 2\ncertification:\n  validityYears: 5\n"
        let dir = try mutatedBank([(BrokenCase.manifest, "schemaVersion: 1\n", block)])
        let validation = ItemBank.validate(directory: dir.path)
        #expect(validation.problems.isEmpty, "\(validation.problems)")
        let bank = try #require(validation.bank)
        #expect(bank.manifest.validityYears == 5)
        #expect(bank.manifest.schemaVersion == 2)
        #expect(try bank.contentHash() != (try plain.contentHash()))
        let out = try temporaryDirectory().appendingPathComponent("exported")
        try bank.export(to: out.path)
        let text = try String(contentsOf: out.appendingPathComponent("bank.yaml"), encoding: .utf8)
        #expect(text.contains("\ncertification:\n  validityYears: 5\n"))
        let again = try ItemBank.load(directory: out.path)
        #expect(again == bank)
        #expect(try again.contentHash() == (try bank.contentHash()))
        // Without the block the canonical JSON has no trace of it (hashes of earlier banks are unchanged).
        #expect(!String(decoding: try ContentHash.canonicalJSON(plain.manifest), as: UTF8.self).contains("certification\""))
        for bad in ["0", "11", "soon"] {
            let broken = try mutatedBank([(BrokenCase.manifest, "schemaVersion: 1\n", "schemaVersion: 2\ncertification:\n  validityYears: \(bad)\n")])
            let result = ItemBank.validate(directory: broken.path)
            #expect(result.bank == nil)
            #expect(result.problems.contains { $0.description.contains("validityYears") }, "\(result.problems)")
        }
        let version1 = try mutatedBank([(BrokenCase.manifest, "schemaVersion: 1\n", "schemaVersion: 1\ncertification:\n  validityYears: 5\n")])
        let refused = ItemBank.validate(directory: version1.path)
        #expect(refused.bank == nil)
        #expect(refused.problems.contains { $0.description.contains("needs schemaVersion 2") }, "\(refused.problems)")
    }

    @Test("exam.timeLimitMinutes (format 2): loads, exports and round-trips with its own hash; 0, negative and text are refused")
    func timeLimitRoundTrips() throws {
        let plain = try ItemBank.load(directory: try fixtureURL("valid").path)
        #expect(plain.manifest.exam.timeLimitMinutes == nil)
        let dir = try mutatedBank([(BrokenCase.manifest, "  maxExposure: 0.5\n", "  maxExposure: 0.5\n  timeLimitMinutes: 42.5\n")])
        let validation = ItemBank.validate(directory: dir.path)
        #expect(validation.problems.isEmpty, "\(validation.problems)")
        let bank = try #require(validation.bank)
        #expect(bank.manifest.exam.timeLimitMinutes == 42.5)
        #expect(bank.manifest.schemaVersion == 2)
        #expect(try bank.contentHash() != (try plain.contentHash()))
        let out = try temporaryDirectory().appendingPathComponent("exported")
        try bank.export(to: out.path)
        let text = try String(contentsOf: out.appendingPathComponent("bank.yaml"), encoding: .utf8)
        #expect(text.contains("\n  timeLimitMinutes: 42.5\n"))
        let again = try ItemBank.load(directory: out.path)
        #expect(again == bank)
        #expect(try again.contentHash() == (try bank.contentHash()))
        // Without the key the canonical JSON has no trace of it (hashes of earlier banks are unchanged).
        #expect(!String(decoding: try ContentHash.canonicalJSON(plain.manifest), as: UTF8.self).contains("timeLimit"))
        for bad in ["0", "-5", "soon"] {
            let broken = try mutatedBank([(BrokenCase.manifest, "  maxExposure: 0.5\n", "  maxExposure: 0.5\n  timeLimitMinutes: \(bad)\n")])
            let result = ItemBank.validate(directory: broken.path)
            #expect(result.bank == nil)
            #expect(result.problems.contains { $0.description.contains("timeLimitMinutes") }, "\(result.problems)")
        }
    }

    @Test("The stored (Codable) form keeps the scale, reads version-1 JSON and refuses a newer version")
    func codableForm() throws {
        var bank = try ItemBank.load(directory: try fixtureURL("valid").path)
        let v1JSON = try ContentHash.canonicalJSON(bank)
        #expect(try JSONDecoder().decode(ItemBank.self, from: v1JSON) == bank)
        bank.manifest.scale = Self.fixtureScale
        let v2JSON = try ContentHash.canonicalJSON(bank)
        #expect(String(decoding: v2JSON, as: UTF8.self).contains("\"schemaVersion\":2"))
        #expect(try JSONDecoder().decode(ItemBank.self, from: v2JSON) == bank)
        let manifestJSON = String(decoding: try ContentHash.canonicalJSON(bank.manifest), as: UTF8.self)
        let newer = Data(manifestJSON.replacingOccurrences(of: "\"schemaVersion\":2", with: "\"schemaVersion\":3").utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(BankManifest.self, from: newer) }
    }
}
