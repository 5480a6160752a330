import Foundation
import Testing

/// `calibrate --group COL`: a multiple-group calibration from the command line, its JSON groups and
/// the checks on the group options.
@Suite("CLI: multiple-group calibration")
struct MultipleGroupCLITests {
    /// Two groups of 800 persons, the focal one shifted by +0.8 (seeded LCG, 2PL items a = 1.2).
    func writeData(_ dir: URL) throws -> URL {
        var state: UInt64 = 7
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) * 0x1.0p-53
        }
        let items = 10
        var text = "id,cohort," + (1...items).map { "Q\($0)" }.joined(separator: ",") + "\n"
        for p in 0..<1600 {
            let focal = p >= 800
            let theta = (uniform() + uniform() + uniform() - 1.5) * 2 + (focal ? 0.8 : 0)
            let cells = (0..<items).map { i -> String in
                let b = -1.5 + 3 * Double(i) / Double(items - 1)
                return uniform() < 1 / (1 + exp(-1.2 * (theta - b))) ? "1" : "0"
            }
            text += "p\(p),\(focal ? "later" : "intake")," + cells.joined(separator: ",") + "\n"
        }
        let url = dir.appendingPathComponent("groups.csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test("--group COL reports each group's latent mean and variance with SEs in JSON")
    func groupsInJSON() throws {
        let dir = try temporaryWorkingDirectory()
        let data = try writeData(dir)
        let r = runMentorCert(["calibrate", data.path, "--model", "2pl", "--group", "cohort", "--format", "json", "--quiet"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let groups = try #require(doc["groups"] as? [[String: Any]])
        #expect(groups.compactMap { $0["name"] as? String } == ["intake", "later"])
        let focal = try #require(groups.last)
        let mean = try #require(focal["mean"] as? Double)
        #expect(mean > 0.5 && mean < 1.1, "focal mean \(mean)")
        #expect((focal["meanStandardError"] as? Double ?? 0) > 0)
        #expect((focal["varianceStandardError"] as? Double ?? 0) > 0)
        #expect(groups.first?["meanEstimated"] as? Bool == false)
    }

    @Test("--reference picks the reference group; --free-items adds per-group copies; bad options are refused")
    func referenceAndFreeItems() throws {
        let dir = try temporaryWorkingDirectory()
        let data = try writeData(dir)
        let r = runMentorCert(["calibrate", data.path, "--model", "2pl", "--group", "cohort", "--reference", "later",
                               "--free-items", "Q3", "--format", "json", "--no-se", "--quiet"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let groups = try #require(doc["groups"] as? [[String: Any]])
        #expect(groups.first?["name"] as? String == "later")
        let focalMean = try #require(groups.last?["mean"] as? Double)
        #expect(focalMean < -0.4, "intake relative to later: \(focalMean)")
        let ids = (doc["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(ids.contains("Q3@intake"))

        let unknown = runMentorCert(["calibrate", data.path, "--model", "2pl", "--group", "cohort", "--reference", "nobody"], cwd: dir)
        #expect(unknown.status == 1 && unknown.stderr.contains("nobody"))
        let noGroup = runMentorCert(["calibrate", data.path, "--model", "2pl", "--free-items", "Q3"], cwd: dir)
        #expect(noGroup.status != 0 && noGroup.stderr.contains("--group"))
    }
}
