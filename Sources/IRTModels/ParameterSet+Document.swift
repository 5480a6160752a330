import Foundation
import SystemFiles

extension ParameterSet {
    /// The version of the parameter document this engine writes and reads.
    public static let documentVersion = 1

    /// One item of the JSON document, in both parameterisations: slope/intercept (`discrimination`,
    /// `intercept` or `intercepts`) and IRT form (`difficulty` or `thresholds`). Written by
    /// `calibrate` and `link`, read by every reader — one type, so writer and reader cannot drift.
    public struct ItemRecord: Codable, Sendable, Equatable {
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
        public var parametersOnBounds: [String]?
        public var fixed: Bool?

        /// The record of an item (non-finite standard errors are left out).
        public init(_ item: Item) {
            let p = item.parameters
            let dich = p.model.isDichotomous
            id = item.id
            model = p.model.rawValue
            discrimination = p.discrimination
            difficulty = dich ? p.difficulty : nil
            intercept = dich ? p.intercept : nil
            guessing = p.model.hasGuessing ? p.guessing : nil
            upperAsymptote = p.model.hasUpperAsymptote ? p.upperAsymptote : nil
            intercepts = dich ? nil : p.intercepts
            thresholds = dich ? nil : p.thresholds
            let finite = item.standardErrors.filter { $0.value.isFinite }
            standardErrors = finite.isEmpty ? nil : finite
            parametersOnBounds = item.parametersOnBounds.isEmpty ? nil : item.parametersOnBounds
            fixed = item.fixed
        }

        /// The item of this record, checked against ``ParameterBounds`` (hard limits are errors,
        /// advisory limits come back as warnings).
        public func item(file: String) throws(ParameterSetError) -> (Item, [String]) {
            guard let model = ItemModel(rawValue: model) else {
                throw ParameterSetError(file: file, item: id, problem: "unknown model '\(self.model)'",
                                        remedy: "use one of " + ItemModel.allCases.map(\.rawValue).joined(separator: ", "))
            }
            guard discrimination > 0 else {
                throw ParameterSetError(file: file, item: id, problem: "discrimination \(discrimination) is not positive",
                                        remedy: "a negative slope reverses the scale — check the file")
            }
            let values: [Double]
            if model.isDichotomous {
                if let d = intercept { values = [d] } else if let b = difficulty {
                    values = [-discrimination * b]
                } else {
                    throw ParameterSetError(file: file, item: id, problem: "no `intercept` (or `difficulty`)", remedy: "add one")
                }
                if let b = difficulty, let d = intercept, abs(b + d / discrimination) > 0.01 {
                    throw ParameterSetError(file: file, item: id,
                        problem: "difficulty \(b) disagrees with −intercept/discrimination = \(-d / discrimination)",
                        remedy: "fix one of them")
                }
            } else {
                if let d = intercepts { values = d } else if let b = thresholds {
                    values = b.map { -discrimination * $0 }
                } else {
                    throw ParameterSetError(file: file, item: id, problem: "no `intercepts` (or `thresholds`)", remedy: "add them")
                }
            }
            let p = ItemParameters(model: model, discrimination: discrimination, intercepts: values,
                                   guessing: guessing ?? 0, upperAsymptote: upperAsymptote ?? 1)
            let problems = ParameterBounds.problems(of: p)
            if let error = problems.first(where: { $0.severity == .error }) {
                throw ParameterSetError(file: file, item: id, problem: error.message, remedy: "fix the value")
            }
            let warnings = problems.filter { $0.severity == .warning }.map { "Item \(id): \($0.message)." }
            return (Item(id: id, parameters: p, standardErrors: (standardErrors ?? [:]).filter { $0.value.isFinite },
                         parametersOnBounds: parametersOnBounds ?? [], fixed: fixed ?? false), warnings)
        }
    }

    /// The parameter document's fields that every reader needs. Writers may add fields (item fit,
    /// classical statistics …); readers ignore what they do not know.
    public struct Document: Codable, Sendable {
        public var schemaVersion: Int
        public var model: String?
        public var latentMean: Double?
        public var latentVariance: Double?
        public var latentMeanEstimated: Bool?
        public var latentVarianceEstimated: Bool?
        public var groups: [GroupLatent]?
        public var linking: Linking?
        public var provenance: Provenance?
        public var items: [ItemRecord]
    }

    /// The document of this parameter set.
    public var document: Document {
        Document(schemaVersion: Self.documentVersion, model: modelSummary, latentMean: latent.mean,
                 latentVariance: latent.variance, latentMeanEstimated: latent.meanEstimated,
                 latentVarianceEstimated: latent.varianceEstimated, groups: groups.isEmpty ? nil : groups,
                 linking: linking, provenance: provenance, items: items.map(ItemRecord.init))
    }

    /// The largest |latent mean| and latent variance a parameter file may carry: θ is a standardised
    /// scale, so a mean of 1e6 is a broken file, not a population.
    public static let latentMeanLimit = 10.0
    public static let latentVarianceLimit = 100.0

