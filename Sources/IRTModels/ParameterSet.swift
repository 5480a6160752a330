/// Calibrated items with the latent distribution of their scale and where they come from: the one
/// item-parameter value of the engine. `calibrate` writes it, `score`, `link`, the exam, the
/// evidence and the exports read it, and a bank version yields it.
///
/// Its JSON form is ``ParameterSet/Document`` (the document `calibrate --format json` writes and
/// every reader decodes with the same types, schema version 1; `notebooks-export/README.md`).
public struct ParameterSet: Sendable, Equatable {
    /// One item: its id, parameters, standard errors by mirt's names (`a1`, `d`, `g`, `u`, `d1`…, plus
    /// `b`, `b1`… by the delta method), the free parameters on a bound of the calibration's box, and
    /// whether it was held fixed.
    public struct Item: Sendable, Equatable {
        public var id: String
        public var parameters: ItemParameters
        public var standardErrors: [String: Double]
        public var parametersOnBounds: [String]
        public var fixed: Bool

        public init(id: String, parameters: ItemParameters, standardErrors: [String: Double] = [:],
                    parametersOnBounds: [String] = [], fixed: Bool = false) {
            self.id = id
            self.parameters = parameters
            self.standardErrors = standardErrors
            self.parametersOnBounds = parametersOnBounds
            self.fixed = fixed
        }
    }

    /// The scale transformation a linking applied (θ_bank = slope·θ_form + intercept; Kolen & Brennan's
    /// A and B).
    public struct Linking: Sendable, Equatable, Codable {
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

    /// Where the parameters come from (a bank-aware calibration: its id, the response set, the bank
    /// version it calibrated and the version it created).
    public struct Provenance: Sendable, Equatable, Codable {
        public var calibrationId: String
        public var responseSet: String
        public var parentBankVersion: String
        public var bankVersion: String
        public init(calibrationId: String, responseSet: String, parentBankVersion: String, bankVersion: String) {
            self.calibrationId = calibrationId; self.responseSet = responseSet
            self.parentBankVersion = parentBankVersion; self.bankVersion = bankVersion
        }
    }

    public var items: [Item]
    /// The latent distribution of the scale (of the reference group in a multiple-group calibration).
    public var latent: LatentDistribution
    /// Each group's latent distribution in a multiple-group calibration (reference first), else empty.
    public var groups: [GroupLatent]
    public var linking: Linking?
    public var provenance: Provenance?
    /// Advisory problems of the parameters (values legal but unusual), per item.
    public var warnings: [String]

    public init(items: [Item], latent: LatentDistribution = .standard, groups: [GroupLatent] = [],
                linking: Linking? = nil, provenance: Provenance? = nil, warnings: [String] = []) {
        self.items = items
        self.latent = latent
        self.groups = groups
        self.linking = linking
        self.provenance = provenance
        self.warnings = warnings
    }

    /// The items' parameters as a batch (probabilities, information …).
    public var batch: ItemBatch { ItemBatch(items.map(\.parameters)) }

    /// The common model of the items, or `mixed`.
    public var modelSummary: String {
        let models = Set(items.map(\.parameters.model.rawValue))
        return models.count == 1 ? (models.first ?? "") : "mixed"
    }

    /// The item with id `id`.
    public func item(_ id: String) -> Item? { items.first { $0.id == id } }
}

/// The latent distribution of one group of a calibration, with standard errors where estimated.
public struct GroupLatent: Sendable, Equatable, Codable {
    public var name: String
    public var persons: Int
    public var mean: Double
    public var variance: Double
    public var meanEstimated: Bool
    public var varianceEstimated: Bool
    public var meanStandardError: Double?
    public var varianceStandardError: Double?

    public init(name: String, persons: Int, mean: Double, variance: Double, meanEstimated: Bool, varianceEstimated: Bool,
                meanStandardError: Double? = nil, varianceStandardError: Double? = nil) {
        self.name = name; self.persons = persons; self.mean = mean; self.variance = variance
        self.meanEstimated = meanEstimated; self.varianceEstimated = varianceEstimated
        self.meanStandardError = meanStandardError; self.varianceStandardError = varianceStandardError
    }
}
