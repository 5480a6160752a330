import IRTModels

/// Test information and conditional SEM at one θ.
public struct InformationPoint: Sendable, Codable, Equatable {
    public var theta: Double
    /// I(θ) = Σ_j I_j(θ).
    public var information: Double
    /// CSEM(θ) = 1/√I(θ) (nil where I(θ) = 0).
    public var csem: Double?
}

/// The information curve of a set of items: the whole bank, a section, or the mean adaptive exam.
public struct InformationCurve: Sendable, Codable, Equatable {
    /// `bank`, `form` (the items of the responses), `section:<id>` or `adaptive` (the mean over simulated exams).
    public var scope: String
    /// Items behind the curve (for `adaptive`, the mean exam length).
    public var items: Double
    public var points: [InformationPoint]

    /// The θ values of every curve: −4 to 4 by 0.25 on the scale (33 points), covering the cut scores
    /// and ±4 SD of the standard latent distribution.
    public static let thetas: [Double] = (0...32).map { -4 + 0.25 * Double($0) }

    /// The curve of `items` (Lord 1980, ch. 5: I(θ) = Σ_j Σ_k P′_jk(θ)² / P_jk(θ)).
    /// - Complexity: O(33 · Σ_j K_j).
    public init(scope: String, items: [ItemParameters]) {
        let batch = ItemBatch(items)
        self.init(scope: scope, itemCount: Double(items.count), information: Self.thetas.map { batch.testInformation(at: $0) })
    }

    /// A curve from information values at ``thetas``.
    init(scope: String, itemCount: Double, information: [Double]) {
        self.scope = scope
        self.items = itemCount
        self.points = zip(Self.thetas, information).map { theta, info in
            InformationPoint(theta: theta, information: info, csem: info > 0 ? 1 / info.squareRoot() : nil)
        }
    }
}
