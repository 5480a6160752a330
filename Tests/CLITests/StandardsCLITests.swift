import Foundation
import MentorCertTestSupport
import ItemBanking
import Testing

private let bundled = repositoryRoot.appendingPathComponent("itembanks/mentorcert").path

/// `mentorcert standards angoff|bookmark|hofstee` end to end on the bundled bank with small generated panel files.
@Suite("standards: Angoff, Bookmark and Hofstee on the bundled bank")
struct StandardsCLITests {
    /// The bundled bank as the library reads it (for an independent test characteristic curve).
    static func bank() throws -> ItemBank { try #require(ItemBank.validate(directory: bundled).bank) }

    /// E[X | θ] of a bank item written out from DECISIONS §4 (dichotomous c + (u − c)σ(aθ + d); GRM Σ σ(aθ + d_k)).
    static func expected(_ item: Item, _ theta: Double) throws -> Double {
        let p = try #require(item.parameters)
        let a = p.discrimination ?? 1
        func s(_ z: Double) -> Double { 1 / (1 + exp(-z)) }
        if let d = p.resolvedIntercepts, p.model.rawValue == "grm" { return d.reduce(0) { $0 + s(a * theta + $1) } }
        let d = try #require(p.resolvedIntercept)
        let c = p.guessing ?? 0, u = p.upperAsymptote ?? 1
        return c + (u - c) * s(a * theta + d)
    }

    /// A ratings file on three items (first two operational items of S1 and the first of S2): three panelists,
    /// two levels, one round; returns the text and each level's mean raw cut, summed by hand below.
    static func ratings(items: [String]) -> String {
        """
        panelist,round,level,item,rating
        A,1,intermediate,\(items[0]),0.7
        A,1,intermediate,\(items[1]),0.6
        A,1,intermediate,\(items[2]),0.5
        B,1,intermediate,\(items[0]),0.8
        B,1,intermediate,\(items[1]),0.6
        B,1,intermediate,\(items[2]),0.6
        C,1,intermediate,\(items[0]),0.75
        C,1,intermediate,\(items[1]),0.55
        C,1,intermediate,\(items[2]),0.5
        A,1,advanced,\(items[0]),0.9
        A,1,advanced,\(items[1]),0.85
        A,1,advanced,\(items[2]),0.8
        B,1,advanced,\(items[0]),0.95
        B,1,advanced,\(items[1]),0.9
        B,1,advanced,\(items[2]),0.85

        """
    }

    /// Three dichotomous operational items of the bundled bank.
    static func dichotomousItems() throws -> [Item] {
        Array(try bank().items.filter { $0.status == .operational && $0.scored && $0.type == .multipleChoice && $0.parameters != nil }.prefix(3))
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("angoff: raw cuts summed by hand, θ cuts that the bank's own curves map back to them")
    func angoff() throws {
        let dir = try temporaryWorkingDirectory()
        let items = try Self.dichotomousItems()
        try Self.ratings(items: items.map(\.id)).write(to: dir.appendingPathComponent("ratings.csv"), atomically: true, encoding: .utf8)
        let r = runMentorCert(["standards", "angoff", "ratings.csv", "--bank", bundled, "--format", "json"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let record = try Self.json(r.stdout)
        #expect(record["schemaVersion"] as? Int == 1 && record["method"] as? String == "angoff")
        let levels = try #require(record["levels"] as? [[String: Any]])
        #expect(levels.map { $0["level"] as? String } == ["intermediate", "advanced"])
        // Intermediate: A 1.8, B 2.0, C 1.8 → 5.6 / 3; advanced: A 2.55, B 2.7 → 2.625.
        for (level, raw) in zip(levels, [5.6 / 3, 2.625]) {
            #expect(abs((level["rawCut"] as? Double ?? .nan) - raw) < 1e-9)
            let theta = try #require(level["thetaCut"] as? Double)
            let tcc = try items.reduce(0) { $0 + (try Self.expected($1, theta)) }
            #expect(abs(tcc - raw) < 1e-6)
        }
        let rounds = try #require(levels[0]["rounds"] as? [[String: Any]])
        let spread = try #require(rounds[0]["rawCutSpread"] as? [String: Any])
        // SD of 1.8, 2.0, 1.8: mean 5.6/3, deviations −1/15, 2/15, −1/15 → SD = √((1 + 4 + 1)/225 / 2) = √(6/450).
        #expect(abs((spread["standardDeviation"] as? Double ?? .nan) - (6.0 / 450).squareRoot()) < 1e-9)
        #expect(abs((spread["standardError"] as? Double ?? .nan) - (6.0 / 450).squareRoot() / 3.0.squareRoot()) < 1e-9)
        #expect(record["ordered"] as? Bool == true)

        // CSV: the rounds table with its schema's header; --table judgements the panelists.
        let csv = runMentorCert(["standards", "angoff", "ratings.csv", "--bank", bundled, "--format", "csv"], cwd: dir)
        #expect(csv.stdout.hasPrefix("method,level,round,recommended,panelists,items,maximum_raw_score,raw_cut,theta_cut,"))
        #expect(csv.stdout.split(separator: "\n").count == 3)
        let judgements = runMentorCert(["standards", "angoff", "ratings.csv", "--bank", bundled, "--format", "csv", "--table", "judgements"], cwd: dir)
        #expect(judgements.stdout.hasPrefix("level,round,panelist,raw_cut,page,theta_cut\n"))
        #expect(judgements.stdout.split(separator: "\n").count == 6)
    }

    @Test("angoff --write: a new bank version with the cuts, its parent, reason and the panel file's SHA-256")
    func write() throws {
        let dir = try temporaryWorkingDirectory()
        let items = try Self.dichotomousItems()
        let text = Self.ratings(items: items.map(\.id))
        try text.write(to: dir.appendingPathComponent("ratings.csv"), atomically: true, encoding: .utf8)
        let imported = runMentorCert(["bank", "import", bundled, "--store", "s.sqlite", "--format", "json"], cwd: dir)
        let parent = try #require(try Self.json(imported.stdout)["versionId"] as? String)
        let r = runMentorCert(["standards", "angoff", "ratings.csv", "--bank", String(parent.prefix(12)), "--store", "s.sqlite",
                               "--write", "--format", "json"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let record = try Self.json(r.stdout)
        let written = try #require(record["writtenVersion"] as? [String: Any])
        let version = try #require(written["bankVersionId"] as? String)
        #expect(written["parentId"] as? String == parent && written["created"] as? Bool == true && version != parent)
        let sha = try #require((record["panelFile"] as? [String: Any])?["sha256"] as? String)
        if let system = systemSHA256(text) { #expect(sha == system) }

        let list = runMentorCert(["bank", "list", "--store", "s.sqlite", "--format", "json"], cwd: dir)
        let versions = try #require(try Self.json(list.stdout)["bankVersions"] as? [[String: Any]])
        let new = try #require(versions.first { $0["id"] as? String == version })
        #expect(new["parentId"] as? String == parent && new["reason"] as? String == "standard setting")
        #expect((new["source"] as? String ?? "").contains("sha256:\(sha)"))
        // The new version's cuts are the record's (rounded to 4 decimals); the parent's are unchanged.
        let cuts = try #require(record["cutScores"] as? [String: Double])
        let shown = runMentorCert(["bank", "export", version, "out", "--store", "s.sqlite"], cwd: dir)
        #expect(shown.status == 0, "\(shown.stderr)")
        let exported = try #require(ItemBank.validate(directory: dir.appendingPathComponent("out").path).bank)
        #expect(abs(exported.manifest.cutScores.intermediate - (cuts["intermediate"] ?? .nan)) <= 0.00005)
        #expect(abs(exported.manifest.cutScores.advanced - (cuts["advanced"] ?? .nan)) <= 0.00005)
        #expect(exported.manifest.cutScores.expert == 1.4)
        let original = runMentorCert(["bank", "export", parent, "orig", "--store", "s.sqlite"], cwd: dir)
        #expect(original.status == 0)
        #expect(try #require(ItemBank.validate(directory: dir.appendingPathComponent("orig").path).bank).manifest.cutScores
                == (try Self.bank()).manifest.cutScores)
    }

    @Test("Bad panel files and unordered cuts are refused with nothing written")
    func refusals() throws {
        let dir = try temporaryWorkingDirectory()
        let items = try Self.dichotomousItems().map(\.id)
        _ = runMentorCert(["bank", "import", bundled, "--store", "s.sqlite"], cwd: dir)
        let before = try Data(contentsOf: dir.appendingPathComponent("s.sqlite"))
        let bad = "panelist,round,level,item,rating\nA,1,intermediate,\(items[0]),0.7\nA,1,intermediate,\(items[1]),1.7\n"
        try bad.write(to: dir.appendingPathComponent("bad.csv"), atomically: true, encoding: .utf8)
        let r = runMentorCert(["standards", "angoff", "bad.csv", "--bank", bundled, "--store", "s.sqlite", "--write"], cwd: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("bad.csv:3: column rating (5): value `1.7`:") && r.stderr.contains("Nothing was written."))
        // Intermediate judged harder than advanced: refused, even with a bank directory (nothing imported).
        let unordered = "panelist,round,level,item,rating\nA,1,intermediate,\(items[0]),0.95\nA,1,advanced,\(items[0]),0.5\n"
        try unordered.write(to: dir.appendingPathComponent("unordered.csv"), atomically: true, encoding: .utf8)
        let u = runMentorCert(["standards", "angoff", "unordered.csv", "--bank", bundled, "--store", "s.sqlite", "--write"], cwd: dir)
        #expect(u.status == 1 && u.stderr.contains("do not increase across levels"))
        #expect(try Data(contentsOf: dir.appendingPathComponent("s.sqlite")) == before)
        let fresh = runMentorCert(["standards", "angoff", "unordered.csv", "--bank", bundled, "--store", "new.sqlite", "--write"], cwd: dir)
        #expect(fresh.status == 1)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("new.sqlite").path))
        // Without --write the same file prints its record with a warning and exits 0.
        let shown = runMentorCert(["standards", "angoff", "unordered.csv", "--bank", bundled], cwd: dir)
        #expect(shown.status == 0 && shown.stderr.contains("warning: the cut scores do not increase"))
    }

    @Test("bookmark: the booklet at RP67 in location order; cuts are the bookmarked pages' locations")
    func bookmark() throws {
        let dir = try temporaryWorkingDirectory()
        let b = runMentorCert(["standards", "bookmark", "--bank", bundled, "--rp", "0.67", "--booklet-out", "booklet.csv"], cwd: dir)
        #expect(b.status == 0, "\(b.stderr)")
        let lines = try String(contentsOf: dir.appendingPathComponent("booklet.csv"), encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "page,item_id,category_step,location")
        let rows = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let locations = rows.compactMap { Double($0[3]) }
        #expect(locations == locations.sorted() && rows.map { Int($0[0]) } == Array(1...rows.count).map { Optional($0) })
        // A 2PL/3PL page: the closed form at RP67 without correction.
        let bank = try Self.bank()
        for row in rows.prefix(40) where row[2].isEmpty {
            let p = try #require(bank.item(row[1])?.parameters)
            let a = p.discrimination ?? 1, c = p.guessing ?? 0, u = p.upperAsymptote ?? 1
            let q = (0.67 - c) / (u - c)
            let expected = -(try #require(p.resolvedIntercept)) / a + log(q / (1 - q)) / a
            #expect(abs(expected - (Double(row[3]) ?? .nan)) < 1e-9)
        }
        let placements = "panelist,round,level,page\nA,1,intermediate,100\nB,1,intermediate,120\nA,1,advanced,300\nB,1,advanced,320\n"
        try placements.write(to: dir.appendingPathComponent("placements.csv"), atomically: true, encoding: .utf8)
        let r = runMentorCert(["standards", "bookmark", "--bank", bundled, "--placements", "placements.csv", "--format", "json"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let levels = try #require(try Self.json(r.stdout)["levels"] as? [[String: Any]])
        #expect(abs((levels[0]["thetaCut"] as? Double ?? .nan) - (locations[99] + locations[119]) / 2) < 1e-12)
        #expect(abs((levels[1]["thetaCut"] as? Double ?? .nan) - (locations[299] + locations[319]) / 2) < 1e-12)
        let tooFar = "panelist,round,level,page\nA,1,expert,\(rows.count + 1)\n"
        try tooFar.write(to: dir.appendingPathComponent("far.csv"), atomically: true, encoding: .utf8)
        let f = runMentorCert(["standards", "bookmark", "--bank", bundled, "--placements", "far.csv"], cwd: dir)
        #expect(f.status == 1 && f.stderr.contains("far.csv:2: column page (4)"))
    }

    @Test("hofstee: a compromise on simulated responses; limits that miss the curve are an error")
    func hofstee() throws {
        let dir = try temporaryWorkingDirectory()
        let sim = runMentorCert(["responses", "simulate", "--bank", bundled, "--persons", "200", "--seed", "3", "--out", "r.csv"], cwd: dir)
        #expect(sim.status == 0, "\(sim.stderr)")
        try "panelist,min_cut,max_cut,min_fail,max_fail\nA,40,70,10,50\nB,45,75,15,45\n"
            .write(to: dir.appendingPathComponent("h.csv"), atomically: true, encoding: .utf8)
        let r = runMentorCert(["standards", "hofstee", "h.csv", "--responses", "r.csv", "--bank", bundled, "--format", "json"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let record = try Self.json(r.stdout)
        let h = try #require((record["hofstee"] as? [[String: Any]])?.first)
        #expect(h["level"] as? String == "intermediate" && h["minimumCut"] as? Double == 42.5 && h["maximumFailRate"] as? Double == 47.5)
        let cut = try #require(h["cutPercent"] as? Double), fail = try #require(h["failRate"] as? Double)
        // On the panel's line: f = 47.5 + (12.5 − 47.5)(k − 42.5)/30.
        #expect(abs(fail - (47.5 - 35 * (cut - 42.5) / 30)) < 1e-9)
        try "panelist,min_cut,max_cut,min_fail,max_fail\nA,90,95,0,1\n".write(to: dir.appendingPathComponent("miss.csv"), atomically: true, encoding: .utf8)
        let miss = runMentorCert(["standards", "hofstee", "miss.csv", "--responses", "r.csv", "--bank", bundled], cwd: dir)
        #expect(miss.status == 1 && miss.stderr.contains("no Hofstee compromise"))
    }
}
