/// Why a scale linking could not be computed. Its description says what failed and what to do.
public struct LinkingError: Error, Sendable, CustomStringConvertible, Equatable {
    enum Kind: Sendable, Equatable {
        case noCommonItems
        case modelMismatch(item: String, form: String, bank: String)
        case invalidParameters(item: String, side: String, problem: String)
        case noSpread
    }

    let kind: Kind

    init(_ kind: Kind) { self.kind = kind }

    public var description: String {
        switch kind {
        case .noCommonItems:
            return "no common items: linking needs items calibrated on both the form and the bank (same ids)"
        case let .modelMismatch(item, form, bank):
            return "common item \(item) has a different number of categories or polytomous model on the form (\(form)) "
                + "and in the bank (\(bank)); link only items scored and modelled the same way"
        case let .invalidParameters(item, side, problem):
            return "common item \(item): the \(side)'s parameters cannot be used: \(problem); fix them in the \(side)'s "
                + "parameters, or leave the item out of the common items"
        case .noSpread:
            return "mean/sigma needs common-item difficulties that differ; the form's b values have no spread "
                + "(use mean-mean, haebara or stocking-lord)"
        }
    }
}
