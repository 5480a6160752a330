/// How the linear scale transformation θ* = A·θ + B between two calibrations is found from their
/// common items (Kolen & Brennan 2014, *Test Equating, Scaling, and Linking*, 3rd ed., ch. 6).
///
/// - `meanMean`: A = mean(a_form)/mean(a_bank), B = mean(b_bank) − A·mean(b_form) (Loyd & Hoover 1980).
/// - `meanSigma`: A = sd(b_bank)/sd(b_form), B = mean(b_bank) − A·mean(b_form) (Marco 1977).
/// - `haebara`: minimises the weighted squared differences of the category characteristic curves,
///   item by item (Haebara 1980).
/// - `stockingLord`: minimises the weighted squared difference of the test characteristic curves
///   (Stocking & Lord 1983).
///
/// For graded and GPCM items every threshold (step difficulty) is one b in the moment methods, and
/// Haebara's criterion sums over all categories (Kim & Lee 2006); dichotomous items contribute their
/// correct-response curve.
public enum LinkingMethod: String, Sendable, Codable, CaseIterable, Hashable {
    case meanMean = "mean-mean"
    case meanSigma = "mean-sigma"
    case haebara
    case stockingLord = "stocking-lord"

    /// True for the characteristic-curve methods, which minimise a criterion numerically.
    public var isCharacteristicCurve: Bool { self == .haebara || self == .stockingLord }
}
