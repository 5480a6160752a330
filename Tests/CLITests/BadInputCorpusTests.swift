import Foundation
import Testing

/// The bad-input corpus of issue 15: malformed files and option values, each run end to end through the
/// `mentorcert` executable. Every case states the exit status, fragments its standard error must hold, and
/// which files may exist afterwards (nothing half-written, no store created by a read-only command); no
/// case may print Foundation's own text.
struct BadInputCase: CustomTestStringConvertible, Sendable {
    /// What the case is about (shown in the test report).
    var description: String
    /// The command line after `mentorcert`.
    var arguments: [String]
    /// Input files written to a fresh working directory (name → bytes).
    var files: [String: [UInt8]]
    /// The expected exit status (64: a malformed command line).
    var status: Int32
    /// Fragments standard error must contain.
    var stderrContains: [String]
    /// Files that may exist after the run besides the inputs; `nil` allows anything. Names starting with
    /// `s.sqlite` are the case's store (and its `-wal`/`-shm` companions).
    var mayCreate: Set<String>? = []
    /// Input files that must be gone afterwards (a swept temporary file).
    var removed: Set<String> = []
    /// When set, the store at this name must hold no response set afterwards.
    var storeHoldsNoResponses: String?
    /// Fragments standard output must contain.
    var stdoutContains: [String] = []
    /// Fragments neither standard output nor standard error may contain (advice that does not apply,
    /// derived problems that must be held back).
    var outputLacks: [String] = []
    /// Fragments the first line of standard output must contain (the problem reported first).
    var firstStdoutLineContains: [String] = []
    /// Commands run before the case (in the same directory), each expected to succeed.
    var setup: [[String]] = []

    var testDescription: String { description }
}

extension BadInputCase {
    static func text(_ s: String) -> [UInt8] { Array(s.utf8) }

    /// A 0/1 wide file of 6 persons × 3 items with `separator`.
    static func responses(separator: String = ",") -> [UInt8] {
        let rows = [["person", "i1", "i2", "i3"], ["p1", "0", "1", "1"], ["p2", "1", "0", "1"], ["p3", "1", "1", "0"],
                    ["p4", "0", "0", "1"], ["p5", "1", "1", "1"], ["p6", "0", "1", "0"]]
        return text(rows.map { $0.joined(separator: separator) }.joined(separator: "\n") + "\n")
    }

    /// A parameter document of 2PL items (`model` for every item; 3PL items get guessing 0.2).
    static func parameters(_ ids: [String], model: String) -> [UInt8] {
        let items = ids.enumerated().map { k, id in
            "{\"id\":\"\(id)\",\"model\":\"\(model)\",\"discrimination\":\(1.0 + 0.1 * Double(k)),\"intercept\":\(0.3 * Double(k) - 0.6)"
                + (model == "3pl" ? ",\"guessing\":0.2}" : "}")
        }
        return text("{\"schemaVersion\":1,\"model\":\"\(model)\",\"latentMean\":0,\"latentVariance\":1,\"items\":[\(items.joined(separator: ","))]}")
    }

    static let commonIDs = ["A1", "A2", "A3", "A4", "A5", "A6"]

    /// The files of the valid fixture bank (`Tests/ItemBankingTests/Fixtures/valid`) under `directory`,
    /// with `edits` (file → text to replace → replacement) and `replaced` files (file → new bytes; an
    /// empty name removes nothing).
    static func fixtureBank(_ directory: String, edits: [String: [(String, String)]] = [:],
                            replaced: [String: [UInt8]] = [:], removed: Set<String> = []) -> [String: [UInt8]] {
        let root = repositoryRoot.appendingPathComponent("Tests/ItemBankingTests/Fixtures/valid")
        var files: [String: [UInt8]] = [:]
        for name in ["bank.yaml", "items/S1.yaml", "items/S2.yaml"] where !removed.contains(name) {
            var text = (try? String(contentsOf: root.appendingPathComponent(name), encoding: .utf8)) ?? ""
            for (old, new) in edits[name] ?? [] { text = text.replacingOccurrences(of: old, with: new) }
            files["\(directory)/\(name)"] = replaced[name] ?? Self.text(text)
        }
        for (name, bytes) in replaced where files["\(directory)/\(name)"] == nil { files["\(directory)/\(name)"] = bytes }
        return files
    }

