import Foundation
import Testing
import IRTModels
import MathCore
import ResponseData
@testable import Calibration

/// Reference fixtures from an independent implementation: mirt 1.2.0 from PyPI (Python with a Rust
/// core), written by `Tests/Fixtures/mirt/make_fixtures.py`, which records mirt's version and the
/// settings of every call in each file. No Python is needed to run these tests.
///
/// - S-X² (Orlando & Thissen 2000): mirt computed it on the engine's own grid (61 nodes on [−6, 6],
///   normal weights) for mirt's fitted 2PL items, so both sides evaluate the same formula on the same
///   numbers: agreement to ``MirtFixture/sx2RelativeTolerance`` (measured: 2·10⁻¹⁴), degrees of freedom
///   equal.
/// - 2PL, GRM and GPCM fits by MML-EM: mirt integrates with 61 Gauss–Hermite nodes, the engine with 61
///   equally spaced nodes on [−6, 6]; both rules are essentially exact for these smooth likelihoods
///   (mirt's own 41-node fits, recorded in the fixtures, differ from its 61-node fits by up to 1.2·10⁻³
///   for the GPCM, so the comparison uses 61 nodes on both sides). What remains is
///   each side's convergence rule (mirt's tol 1e−7, ours 1e−7 on the largest parameter change):
///   slopes and thresholds agree to ``MirtFixture/fitTolerance`` (measured: ≤ 1.1·10⁻⁴ for 2PL, GRM and
///   GPCM at 500 persons; the tolerance is about 4× that, far below the standard errors of ~0.1).
enum MirtFixture {
    /// S-X² is a deterministic function of the data, the items and the grid: relative agreement.
    static let sx2RelativeTolerance = 1e-9
    /// Largest difference in a slope or threshold between the engine's fit and mirt's.
    static let fitTolerance = 5e-4

    static var folder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/mirt")
    }

    /// The JSON document of one fixture file.
    static func load(_ name: String) throws -> [String: Any] {
        let url = folder.appendingPathComponent(name)
        let data = try Data(contentsOf: url)
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw FixtureError(message: "\(url.path) is not a JSON object")
        }
        return object
    }

    struct FixtureError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// The fixture's responses (one string per person, "." = not presented) as a response matrix.
    static func responses(_ document: [String: Any], categories: Int) throws -> ResponseMatrix {
        guard let rows = document["responses"] as? [String], let first = rows.first else {
            throw FixtureError(message: "fixture has no responses")
        }
        let items = first.count
        var bytes = [UInt8]()
        bytes.reserveCapacity(rows.count * items)
        for row in rows {
            for ch in row { bytes.append(ch == "." ? 255 : UInt8(String(ch)) ?? 255) }
        }
        return try ResponseMatrix(personIDs: rows.indices.map { "p\($0 + 1)" }, itemIDs: (0..<items).map { "i\($0 + 1)" },
                              responses: bytes, categoryCounts: Array(repeating: categories, count: items))
    }

    /// mirt's fitted (or given) items of a fixture: `discrimination` with `difficulty`, `thresholds`
    /// (GRM) or `steps` (GPCM), in mirt's a(θ − b) form.
    static func items(_ list: [[String: Any]], model: ItemModel) throws -> [ItemParameters] {
        try list.map { entry in
            guard let a = entry["discrimination"] as? Double else { throw FixtureError(message: "item without discrimination") }
            switch model {
            case .graded:
                return .graded(discrimination: a, thresholds: entry["thresholds"] as? [Double] ?? [])
            case .gpcm:
                return .partialCredit(discrimination: a, stepDifficulties: entry["steps"] as? [Double] ?? [])
            default:
                return .dichotomous(model, discrimination: a, difficulty: entry["difficulty"] as? Double ?? .nan)
            }
        }
    }

    /// The slope followed by the difficulties (or thresholds / step difficulties) of every item.
    static func flatten(_ items: [ItemParameters]) -> [Double] {
        items.flatMap { [$0.discrimination] + $0.thresholds }
    }
}

@Suite("Reference fixtures: mirt 1.2.0 (PyPI)")
struct MirtReferenceTests {
    @Test("S-X² of mirt's fitted 2PL items on the engine's grid: statistic to 1e−9 (relative), equal df")
    func sx2() throws {
        let document = try MirtFixture.load("sx2-2pl.json")
        let data = try MirtFixture.responses(document, categories: 2)
        let fit = try #require(document["fit"] as? [String: Any])
        let items = try MirtFixture.items(try #require(fit["items"] as? [[String: Any]]), model: .twoPL)
        let reference = try #require(document["sx2"] as? [[String: Any]])
        let ours = try ItemFit.sx2(items: items, data: data)
        #expect(ours.count == reference.count)
        for (j, row) in reference.enumerated() where j < ours.count {
            let want = try #require(row["sx2"] as? Double)
            let df = try #require(row["df"] as? Int)
            let got = try #require(ours[j].sx2, "item \(j + 1): no S-X² (\(ours[j].warnings))")
            #expect(abs(got - want) <= MirtFixture.sx2RelativeTolerance * max(1, abs(want)),
                    "item \(j + 1): S-X² \(got), mirt \(want)")
            #expect(ours[j].df == df, "item \(j + 1): df \(String(describing: ours[j].df)), mirt \(df)")
        }
    }

    struct FitCase: Sendable, CustomTestStringConvertible {
        var file: String
        var model: ItemModel
        var categories: Int
        var testDescription: String { "\(model.displayName) (\(file))" }
    }

    @Test("MML-EM fits agree with mirt's: slopes and thresholds within 5e−4",
          arguments: [FitCase(file: "sx2-2pl.json", model: .twoPL, categories: 2),
                      FitCase(file: "fit-grm.json", model: .graded, categories: 4),
                      FitCase(file: "fit-gpcm.json", model: .gpcm, categories: 4)])
    func fit(_ c: FitCase) throws {
        let document = try MirtFixture.load(c.file)
        let data = try MirtFixture.responses(document, categories: c.categories)
        let fit = try #require(document["fit"] as? [String: Any])
        #expect(fit["converged"] as? Bool == true)
        let reference = try MirtFixture.items(try #require(fit["items"] as? [[String: Any]]), model: c.model)
        var cfg = CalibrationConfiguration(model: c.model)
        cfg.tolerance = 1e-7
        cfg.maxIterations = 5000
        cfg.computeStandardErrors = false
        let result = try Calibrator(configuration: cfg).calibrate(data)
        #expect(result.converged)
        let ours = MirtFixture.flatten(result.items), theirs = MirtFixture.flatten(reference)
        #expect(ours.count == theirs.count)
        let worst = zip(ours, theirs).map { abs($0 - $1) }.max() ?? .infinity
        #expect(worst <= MirtFixture.fitTolerance, "largest difference from mirt: \(worst)")
    }
}
