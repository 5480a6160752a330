import Foundation
import Testing
@testable import ItemBanking

/// One kind of validation problem: an edit of the valid fixture and where the problem must be reported.
struct BrokenCase: CustomTestStringConvertible, Sendable {
    var name: String
    var edits: [Edit]
    var file: String
    /// A text on the expected line (nil: the problem is about the file, line checked > 0 only).
    var lineMarker: String?
    var itemID: String?
    var message: String
    var severity: ProblemSeverity = .error

    struct Edit: Sendable { var file: String; var find: String; var replace: String }
    var testDescription: String { name }

    static let s1 = "items/S1.yaml", s2 = "items/S2.yaml", manifest = "bank.yaml"

    init(_ name: String, _ file: String, _ find: String, _ replace: String, marker: String?, item: String?,
         message: String, severity: ProblemSeverity = .error, also: [Edit] = [], reportedIn: String? = nil) {
        self.name = name
        self.edits = [Edit(file: file, find: find, replace: replace)] + also
        self.file = reportedIn ?? file; self.lineMarker = marker; self.itemID = item; self.message = message; self.severity = severity
    }
}

let brokenCases: [BrokenCase] = [
    .init("YAML syntax error", BrokenCase.s1, "    key: B\n    rationale: Confidentiality", "    key: [B\n    rationale: Confidentiality",
          marker: nil, item: nil, message: "YAML syntax error"),
    .init("unknown key with suggestion", BrokenCase.s1, "    rationale: Confidentiality protects", "    rationnale: Confidentiality protects",
          marker: "rationnale:", item: "S1-001", message: "unknown key `rationnale` in item S1-001; did you mean `rationale`?"),
    .init("missing required key", BrokenCase.s1, "  - id: S1-002\n    level: intermediate\n", "  - id: S1-002\n",
          marker: "- id: S1-002", item: "S1-002", message: "missing required key `level`"),
    .init("wrong type", BrokenCase.s1, "      discrimination: 1.2\n", "      discrimination: high\n",
          marker: "discrimination: high", item: "S1-001", message: "must be a number, not `high`"),
    .init("duplicate item id", BrokenCase.s2, "  - id: S2-006", "  - id: S1-001",
          marker: "- id: S1-001", item: "S1-001", message: "duplicate item id S1-001: defined at items/S1.yaml:3 and at items/S2.yaml:"),
    .init("key not among options", BrokenCase.s1, "    key: B\n    rationale: Mentors", "    key: D\n    rationale: Mentors",
          marker: "key: D", item: "S1-002", message: "key `D` is not among the option labels A, B, C"),
    .init("option labels out of order", BrokenCase.s1, "{label: C, text: Negotiating", "{label: D, text: Negotiating",
          marker: "label: D, text: Negotiating", item: "S1-002", message: "labels must be A, B, C, … in order"),
    .init("too few options", BrokenCase.s1, "      - {label: C, text: Negotiating with the bank.}\n", "",
          marker: "options:", item: "S1-002", message: "has 2 options; a multiple-choice item needs 3 to 6"),
    .init("too many options", BrokenCase.s2, "      - {label: F, text: Price-earnings.}\n",
          "      - {label: F, text: Price-earnings.}\n      - {label: G, text: Seven.}\n",
          marker: "options:", item: "S2-004", message: "has 7 options"),
    .init("category scores", BrokenCase.s1, "{score: 3, text: Fully}", "{score: 4, text: Fully}",
          marker: "categories:", item: "S1-005", message: "must be 0..3, each exactly once"),
    .init("too few categories", BrokenCase.s2, "      - {score: 2, text: Call and agree a plan.}\n", "",
          marker: "categories:", item: "S2-006", message: "has 2 categories; a graded item needs 3 to 7"),
    .init("section not in blueprint", BrokenCase.s2, "section: S2", "section: S9",
          marker: "section: S9", item: nil, message: "section `S9` is not in the blueprint"),
    .init("file section mismatch", BrokenCase.s2, "section: S2", "section: S1",
          marker: "section: S1", item: nil, message: "declares `section: S1`; name the file items/S1.yaml"),
    .init("unknown level", BrokenCase.s1, "    level: expert", "    level: expret",
          marker: "level: expret", item: "S1-004", message: "unknown level `expret`; use one of novice, intermediate, advanced, expert (did you mean `expert`?)"),
    .init("unknown status", BrokenCase.s1, "    status: draft", "    status: drafty",
          marker: "status: drafty", item: "S1-006", message: "unknown status `drafty`"),
    .init("unknown type", BrokenCase.s2, "    type: multiple-choice\n    stem: What is working capital?", "    type: multiplechoice\n    stem: What is working capital?",
          marker: "type: multiplechoice", item: "S2-005", message: "unknown item type `multiplechoice`"),
    .init("unknown tag value", BrokenCase.s1, "      sector: [general]", "      sector: [generall]",
          marker: "sector: [generall]", item: "S1-001", message: "unknown sector tag `generall`"),
    .init("unknown enemy", BrokenCase.s1, "    enemies: [S1-002]", "    enemies: [S1-099]",
          marker: "- id: S1-001", item: "S1-001", message: "enemy S1-099 is not an item of the bank"),
    .init("asymmetric enemies", BrokenCase.s1, "    enemies: [S1-001]\n", "",
          marker: "- id: S1-001", item: "S1-001", message: "lists S1-002 as an enemy but S1-002", severity: .warning),
    .init("set across sections", BrokenCase.s2, "    rationale: The current ratio measures short-term liquidity.\n",
          "    rationale: The current ratio measures short-term liquidity.\n    set: S1-SET-A\n",
          marker: "- id: S2-004", item: "S2-004", message: "set S1-SET-A has members in sections S1"),
    .init("shares do not sum to 1", BrokenCase.manifest, "break-even.\n      share: 0.5", "break-even.\n      share: 0.6",
          marker: "  sections:", item: nil, message: "blueprint shares sum to 1.1, not 1"),
    .init("minItems above maxItems", BrokenCase.manifest, "break-even.\n      share: 0.5\n      minItems: 2\n      maxItems: 4",
          "break-even.\n      share: 0.5\n      minItems: 2\n      maxItems: 1",
          marker: nil, item: nil, message: "blueprint section S2 has minItems 2 > maxItems 1"),
    .init("sum of minItems above maxLength", BrokenCase.manifest, "  maxLength: 8", "  maxLength: 3",
          marker: "maxLength: 3", item: nil, message: "below the sum of the sections' minItems (4)"),
    .init("minLength above maxLength", BrokenCase.manifest, "  minLength: 4", "  minLength: 9",
          marker: "minLength: 9", item: nil, message: "minLength 9 > maxLength 8"),
    .init("exposure infeasible", BrokenCase.manifest, "  maxExposure: 0.5", "  maxExposure: 0.2",
          marker: "minItems: 2", item: nil, message: "section S1 needs minItems 2 per exam but has 4 operational items × maxExposure 0.2"),
    .init("section without operational items", BrokenCase.manifest, "      maxItems: 4\nlevels:",
          "      maxItems: 4\n    - id: S3\n      title: Empty\n      description: No items yet.\n      share: 0\n      minItems: 0\n      maxItems: 2\nlevels:",
          marker: "- id: S3", item: nil, message: "section S3 has no operational items", severity: .warning),
    .init("level without operational items", BrokenCase.s1, "    level: expert", "    level: advanced",
          marker: "levels:", item: nil, message: "level expert has no operational items", severity: .warning,
          also: [.init(file: BrokenCase.s2, find: "    level: expert", replace: "    level: advanced")], reportedIn: BrokenCase.manifest),
    .init("cut scores out of order", BrokenCase.manifest, "  advanced: 0.5", "  advanced: 1.5",
          marker: "cutScores:", item: nil, message: "cut scores must increase: intermediate (-0.5) < advanced (1.5) < expert (1.4)"),
    .init("cut score missing", BrokenCase.manifest, "  expert: 1.4\n", "",
          marker: "intermediate: -0.5", item: nil, message: "missing required key `expert`"),
    .init("levels not the four", BrokenCase.manifest, "  - id: expert\n    title: Expert\n    description: Mentors mentors.\n", "",
          marker: "levels:", item: nil, message: "they must be exactly novice, intermediate, advanced, expert"),
    // Hard limits: the calibration's box (IRTModels.ParameterBounds), so a calibrated bank always validates.
    .init("discrimination out of range", BrokenCase.s1, "      discrimination: 1.2\n", "      discrimination: 31\n",
          marker: "discrimination: 31", item: "S1-001", message: "discrimination 31.0 is out of range"),
    .init("guessing out of range", BrokenCase.s1, "      guessing: 0.2", "      guessing: 0.96",
          marker: "guessing: 0.96", item: "S1-002", message: "guessing 0.96 is out of range; it must be in [0, 0.95]"),
    .init("upper asymptote out of range", BrokenCase.s2, "      upperAsymptote: 0.98", "      upperAsymptote: 1.2",
          marker: "upperAsymptote: 1.2", item: "S2-001", message: "upperAsymptote 1.2 is out of range"),
    // Advisory limits (issue 14): the former bank-format limits a ≤ 6, c ≤ 0.5, u > 0.5 are warnings.
    .init("discrimination above the advisory limit", BrokenCase.s1, "      discrimination: 1.2\n", "      discrimination: 7\n",
          marker: "discrimination: 7", item: "S1-001", message: "discrimination 7.0 is above 6.0", severity: .warning,
          also: [.init(file: BrokenCase.s1, find: "      intercept: 1.2\n", replace: "      intercept: 7\n")]),
    .init("guessing above the advisory limit", BrokenCase.s1, "      guessing: 0.2", "      guessing: 0.6",
          marker: "guessing: 0.6", item: "S1-002", message: "guessing 0.6 is above 0.5", severity: .warning),
    .init("upper asymptote below the advisory limit", BrokenCase.s2, "      upperAsymptote: 0.98", "      upperAsymptote: 0.4",
          marker: "upperAsymptote: 0.4", item: "S2-001", message: "upperAsymptote 0.4 is at most 0.5", severity: .warning),
    .init("grm intercepts not decreasing", BrokenCase.s1, "      intercepts: [1.5, -1.5]\n      thresholds: [-1.0, 1.0]", "      intercepts: [-1.5, 1.5]",
          marker: "intercepts: [-1.5, 1.5]", item: "S1-004", message: "grm intercepts must be strictly decreasing"),
    .init("wrong number of intercepts", BrokenCase.s2, "      intercepts: [0.5, -0.2, 0.3]", "      intercepts: [0.5, -0.2]",
          marker: "intercepts: [0.5, -0.2]", item: "S2-003", message: "2 intercepts for 4 categories"),
    .init("difficulty inconsistent with intercept", BrokenCase.s2, "      difficulty: -0.5", "      difficulty: -0.3",
          marker: "difficulty: -0.3", item: "S2-001", message: "difficulty -0.3 is inconsistent with −intercept/discrimination = -0.5"),
    .init("graded model on a multiple-choice item", BrokenCase.s1, "      model: rasch", "      model: grm",
          marker: "model: grm", item: "S1-003", message: "model grm is for graded items; a multiple-choice item takes rasch, 2pl, 3pl or 4pl"),
    .init("dichotomous model on a graded item", BrokenCase.s2, "      model: gpcm", "      model: 2pl",
          marker: "model: 2pl", item: "S2-003", message: "model 2pl is for right/wrong items; a graded item takes grm or gpcm"),
    // Bank format 2: the `scale` block (finite mean, positive finite variance, known keys, version 2).
    .scale("scale variance zero", "  latentVariance: 1.2", "  latentVariance: 0",
           marker: "  latentVariance: 0", message: "latentVariance 0 in scale must be positive"),
    .scale("scale variance infinite", "  latentVariance: 1.2", "  latentVariance: .inf",
           marker: "  latentVariance: .inf", message: "`latentVariance` in scale must be a number, not `.inf`"),
    .scale("scale mean not a number", "  latentMean: 0.1", "  latentMean: .nan",
           marker: "  latentMean: .nan", message: "`latentMean` in scale must be a number, not `.nan`"),
    .scale("scale mean beyond the limit", "  latentMean: 0.1", "  latentMean: 50",
           marker: "  latentMean: 50", message: "latentMean 50 in scale is outside ±10"),
    .scale("scale variance missing", "  latentVariance: 1.2\n", "",
           marker: "  latentMean: 0.1", message: "missing required key `latentVariance` (a number) in scale"),
    .scale("sample variance negative", "    latentVariance: 1.1", "    latentVariance: -1",
           marker: "    latentVariance: -1", message: "latentVariance -1 in scale.lastCalibrationSample must be positive"),
    .scale("sample persons zero", "    persons: 800", "    persons: 0",
           marker: "    persons: 0", message: "`persons` in scale.lastCalibrationSample must be at least 1, not 0"),
    .scale("sample without calibration", "    calibration: cal-pretest\n", "",
           marker: "    persons: 800", message: "missing required key `calibration` (a text) in scale.lastCalibrationSample"),
    .scale("unknown key in scale", "  latentMean: 0.1", "  latentMeans: 0.1",
           marker: "  latentMeans: 0.1", message: "unknown key `latentMeans` in scale; did you mean `latentMean`?"),
    .scale("scale in a version-1 manifest", "schemaVersion: 2", "schemaVersion: 1",
           marker: "scale:", message: "`scale` needs schemaVersion 2, but the manifest declares schemaVersion 1; set `schemaVersion: 2`"),
    .init("unsupported schemaVersion", BrokenCase.manifest, "schemaVersion: 1", "schemaVersion: 3",
          marker: "schemaVersion: 3", item: nil, message: "schemaVersion 3 is not supported; this engine reads schemaVersion 1 to 2"),
]