    /// Reads a parameter set from its document, checking the version, the latent distribution, every
    /// item (``ParameterBounds``) and that no id occurs twice.
    public init(document d: Document, file: String) throws(ParameterSetError) {
        guard d.schemaVersion == Self.documentVersion else {
            throw ParameterSetError(file: file, item: nil, problem: "schemaVersion \(d.schemaVersion) is not one this engine reads",
                                    remedy: "write the file with this engine (schema version \(Self.documentVersion))")
        }
        let mean = d.latentMean ?? 0, variance = d.latentVariance ?? 1
        guard mean.isFinite, abs(mean) <= Self.latentMeanLimit else {
            throw ParameterSetError(file: file, item: nil, problem: "latentMean \(mean) is outside ±\(Self.latentMeanLimit)",
                                    remedy: "check the file; θ is a standardised scale")
        }
        guard variance.isFinite, variance > 0, variance <= Self.latentVarianceLimit else {
            throw ParameterSetError(file: file, item: nil,
                                    problem: "latentVariance \(variance) is not in (0, \(Self.latentVarianceLimit)]",
                                    remedy: "check the file; θ is a standardised scale")
        }
        guard !d.items.isEmpty else {
            throw ParameterSetError(file: file, item: nil, problem: "no items", remedy: "calibrate some items first")
        }
        var seen = Set<String>()
        var items = [Item]()
        var warnings = [String]()
        for record in d.items {
            guard seen.insert(record.id).inserted else {
                throw ParameterSetError(file: file, item: record.id, problem: "the item occurs twice",
                                        remedy: "keep one entry per item id")
            }
            let (item, w) = try record.item(file: file)
            items.append(item)
            warnings += w
        }
        self.init(items: items,
                  latent: LatentDistribution(mean: mean, variance: variance, meanEstimated: d.latentMeanEstimated ?? false,
                                             varianceEstimated: d.latentVarianceEstimated ?? false),
                  groups: d.groups ?? [], linking: d.linking, provenance: d.provenance, warnings: warnings)
    }

    /// Reads a parameter set from JSON data (`file` names it in errors).
    public init(json data: Data, file: String) throws(ParameterSetError) {
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: data)
        } catch {
            let (item, problem) = Self.describe(error, data: data)
            throw ParameterSetError(file: file, item: item,
                                    problem: "not a MentorCert parameter document (\(problem))",
                                    remedy: "give the JSON written by a calibration or a linking")
        }
        try self.init(document: document, file: file)
    }

    /// Reads a parameter set from a file.
    public init(contentsOf path: String) throws(ParameterSetError) {
        let bytes: [UInt8]
        do { bytes = try FileContents.bytes(atPath: path) } catch {
            throw ParameterSetError(file: path, item: nil, problem: "cannot read the parameter file", remedy: error.reason)
        }
        try self.init(json: Data(bytes), file: path)
    }

    /// A short description of a JSON decoding error in our words: the item (by its id, read from the
    /// document, instead of its index in `items`), the key path within it and what was wrong.
    static func describe(_ error: any Error, data: Data) -> (item: String?, problem: String) {
        guard let e = error as? DecodingError else { return (nil, "\(error)") }
        func place(_ ctx: DecodingError.Context) -> (item: String?, path: String) {
            var keys = ctx.codingPath
            var item: String?
            if keys.count >= 2, keys[0].stringValue == "items", let index = keys[1].intValue {
                let entries = (try? JSONSerialization.jsonObject(with: data)) .flatMap { ($0 as? [String: Any])?["items"] as? [Any] }
                let entry = entries.flatMap { index < $0.count ? $0[index] as? [String: Any] : nil }
                item = (entry?["id"] as? String).map { $0 } ?? "number \(index + 1) in `items` (it has no id)"
                keys.removeFirst(2)
            }
            let p = keys.map { $0.intValue.map { "entry \($0 + 1)" } ?? "`\($0.stringValue)`" }.joined(separator: " → ")
            return (item, p.isEmpty ? (item == nil ? "the top level" : "the item") : p)
        }
        func expected(_ type: Any.Type) -> String {
            switch type {
            case is Double.Type, is Float.Type: return "a number"
            case is Int.Type: return "a whole number"
            case is String.Type: return "text"
            case is Bool.Type: return "true or false"
            default:
                let name = "\(type)"
                if name.hasPrefix("Array") { return "a list" }
                if name.hasPrefix("Dictionary") { return "an object" }
                return "an object"
            }
        }
        switch e {
        case let .keyNotFound(key, ctx):
            let (item, path) = place(ctx)
            return (item, "the key `\(key.stringValue)` is missing" + (path == "the top level" || path == "the item" ? "" : " in \(path)"))
        case let .typeMismatch(type, ctx):
            let (item, path) = place(ctx)
            return (item, "\(path) must be \(expected(type))")
        case let .valueNotFound(type, ctx):
            let (item, path) = place(ctx)
            return (item, "\(path) is null but must be \(expected(type))")
        case .dataCorrupted(let ctx):
            let (item, path) = place(ctx)
            if ctx.codingPath.isEmpty { return (nil, "the file is not valid JSON text") }
            return (item, "\(path) has a value that cannot be read")
        @unknown default:
            return (nil, "the document cannot be decoded")
        }
    }
}

/// A parameter document that cannot be used: the file, the item (when one is at fault), what is
/// wrong and what to do.
public struct ParameterSetError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var item: String?
    public var problem: String
    public var remedy: String

    public var description: String {
        "\(file): " + (item.map { "item \($0): " } ?? "") + "\(problem); \(remedy)."
    }
}
