import Foundation
import IRTModels
import ItemBanking
import BankCalibration
import Store

/// The item-parameter file written by `mentorcert calibrate --format json` and read by `score`,
/// `link` and the bank-aware commands (schema "item parameters", DECISIONS §8: camelCase JSON keys).
///
/// Each item carries both parameterisations: slope/intercept (`discrimination`, `intercept` or
/// `intercepts`) and IRT form (`difficulty` or `thresholds`); readers use slope/intercept.
public struct ParameterFile: Codable, Sendable {
    public var schemaVersion: Int = 1
    public var model: String
    public var latentMean: Double = 0
    public var latentVariance: Double = 1
    public var latentMeanEstimated: Bool? = nil
    public var latentVarianceEstimated: Bool? = nil
    /// Set by `mentorcert link`: how these parameters were put on the bank scale.
    public var linking: Linking? = nil
    public var items: [Item]

    /// The scale transformation applied by `mentorcert link` (θ_bank = slope·θ_form + intercept,
    /// Kolen & Brennan's A and B).
    public struct Linking: Codable, Sendable {
        public var method: String
        public var slope: Double
        public var intercept: Double
        public var anchor: String
        public var commonItems: Int
        public init(method: String, slope: Double, intercept: Double, anchor: String, commonItems: Int) {
            self.method = method; self.slope = slope; self.intercept = intercept
            self.anchor = anchor; self.commonItems = commonItems
        }
    }

    /// One item's parameters.
    public struct Item: Codable, Sendable {
        public var id: String
        public var model: String
        public var discrimination: Double
        public var difficulty: Double?
        public var intercept: Double?
        public var guessing: Double?
        public var upperAsymptote: Double?
        public var intercepts: [Double]?
        public var thresholds: [Double]?
        public var standardErrors: [String: Double]?
        public var fixed: Bool?
    }

    public init(model: String, latentMean: Double, latentVariance: Double, items: [Item]) {
        self.model = model
        self.latentMean = latentMean
        self.latentVariance = latentVariance
        self.items = items
    }

    /// The item in both parameterisations; `standardErrors` keyed by mirt's names (a1, d, g, u, d1…)
    /// plus `b` (delta method) for dichotomous items.
    public static func item(id: String, _ p: IRTModels.ItemParameters, standardErrors: [String: Double]? = nil,
                            fixed: Bool? = nil) -> Item {
        let dich = p.model.isDichotomous
        return Item(
            id: id, model: p.model.rawValue, discrimination: p.discrimination,
            difficulty: dich ? p.difficulty : nil, intercept: dich ? p.intercept : nil,
            guessing: p.model.hasGuessing ? p.guessing : nil,
            upperAsymptote: p.model.hasUpperAsymptote ? p.upperAsymptote : nil,
            intercepts: dich ? nil : p.intercepts, thresholds: dich ? nil : p.thresholds,
            standardErrors: standardErrors, fixed: fixed)
    }

    /// The library parameters of every item, in file order.
    /// - Throws: ``CLIError`` naming the file and the item when a model or value is missing.
    public func itemParameters(file: String) throws -> [(id: String, parameters: IRTModels.ItemParameters)] {
        try items.map { item in
            guard let model = ItemModel(rawValue: item.model) else {
                throw CLIError("\(file): item \(item.id) has unknown model '\(item.model)'; use one of "
                    + ItemModel.allCases.map(\.rawValue).joined(separator: ", ") + ".")
            }
            let intercepts: [Double]
            if model.isDichotomous {
                if let d = item.intercept { intercepts = [d] } else if let b = item.difficulty {
                    intercepts = [-item.discrimination * b]
                } else {
                    throw CLIError("\(file): item \(item.id) needs `intercept` (or `difficulty`).")
                }
            } else {
                if let d = item.intercepts { intercepts = d } else if let b = item.thresholds {
                    intercepts = b.map { -item.discrimination * $0 }
                } else {
                    throw CLIError("\(file): item \(item.id) needs `intercepts` (or `thresholds`).")
                }
            }
            let p = IRTModels.ItemParameters(model: model, discrimination: item.discrimination, intercepts: intercepts,
                                   guessing: item.guessing ?? 0, upperAsymptote: item.upperAsymptote ?? 1)
            guard p.discrimination > 0 else {
                throw CLIError("\(file): item \(item.id) has discrimination \(item.discrimination); it must be positive "
                    + "(a negative slope reverses the scale — check the file).")
            }
            if model.isDichotomous, let b = item.difficulty, let d = item.intercept, abs(b + d / item.discrimination) > 0.01 {
                throw CLIError("\(file): item \(item.id): difficulty \(b) disagrees with −intercept/discrimination = "
                    + "\(-d / item.discrimination); fix one of them.")
            }
            guard p.isValid else {
                throw CLIError("\(file): item \(item.id) has invalid parameters (check slope, ordered intercepts, "
                    + "0 ≤ guessing < upperAsymptote ≤ 1).")
            }
            return (item.id, p)
        }
    }

    /// A short description of a JSON decoding error (the key path and what was wrong).
    static func describe(_ error: any Error) -> String {
        guard let e = error as? DecodingError else { return "\(error)" }
        switch e {
        case let .keyNotFound(key, ctx): return "missing key `\(key.stringValue)` at \(path(ctx))"
        case let .typeMismatch(_, ctx), let .valueNotFound(_, ctx): return "wrong value at \(path(ctx)): \(ctx.debugDescription)"
        case let .dataCorrupted(ctx): return "not valid JSON (\(ctx.debugDescription))"
        @unknown default: return "\(e)"
        }
    }
    private static func path(_ ctx: DecodingError.Context) -> String {
        let p = ctx.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        return p.isEmpty ? "the top level" : p
    }

    /// Reads a parameter file.
    public static func read(_ path: String) throws -> ParameterFile {
        let url = URL(fileURLWithPath: path)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw CLIError("\(path): cannot read the parameter file; check the path (write one with "
                + "`mentorcert calibrate … --format json --out FILE`).")
        }
        do {
            return try JSONDecoder().decode(ParameterFile.self, from: data)
        } catch {
            throw CLIError("\(path): not a MentorCert parameter file (the JSON written by `mentorcert calibrate --format json`); "
                + "it could not be read as one: \(Self.describe(error)).")
        }
    }
}

/// A command-line error: its message is printed to standard error and the command exits 1.
public struct CLIError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ message: String) { description = message }
}

extension ParameterFile {
    /// The parameters named by `reference` (DECISIONS §1: "P a parameter file written by calibrate/export
    /// or a bank-version id"): a parameter JSON file, a bank directory, or a stored bank-version id
    /// (or unique prefix). A bank contributes its scored, non-retired items that have parameters, on the
    /// bank scale (latent N(0, 1)).
    static func resolve(_ reference: String, store storePath: String) throws -> ParameterFile {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: reference, isDirectory: &isDirectory)
        if exists && !isDirectory.boolValue { return try read(reference) }
        let bank = try BankReference.load(reference, store: storePath)
        let items: [Item] = bank.items.compactMap { item in
            guard item.scored, item.status != .retired,
                  let p = item.parameters.flatMap(ParameterBridge.modelParameters) else { return nil }
            return ParameterFile.item(id: item.id, p)
        }
        guard !items.isEmpty else {
            throw CLIError("\(reference): no scored item of the bank has parameters; calibrate the bank first.")
        }
        let models = Set(items.map(\.model))
        return ParameterFile(model: models.count == 1 ? (models.first ?? "") : "mixed", latentMean: 0, latentVariance: 1,
                             items: items)
    }
}
