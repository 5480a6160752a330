extension TableSchema {
    /// Every table schema the engine writes, in the order of `notebooks-export/README.md`.
    public static let all: [TableSchema] = [
        .itemParameters, .personScores, .linking, .bankProblems, .blueprintSections, .blueprintCoverage,
        .bankScale, .bankVersions, .bankExport, .responseSets, .responseItems, .bankItemCounts, .parameterSummary,
        .cutScores, .bankImport, .responseImport, .calibrationSummary, .latentGroups,
        .catSimulation, .catConditional, .itemExposure,
        .reliabilityCoefficients, .alphaIfDeleted, .classificationIndices, .informationCurve, .sectionReliability,
        .difItems, .difMantelHaenszel, .difLogisticRegression, .difIRTLikelihoodRatio,
        .standardSettingRounds, .standardSettingJudgements, .orderedItemBooklet,
        .certificates, .certificateRegister,
        .candidates, .candidateAttempts, .candidateSections,
    ]

    /// The schema named `name` (`item_parameters`), if the engine writes one.
    public static func named(_ name: String) -> TableSchema? { all.first { $0.name == name } }
}