    /// 3 KB of control characters and letters without a separator: a binary file given as responses.
    static let binaryJunk: [UInt8] = (0..<3000).map { k in [0x1B, 0x07, 0x08, 0x01, 0x41, 0x5B, 0x7F, 0x0C][k % 8] } + [0x0A]
        + text("x,1\n")

    static let all: [BadInputCase] = [
        // 1. A file with no item columns: the likely separator is named.
        BadInputCase(description: "semicolon-separated file, responses import",
                     arguments: ["responses", "import", "resp.csv", "--store", "s.sqlite"],
                     files: ["resp.csv": responses(separator: ";")], status: 1,
                     stderrContains: ["resp.csv", "no item columns", "semicolon"], mayCreate: ["s.sqlite"],
                     storeHoldsNoResponses: "s.sqlite"),
        BadInputCase(description: "tab-separated file, responses import",
                     arguments: ["responses", "import", "resp.tsv", "--store", "s.sqlite"],
                     files: ["resp.tsv": responses(separator: "\t")], status: 1,
                     stderrContains: ["resp.tsv", "no item columns", "tab"], mayCreate: ["s.sqlite"],
                     storeHoldsNoResponses: "s.sqlite"),
        BadInputCase(description: "semicolon-separated file, calibrate",
                     arguments: ["calibrate", "resp.csv", "--model", "2pl", "--store", "s.sqlite"],
                     files: ["resp.csv": responses(separator: ";")], status: 1,
                     stderrContains: ["resp.csv", "no item columns", "semicolon"], mayCreate: ["s.sqlite"]),
        BadInputCase(description: "semicolon-separated file, score",
                     arguments: ["score", "resp.csv", "--params", "p.json", "--method", "eap"],
                     files: ["resp.csv": responses(separator: ";"), "p.json": parameters(["i1", "i2", "i3"], model: "2pl")],
                     status: 1, stderrContains: ["resp.csv", "semicolon"]),
        // 2. Non-UTF-8 and NUL bytes are refused with their line; nothing is stored.
        BadInputCase(description: "invalid UTF-8 in a person id",
                     arguments: ["responses", "import", "resp.csv", "--store", "s.sqlite"],
                     files: ["resp.csv": text("person,i1,i2\np1,0,1\np") + [0xFF] + text("2,1,0\n")], status: 1,
                     stderrContains: ["resp.csv:3:", "not valid UTF-8", "byte"], mayCreate: ["s.sqlite"],
                     storeHoldsNoResponses: "s.sqlite"),
        BadInputCase(description: "NUL byte in a person id",
                     arguments: ["responses", "import", "resp.csv", "--store", "s.sqlite"],
                     files: ["resp.csv": text("person,i1,i2\np1,0,1\np2") + [0] + text("x,1,0\n")], status: 1,
                     stderrContains: ["resp.csv:3:", "NUL"], mayCreate: ["s.sqlite"],
                     storeHoldsNoResponses: "s.sqlite"),
        BadInputCase(description: "invalid UTF-8, calibrate",
                     arguments: ["calibrate", "resp.csv", "--model", "2pl"],
                     files: ["resp.csv": text("person,i1,i2\np1,0,1\np2,1,0\np") + [0xC3, 0x28] + text(",1,1\n")], status: 1,
                     stderrContains: ["resp.csv:4:", "not valid UTF-8"]),
        // 3. Without a bank, a stray `5` on a 0/1 item is imported with a warning naming item, line and value.
        BadInputCase(description: "a 5 on a 0/1 item without a bank",
                     arguments: ["responses", "import", "resp.csv", "--store", "s.sqlite"],
                     files: ["resp.csv": text("person,i1,i2\np1,0,1\np2,1,0\np3,5,1\np4,0,0\n")], status: 0,
                     stderrContains: ["warning", "resp.csv:4:", "i1", "`5`", "2, 3, 4"], mayCreate: ["s.sqlite"]),
        // 4. Non-finite simulation options are a malformed command line.
        BadInputCase(description: "responses simulate --mean nan", arguments: ["responses", "simulate", "--bank", "b", "--mean", "nan", "--out", "x.csv"],
                     files: [:], status: 64, stderrContains: ["--mean"]),
        BadInputCase(description: "responses simulate --mean inf", arguments: ["responses", "simulate", "--bank", "b", "--mean", "inf", "--out", "x.csv"],
                     files: [:], status: 64, stderrContains: ["--mean"]),
        BadInputCase(description: "responses simulate --sd inf", arguments: ["responses", "simulate", "--bank", "b", "--sd", "inf", "--out", "x.csv"],
                     files: [:], status: 64, stderrContains: ["--sd"]),
        // 5. A bad option value exits 64 everywhere.
        BadInputCase(description: "score --method xyz", arguments: ["score", "resp.csv", "--params", "p.json", "--method", "xyz"],
                     files: ["resp.csv": responses()], status: 64, stderrContains: ["xyz", "eap"]),
        BadInputCase(description: "score --fence 0", arguments: ["score", "resp.csv", "--params", "p.json", "--method", "ml", "--fence", "0"],
                     files: ["resp.csv": responses()], status: 64, stderrContains: ["--fence"]),
        BadInputCase(description: "link --method xyz", arguments: ["link", "form.json", "--anchor", "bank.json", "--method", "xyz"],
                     files: [:], status: 64, stderrContains: ["xyz", "stocking-lord"]),
        // 6. Read-only commands do not create a store.
        BadInputCase(description: "bank list with a mistyped store", arguments: ["bank", "list", "--store", "typo.sqlite"],
                     files: [:], status: 1, stderrContains: ["no store at typo.sqlite", "bank import"]),
        BadInputCase(description: "bank show with a mistyped store", arguments: ["bank", "show", "abcdef", "--store", "typo.sqlite"],
                     files: [:], status: 1, stderrContains: ["no store at typo.sqlite"]),
        BadInputCase(description: "responses list with a mistyped store", arguments: ["responses", "list", "--store", "typo.sqlite"],
                     files: [:], status: 1, stderrContains: ["no store at typo.sqlite"]),
        BadInputCase(description: "responses show with a mistyped store", arguments: ["responses", "show", "abcdef", "--store", "typo.sqlite"],
                     files: [:], status: 1, stderrContains: ["no store at typo.sqlite"]),
        // 7. File problems in our words.
        BadInputCase(description: "a directory where the response file should be",
                     arguments: ["responses", "import", "data", "--store", "s.sqlite"],
                     files: ["data/keep": []], status: 1, stderrContains: ["data", "is a directory"], mayCreate: ["s.sqlite"]),
        BadInputCase(description: "a missing response file", arguments: ["calibrate", "missing.csv", "--model", "2pl"],
                     files: [:], status: 1, stderrContains: ["missing.csv", "no such file"]),
        BadInputCase(description: "a directory where the response file should be, score",
                     arguments: ["score", "data", "--params", "p.json", "--method", "eap"],
                     files: ["data/keep": [], "p.json": parameters(["i1", "i2", "i3"], model: "2pl")], status: 1,
                     stderrContains: ["data", "is a directory"]),
        BadInputCase(description: "invalid UTF-8, score",
                     arguments: ["score", "resp.csv", "--params", "p.json", "--method", "eap"],
                     files: ["resp.csv": text("person,i1,i2,i3\np1,0,1,1\np") + [0xFF] + text("2,1,0,1\n"),
                             "p.json": parameters(["i1", "i2", "i3"], model: "2pl")], status: 1,
                     stderrContains: ["resp.csv:3:", "not valid UTF-8"]),
        BadInputCase(description: "a directory where a parameter file should be",
                     arguments: ["link", "form.json", "--anchor", "bank.json", "--method", "mean-mean"],
                     files: ["form.json/keep": [], "bank.json": parameters(commonIDs, model: "2pl")], status: 1,
                     stderrContains: ["form.json", "is a directory"]),
        BadInputCase(description: "--out in a directory that does not exist",
                     arguments: ["link", "form.json", "--anchor", "bank.json", "--method", "mean-mean", "--out", "nowhere/linked.json"],
                     files: ["form.json": parameters(commonIDs, model: "2pl"), "bank.json": parameters(commonIDs, model: "2pl")],
                     status: 1, stderrContains: ["nowhere", "does not exist"]),
        // 8. Linking a 2PL form to a 3PL anchor warns, naming the items.
        BadInputCase(description: "link a 2PL form to a 3PL anchor",
                     arguments: ["link", "form.json", "--anchor", "bank.json", "--method", "mean-sigma", "--format", "csv"],
                     files: ["form.json": parameters(commonIDs, model: "2pl"), "bank.json": parameters(commonIDs, model: "3pl")],
                     status: 0, stderrContains: ["warning", "model", "A1", "2pl", "3pl"]),
        // 9. A stale temporary file of the same target (left by a killed run) is swept.
        BadInputCase(description: "a stale .NAME.tmp-PID of --out is swept",
                     arguments: ["link", "form.json", "--anchor", "bank.json", "--method", "mean-mean", "--out", "linked.json"],
                     files: ["form.json": parameters(commonIDs, model: "2pl"), "bank.json": parameters(commonIDs, model: "2pl"),
                             ".linked.json.tmp-2147483647": text("{\"half\":")],
                     status: 0, stderrContains: ["Wrote"], mayCreate: ["linked.json"], removed: [".linked.json.tmp-2147483647"]),
        // 10. A broken items file is reported first; the blueprint problems it causes are held back (counted).
        BadInputCase(description: "a YAML syntax error in an items file, bank validate",
                     arguments: ["bank", "validate", "b"],
                     files: fixtureBank("b", replaced: ["items/S2.yaml": text("section: S2\nitems:\n  - id: S2-001\n    level: [novice\n")]),
                     status: 1, stderrContains: [], stdoutContains: ["items/S2.yaml", "YAML", "held back"],
                     outputLacks: ["section S2 needs minItems", "section S2 has no operational items"],
                     firstStdoutLineContains: ["b/items/S2.yaml:", "error"]),
        BadInputCase(description: "a YAML syntax error in an items file, bank import",
                     arguments: ["bank", "import", "b", "--store", "s.sqlite"],
                     files: fixtureBank("b", replaced: ["items/S2.yaml": text("section: S2\nitems:\n  - id: S2-001\n    level: [novice\n")]),
                     status: 1, stderrContains: ["items/S2.yaml", "YAML", "held back"],
                     mayCreate: ["s.sqlite"], outputLacks: ["section S2 needs minItems"]),
        // 11. Bank files in our words: a directory where a file should be, invalid UTF-8, a missing manifest.
        BadInputCase(description: "a directory where items/S2.yaml should be",
                     arguments: ["bank", "validate", "b"],
                     files: fixtureBank("b", removed: ["items/S2.yaml"]).merging(["b/items/S2.yaml/keep": []]) { a, _ in a },
                     status: 1, stderrContains: [], stdoutContains: ["items/S2.yaml", "is a directory"],
                     outputLacks: ["NSCocoaErrorDomain", ":0:"]),
        BadInputCase(description: "invalid UTF-8 in an items file",
                     arguments: ["bank", "validate", "b"],
                     files: fixtureBank("b", replaced: ["items/S2.yaml": text("section: S2\nitems:\n  - id: S2-0") + [0xFF] + text("1\n")]),
                     status: 1, stderrContains: [], stdoutContains: ["items/S2.yaml:3:", "not valid UTF-8", "byte offset 31"]),
        BadInputCase(description: "a bank directory without bank.yaml",
                     arguments: ["bank", "validate", "b"],
                     files: fixtureBank("b", removed: ["bank.yaml"]),
                     status: 1, stderrContains: [], stdoutContains: ["bank.yaml", "no such file"]),
        BadInputCase(description: "a file that is not a store",
                     arguments: ["bank", "list", "--store", "junk.sqlite"],
                     files: ["junk.sqlite": text("hello, not a database\n")], status: 1,
                     stderrContains: ["junk.sqlite", "not a mentorcert store"], outputLacks: ["SQLite error", "sqlite_master"]),
        BadInputCase(description: "a store in a directory that does not exist",
                     arguments: ["bank", "import", "b", "--store", "nowhere/s.sqlite"],
                     files: fixtureBank("b"), status: 1,
                     stderrContains: ["nowhere", "does not exist"], outputLacks: ["SQLite error", "unable to open database file"]),
        // 12. Messages of one command not reused by another; advice only where it helps.
        BadInputCase(description: "an empty response file, score",
                     arguments: ["score", "resp.csv", "--params", "p.json", "--method", "eap"],
                     files: ["resp.csv": [], "p.json": parameters(["i1", "i2", "i3"], model: "2pl")], status: 1,
                     stderrContains: ["resp.csv", "empty"], outputLacks: ["imported", "--skip-bad-rows"]),
        BadInputCase(description: "a blank-line response file, score",
                     arguments: ["score", "resp.csv", "--params", "p.json", "--method", "eap"],
                     files: ["resp.csv": text("  \n"), "p.json": parameters(["i1", "i2", "i3"], model: "2pl")], status: 1,
                     stderrContains: ["resp.csv", "empty"], outputLacks: ["not columns", "imported"]),
        BadInputCase(description: "a bad cell, calibrate",
                     arguments: ["calibrate", "resp.csv", "--model", "2pl"],
                     files: ["resp.csv": text("person,i1,i2\np1,0,1\np2,x,0\np3,1,1\n")], status: 1,
                     stderrContains: ["resp.csv:3:", "--skip-bad-rows"], outputLacks: ["imported"]),
        BadInputCase(description: "a bad cell, score",
                     arguments: ["score", "resp.csv", "--params", "p.json", "--method", "eap"],
                     files: ["resp.csv": text("person,i1,i2,i3\np1,0,1,1\np2,x,0,1\n"), "p.json": parameters(["i1", "i2", "i3"], model: "2pl")],
                     status: 1, stderrContains: ["resp.csv:3:"], outputLacks: ["imported"]),
        BadInputCase(description: "an unknown --group column does not suggest --skip-bad-rows",
                     arguments: ["responses", "import", "resp.csv", "--group", "region", "--store", "s.sqlite"],
                     files: ["resp.csv": responses()], status: 1,
                     stderrContains: ["region"], mayCreate: ["s.sqlite"], storeHoldsNoResponses: "s.sqlite",
                     outputLacks: ["--skip-bad-rows"]),
        BadInputCase(description: "binary junk is not echoed to the terminal",
                     arguments: ["responses", "import", "junk.csv", "--store", "s.sqlite"],
                     files: ["junk.csv": binaryJunk], status: 1,
                     stderrContains: ["junk.csv", "\\u{1B}"], mayCreate: ["s.sqlite"], storeHoldsNoResponses: "s.sqlite"),
        BadInputCase(description: "bank export --force onto a file",
                     arguments: ["bank", "export", "{version}", "out.txt", "--force", "--store", "s.sqlite"],
                     files: fixtureBank("b").merging(["out.txt": text("keep me\n")]) { a, _ in a }, status: 1,
                     stderrContains: ["out.txt", "not a directory"], mayCreate: nil, outputLacks: ["pass --force"],
                     setup: [["bank", "import", "b", "--store", "s.sqlite"]]),
        BadInputCase(description: "a parameter file with a wrong value names the item, not an array index",
                     arguments: ["score", "resp.csv", "--params", "p.json", "--method", "eap"],
                     files: ["resp.csv": responses(),
                             "p.json": text("{\"schemaVersion\":1,\"model\":\"2pl\",\"items\":[{\"id\":\"i1\",\"model\":\"2pl\",\"discrimination\":1,\"intercept\":0},"
                                            + "{\"id\":\"i2\",\"model\":\"2pl\",\"discrimination\":\"high\",\"intercept\":0}]}")],
                     status: 1, stderrContains: ["p.json", "item i2", "discrimination"], outputLacks: ["[1]", "items.1"]),
        // 13. Set members that are each other's enemies can never be given together.
        BadInputCase(description: "set members that are each other's enemies",
                     arguments: ["bank", "validate", "b"],
                     files: fixtureBank("b", edits: ["items/S1.yaml": [("    enemies: [S1-002]\n", "    enemies: [S1-002]\n    set: S1-SET-E\n"),
                                                                      ("    enemies: [S1-001]\n", "    enemies: [S1-001]\n    set: S1-SET-E\n")]]),
                     status: 1, stderrContains: [], stdoutContains: ["S1-001", "S1-002", "S1-SET-E", "enem"]),
    ]

