import Foundation
import Tables
import Testing

// Issue 15, "Visible and consistent": progress on a terminal, every table in every format, options only
// where they act, stored response sets wherever a response file goes, and `link --anchor` like `--params`.

// `runMentorCert(_:cwd:environment:)` (BackgroundRunner.swift) runs the binary with extra environment variables.

/// Runs `mentorcert args` under a pseudo-terminal (`script -qec`), so that standard error *is* a terminal;
/// returns what the terminal showed (standard output and standard error together).
func runMentorCertOnTerminal(_ args: [String], cwd: URL) -> (status: Int32, screen: String) {
    guard let binary = mentorCertBinary() else {
        Issue.record("no mentorcert executable; build it first with `swift build`")
        return (-1, "")
    }
    func quoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
    let command = ([binary.path] + args).map(quoted).joined(separator: " ")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
    process.arguments = ["-qec", command, "/dev/null"]
    process.currentDirectoryURL = cwd
    var environment = ProcessInfo.processInfo.environment
    environment["MENTORCERT_PROGRESS"] = nil
    process.environment = environment
    let out = Pipe()
    process.standardOutput = out
    process.standardError = out
    process.standardInput = FileHandle.nullDevice
    do { try process.run() } catch { return (-1, "cannot run script: \(error)") }
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// The lines of a CSV text split into cells (no quoted commas in these tests).
private func csvRows(_ text: String) -> [[String]] {
    text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
}

private func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text.prefix(300))")
}

// MARK: - Progress

@Suite("CLI: progress on a terminal, none when piped", .serialized)
struct ProgressCLITests {
    static let progressOn = ["MENTORCERT_PROGRESS": "1"]

    /// A store holding the fixture bank and 600 simulated persons of the bundled bank.
    static func scoringSetUp() throws -> (dir: URL, bank: String) {
        try CalibrateCommandTests().bundledBankResponses(persons: 600, seed: 5, out: "sim.csv")
    }

    @Test("score: MENTORCERT_PROGRESS=1 draws the progress line; piped, or with --quiet, it draws none")
    func scoring() throws {
        let (dir, bank) = try Self.scoringSetUp()
        let args = ["score", "sim.csv", "--params", bank, "--method", "eap", "--format", "csv"]
        let forced = try runMentorCert(args, cwd: dir, environment: Self.progressOn)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(forced.stderr.contains("\rscoring: "), "\(forced.stderr.debugDescription)")
        #expect(forced.stderr.contains("100% (600 of 600 persons)"))
        // The output itself is untouched by progress.
        #expect(forced.stdout.hasPrefix("person_id,theta"))
        let piped = try runMentorCert(args, cwd: dir, environment: [:])
        #expect(piped.status == 0)
        #expect(!piped.stderr.contains("scoring:") && !piped.stderr.contains("\r"), "\(piped.stderr.debugDescription)")
        #expect(piped.stdout == forced.stdout)
        let quiet = try runMentorCert(args + ["--quiet"], cwd: dir, environment: Self.progressOn)
        #expect(quiet.status == 0)
        #expect(!quiet.stderr.contains("scoring:"), "\(quiet.stderr.debugDescription)")
        let off = try runMentorCert(args, cwd: dir, environment: ["MENTORCERT_PROGRESS": "0"])
        #expect(!off.stderr.contains("scoring:"))
    }

    @Test("on a real terminal (a pseudo-terminal from script) the progress line appears without the variable",
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs script(1) from util-linux/bsdutils"))
    func pseudoTerminal() throws {
        let (dir, bank) = try Self.scoringSetUp()
        let r = runMentorCertOnTerminal(["score", "sim.csv", "--params", bank, "--method", "eap", "--out", "scores.csv"], cwd: dir)
        #expect(r.status == 0, "\(r.screen)")
        #expect(r.screen.contains("scoring: "), "\(r.screen.debugDescription)")
        #expect(r.screen.contains("100% (600 of 600 persons)"))
        let quiet = runMentorCertOnTerminal(["score", "sim.csv", "--params", bank, "--method", "eap", "--out", "q.csv", "--quiet"], cwd: dir)
        #expect(quiet.status == 0, "\(quiet.screen)")
        #expect(!quiet.screen.contains("scoring:"), "\(quiet.screen.debugDescription)")
    }

    @Test("calibrate, responses import, responses simulate and bank simulate-field-test report progress")
    func longRuns() throws {
        let (dir, bank) = try Self.scoringSetUp()
        let simulate = try runMentorCert(["responses", "simulate", "--bank", bank, "--persons", "50", "--out", "more.csv"],
                                     cwd: dir, environment: Self.progressOn)
        #expect(simulate.status == 0, "\(simulate.stderr)")
        #expect(simulate.stderr.contains("\rsimulating: ") && simulate.stderr.contains("100% (50 of 50 persons)"),
                "\(simulate.stderr.debugDescription)")

        let imported = try runMentorCert(["responses", "import", "sim.csv", "--bank", bank, "--store", "s.sqlite"],
                                     cwd: dir, environment: Self.progressOn)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stderr.contains("\rreading sim.csv: "), "\(imported.stderr.debugDescription)")
        #expect(imported.stderr.contains("\rstoring: 600 persons"))

