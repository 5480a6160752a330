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
    ]

    /// Text that only Foundation writes: it must never reach the user.
    static let foreignText = ["NSCocoaErrorDomain", "The file isn't in the correct format", "You don't have permission",
                              "Error Domain=", "The operation could not be completed", "line 0"]
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
        let before = try Set(FileManager.default.contentsOfDirectory(atPath: cwd.path))
        let r = runMentorCert(c.arguments, cwd: cwd)
        #expect(r.status == c.status, "exit status; stderr: \(r.stderr)")
        for fragment in c.stderrContains {
            #expect(r.stderr.contains(fragment), "stderr lacks `\(fragment)`: \(r.stderr)")
        }
        for foreign in BadInputCase.foreignText {
            #expect(!r.stderr.contains(foreign) && !r.stdout.contains(foreign), "Foundation text `\(foreign)`: \(r.stderr)")
        }
        #expect(!r.stderr.contains("\u{FFFD}"), "a replacement character was echoed: \(r.stderr)")
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
