import IRTModels

extension CalibrationResult {
    /// The calibrated items as a parameter set: every item with its standard errors (mirt's names,
    /// plus `b`/`b1`… by the delta method), the parameters held on a bound, whether it was fixed, the
    /// latent distribution and, for several groups, each group's. Advisory range problems of the
    /// parameters (``ParameterBounds``) become the set's warnings.
    public func parameterSet(provenance: ParameterSet.Provenance? = nil) -> ParameterSet {
        let set = items.indices.map { i in
            ParameterSet.Item(id: itemIDs[i], parameters: items[i], standardErrors: namedStandardErrors(item: i) ?? [:],
                              parametersOnBounds: boundedParameters[i], fixed: fixed[i])
        }
        let warnings = set.flatMap { item in
            ParameterBounds.problems(of: item.parameters).filter { $0.severity == .warning }.map { "Item \(item.id): \($0.message)." }
        }
        return ParameterSet(items: set, latent: latent, groups: groups, provenance: provenance, warnings: warnings)
    }
}
