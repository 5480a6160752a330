import Foundation
import Testing

/// End-to-end tests of `mentorcert score` on the built binary. Expected values are computed here from
/// the definitions (the 2PL written out), never taken from the command's own output.
@Suite(.serialized) struct ScoreCommandTests {
    /// Three 2PL items in slope/intercept form (a, d), written as a calibrate-style parameter file.
    static let items: [(id: String, a: Double, d: Double)] = [("I001", 1.2, 0.4), ("I002", 0.8, -0.3), ("I003", 1.6, -1.0)]

    static func parameterJSON(latentMean: Double = 0, latentVariance: Double = 1, items: [(id: String, a: Double, d: Double)] = items) -> String {
        let entries = items.map { i in
            "{\"id\":\"\(i.id)\",\"model\":\"2pl\",\"discrimination\":\(i.a),\"intercept\":\(i.d),\"difficulty\":\(-i.d / i.a)}"
        }
        return "{\"schemaVersion\":1,\"model\":\"2pl\",\"latentMean\":\(latentMean),\"latentVariance\":\(latentVariance),"
            + "\"items\":[\(entries.joined(separator: ","))]}"
    }

    /// p1 mixed, p2 all correct, p3 nothing answered, p4 mixed with a missing cell; an extra column `note`.
    static let csv = "person,I003,I001,I002,note\np1,0,1,1,x\np2,1,1,1,y\np3,NA,,NA,z\np4,1,,0,w\n"

    static func setUp(latentMean: Double = 0, latentVariance: Double = 1) throws -> URL {
        let cwd = try temporaryWorkingDirectory()
        try parameterJSON(latentMean: latentMean, latentVariance: latentVariance)
            .write(to: cwd.appendingPathComponent("params.json"), atomically: true, encoding: .utf8)
        try csv.write(to: cwd.appendingPathComponent("responses.csv"), atomically: true, encoding: .utf8)
        return cwd
    }

    static func persons(_ stdout: String) throws -> [String: [String: Any]] {
        let json = try parsedJSON(stdout)
        let rows = try #require(json["persons"] as? [[String: Any]])
        var out: [String: [String: Any]] = [:]
        for row in rows { if let id = row["personId"] as? String { out[id] = row } }
        return out
    }

    /// Σ a_j (x_j − P_j(θ)) over the answered items, with item columns given by id.
    static func mlEquation(theta: Double, responses: [String: Int]) -> (score: Double, information: Double) {
        var score = 0.0, info = 0.0
        for item in items {
            guard let x = responses[item.id] else { continue }
            let p = 1 / (1 + exp(-(item.a * theta + item.d)))
            score += item.a * (Double(x) - p)
            info += item.a * item.a * p * (1 - p)
        }
        return (score, info)
    }

    @Test func mlScoresSolveTheLikelihoodEquationAndFenceExtremes() throws {
        let cwd = try Self.setUp()
        let r = runMentorCert(["score", "responses.csv", "--params", "params.json", "--method", "ml", "--format", "json"], cwd: cwd)
        #expect(r.status == 0, "\(r.stderr)")
        let json = try parsedJSON(r.stdout)
        #expect(json["schemaVersion"] as? Int == 1)
        #expect(json["method"] as? String == "ml")
        let persons = try Self.persons(r.stdout)
        #expect(persons.count == 4)

        let p1 = try #require(persons["p1"])
        let theta = try #require(p1["theta"] as? Double)
        let eq = Self.mlEquation(theta: theta, responses: ["I003": 0, "I001": 1, "I002": 1])
        #expect(abs(eq.score) < 1e-6)
        #expect(abs((p1["standardError"] as? Double ?? .nan) - 1 / eq.information.squareRoot()) < 1e-6)
        #expect(p1["itemsAnswered"] as? Int == 3)
        #expect(p1["flag"] is NSNull)

        let p4 = try #require(persons["p4"])
        let theta4 = try #require(p4["theta"] as? Double)
        #expect(abs(Self.mlEquation(theta: theta4, responses: ["I003": 1, "I002": 0]).score) < 1e-6)
        #expect(p4["itemsAnswered"] as? Int == 2)

        let p2 = try #require(persons["p2"])
        #expect(p2["theta"] as? Double == 6)
        #expect(p2["flag"] as? String == "allCorrect")
        let p3 = try #require(persons["p3"])
        #expect(p3["theta"] is NSNull && p3["standardError"] is NSNull)
        #expect(p3["flag"] as? String == "noResponses")

        let warnings = try #require(json["warnings"] as? [String])
        #expect(warnings.contains { $0.contains("note") })
        #expect(warnings.contains { $0.contains("fence +6") })
        #expect(warnings.contains { $0.contains("null") })
    }

