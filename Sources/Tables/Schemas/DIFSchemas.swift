extension TableSchema {
    /// `dif_items`: one row per item of `mentorcert dif` — each method's verdict and the flag.
    public static let difItems = TableSchema(
        name: "dif_items", version: 1,
        summary: "One row per item: the DIF verdict of each method and whether the item is flagged for review (`mentorcert dif`, main table).",
        columns: [
            TableColumn("itemId", .text, meaning: "the item"),
            TableColumn("categories", .integer, meaning: "score categories K (2 = dichotomous)"),
            TableColumn("persons", .integer, unit: "persons", meaning: "persons of both groups with complete responses (Mantel–Haenszel and logistic regression)"),
            TableColumn("mhClass", .text, nullable: true, meaning: "ETS class: A/B/C (dichotomous, MH D-DIF) or AA/BB/CC (polytomous, Mantel and SMD)"),
            TableColumn("mhDelta", .number, nullable: true, unit: "delta", meaning: "MH D-DIF = −2.35 ln α_MH (dichotomous; < 0 against the focal group)"),
            TableColumn("mhEffectSize", .number, nullable: true, unit: "SD", meaning: "SMD / SD of the item score (polytomous; < 0 against the focal group)"),
            TableColumn("mhPValue", .number, nullable: true, unit: "probability", meaning: "p of the MH χ² (dichotomous, continuity-corrected) or Mantel's χ² (polytomous)"),
            TableColumn("lrClass", .text, nullable: true, meaning: "logistic-regression class A/B/C from ΔR² (Jodoin & Gierl 2001) and the 2-df test"),
            TableColumn("lrRSquaredChange", .number, nullable: true, meaning: "Nagelkerke R² of score + group + score×group minus that of score alone"),
            TableColumn("lrPValue", .number, nullable: true, unit: "probability", meaning: "p of the 2-df likelihood-ratio test of uniform and non-uniform DIF"),
            TableColumn("irtPValueAdjusted", .number, nullable: true, unit: "probability", meaning: "IRT likelihood-ratio p after the Benjamini–Hochberg adjustment (empty without parameters)"),
            TableColumn("favours", .text, nullable: true, meaning: "`reference` or `focal`: the group the item favours at equal total score (from the MH statistic)"),
            TableColumn("flagged", .boolean, meaning: "flagged for review: ETS B/C (BB/CC), logistic-regression B/C, or IRT-LR significant after BH"),
            TableColumn("reasons", .text, nullable: true, meaning: "why the item is flagged, `; `-separated"),
        ])

    /// `dif_mantel_haenszel`: the Mantel–Haenszel (dichotomous) and Mantel/SMD (polytomous) statistics.
    public static let difMantelHaenszel = TableSchema(
        name: "dif_mantel_haenszel", version: 1,
        summary: "One row per item: Mantel–Haenszel (dichotomous) or Mantel's test and the standardized mean difference (polytomous), matched on the total score (`mentorcert dif --table dif_mantel_haenszel`).",
        columns: [
            TableColumn("itemId", .text, meaning: "the item"),
            TableColumn("method", .text, meaning: "`mantel-haenszel` (dichotomous) or `mantel` (polytomous)"),
            TableColumn("strata", .integer, meaning: "total-score strata with both groups present and at least two persons"),
            TableColumn("referencePersons", .integer, unit: "persons", meaning: "reference-group persons in those strata"),
            TableColumn("focalPersons", .integer, unit: "persons", meaning: "focal-group persons in those strata"),
            TableColumn("oddsRatio", .number, nullable: true, meaning: "α_MH, the common odds ratio (> 1 favours the reference group)"),
            TableColumn("delta", .number, nullable: true, unit: "delta", meaning: "MH D-DIF = −2.35 ln α_MH"),
            TableColumn("deltaStandardError", .number, nullable: true, unit: "delta", meaning: "2.35 × the Robins–Breslow–Greenland SE of ln α_MH"),
            TableColumn("chiSquare", .number, nullable: true, meaning: "MH χ² with continuity correction (dichotomous) or Mantel's χ² (polytomous)"),
            TableColumn("degreesOfFreedom", .integer, meaning: "1"),
            TableColumn("pValue", .number, nullable: true, unit: "probability", meaning: "p of the χ²"),
            TableColumn("standardizedMeanDifference", .number, nullable: true, unit: "score points", meaning: "SMD: focal minus reference mean item score, weighted by the focal group (polytomous)"),
            TableColumn("effectSize", .number, nullable: true, unit: "SD", meaning: "SMD / SD of the item score (polytomous)"),
            TableColumn("etsClass", .text, nullable: true, meaning: "A/B/C or AA/BB/CC (docs/DECISIONS.md, Fairness)"),
        ])

    /// `dif_logistic_regression`: the three nested logistic-regression models of each item.
    public static let difLogisticRegression = TableSchema(
        name: "dif_logistic_regression", version: 1,
        summary: "One row per item: logistic-regression DIF (binary or cumulative logit on the total score, group and their product; `mentorcert dif --table dif_logistic_regression`).",
        columns: [
            TableColumn("itemId", .text, meaning: "the item"),
            TableColumn("model", .text, meaning: "`logit` (dichotomous) or `cumulative-logit` (polytomous, proportional odds)"),
            TableColumn("persons", .integer, unit: "persons", meaning: "persons fitted"),
            TableColumn("logLikelihood1", .number, nullable: true, meaning: "ℓ of model 1: score"),
            TableColumn("logLikelihood2", .number, nullable: true, meaning: "ℓ of model 2: score + group"),
            TableColumn("logLikelihood3", .number, nullable: true, meaning: "ℓ of model 3: score + group + score×group"),
            TableColumn("chiSquareTotal", .number, nullable: true, meaning: "2(ℓ3 − ℓ1), df 2"),
            TableColumn("pValueTotal", .number, nullable: true, unit: "probability", meaning: "p of the 2-df test"),
            TableColumn("chiSquareUniform", .number, nullable: true, meaning: "2(ℓ2 − ℓ1), df 1"),
            TableColumn("pValueUniform", .number, nullable: true, unit: "probability", meaning: "p of the uniform-DIF test"),
            TableColumn("chiSquareNonUniform", .number, nullable: true, meaning: "2(ℓ3 − ℓ2), df 1"),
            TableColumn("pValueNonUniform", .number, nullable: true, unit: "probability", meaning: "p of the non-uniform-DIF test"),
            TableColumn("rSquared1", .number, nullable: true, meaning: "Nagelkerke R² of model 1"),
            TableColumn("rSquared2", .number, nullable: true, meaning: "Nagelkerke R² of model 2"),
            TableColumn("rSquared3", .number, nullable: true, meaning: "Nagelkerke R² of model 3"),
            TableColumn("rSquaredChange", .number, nullable: true, meaning: "R²3 − R²1 (Zumbo 1999)"),
            TableColumn("rSquaredChangeUniform", .number, nullable: true, meaning: "R²2 − R²1"),
            TableColumn("rSquaredChangeNonUniform", .number, nullable: true, meaning: "R²3 − R²2"),
            TableColumn("groupCoefficient", .number, nullable: true, unit: "logit", meaning: "β of the group in model 2 (< 0 against the focal group at the mean score)"),
            TableColumn("interactionCoefficient", .number, nullable: true, unit: "logit", meaning: "β of score×group in model 3"),
            TableColumn("effectClass", .text, nullable: true, meaning: "A/B/C: ΔR² < .035 or n.s. / .035–.070 / ≥ .070 and significant (Jodoin & Gierl 2001)"),
            TableColumn("converged", .boolean, meaning: "all three fits converged (else the statistics are empty)"),
        ])

    /// `dif_irt_likelihood_ratio`: the IRT likelihood-ratio test of each item.
    public static let difIRTLikelihoodRatio = TableSchema(
        name: "dif_irt_likelihood_ratio", version: 1,
        summary: "One row per item: the IRT likelihood-ratio DIF test on the two-group calibration, with the Benjamini–Hochberg adjustment (`mentorcert dif … --bank B|--params P --table dif_irt_likelihood_ratio`).",
        columns: [
            TableColumn("itemId", .text, meaning: "the item"),
            TableColumn("model", .text, meaning: "the item's IRT model"),
            TableColumn("degreesOfFreedom", .integer, nullable: true, meaning: "the item's free parameters (freed in the focal group)"),
            TableColumn("logLikelihoodConstrained", .number, nullable: true, meaning: "ℓ with every item equal across groups (focal mean and variance free)"),
            TableColumn("logLikelihoodFree", .number, nullable: true, meaning: "ℓ with this item's parameters free in the focal group"),
            TableColumn("chiSquare", .number, nullable: true, meaning: "G² = 2(ℓ free − ℓ constrained)"),
            TableColumn("pValue", .number, nullable: true, unit: "probability", meaning: "p of G²"),
            TableColumn("pValueAdjusted", .number, nullable: true, unit: "probability", meaning: "Benjamini–Hochberg adjusted p over the items tested"),
            TableColumn("significant", .boolean, meaning: "adjusted p < α (.05)"),
            TableColumn("converged", .boolean, meaning: "the calibration with the item free converged"),
        ])
}
