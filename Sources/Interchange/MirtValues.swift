import IRTModels

/// One row of mirt's parameter table, the data frame `mod2values()` returns and `mirt(…, pars = …)`
/// reads (Chalmers 2012, mirt's documentation of `mod2values` and of the `pars` argument of `mirt`).
///
/// The columns, in order, are exactly mirt's: `group, item, class, name, parnum, value, lbound, ubound,
/// est, const, nconst, prior.type, prior_1, prior_2` (DECISIONS §8). Parameter names are mirt's:
/// ```
/// dich (Rasch, 2PL, 3PL, 4PL)   a1, d, g, u          P = g + (u − g)·logistic(a1·θ + d)
/// graded                        a1, d1 … d(K−1)      P(X ≥ k) = logistic(a1·θ + d_k)
/// gpcm                          a1, ak0 … ak(K−1), d0 … d(K−1)
///                               P(X = k) ∝ exp(ak_k·a1·θ + d_k),  ak_k = k,  d_0 = 0,
///                               d_k = Σ_{v ≤ k} c_v  (cumulative; c_v = −a·b_v our step intercepts)
/// GroupPars                     MEAN_1, COV_11       θ ~ N(MEAN_1, COV_11)
/// ```
/// `g` and `u` are probabilities (mirt's `mod2values` shows them untransformed, bounds 0 and 1); the
/// metric is logistic without 1.702, as ours (DECISIONS §4), so values carry over unchanged.
public struct MirtValuesRow: Sendable, Equatable {
    public var group: String
    public var item: String
    public var itemClass: String
    public var name: String
    public var parnum: Int
    public var value: Double
    public var lbound: Double
    public var ubound: Double
    public var est: Bool
    public var const: String
    public var nconst: String
    public var priorType: String
    public var prior1: Double
    public var prior2: Double

    public init(group: String = "all", item: String, itemClass: String, name: String, parnum: Int, value: Double,
                lbound: Double = -.infinity, ubound: Double = .infinity, est: Bool, const: String = "none",
                nconst: String = "none", priorType: String = "none", prior1: Double = .nan, prior2: Double = .nan) {
        self.group = group; self.item = item; self.itemClass = itemClass; self.name = name; self.parnum = parnum
        self.value = value; self.lbound = lbound; self.ubound = ubound; self.est = est; self.const = const
        self.nconst = nconst; self.priorType = priorType; self.prior1 = prior1; self.prior2 = prior2
    }

    /// mirt's column names, in order.
    public static let columns = ["group", "item", "class", "name", "parnum", "value", "lbound", "ubound", "est",
                                 "const", "nconst", "prior.type", "prior_1", "prior_2"]
}

/// mirt's `itemtype` and class names of our models.
extension ItemModel {
    /// The `itemtype` argument of `mirt()` for this model.
    public var mirtItemType: String {
        switch self {
        case .rasch: return "Rasch"
        case .twoPL: return "2PL"
        case .threePL: return "3PL"
        case .fourPL: return "4PL"
        case .graded: return "graded"
        case .gpcm: return "gpcm"
        }
    }

    /// The class mirt's `mod2values` shows for an item of this model.
    public var mirtClass: String {
        switch self {
        case .rasch, .twoPL, .threePL, .fourPL: return "dich"
        case .graded: return "graded"
        case .gpcm: return "gpcm"
        }
    }
}