    @Test func eapUsesTheLatentDistributionOfTheParameterFile() throws {
        let cwd = try Self.setUp(latentMean: 0.5, latentVariance: 0.64)
        let r = runMentorCert(["score", "responses.csv", "--params", "params.json", "--method", "eap", "--format", "json"], cwd: cwd)
        #expect(r.status == 0, "\(r.stderr)")
        let p3 = try #require(try Self.persons(r.stdout)["p3"])
        #expect(abs((p3["theta"] as? Double ?? .nan) - 0.5) < 1e-6)
        #expect(abs((p3["standardError"] as? Double ?? .nan) - 0.8) < 1e-3)

        // p1 against a trapezoid integral of the posterior with the N(0.5, 0.64) prior.
        var m0 = 0.0, m1 = 0.0
        for i in 0...4000 {
            let t = -8 + 16 * Double(i) / 4000
            var f = exp(-0.5 * (t - 0.5) * (t - 0.5) / 0.64)
            for (item, x) in zip(Self.items, [1, 1, 0]) {
                let p = 1 / (1 + exp(-(item.a * t + item.d)))
                f *= x == 1 ? p : 1 - p
            }
            m0 += f; m1 += f * t
        }
        let p1 = try #require(try Self.persons(r.stdout)["p1"])
        #expect(abs((p1["theta"] as? Double ?? .nan) - m1 / m0) < 1e-5)
    }

    @Test func csvAndTableFormatsAndOutFile() throws {
        let cwd = try Self.setUp()
        let csv = runMentorCert(["score", "responses.csv", "--params", "params.json", "--method", "wle", "--format", "csv"], cwd: cwd)
        #expect(csv.status == 0, "\(csv.stderr)")
        let lines = csv.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "person_id,theta,standard_error,method,flag,items_answered")
        #expect(lines.count == 5)
        #expect(lines.contains { $0.hasPrefix("p2,") && $0.hasSuffix(",wle,allCorrect,3") })
        #expect(lines.contains { $0.hasPrefix("p3,,,wle,noResponses,0") })

        let table = runMentorCert(["score", "responses.csv", "--params", "params.json", "--method", "map"], cwd: cwd)
        #expect(table.status == 0)
        #expect(table.stdout.contains("MAP scores of 4 persons"))

        let written = runMentorCert(["score", "responses.csv", "--params", "params.json", "--method", "eap",
                                     "--format", "json", "--out", "scores.json"], cwd: cwd)
        #expect(written.status == 0, "\(written.stderr)")
        let text = try String(contentsOf: cwd.appendingPathComponent("scores.json"), encoding: .utf8)
        #expect(try Self.persons(text).count == 4)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: cwd.path).filter { $0.contains(".tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test func unknownMethodIsAnError() throws {
        let cwd = try Self.setUp()
        let r = runMentorCert(["score", "responses.csv", "--params", "params.json", "--method", "bayes"], cwd: cwd)
        #expect(r.status == 64)  // a bad option value is a malformed command line (issue 15; README, "Exit status")
        #expect(r.stderr.contains("unknown scoring method 'bayes'"))
        #expect(r.stderr.contains("eap, map, ml, wle"))
    }

    @Test func missingParameterFileIsNamed() throws {
        let cwd = try Self.setUp()
        let r = runMentorCert(["score", "responses.csv", "--params", "nowhere.json", "--method", "eap"], cwd: cwd)
        #expect(r.status == 1)
        #expect(r.stderr.contains("nowhere.json"))
        let csv = runMentorCert(["score", "absent.csv", "--params", "params.json", "--method", "eap"], cwd: cwd)
        #expect(csv.status == 1)
        #expect(csv.stderr.contains("absent.csv"))
    }

    @Test func parameterItemMissingFromTheResponsesIsNamed() throws {
        let cwd = try Self.setUp()
        try Self.parameterJSON(items: Self.items + [("I999", 1, 0)])
            .write(to: cwd.appendingPathComponent("more.json"), atomically: true, encoding: .utf8)
        let r = runMentorCert(["score", "responses.csv", "--params", "more.json", "--method", "wle"], cwd: cwd)
        #expect(r.status == 1)
        #expect(r.stderr.contains("I999"))
        #expect(r.stderr.contains("responses.csv"))
        #expect(r.stdout.isEmpty)
    }

    @Test func categoryOutOfRangeIsNamed() throws {
        let cwd = try Self.setUp()
        try "person,I001,I002,I003\np1,1,2,0\n".write(to: cwd.appendingPathComponent("bad.csv"), atomically: true, encoding: .utf8)
        let r = runMentorCert(["score", "bad.csv", "--params", "params.json", "--method", "eap"], cwd: cwd)
        #expect(r.status == 1)
        #expect(r.stderr.contains("bad.csv:2") && r.stderr.contains("I002") && r.stderr.contains("out of range"))
    }
}

private func parsedJSON(_ text: String) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
    return try #require(object as? [String: Any])
}
