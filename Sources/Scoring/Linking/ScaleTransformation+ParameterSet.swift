import IRTModels

extension ScaleTransformation {
    /// A parameter set put on another scale by θ* = A·θ + B (Kolen & Brennan 2014, §6.2): every item's
    /// parameters transformed, the latent distribution N(A·μ + B, A²·σ²), the linking recorded.
    ///
    /// Standard errors are transformed treating A and B as fixed: se(a*) = se(a)/A, se(b*) = A·se(b)
    /// (likewise b_k), g and u unchanged; the intercepts' would need cov(a, d) and are dropped.
    public func apply(to set: ParameterSet, method: String, anchor: String, commonItems: Int) -> ParameterSet {
        var out = set
        out.latent.mean = theta(set.latent.mean)
        out.latent.variance = slope * slope * set.latent.variance
        out.linking = ParameterSet.Linking(method: method, slope: slope, intercept: intercept, anchor: anchor,
                                           commonItems: commonItems)
        out.items = set.items.map { item in
            var linked = item
            linked.parameters = transform(item.parameters)
            linked.standardErrors = Self.rescaled(item.standardErrors, slope: slope)
            return linked
        }
        return out
    }

    /// Standard errors after the transformation with A and B fixed (see ``apply(to:method:anchor:commonItems:)``).
    static func rescaled(_ se: [String: Double], slope: Double) -> [String: Double] {
        var out: [String: Double] = [:]
        for (name, v) in se {
            if name == "a1" { out[name] = v / slope }
            else if name == "b" || (name.hasPrefix("b") && Int(name.dropFirst()) != nil) { out[name] = v * slope }
            else if name == "g" || name == "u" { out[name] = v }
        }
        return out
    }
}
