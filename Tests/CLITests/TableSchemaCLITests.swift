import Foundation
import Tables
import Testing

/// Every CSV a command writes has the header of its table's schema (Tables), and the JSON form of a
/// table carries the schema's camelCase keys with the very numbers of the CSV.
@Suite("CLI: written tables follow their schemas", .serialized)
struct TableSchemaCLITests {
    /// The first line of a command's CSV output, split into names.
    static func header(_ args: [String], cwd: URL, status: Int32 = 0) throws -> [String] {
        let r = runMentorCert(args, cwd: cwd)
        #expect(r.status == status, "\(args.joined(separator: " ")): \(r.stderr)")
        let first = try #require(r.stdout.split(separator: "\n").first, "\(args.joined(separator: " ")) wrote nothing")
        return first.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }

    @Test("item_parameters: calibrate --format csv")
    func itemParameters() throws {
        let cwd = try temporaryWorkingDirectory()
        let data = try CalibrateCommandTests().writeData(cwd, persons: 300, items: 5)
        #expect(try Self.header(["calibrate", data.path, "--model", "2pl", "--format", "csv"], cwd: cwd)
            == TableSchema.itemParameters.csvHeader)
    }

    @Test("person_scores: score --format csv, and JSON rows with the same keys and the same numbers")
    func personScores() throws {
        let cwd = try ScoreCommandTests.setUp()
        let args = ["score", "responses.csv", "--params", "params.json", "--method", "eap"]
        #expect(try Self.header(args + ["--format", "csv"], cwd: cwd) == TableSchema.personScores.csvHeader)

        let csv = runMentorCert(args + ["--format", "csv"], cwd: cwd).stdout.split(separator: "\n").dropFirst()
        let text = runMentorCert(args + ["--format", "json"], cwd: cwd).stdout
        let keys = try #require(try jsonObject(text)["persons"] as? [[String: Any]])
        for row in keys { #expect(Set(row.keys) == Set(TableSchema.personScores.jsonKeys)) }
        // JSONDecoder reads numbers exactly (JSONSerialization on Linux does not).
        struct Row: Decodable { var personId: String; var theta: Double?; var standardError: Double? }
        struct Document: Decodable { var persons: [Row] }
        let persons = try JSONDecoder().decode(Document.self, from: Data(text.utf8)).persons
        #expect(persons.count == csv.count)
        for (line, row) in zip(csv, persons) {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            #expect(cells[0] == row.personId)
            // The CSV cell reads back as exactly the JSON number.
            #expect(cells[1] == (row.theta.map { "\($0)" } ?? ""))
            #expect(Double(cells[1]) == row.theta)
            #expect(Double(cells[2]) == row.standardError)
        }
    }

    @Test("linking: link --format csv")
    func linking() throws {
        let cwd = try LinkCommandTests.setUp()
        #expect(try Self.header(["link", "form.json", "--anchor", "bank.json", "--method", "mean-sigma", "--format", "csv"], cwd: cwd)
            == TableSchema.linking.csvHeader)
    }

    @Test("bank_problems: bank validate --format csv")
    func bankProblems() throws {
        #expect(try Self.header(["bank", "validate", brokenBank, "--format", "csv"], cwd: try temporaryWorkingDirectory(), status: 1)
            == TableSchema.bankProblems.csvHeader)
    }

    @Test("bank_versions, blueprint_sections, blueprint_coverage, bank_scale, bank_export, response_sets, response_items")
    func storedTables() throws {
        let cwd = try temporaryWorkingDirectory()
        let imported = try jsonObject(runMentorCert(["bank", "import", fixtureBank, "--format", "json"], cwd: cwd).stdout)
        let id = try #require(imported["versionId"] as? String)
        #expect(try Self.header(["bank", "list", "--format", "csv"], cwd: cwd) == TableSchema.bankVersions.csvHeader)
        #expect(try Self.header(["bank", "show", id, "--format", "csv"], cwd: cwd) == TableSchema.blueprintSections.csvHeader)
        #expect(try Self.header(["bank", "stats", id, "--format", "csv"], cwd: cwd) == TableSchema.blueprintCoverage.csvHeader)
        #expect(try Self.header(["bank", "show", id, "--table", "scale", "--format", "csv"], cwd: cwd) == TableSchema.bankScale.csvHeader)
        #expect(try Self.header(["bank", "export", id, "out", "--format", "csv"], cwd: cwd) == TableSchema.bankExport.csvHeader)

        try "person,S1-001,S1-002\np1,1,0\np2,0,1\n".write(to: cwd.appendingPathComponent("r.csv"), atomically: true, encoding: .utf8)
        let set = try jsonObject(runMentorCert(["responses", "import", "r.csv", "--bank", id, "--format", "json"], cwd: cwd).stdout)
        let setID = try #require(set["responseSetId"] as? String)
        #expect(try Self.header(["responses", "list", "--format", "csv"], cwd: cwd) == TableSchema.responseSets.csvHeader)
        #expect(try Self.header(["responses", "show", setID, "--format", "csv"], cwd: cwd) == TableSchema.responseItems.csvHeader)
    }

    @Test("dif_items, dif_mantel_haenszel, dif_logistic_regression, dif_irt_likelihood_ratio: dif --table all --format csv")
    func difTables() throws {
        let cwd = try temporaryWorkingDirectory()
        let data = try DIFCommandTests().writeData(cwd)
        let cal = runMentorCert(["calibrate", data.path, "--model", "2pl", "--ignore", "cohort", "--format", "json", "--out", "p.json",
                                 "--quiet", "--no-se", "--no-fit"], cwd: cwd)
        #expect(cal.status == 0, "\(cal.stderr)")
        let r = runMentorCert(["dif", data.path, "--group", "cohort", "--params", "p.json", "--table", "all", "--format", "csv",
                               "--out", "tables", "--quiet"], cwd: cwd)
        #expect(r.status == 0, "\(r.stderr)")
        for schema in [TableSchema.difItems, .difMantelHaenszel, .difLogisticRegression, .difIRTLikelihoodRatio] {
            let text = try String(contentsOf: cwd.appendingPathComponent("tables/\(schema.name).csv"), encoding: .utf8)
            #expect(text.split(separator: "\n").first.map(String.init) == schema.csvHeader.joined(separator: ","), "\(schema.name)")
            #expect(text.split(separator: "\n").count == 11, "\(schema.name): one row per item")
        }
    }

    @Test("standard_setting_rounds, standard_setting_judgements, ordered_item_booklet: standards … --format csv")
    func standardSetting() throws {
        let cwd = try temporaryWorkingDirectory()
        let bank = repositoryRoot.appendingPathComponent("itembanks/mentorcert").path
        let placements = repositoryRoot.appendingPathComponent("examples/standard-setting/bookmark-placements.csv").path
        let args = ["standards", "bookmark", "--bank", bank, "--placements", placements, "--format", "csv"]
        #expect(try Self.header(args, cwd: cwd) == TableSchema.standardSettingRounds.csvHeader)
        #expect(try Self.header(args + ["--table", "judgements"], cwd: cwd) == TableSchema.standardSettingJudgements.csvHeader)
        #expect(try Self.header(args + ["--table", "booklet"], cwd: cwd) == TableSchema.orderedItemBooklet.csvHeader)
        #expect(try Self.header(["standards", "bookmark", "--bank", bank, "--format", "csv"], cwd: cwd)
            == TableSchema.orderedItemBooklet.csvHeader)
    }

    @Test("every schema the engine writes is exercised above")
    func coverage() {
        #expect(Set(TableSchema.all.map(\.name)) == [
            "item_parameters", "person_scores", "linking", "bank_problems", "bank_versions", "blueprint_sections",
            "blueprint_coverage", "bank_scale", "bank_export", "response_sets", "response_items",
            "cat_simulation", "cat_conditional", "item_exposure",
            // Issue 15 (every table of a command): checked in VisibleAndConsistentTests.swift.
            "bank_item_counts", "parameter_summary", "cut_scores", "bank_import", "response_import",
            "calibration_summary", "latent_groups",
            "dif_items", "dif_mantel_haenszel", "dif_logistic_regression", "dif_irt_likelihood_ratio",
            "standard_setting_rounds", "standard_setting_judgements", "ordered_item_booklet",
            // Issue 18: checked in ReliabilityCLITests.csvAndTable.
            "reliability_coefficients", "alpha_if_deleted", "classification_indices", "information_curve",
            "section_reliability",
            // Issue 20: `cert list` and `cert register --format csv`, checked in CertCLITests.swift.
            "certificates", "certificate_register",
            // Issue 20: `candidate list` and `candidate show --format csv [--table sections]`, checked in CandidateCLITests.swift.
            "candidates", "candidate_attempts", "candidate_sections",
        ])
    }
}
