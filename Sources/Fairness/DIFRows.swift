import Tables

/// A row of one of the DIF tables: a value type whose stored properties are the schema's columns
/// (same names, same order), encoded with every key present and `null` for a missing value.
public protocol DIFTableRow: Codable, Sendable, Equatable {
    /// The row's table.
    static var schema: TableSchema { get }
    /// The cells in column order.
    var values: [TableValue] { get }
}

extension DIFTableRow {
    /// The row as JSON: the schema's keys, `null` for nil (``TableRow``).
    public func encodeRow(to encoder: any Encoder) throws {
        try TableRow(Self.schema, values: values).encode(to: encoder)
    }
}

/// One row of `dif_items` (``TableSchema/difItems``): each method's verdict and the flag.
public struct DIFItemRow: DIFTableRow {
    public static var schema: TableSchema { .difItems }
    public var itemId: String
    public var categories: Int
    public var persons: Int
    public var mhClass: ETSClass?
    public var mhDelta: Double?
    public var mhEffectSize: Double?
    public var mhPValue: Double?
    public var lrClass: ETSClass?
    public var lrRSquaredChange: Double?
    public var lrPValue: Double?
    public var irtPValueAdjusted: Double?
    /// `reference` or `focal`.
    public var favours: String?
    public var flagged: Bool
    /// Why the item is flagged, `; `-separated (nil when not flagged).
    public var reasons: String?

    public var values: [TableValue] {
        [.text(itemId), .integer(categories), .integer(persons), TableValue(mhClass?.rawValue), TableValue(mhDelta),
         TableValue(mhEffectSize), TableValue(mhPValue), TableValue(lrClass?.rawValue), TableValue(lrRSquaredChange),
         TableValue(lrPValue), TableValue(irtPValueAdjusted), TableValue(favours), .boolean(flagged), TableValue(reasons)]
    }
    public func encode(to encoder: any Encoder) throws { try encodeRow(to: encoder) }
}

/// One row of `dif_mantel_haenszel` (``TableSchema/difMantelHaenszel``).
public struct MantelHaenszelRow: DIFTableRow {
    public static var schema: TableSchema { .difMantelHaenszel }
    public var itemId: String
    /// `mantel-haenszel` or `mantel`.
    public var method: String
    public var strata: Int
    public var referencePersons: Int
    public var focalPersons: Int
    public var oddsRatio: Double?
    public var delta: Double?
    public var deltaStandardError: Double?
    public var chiSquare: Double?
    public var degreesOfFreedom: Int
    public var pValue: Double?
    public var standardizedMeanDifference: Double?
    public var effectSize: Double?
    public var etsClass: ETSClass?

    public var values: [TableValue] {
        [.text(itemId), .text(method), .integer(strata), .integer(referencePersons), .integer(focalPersons),
         TableValue(oddsRatio), TableValue(delta), TableValue(deltaStandardError), TableValue(chiSquare),
         .integer(degreesOfFreedom), TableValue(pValue), TableValue(standardizedMeanDifference), TableValue(effectSize),
         TableValue(etsClass?.rawValue)]
    }
    public func encode(to encoder: any Encoder) throws { try encodeRow(to: encoder) }
}

/// One row of `dif_logistic_regression` (``TableSchema/difLogisticRegression``).
public struct LogisticRegressionRow: DIFTableRow {
    public static var schema: TableSchema { .difLogisticRegression }
    public var itemId: String
    /// `logit` or `cumulative-logit`.
    public var model: String
    public var persons: Int
    public var logLikelihood1: Double?
    public var logLikelihood2: Double?
    public var logLikelihood3: Double?
    public var chiSquareTotal: Double?
    public var pValueTotal: Double?
    public var chiSquareUniform: Double?
    public var pValueUniform: Double?
    public var chiSquareNonUniform: Double?
    public var pValueNonUniform: Double?
    public var rSquared1: Double?
    public var rSquared2: Double?
    public var rSquared3: Double?
    public var rSquaredChange: Double?
    public var rSquaredChangeUniform: Double?
    public var rSquaredChangeNonUniform: Double?
    public var groupCoefficient: Double?
    public var interactionCoefficient: Double?
    public var effectClass: ETSClass?
    public var converged: Bool

    public var values: [TableValue] {
        [.text(itemId), .text(model), .integer(persons), TableValue(logLikelihood1), TableValue(logLikelihood2),
         TableValue(logLikelihood3), TableValue(chiSquareTotal), TableValue(pValueTotal), TableValue(chiSquareUniform),
         TableValue(pValueUniform), TableValue(chiSquareNonUniform), TableValue(pValueNonUniform), TableValue(rSquared1),
         TableValue(rSquared2), TableValue(rSquared3), TableValue(rSquaredChange), TableValue(rSquaredChangeUniform),
         TableValue(rSquaredChangeNonUniform), TableValue(groupCoefficient), TableValue(interactionCoefficient),
         TableValue(effectClass?.rawValue), .boolean(converged)]
    }
    public func encode(to encoder: any Encoder) throws { try encodeRow(to: encoder) }
}

/// One row of `dif_irt_likelihood_ratio` (``TableSchema/difIRTLikelihoodRatio``).
public struct IRTLikelihoodRatioRow: DIFTableRow {
    public static var schema: TableSchema { .difIRTLikelihoodRatio }
    public var itemId: String
    public var model: String
    public var degreesOfFreedom: Int?
    public var logLikelihoodConstrained: Double?
    public var logLikelihoodFree: Double?
    public var chiSquare: Double?
    public var pValue: Double?
    public var pValueAdjusted: Double?
    public var significant: Bool
    public var converged: Bool

    public var values: [TableValue] {
        [.text(itemId), .text(model), TableValue(degreesOfFreedom), TableValue(logLikelihoodConstrained),
         TableValue(logLikelihoodFree), TableValue(chiSquare), TableValue(pValue), TableValue(pValueAdjusted),
         .boolean(significant), .boolean(converged)]
    }
    public func encode(to encoder: any Encoder) throws { try encodeRow(to: encoder) }
}