/// The valid fixture's manifest made a version-2 manifest with a `scale` block (ScaleTests use it too).
let fixtureScaleBlock = """
    scale:
      latentMean: 0.1
      latentVariance: 1.2
      calibration: cal-full
      lastCalibrationSample:
        calibration: cal-pretest
        persons: 800
        latentMean: 0.31
        latentVariance: 1.1

    """
let fixtureLastManifestLine = "  note: Provisional parameters by intended level.\n"
/// The edits that make the valid fixture a version-2 bank with ``fixtureScaleBlock``.
let version2Edits: [BrokenCase.Edit] = [
    .init(file: BrokenCase.manifest, find: "schemaVersion: 1", replace: "schemaVersion: 2"),
    .init(file: BrokenCase.manifest, find: fixtureLastManifestLine, replace: fixtureLastManifestLine + fixtureScaleBlock),
]

extension BrokenCase {
    /// A problem of the `scale` block: the fixture made version 2 with ``fixtureScaleBlock``, then one edit.
    static func scale(_ name: String, _ find: String, _ replace: String, marker: String, message: String) -> BrokenCase {
        var c = BrokenCase(name, manifest, "", "", marker: marker, item: nil, message: message)
        c.edits = version2Edits + [Edit(file: manifest, find: find, replace: replace)]
        return c
    }
}

