/// Why a scale linking could not be computed. Its description says what failed and what to do.
public struct LinkingError: Error, Sendable, CustomStringConvertible, Equatable {
    enum Kind: Sendable, Equatable {
        case noCommonItems
        case modelMismatch(index: Int)
        case invalidParameters(index: Int)
        case noSpread
    }

    let kind: Kind

    init(_ kind: Kind) { self.kind = kind }

    public var description: String {
        switch kind {
        case .noCommonItems:
            return "no common items: linking needs items calibrated on both the form and the bank (same ids)"
        case .modelMismatch(let i):
            return "common item \(i + 1) has a different number of categories or polytomous model (grm / gpcm) on the "
                + "form and in the bank; link only items scored and modelled the same way"
        case .invalidParameters(let i):
            return "common item \(i + 1) has invalid parameters (non-finite, or a non-positive slope); "
                + "check both parameter files"
        case .noSpread:
            return "mean/sigma needs common-item difficulties that differ; the form's b values have no spread "
                + "(use mean-mean, haebara or stocking-lord)"
        }
    }
}