        let data = try CalibrateCommandTests().writeData(dir, persons: 300, items: 5)
        let calibrated = try runMentorCert(["calibrate", data.path, "--model", "2pl", "--no-se", "--format", "csv"],
                                       cwd: dir, environment: Self.progressOn)
        #expect(calibrated.status == 0, "\(calibrated.stderr)")
        #expect(calibrated.stderr.contains("\rcalibrating: E-step 1,"), "\(calibrated.stderr.debugDescription)")
        #expect(calibrated.stderr.contains("calibrating: done"))
        let pipedCalibration = try runMentorCert(["calibrate", data.path, "--model", "2pl", "--no-se", "--format", "csv"],
                                             cwd: dir, environment: [:])
        #expect(!pipedCalibration.stderr.contains("calibrating"), "\(pipedCalibration.stderr.debugDescription)")

        let field = try runMentorCert(["bank", "simulate-field-test", fixtureBank, "--persons", "200"], cwd: dir,
                                  environment: Self.progressOn)
        #expect(field.status == 0, "\(field.stderr)")
        #expect(field.stderr.contains("\rsimulated field test: E-step 1,"), "\(field.stderr.debugDescription)")
        let fieldPiped = try runMentorCert(["bank", "simulate-field-test", fixtureBank, "--persons", "200"], cwd: dir, environment: [:])
        #expect(!fieldPiped.stderr.contains("simulated field test:"))
    }
}

// MARK: - Every table in every format

@Suite("CLI: --format and --table give every table of a command", .serialized)
struct EveryTableCLITests {
    /// A store with the fixture bank imported; its version id.
    static func store() throws -> (dir: URL, version: String) {
        let cwd = try temporaryWorkingDirectory()
        let imported = runMentorCert(["bank", "import", fixtureBank, "--format", "csv"], cwd: cwd)
        #expect(imported.status == 0, "\(imported.stderr)")
        let rows = csvRows(imported.stdout)
        // bank import --format csv: the bank_import table.
        #expect(rows.first == TableSchema.bankImport.csvHeader)
        let id = try #require(rows.dropFirst().first?.first)
        return (cwd, id)
    }

    /// The header of `args`' CSV output.
    static func header(_ args: [String], cwd: URL) -> [String]? {
        let r = runMentorCert(args, cwd: cwd)
        #expect(r.status == 0, "\(args.joined(separator: " ")): \(r.stderr)")
        return csvRows(r.stdout).first
    }