@Suite struct ValidationTests {
    @Test func validFixtureHasNoProblems() throws {
        let result = ItemBank.validate(directory: try fixtureURL("valid").path)
        #expect(result.problems.isEmpty, "\(result.problems)")
        let bank = try #require(result.bank)
        #expect(bank.items.count == 12)
        #expect(bank.items.filter { $0.type == .graded }.count == 4)
        #expect(bank.manifest.blueprint.sections.map(\.id) == ["S1", "S2"])
        #expect(bank.item("S1-004")?.categoryCount == 3)
        #expect(bank.item("S1-005")?.scored == false)
        #expect(bank.manifest.exam.finalEstimator == .wle)
        #expect(bank.catalogue["S2-003"]?.categoryCount == 4)
        #expect(bank.catalogue["S1-001"]?.key == "B")
    }

    @Test(arguments: brokenCases)
    func reportsProblemWithFileLineAndItem(_ c: BrokenCase) throws {
        let dir = try mutatedBank(c.edits.map { ($0.file, $0.find, $0.replace) })
        let result = ItemBank.validate(directory: dir.path)
        let problem = try #require(result.problems.first { $0.message.contains(c.message) },
                                   "no problem containing “\(c.message)” in:\n\(result.problems.map(\.description).joined(separator: "\n"))")
        #expect(problem.severity == c.severity)
        #expect(problem.file == c.file)
        #expect(problem.itemID == c.itemID)
        if let marker = c.lineMarker {
            #expect(problem.line == (try line(of: marker, in: c.file, bank: dir, after: c.itemID.map { "- id: \($0)" })))
        } else {
            #expect(problem.line > 0)
        }
        #expect(problem.description.hasPrefix("\(c.file):\(problem.line): \(c.severity.rawValue): \(c.itemID.map { "[\($0)] " } ?? "")"))
        if c.severity == .error {
            #expect(!result.isValid)
            #expect(throws: ItemBankError.self) { try ItemBank.load(directory: dir.path) }
        } else {
            #expect(result.isValid)
        }
    }

    @Test func reportsEveryProblemNotJustTheFirst() throws {
        let dir = try mutatedBank([
            (BrokenCase.s1, "    level: expert", "    level: expret"),
            (BrokenCase.s2, "      upperAsymptote: 0.98", "      upperAsymptote: 1.2"),
            (BrokenCase.manifest, "  advanced: 0.5", "  advanced: 1.5"),
        ])
        let errors = ItemBank.validate(directory: dir.path).problems.errors
        #expect(errors.count >= 3)
        #expect(Set(errors.map(\.file)) == [BrokenCase.s1, BrokenCase.s2, BrokenCase.manifest])
    }

    @Test func brokenFixtureOnDisk() throws {
        let result = ItemBank.validate(directory: try fixtureURL("broken").path)
        #expect(!result.isValid)
        let descriptions = result.problems.map(\.description)
        #expect(descriptions.contains { $0.hasPrefix("items/S1.yaml:6: error: [S1-001] unknown key `stme`") }, "\(descriptions)")
        #expect(descriptions.contains { $0.hasPrefix("items/S1.yaml:12: error: [S1-001] key `E` is not among the option labels") }, "\(descriptions)")
    }

    @Test func missingDirectoryIsAProblemNotACrash() {
        let result = ItemBank.validate(directory: "/nonexistent/bank")
        #expect(result.problems.contains { $0.file == "bank.yaml" && $0.message.contains("cannot read") })
        #expect(!result.isValid)
    }
}

