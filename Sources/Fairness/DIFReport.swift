import Tables

/// The result of a DIF analysis (``DIFAnalysis/run(_:groups:parameters:settings:)``); encoded, it is the
/// JSON document of `mentorcert dif --format json` (camelCase, `schemaVersion`, every key present, `null`
/// for a missing value explained in `warnings`). Its four row arrays are the four DIF tables.
public struct DIFReport: Codable, Sendable, Equatable {
    /// The version of this document (that of the `dif_items` schema).
    public var schemaVersion: Int
    public var groupColumn: String
    public var referenceGroup: String
    public var focalGroup: String
    /// `named` or `smaller group` (the default).
    public var focalChoice: String
    /// Persons in the reference and focal groups.
    public var referencePersons: Int
    public var focalPersons: Int
    /// Persons in neither group (another value, empty or `NA`), left out.
    public var excludedPersons: Int
    /// Persons of the two groups left out of Mantel–Haenszel and logistic regression for a not-presented item.
    public var incompletePersons: Int
    /// The significance level (.05).
    public var alpha: Double
    /// How persons are matched.
    public var matching: String
    /// `dif_items` rows, in item order.
    public var items: [DIFItemRow]
    public var mantelHaenszel: [MantelHaenszelRow]
    public var logisticRegression: [LogisticRegressionRow]
    /// nil when no parameters were given (the IRT test needs item models).
    public var irtLikelihoodRatio: [IRTLikelihoodRatioRow]?
    /// The focal group's latent mean and variance in the constrained two-group calibration (nil without IRT).
    public var irtFocalMean: Double?
    public var irtFocalVariance: Double?
    /// Ids of the items flagged for review, in item order.
    public var flagged: [String]
    public var warnings: [String]

    private enum CodingKeys: String, CodingKey {
        case schemaVersion, groupColumn, referenceGroup, focalGroup, focalChoice, referencePersons, focalPersons,
             excludedPersons, incompletePersons, alpha, matching, items, mantelHaenszel, logisticRegression,
             irtLikelihoodRatio, irtFocalMean, irtFocalVariance, flagged, warnings
    }

    /// Encodes every key, `null` for the absent IRT parts.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(schemaVersion, forKey: .schemaVersion)
        try c.encode(groupColumn, forKey: .groupColumn)
        try c.encode(referenceGroup, forKey: .referenceGroup)
        try c.encode(focalGroup, forKey: .focalGroup)
        try c.encode(focalChoice, forKey: .focalChoice)
        try c.encode(referencePersons, forKey: .referencePersons)
        try c.encode(focalPersons, forKey: .focalPersons)
        try c.encode(excludedPersons, forKey: .excludedPersons)
        try c.encode(incompletePersons, forKey: .incompletePersons)
        try c.encode(alpha, forKey: .alpha)
        try c.encode(matching, forKey: .matching)
        try c.encode(items, forKey: .items)
        try c.encode(mantelHaenszel, forKey: .mantelHaenszel)
        try c.encode(logisticRegression, forKey: .logisticRegression)
        try c.encode(irtLikelihoodRatio, forKey: .irtLikelihoodRatio)
        try c.encode(irtFocalMean.flatMap { $0.isFinite ? $0 : nil }, forKey: .irtFocalMean)
        try c.encode(irtFocalVariance.flatMap { $0.isFinite ? $0 : nil }, forKey: .irtFocalVariance)
        try c.encode(flagged, forKey: .flagged)
        try c.encode(warnings, forKey: .warnings)
    }

    /// The schemas of the report's tables, the main one (`dif_items`) first.
    public static let tableSchemas: [TableSchema] = [.difItems, .difMantelHaenszel, .difLogisticRegression, .difIRTLikelihoodRatio]

    /// The report's tables, the main one first; `dif_irt_likelihood_ratio` only when the IRT test ran.
    /// - Throws: ``TablesError`` when a row does not fit its schema (a programmer error).
    public func tables() throws -> [Table] {
        var out = [
            try Table(.difItems, rows: items.map(\.values)),
            try Table(.difMantelHaenszel, rows: mantelHaenszel.map(\.values)),
            try Table(.difLogisticRegression, rows: logisticRegression.map(\.values)),
        ]
        if let irt = irtLikelihoodRatio { out.append(try Table(.difIRTLikelihoodRatio, rows: irt.map(\.values))) }
        return out
    }

    /// The flagged items' rows.
    public var flaggedItems: [DIFItemRow] { items.filter(\.flagged) }
}
