extension TableSchema {
    /// `item_parameters`: one row per item of a calibration (`calibrate --format csv`). Parameters are on the
    /// logistic metric; standard errors carry mirt's parameter names (`a1`, `d`, `g`, `u`).
    public static let itemParameters = TableSchema(
        name: "item_parameters", version: 1,
        summary: "One row per item of a calibration: `mentorcert calibrate … --format csv`.",
        columns: [
            TableColumn("itemId", .text, meaning: "the item id (e.g. `S1-001`)"),
            TableColumn("model", .text, meaning: "`rasch`, `2pl`, `3pl`, `4pl`, `grm` or `gpcm`"),
            TableColumn("discrimination", .number, unit: "logit per θ",
                        meaning: "slope a (1 for Rasch with the slope fixed)"),
            TableColumn("difficulty", .number, nullable: true, unit: "θ", meaning: "dichotomous models: b = −d/a"),
            TableColumn("intercept", .number, nullable: true, unit: "logit",
                        meaning: "dichotomous models: d in logistic(aθ + d)"),
            TableColumn("guessing", .number, nullable: true, unit: "probability", meaning: "lower asymptote c (3PL, 4PL)"),
            TableColumn("upperAsymptote", .number, nullable: true, unit: "probability", meaning: "upper asymptote u (4PL)"),
            TableColumn("intercepts", .numberList, nullable: true, unit: "logit",
                        meaning: "GRM: d_k of P(X ≥ k) = logistic(aθ + d_k), decreasing; GPCM: −a·b_v per step"),
            TableColumn("thresholds", .numberList, nullable: true, unit: "θ",
                        meaning: "GRM: b_k = −d_k/a, increasing; GPCM: step difficulties b_v"),
            TableColumn("seA1", .number, nullable: true, meaning: "standard error of the slope"),
            TableColumn("seD", .numberOrList, nullable: true, meaning: "standard error of the intercept, or of each intercept"),
            TableColumn("seG", .number, nullable: true, meaning: "standard error of the guessing parameter"),
            TableColumn("seU", .number, nullable: true, meaning: "standard error of the upper asymptote"),
            TableColumn("seB", .numberOrList, nullable: true, meaning: "standard error of the difficulty, or of each threshold"),
            TableColumn("fixed", .boolean, meaning: "the item's parameters were held fixed"),
            TableColumn("sx2", .number, nullable: true, meaning: "S-X² item fit (Orlando & Thissen 2000)"),
            TableColumn("df", .integer, nullable: true, meaning: "degrees of freedom of S-X²"),
            TableColumn("p", .number, nullable: true, unit: "probability", meaning: "p-value of S-X²"),
            TableColumn("infit", .number, nullable: true, meaning: "infit mean square (Rasch items, WLE persons)"),
            TableColumn("outfit", .number, nullable: true, meaning: "outfit mean square (Rasch items, WLE persons)"),
            TableColumn("pValue", .number, nullable: true, unit: "proportion", meaning: "classical proportion correct"),
            TableColumn("meanScore", .number, nullable: true, unit: "score points", meaning: "classical mean item score"),
            TableColumn("itemRestCorrelation", .number, nullable: true, meaning: "corrected item–total correlation"),
            TableColumn("alphaIfDeleted", .number, nullable: true, meaning: "Cronbach's alpha without the item"),
            TableColumn("flags", .text, meaning: "reviewer flags separated by `; `"),
        ])
}