@Suite struct HashAndExportTests {
    @Test func identicalContentGivesIdenticalHash() throws {
        let a = try ItemBank.load(directory: try fixtureURL("valid").path)
        let b = try ItemBank.load(directory: try fixtureURL("valid").path)
        #expect(try a.contentHash() == (try b.contentHash()))
        #expect(try a.contentHash().count == 64)
        var c = a
        c.items[0].stem += " "
        #expect(try c.contentHash() != (try a.contentHash()))
    }

    @Test func exportRoundTripPreservesEveryField() throws {
        let bank = try ItemBank.load(directory: try fixtureURL("valid").path)
        let out = try temporaryDirectory().appendingPathComponent("exported")
        try bank.export(to: out.path)
        let again = try ItemBank.load(directory: out.path)
        #expect(again == bank)
        #expect(try again.contentHash() == (try bank.contentHash()))
        // A second export refuses to overwrite unless asked.
        #expect(throws: ItemBankError.self) { try bank.export(to: out.path) }
        try bank.export(to: out.path, overwrite: true)
        #expect(try ItemBank.load(directory: out.path) == bank)

        // Every key of format 2 as well: the scale, its calibration and the last calibration sample
        // (with and without the optional fields).
        for scale in [BankScale(latentMean: -0.125, latentVariance: 1.0625, calibration: "cal-\"full\": one",
                                lastCalibrationSample: CalibrationSample(calibration: "cal-pretest", persons: 812,
                                                                         latentMean: 0.2931, latentVariance: 1.1042)),
                      BankScale(lastCalibrationSample: CalibrationSample(calibration: "c", latentMean: -1e-5, latentVariance: 0.3)),
                      BankScale()] {
            var v2 = bank
            v2.manifest.scale = scale
            let dir = try temporaryDirectory().appendingPathComponent("exported-v2")
            try v2.export(to: dir.path)
            let back = try ItemBank.load(directory: dir.path)
            #expect(back == v2)
            #expect(back.manifest.scale == scale)
            #expect(try back.contentHash() == (try v2.contentHash()))
        }
    }

    @Test func exportQuotesAwkwardText() throws {
        var bank = try ItemBank.load(directory: try fixtureURL("valid").path)
        bank.items[0].stem = "Quotes \" and: colons, # hashes\nnew lines, back\\slash and ünïcode — yes: no"
        bank.items[0].rationale = "- starts like a list"
        let out = try temporaryDirectory().appendingPathComponent("exported")
        try bank.export(to: out.path)
        #expect(try ItemBank.load(directory: out.path) == bank)
    }
}