    @Test("bank stats: the main table, --table NAME for the other two, --table all --out DIR, JSON with each")
    func bankStats() throws {
        let (cwd, id) = try Self.store()
        #expect(Self.header(["bank", "stats", id, "--format", "csv"], cwd: cwd) == TableSchema.blueprintCoverage.csvHeader)
        #expect(Self.header(["bank", "stats", id, "--format", "csv", "--table", "bank_item_counts"], cwd: cwd)
            == TableSchema.bankItemCounts.csvHeader)
        #expect(Self.header(["bank", "stats", id, "--format", "csv", "--table", "parameter_summary"], cwd: cwd)
            == TableSchema.parameterSummary.csvHeader)

        let all = runMentorCert(["bank", "stats", id, "--format", "csv", "--table", "all", "--out", "stats"], cwd: cwd)
        #expect(all.status == 0, "\(all.stderr)")
        #expect(all.stdout.isEmpty)
        for schema in [TableSchema.blueprintCoverage, .bankItemCounts, .parameterSummary, .bankScale] {
            let text = try String(contentsOf: cwd.appendingPathComponent("stats/\(schema.name).csv"), encoding: .utf8)
            #expect(csvRows(text).first == schema.csvHeader, "\(schema.name)")
        }
        let manifest = try json(String(contentsOf: cwd.appendingPathComponent("stats/manifest.json"), encoding: .utf8))
        let tables = try #require(manifest["tables"] as? [[String: Any]])
        // bank_scale (the core branch's table) is one of the command's tables, so `all` writes it too.
        #expect(tables.compactMap { $0["schema"] as? String }
            == ["blueprint_coverage", "bank_item_counts", "parameter_summary", "bank_scale"])

        let doc = try json(runMentorCert(["bank", "stats", id, "--format", "json"], cwd: cwd).stdout)
        let statistics = try #require(doc["statistics"] as? [String: Any])
        for (key, schema) in [("coverage", TableSchema.blueprintCoverage), ("counts", .bankItemCounts), ("parameters", .parameterSummary)] {
            let rows = try #require(statistics[key] as? [[String: Any]], "\(key)")
            #expect(!rows.isEmpty, "\(key)")
            for row in rows { #expect(Set(row.keys) == Set(schema.jsonKeys), "\(key)") }
        }
        // The CSV and the JSON carry the same counts.
        let counts = csvRows(runMentorCert(["bank", "stats", id, "--format", "csv", "--table", "bank_item_counts"], cwd: cwd).stdout)
        #expect(counts.count - 1 == (statistics["counts"] as? [[String: Any]])?.count)
    }

    @Test("bank show: sections, the version row, cut scores and item counts in CSV and JSON")
    func bankShow() throws {
        let (cwd, id) = try Self.store()
        #expect(Self.header(["bank", "show", id, "--format", "csv"], cwd: cwd) == TableSchema.blueprintSections.csvHeader)
        #expect(Self.header(["bank", "show", id, "--format", "csv", "--table", "bank_versions"], cwd: cwd)
            == TableSchema.bankVersions.csvHeader)
        let cuts = runMentorCert(["bank", "show", id, "--format", "csv", "--table", "cut_scores"], cwd: cwd)
        #expect(csvRows(cuts.stdout).first == TableSchema.cutScores.csvHeader)
        #expect(csvRows(cuts.stdout).count == 4)
        #expect(Self.header(["bank", "show", id, "--format", "csv", "--table", "bank_item_counts"], cwd: cwd)
            == TableSchema.bankItemCounts.csvHeader)
        let doc = try json(runMentorCert(["bank", "show", id, "--format", "json"], cwd: cwd).stdout)
        for (key, schema) in [("blueprintSections", TableSchema.blueprintSections), ("cutScores", .cutScores), ("itemCounts", .bankItemCounts)] {
            let rows = try #require(doc[key] as? [[String: Any]], "\(key)")
            #expect(!rows.isEmpty)
            for row in rows { #expect(Set(row.keys) == Set(schema.jsonKeys), "\(key)") }
        }
        // The terminal form can show one table alone, under its schema's column names.
        let one = runMentorCert(["bank", "show", id, "--table", "cut_scores"], cwd: cwd)
        #expect(one.stdout.hasPrefix("level         cutScore  certificationLevel\n"), "\(one.stdout)")
    }

    @Test("bank validate: the problems, and the item counts of a valid bank")
    func bankValidate() throws {
        let cwd = try temporaryWorkingDirectory()
        #expect(Self.header(["bank", "validate", fixtureBank, "--format", "csv"], cwd: cwd) == TableSchema.bankProblems.csvHeader)
        let counts = runMentorCert(["bank", "validate", fixtureBank, "--format", "csv", "--table", "bank_item_counts"], cwd: cwd)
        #expect(counts.status == 0, "\(counts.stderr)")
        let rows = csvRows(counts.stdout)
        #expect(rows.first == TableSchema.bankItemCounts.csvHeader)
        // The counts add up to the bank's 12 items.
        #expect(rows.dropFirst().compactMap { Int($0[3]) }.reduce(0, +) == 12)
        let doc = try json(runMentorCert(["bank", "validate", fixtureBank, "--format", "json"], cwd: cwd).stdout)
        let items = try #require(doc["itemCounts"] as? [[String: Any]])
        for row in items { #expect(Set(row.keys) == Set(TableSchema.bankItemCounts.jsonKeys)) }
    }

    @Test("responses import and responses show: every table in CSV")
    func responses() throws {
        let (cwd, id) = try Self.store()
        try "person,S1-001,S1-002\np1,1,0\np2,0,1\n".write(to: cwd.appendingPathComponent("r.csv"), atomically: true, encoding: .utf8)
        let imported = runMentorCert(["responses", "import", "r.csv", "--bank", id, "--format", "csv"], cwd: cwd)
        #expect(imported.status == 0, "\(imported.stderr)")
        let rows = csvRows(imported.stdout)
        #expect(rows.first == TableSchema.responseImport.csvHeader)
        let setID = try #require(rows.dropFirst().first?.first)
        #expect(rows.dropFirst().first?[2] == "2")
        // Its JSON form has the same keys (and the list of skipped rows).
        let doc = try json(runMentorCert(["responses", "import", "r.csv", "--bank", id, "--format", "json"], cwd: cwd).stdout)
        #expect(Set(TableSchema.responseImport.jsonKeys).isSubset(of: Set(doc.keys)))
        #expect(Self.header(["responses", "show", setID, "--format", "csv", "--table", "response_sets"], cwd: cwd)
            == TableSchema.responseSets.csvHeader)
        let all = runMentorCert(["responses", "show", setID, "--format", "csv", "--table", "all", "--out", "set"], cwd: cwd)
        #expect(all.status == 0, "\(all.stderr)")
        for name in ["response_items", "response_sets"] {
            #expect(FileManager.default.fileExists(atPath: cwd.appendingPathComponent("set/\(name).csv").path), "\(name)")
        }
    }

    @Test("calibrate: item_parameters, calibration_summary, latent_groups; the terminal table marks fixed items")
    func calibrate() throws {
        let cwd = try temporaryWorkingDirectory()
        let data = try CalibrateCommandTests().writeData(cwd, persons: 300, items: 5)
        let base = ["calibrate", data.path, "--model", "2pl", "--no-se"]
        let summary = runMentorCert(base + ["--format", "csv", "--table", "calibration_summary"], cwd: cwd)
        #expect(summary.status == 0, "\(summary.stderr)")
        let rows = csvRows(summary.stdout)
        #expect(rows.first == TableSchema.calibrationSummary.csvHeader)
        #expect(rows.count == 2)
        #expect(Self.header(base + ["--format", "csv", "--table", "latent_groups"], cwd: cwd) == TableSchema.latentGroups.csvHeader)
        // The JSON carries the summary's columns at its top level.
        let doc = try json(runMentorCert(base + ["--format", "json"], cwd: cwd).stdout)
        #expect(Set(TableSchema.calibrationSummary.jsonKeys).isSubset(of: Set(doc.keys)))

        let terminal = runMentorCert(base, cwd: cwd)
        #expect(terminal.status == 0, "\(terminal.stderr)")
        let lines = terminal.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let headerIndex = try #require(lines.firstIndex { $0.hasPrefix("itemId") }, "\(terminal.stdout)")
        let header = lines[headerIndex]
        #expect(header.contains("fixed") && header.contains("discrimination"))
        // A rule under the header, then numbers right-aligned: the last digit of every slope sits under the
        // last letter of `discrimination`.
        #expect(lines[headerIndex + 1].hasPrefix("------"))
        let end = try #require(header.range(of: "discrimination")).upperBound
        let column = header.distance(from: header.startIndex, to: end)
        for row in lines[(headerIndex + 2)...(headerIndex + 6)] {
            let chars = Array(row)
            #expect(chars.count >= column && chars[column - 1].isNumber && (column == chars.count || chars[column] == " "), "\(row)")
            #expect(row.contains(" false "), "an estimated item is marked: \(row)")
        }
    }

    @Test("calibrate --bank --fixed-operational: fixed items are marked true, estimated ones false")
    func fixedColumn() throws {
        let (dir, bank) = try CalibrateCommandTests().bundledBankResponses(persons: 300, seed: 3, out: "sim.csv")
        let r = runMentorCert(["calibrate", "sim.csv", "--bank", bank, "--fixed-operational", "--no-se", "--no-fit",
                               "--no-item-analysis", "--store", "s.sqlite"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let header = try #require(r.stdout.split(separator: "\n").first { $0.hasPrefix("itemId") })
        #expect(header.contains("fixed"))
        let rows = r.stdout.split(separator: "\n").filter { $0.hasPrefix("S") && $0.contains("-0") }
        let fixed = rows.filter { $0.split(separator: " ", omittingEmptySubsequences: true).dropFirst(2).first == "true" }.count
        let estimated = rows.filter { $0.split(separator: " ", omittingEmptySubsequences: true).dropFirst(2).first == "false" }.count
        #expect(estimated == 24, "the pretest items")
        #expect(fixed > 250)
    }
}

// MARK: - Options only where they act

@Suite("CLI: options appear only on the commands they affect")
struct OptionPlacementCLITests {
    static func help(_ command: [String]) -> String {
        let r = runMentorCert(command + ["--help"], cwd: FileManager.default.temporaryDirectory)
        #expect(r.status == 0, "\(command): \(r.stderr)")
        return r.stdout
    }

    static let commands: [[String]] = [
        ["bank", "validate"], ["bank", "import"], ["bank", "list"], ["bank", "show"], ["bank", "stats"], ["bank", "export"],
        ["bank", "simulate-field-test"], ["responses", "import"], ["responses", "list"], ["responses", "show"],
        ["responses", "simulate"], ["calibrate"], ["score"], ["link"],
    ]

    @Test("--seed only where there is randomness; --store only where the store is read or written")
    func seedAndStore() {
        for command in Self.commands {
            let text = Self.help(command)
            let random = command == ["responses", "simulate"] || command == ["bank", "simulate-field-test"]
            #expect(text.contains("--seed") == random, "\(command.joined(separator: " "))")
            let noStore = command == ["bank", "validate"] || command == ["bank", "simulate-field-test"]
            #expect(text.contains("--store") == !noStore, "\(command.joined(separator: " "))")
        }
    }

    @Test("--format and --out only where they change the output; --table only on commands with several tables")
    func formatAndTable() {
        for command in Self.commands {
            let text = Self.help(command)
            let noFormat = command == ["responses", "simulate"] || command == ["bank", "simulate-field-test"]
            #expect(text.contains("--format") == !noFormat, "\(command.joined(separator: " "))")
            let tables = [["bank", "validate"], ["bank", "show"], ["bank", "stats"], ["responses", "show"], ["calibrate"]]
                .contains(command)
            #expect(text.contains("--table") == tables, "\(command.joined(separator: " "))")
        }
        #expect(!Self.help(["bank", "simulate-field-test"]).contains("--out"))
        #expect(Self.help(["bank", "stats"]).contains("parameter_summary"), "the help names the tables")
    }

    @Test("an option a command does not take is refused with exit 64")
    func refused() throws {
        let cwd = try temporaryWorkingDirectory()
        let r = runMentorCert(["bank", "validate", fixtureBank, "--store", "s.sqlite"], cwd: cwd)
        #expect(r.status == 64)
        #expect(!FileManager.default.fileExists(atPath: cwd.appendingPathComponent("s.sqlite").path))
        #expect(runMentorCert(["score", "r.csv", "--params", "p.json", "--method", "eap", "--seed", "3"], cwd: cwd).status == 64)
    }
}

// MARK: - Stored response sets and anchors

@Suite("CLI: a stored response set works wherever a response file does", .serialized)
struct StoredResponseSetCLITests {
    /// A working directory with `data.csv` (300 × 5, no bank) stored as a response set; its id.
    static func storedSet() throws -> (dir: URL, file: String, set: String) {
        let dir = try temporaryWorkingDirectory()
        let data = try CalibrateCommandTests().writeData(dir, persons: 300, items: 5)
        let r = runMentorCert(["responses", "import", data.path, "--format", "csv"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let set = try #require(csvRows(r.stdout).dropFirst().first?.first)
        return (dir, data.path, set)
    }

    @Test("calibrate SET gives exactly the calibration of the file it was imported from")
    func calibrateSet() throws {
        let (dir, file, set) = try Self.storedSet()
        let fromFile = runMentorCert(["calibrate", file, "--model", "2pl", "--format", "csv"], cwd: dir)
        let fromSet = runMentorCert(["calibrate", set, "--model", "2pl", "--format", "csv"], cwd: dir)
        #expect(fromFile.status == 0 && fromSet.status == 0, "\(fromSet.stderr)")
        #expect(fromSet.stdout == fromFile.stdout)
        // A unique prefix works too.
        let prefix = runMentorCert(["calibrate", String(set.prefix(8)), "--model", "2pl", "--format", "csv"], cwd: dir)
        #expect(prefix.stdout == fromFile.stdout, "\(prefix.stderr)")
    }

    @Test("score SET gives exactly the scores of the file")
    func scoreSet() throws {
        let (dir, file, set) = try Self.storedSet()
        let params = runMentorCert(["calibrate", file, "--model", "2pl", "--no-se", "--format", "json", "--out", "p.json"], cwd: dir)
        #expect(params.status == 0, "\(params.stderr)")
        let fromFile = runMentorCert(["score", file, "--params", "p.json", "--method", "wle", "--format", "csv"], cwd: dir)
        let fromSet = runMentorCert(["score", set, "--params", "p.json", "--method", "wle", "--format", "csv"], cwd: dir)
        #expect(fromFile.status == 0 && fromSet.status == 0, "\(fromSet.stderr)")
        #expect(fromSet.stdout == fromFile.stdout)
        #expect(csvRows(fromSet.stdout).count == 301)
    }

    @Test("calibrate SET --bank and score SET --params VERSION use the stored set against the bank")
    func bankSet() throws {
        let (dir, bank) = try CalibrateCommandTests().bundledBankResponses(persons: 300, seed: 3, out: "sim.csv")
        let imported = runMentorCert(["responses", "import", "sim.csv", "--bank", bank, "--store", "s.sqlite", "--format", "csv"], cwd: dir)
        #expect(imported.status == 0, "\(imported.stderr)")
        let row = try #require(csvRows(imported.stdout).dropFirst().first)
        let set = row[0], version = try #require(row[5].isEmpty ? nil : row[5])
        let cal = runMentorCert(["calibrate", set, "--bank", version, "--fixed-operational", "--no-se", "--no-fit",
                                 "--format", "json", "--store", "s.sqlite"], cwd: dir)
        #expect(cal.status == 0, "\(cal.stderr)")
        let provenance = try #require(try json(cal.stdout)["provenance"] as? [String: Any])
        #expect(provenance["responseSet"] as? String == set, "the stored set itself is the calibration's data")
        let scored = runMentorCert(["score", set, "--params", version, "--method", "eap", "--format", "csv", "--store", "s.sqlite"], cwd: dir)
        #expect(scored.status == 0, "\(scored.stderr)")
        let fromFile = runMentorCert(["score", "sim.csv", "--params", version, "--method", "eap", "--format", "csv", "--store", "s.sqlite"], cwd: dir)
        #expect(scored.stdout == fromFile.stdout)
    }

    @Test("a set id that is not in the store, and file-reading options with a set, are refused")
    func refusals() throws {
        let (dir, _, set) = try Self.storedSet()
        let unknown = runMentorCert(["calibrate", "abcdef123456", "--model", "2pl"], cwd: dir)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("abcdef123456") && unknown.stderr.contains("no such response file")
            && unknown.stderr.contains("responses list"), "\(unknown.stderr)")
        let ignored = runMentorCert(["calibrate", set, "--model", "2pl", "--ignore", "i1"], cwd: dir)
        #expect(ignored.status == 64, "\(ignored.stderr)")
        #expect(ignored.stderr.contains("--ignore"))
        let group = runMentorCert(["calibrate", set, "--model", "2pl", "--group", "g"], cwd: dir)
        #expect(group.status == 1)
        #expect(group.stderr.contains("no group column g"), "\(group.stderr)")
    }
}

@Suite("CLI: link --anchor takes what score --params takes", .serialized)
struct LinkAnchorCLITests {
    @Test("--anchor as a bank directory and as a stored bank version gives the link of the bank's parameter file")
    func anchorBank() throws {
        let (dir, bank) = try CalibrateCommandTests().bundledBankResponses(persons: 400, seed: 11, out: "sim.csv")
        // The form: the first 20 dichotomous items of the bank (columns holding only 0 and 1), calibrated
        // on their own as 2PL items.
        let rows = csvRows(try String(contentsOf: dir.appendingPathComponent("sim.csv"), encoding: .utf8))
        let header = try #require(rows.first)
        let binary = (1..<header.count).filter { j in rows.dropFirst().allSatisfy { $0[j] == "0" || $0[j] == "1" } }
        let dichotomous = binary.prefix(20).map { header[$0] }
        let ignored = header.dropFirst().filter { !dichotomous.contains($0) }
        let form = runMentorCert(["calibrate", "sim.csv", "--model", "2pl", "--no-se", "--no-fit", "--no-item-analysis",
                                  "--format", "json", "--out", "form.json"] + ignored.flatMap { ["--ignore", $0] }, cwd: dir)
        #expect(form.status == 0, "\(form.stderr.prefix(500))")
        #expect(dichotomous.count == 20)
        let imported = runMentorCert(["bank", "import", bank, "--format", "csv", "--store", "s.sqlite"], cwd: dir)
        let version = try #require(csvRows(imported.stdout).dropFirst().first?.first)

        let byDirectory = runMentorCert(["link", "form.json", "--anchor", bank, "--method", "mean-sigma", "--format", "csv"], cwd: dir)
        #expect(byDirectory.status == 0, "\(byDirectory.stderr)")
        let byVersion = runMentorCert(["link", "form.json", "--anchor", version, "--method", "mean-sigma", "--format", "csv",
                                       "--store", "s.sqlite"], cwd: dir)
        #expect(byVersion.status == 0, "\(byVersion.stderr)")
        #expect(byVersion.stdout == byDirectory.stdout)
        let row = try #require(csvRows(byDirectory.stdout).dropFirst().first)
        #expect(row[3] == "20", "every form item is a bank item: \(row)")
        let missing = runMentorCert(["link", "form.json", "--anchor", "nothing-here", "--method", "mean-sigma"], cwd: dir)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("nothing-here"))
    }
}

// MARK: - Bad input (issue 15's corpus, cases of this part)

extension BadInputCase {
    static let visibleAndConsistent: [BadInputCase] = [
        BadInputCase(description: "--table names a table the command does not write",
                     arguments: ["calibrate", "resp.csv", "--model", "2pl", "--format", "csv", "--table", "person_scores"],
                     files: ["resp.csv": responses()], status: 64, stderrContains: ["unknown table", "item_parameters"]),
        BadInputCase(description: "--table with --format json",
                     arguments: ["calibrate", "resp.csv", "--model", "2pl", "--format", "json", "--table", "calibration_summary"],
                     files: ["resp.csv": responses()], status: 64, stderrContains: ["json", "every table"]),
        BadInputCase(description: "--table all without --out",
                     arguments: ["calibrate", "resp.csv", "--model", "2pl", "--format", "csv", "--table", "all"],
                     files: ["resp.csv": responses()], status: 64, stderrContains: ["--out DIR"]),
        BadInputCase(description: "--table all --out naming a file",
                     arguments: ["calibrate", "resp.csv", "--model", "2pl", "--format", "csv", "--table", "all", "--out", "resp.csv"],
                     files: ["resp.csv": responses()], status: 1, stderrContains: ["resp.csv", "directory"]),
        BadInputCase(description: "--seed on a command without randomness",
                     arguments: ["calibrate", "resp.csv", "--model", "2pl", "--seed", "4"],
                     files: ["resp.csv": responses()], status: 64, stderrContains: ["--seed"]),
        BadInputCase(description: "--format on responses simulate (it writes a response file)",
                     arguments: ["responses", "simulate", "--bank", "b", "--out", "x.csv", "--format", "json"],
                     files: [:], status: 64, stderrContains: ["--format"]),
        BadInputCase(description: "score of a response-set id with no store: reported as a missing file",
                     arguments: ["score", "0123456789abcdef", "--params", "p.json", "--method", "eap", "--store", "s.sqlite"],
                     files: ["p.json": parameters(["i1", "i2", "i3"], model: "2pl")], status: 1,
                     stderrContains: ["0123456789abcdef"]),
    ]
}

@Suite struct VisibleAndConsistentCorpusTests {
    @Test(arguments: BadInputCase.visibleAndConsistent)
    func refusedClearly(_ c: BadInputCase) throws {
        try BadInputCorpusTests().refusedClearly(c)
    }
}
