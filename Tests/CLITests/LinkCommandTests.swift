import Foundation
import Testing

/// End-to-end tests of `mentorcert link`: the bank file is the form transformed exactly with known
/// A and B (a* = a/A, d* = d − a·B/A, computed here), so every method must give A and B back.
@Suite(.serialized) struct LinkCommandTests {
    static let slope = 1.25, intercept = 0.3

    /// Form items: 2PL (a, d), one 3PL, one graded; "F-ONLY" is not in the bank.
    static let form: [(id: String, model: String, a: Double, d: [Double], c: Double?)] = [
        ("A1", "2pl", 1.1, [0.5], nil), ("A2", "2pl", 0.7, [-0.9], nil), ("A3", "2pl", 1.6, [0.2], nil),
        ("A4", "2pl", 1.3, [1.4], nil), ("A5", "3pl", 1.4, [-0.6], 0.2), ("A6", "grm", 1.2, [1.5, 0.1, -1.2], nil),
        ("F-ONLY", "2pl", 0.9, [0.0], nil),
    ]

    static func file(_ items: [(id: String, model: String, a: Double, d: [Double], c: Double?)]) -> String {
        let entries = items.map { i -> String in
            var s = "{\"id\":\"\(i.id)\",\"model\":\"\(i.model)\",\"discrimination\":\(i.a)"
            if i.model == "grm" { s += ",\"intercepts\":[\(i.d.map { "\($0)" }.joined(separator: ","))]" } else { s += ",\"intercept\":\(i.d[0])" }
            if let c = i.c { s += ",\"guessing\":\(c)" }
            return s + "}"
        }
        return "{\"schemaVersion\":1,\"model\":\"mixed\",\"latentMean\":0,\"latentVariance\":1,\"items\":[\(entries.joined(separator: ","))]}"
    }

    static var bank: [(id: String, model: String, a: Double, d: [Double], c: Double?)] {
        form.filter { $0.id != "F-ONLY" }.map { i in
            (i.id, i.model, i.a / slope, i.d.map { $0 - i.a * intercept / slope }, i.c)
        } + [("B-ONLY", "2pl", 1.0, [0.3], nil)]
    }

    static func setUp() throws -> URL {
        let cwd = try temporaryWorkingDirectory()
        try file(form).write(to: cwd.appendingPathComponent("form.json"), atomically: true, encoding: .utf8)
        try file(bank).write(to: cwd.appendingPathComponent("bank.json"), atomically: true, encoding: .utf8)
        return cwd
    }

    @Test(arguments: ["stocking-lord", "haebara", "mean-mean", "mean-sigma"])
    func everyMethodRecoversTheTransformation(method: String) throws {
        let cwd = try Self.setUp()
        let r = runMentorCert(["link", "form.json", "--anchor", "bank.json", "--method", method, "--format", "json"], cwd: cwd)
        #expect(r.status == 0, "\(r.stderr)")
        let json = try linkJSON(r.stdout)
        #expect(json["method"] as? String == method)
        #expect(json["commonItems"] as? Int == 6)
        #expect(abs((json["slope"] as? Double ?? .nan) - Self.slope) < 1e-6)
        #expect(abs((json["intercept"] as? Double ?? .nan) - Self.intercept) < 1e-6)
    }

    @Test func writesTheFormOnTheBankScale() throws {
        let cwd = try Self.setUp()
        let r = runMentorCert(["link", "form.json", "--anchor", "bank.json", "--method", "stocking-lord", "--out", "linked.json"], cwd: cwd)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("A (slope)") && r.stdout.contains("1.250000"))
        #expect(r.stdout.contains("B (intercept)") && r.stdout.contains("0.300000"))
        #expect(r.stdout.contains("common items  6"))
        let linked = try linkJSON(String(contentsOf: cwd.appendingPathComponent("linked.json"), encoding: .utf8))
        #expect(linked["schemaVersion"] as? Int == 1)
        #expect(abs((linked["latentMean"] as? Double ?? .nan) - Self.intercept) < 1e-6)
        #expect(abs((linked["latentVariance"] as? Double ?? .nan) - Self.slope * Self.slope) < 1e-6)
        let items = try #require(linked["items"] as? [[String: Any]])
        #expect(items.count == Self.form.count)
        for expected in Self.bank where expected.id != "B-ONLY" {
            let item = try #require(items.first { $0["id"] as? String == expected.id })
            #expect(abs((item["discrimination"] as? Double ?? .nan) - expected.a) < 1e-6)
            let d = (item["intercepts"] as? [Double]) ?? [(item["intercept"] as? Double) ?? .nan]
            for (x, y) in zip(d, expected.d) { #expect(abs(x - y) < 1e-6) }
            if let c = expected.c { #expect(item["guessing"] as? Double == c) }
        }
        let only = try #require(items.first { $0["id"] as? String == "F-ONLY" })
        #expect(abs((only["discrimination"] as? Double ?? .nan) - 0.9 / Self.slope) < 1e-6)
        // It is a parameter file again: scoring accepts it.
        try "person,A1,A2,A3,A4,A5,A6,F-ONLY\np1,1,0,1,,0,2,1\n".write(to: cwd.appendingPathComponent("r.csv"), atomically: true, encoding: .utf8)
        let scored = runMentorCert(["score", "r.csv", "--params", "linked.json", "--method", "eap", "--format", "csv"], cwd: cwd)
        #expect(scored.status == 0, "\(scored.stderr)")
        #expect(scored.stdout.hasPrefix("person_id,theta"))
    }

    @Test func noCommonItemsIsAnError() throws {
        let cwd = try Self.setUp()
        try Self.file([("Z1", "2pl", 1, [0], nil)]).write(to: cwd.appendingPathComponent("other.json"), atomically: true, encoding: .utf8)
        let r = runMentorCert(["link", "other.json", "--anchor", "bank.json", "--method", "haebara"], cwd: cwd)
        #expect(r.status == 1)
        #expect(r.stderr.contains("other.json") && r.stderr.contains("bank.json") && r.stderr.contains("no item id in common"))
    }

    @Test func unknownMethodAndMissingFileAreErrors() throws {
        let cwd = try Self.setUp()
        let method = runMentorCert(["link", "form.json", "--anchor", "bank.json", "--method", "equipercentile"], cwd: cwd)
        #expect(method.status == 64)  // a bad option value is a malformed command line (issue 15; README, "Exit status")
        #expect(method.stderr.contains("unknown linking method 'equipercentile'"))
        #expect(method.stderr.contains("stocking-lord"))
        let missing = runMentorCert(["link", "form.json", "--anchor", "missing-bank.json", "--method", "haebara"], cwd: cwd)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("missing-bank.json"))
    }
}

private func linkJSON(_ text: String) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
    return try #require(object as? [String: Any])
}
