extension TableSchema {
    /// `reliability_coefficients`: the reliability coefficients of `mentorcert reliability`, one per row.
    public static let reliabilityCoefficients = TableSchema(
        name: "reliability_coefficients", version: 1,
        summary: "One row per coefficient: `mentorcert reliability … --format csv` (the main table).",
        columns: [
            TableColumn("statistic", .text, meaning: "`alpha`, `standardized_alpha`, `kr20`, `split_half_r`, `spearman_brown`, `guttman_split_half`, `sem`, `mean_score`, `standard_deviation`, `marginal_reliability`, `bank_marginal_reliability`, `empirical_reliability`, `adaptive_empirical_reliability`, `adaptive_true_score_reliability`, `adaptive_mean_se`, `adaptive_rmse`"),
            TableColumn("value", .number, nullable: true, meaning: "the coefficient; empty when not defined (the warnings say why)"),
            TableColumn("lower", .number, nullable: true, meaning: "lower end of the confidence interval (alpha: Feldt)"),
            TableColumn("upper", .number, nullable: true, meaning: "upper end of the confidence interval"),
            TableColumn("simulated", .boolean, meaning: "true when the value rests on simulated item parameters"),
        ])

    /// `alpha_if_deleted`: alpha of the test without each item.
    public static let alphaIfDeleted = TableSchema(
        name: "alpha_if_deleted", version: 1,
        summary: "One row per item: `mentorcert reliability … --format csv --table alpha_if_deleted`.",
        columns: [
            TableColumn("itemId", .text, meaning: "the item id"),
            TableColumn("alpha", .number, nullable: true, meaning: "Cronbach's alpha of the other items"),
            TableColumn("standardizedAlpha", .number, nullable: true, meaning: "standardised alpha of the other items"),
        ])

    /// `classification_indices`: decision accuracy and consistency per method and cut.
    public static let classificationIndices = TableSchema(
        name: "classification_indices", version: 1,
        summary: "One row per method × cut, plus a `levels` row per method: `mentorcert reliability … --format csv --table classification_indices`.",
        columns: [
            TableColumn("method", .text, meaning: "`rudner`, `lee`, `livingston-lewis`, `adaptive-rudner` or `adaptive-achieved`"),
            TableColumn("level", .text, meaning: "the level at and above the cut, or `levels` for the overall classification"),
            TableColumn("cut", .number, nullable: true, unit: "θ", meaning: "the cut score; empty on the `levels` row"),
            TableColumn("summedScoreCut", .integer, nullable: true, unit: "points", meaning: "the summed-score cut (Lee, Livingston–Lewis)"),
            TableColumn("certification", .boolean, meaning: "the certification decision's cut"),
            TableColumn("accuracy", .number, meaning: "P(decision = decision at the true score)"),
            TableColumn("consistency", .number, nullable: true, meaning: "P(two parallel measurements agree); empty for achieved"),
            TableColumn("kappa", .number, nullable: true, meaning: "Cohen's kappa of the consistency"),
            TableColumn("falsePass", .number, nullable: true, meaning: "P(pass, true score below the cut)"),
            TableColumn("falseFail", .number, nullable: true, meaning: "P(fail, true score at or above the cut)"),
            TableColumn("csem", .number, nullable: true, unit: "θ", meaning: "conditional SEM at the cut, 1/√I(cut)"),
            TableColumn("simulated", .boolean, meaning: "true when the value rests on simulated item parameters"),
        ])

    /// `information_curve`: test information and CSEM over θ.
    public static let informationCurve = TableSchema(
        name: "information_curve", version: 1,
        summary: "One row per scope × θ (−4 to 4 by 0.25): `mentorcert reliability … --format csv --table information_curve`.",
        columns: [
            TableColumn("scope", .text, meaning: "`bank`, `form`, `section:<id>` or `adaptive` (the mean simulated exam)"),
            TableColumn("theta", .number, unit: "θ", meaning: "the ability"),
            TableColumn("information", .number, meaning: "test information I(θ)"),
            TableColumn("csem", .number, nullable: true, unit: "θ", meaning: "conditional SEM 1/√I(θ)"),
        ])

    /// `section_reliability`: the reliability of each section's score.
    public static let sectionReliability = TableSchema(
        name: "section_reliability", version: 1,
        summary: "One row per blueprint section: `mentorcert reliability … --bank B --format csv --table section_reliability`.",
        columns: [
            .section,
            TableColumn("items", .integer, unit: "items", meaning: "calibrated items of the section in the bank"),
            TableColumn("marginalReliability", .number, nullable: true, meaning: "marginal reliability of all the section's items"),
            TableColumn("empiricalReliability", .number, nullable: true, meaning: "empirical reliability of the section EAP scores"),
            TableColumn("alpha", .number, nullable: true, meaning: "Cronbach's alpha of the section's columns"),
        ])
}