    /// Text that only Foundation writes: it must never reach the user.
    static let foreignText = ["NSCocoaErrorDomain", "The file isn't in the correct format", "You don't have permission",
                              "Error Domain=", "The operation could not be completed", "line 0",
                              "The file isn’t in the correct format", "The file doesn’t exist", "You don’t have permission"]
}

@Suite struct BadInputCorpusTests {
    @Test(arguments: BadInputCase.all)
    func refusedClearly(_ c: BadInputCase) throws {
        let cwd = try temporaryWorkingDirectory()
        defer { try? FileManager.default.removeItem(at: cwd) }
        for (name, bytes) in c.files {
            let url = cwd.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }
        for command in c.setup {
            let s = runMentorCert(command, cwd: cwd)
            #expect(s.status == 0, "setup `\(command.joined(separator: " "))`: \(s.stderr)")
        }
        var arguments = c.arguments
        if let k = arguments.firstIndex(of: "{version}") {
            // The id of the version the setup stored (the first one listed).
            let list = runMentorCert(["bank", "list", "--store", "s.sqlite", "--format", "csv"], cwd: cwd)
            arguments[k] = list.stdout.split(separator: "\n").dropFirst().first.map { String($0.prefix(64)) } ?? "none"
        }
        let before = try Set(FileManager.default.contentsOfDirectory(atPath: cwd.path))
        let r = runMentorCert(arguments, cwd: cwd)
        #expect(r.status == c.status, "exit status; stderr: \(r.stderr)")
        for fragment in c.stderrContains {
            #expect(r.stderr.contains(fragment), "stderr lacks `\(fragment)`: \(r.stderr)")
        }
        for foreign in BadInputCase.foreignText {
            #expect(!r.stderr.contains(foreign) && !r.stdout.contains(foreign), "Foundation text `\(foreign)`: \(r.stderr)")
        }
        #expect(!r.stderr.contains("\u{FFFD}"), "a replacement character was echoed: \(r.stderr)")
        for fragment in c.stdoutContains {
            #expect(r.stdout.contains(fragment), "stdout lacks `\(fragment)`: \(r.stdout)")
        }
        for fragment in c.outputLacks {
            #expect(!r.stdout.contains(fragment) && !r.stderr.contains(fragment), "`\(fragment)` printed: \(r.stdout)\(r.stderr)")
        }
        let firstLine = r.stdout.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
        for fragment in c.firstStdoutLineContains {
            #expect(firstLine.contains(fragment), "the first line lacks `\(fragment)`: \(firstLine)")
        }
        // Nothing read from a file reaches the terminal raw: no control characters but line breaks and
        // tabs, and no line longer than a few hundred characters.
        let controls = r.stderr.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || $0.value == 0x7F }
        #expect(controls.isEmpty, "control characters echoed: \(controls.map { String($0.value, radix: 16) })")
        let longest = r.stderr.split(separator: "\n").map(\.count).max() ?? 0
        #expect(longest <= 800, "a line of \(longest) characters was printed")
        let after = try Set(FileManager.default.contentsOfDirectory(atPath: cwd.path))
        if let allowed = c.mayCreate {
            let created = after.subtracting(before).filter { name in
                !allowed.contains(name) && !(allowed.contains("s.sqlite") && name.hasPrefix("s.sqlite"))
            }
            #expect(created.isEmpty, "files written: \(created.sorted())")
        }
        for name in c.removed { #expect(!after.contains(name), "\(name) is still there") }
        if let store = c.storeHoldsNoResponses, after.contains(store) {
            let list = runMentorCert(["responses", "list", "--store", store, "--format", "json"], cwd: cwd)
            #expect(list.status == 0, "\(list.stderr)")
            #expect(list.stdout.contains("\"responseSets\" : [\n\n  ]") || list.stdout.contains("\"responseSets\" : []"),
                    "a response set was stored: \(list.stdout)")
        }
    }
}
