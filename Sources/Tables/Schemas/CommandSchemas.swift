extension TableSchema {
    /// `bank_item_counts`: items per section × level × status (`bank stats`, `bank show --table bank_item_counts`).
    public static let bankItemCounts = TableSchema(
        name: "bank_item_counts", version: 1,
        summary: "One row per section × level × status of a bank version: `mentorcert bank stats|show VERSION --table bank_item_counts`.",
        columns: [
            .section,
            TableColumn("level", .text, meaning: "`novice`, `intermediate`, `advanced` or `expert` (the item's intended level)"),
            TableColumn("status", .text, meaning: "`draft`, `pretest`, `operational` or `retired`"),
            TableColumn("items", .integer, unit: "items", meaning: "items of the bank in that cell"),
        ])

    /// `parameter_summary`: the item parameters of a bank version summarised per model (`bank stats`).
    public static let parameterSummary = TableSchema(
        name: "parameter_summary", version: 1,
        summary: "One row per item model of a bank version: `mentorcert bank stats VERSION --table parameter_summary`.",
        columns: [
            TableColumn("model", .text, meaning: "`rasch`, `2pl`, `3pl`, `4pl`, `grm` or `gpcm`"),
            TableColumn("items", .integer, unit: "items", meaning: "items with parameters of that model"),
            TableColumn("discriminationMean", .number, nullable: true, unit: "logit per θ", meaning: "mean slope a"),
            TableColumn("discriminationSd", .number, nullable: true, unit: "logit per θ", meaning: "standard deviation of a (n − 1)"),
            TableColumn("discriminationMin", .number, nullable: true, unit: "logit per θ", meaning: "smallest a"),
            TableColumn("discriminationMax", .number, nullable: true, unit: "logit per θ", meaning: "largest a"),
            TableColumn("difficultyMean", .number, nullable: true, unit: "θ",
                        meaning: "mean difficulty b (graded items: the mean of their thresholds)"),
            TableColumn("difficultySd", .number, nullable: true, unit: "θ", meaning: "standard deviation of b (n − 1)"),
            TableColumn("difficultyMin", .number, nullable: true, unit: "θ", meaning: "smallest b"),
            TableColumn("difficultyMax", .number, nullable: true, unit: "θ", meaning: "largest b"),
        ])

    /// `cut_scores`: the θ cut of each level above novice (`bank show --table cut_scores`).
    public static let cutScores = TableSchema(
        name: "cut_scores", version: 1,
        summary: "One row per level above novice: `mentorcert bank show VERSION --table cut_scores`.",
        columns: [
            TableColumn("level", .text, meaning: "`intermediate`, `advanced` or `expert`"),
            TableColumn("cutScore", .number, unit: "θ", meaning: "the lowest θ of the level"),
            TableColumn("certificationLevel", .boolean, meaning: "this level is the one a pass requires"),
        ])

    /// `bank_import`: the one-row result of `bank import --format csv`.
    public static let bankImport = TableSchema(
        name: "bank_import", version: 1,
        summary: "One row: the bank version stored by `mentorcert bank import DIR --format csv`.",
        columns: [
            TableColumn("versionId", .text, meaning: "the bank-version id (content hash)"),
            TableColumn("created", .boolean, meaning: "a new version was stored (false: identical content was already there)"),
            TableColumn("name", .text, meaning: "the bank's name"),
            TableColumn("label", .text, meaning: "the author's version label"),
            TableColumn("items", .integer, unit: "items", meaning: "items in the version"),
        ])

    /// `response_import`: the one-row result of `responses import --format csv`.
    public static let responseImport = TableSchema(
        name: "response_import", version: 1,
        summary: "One row: the response set stored by `mentorcert responses import FILE --format csv`.",
        columns: [
            TableColumn("responseSetId", .text, meaning: "the response-set id"),
            TableColumn("created", .boolean, meaning: "a new set was stored (false: identical content was already there)"),
            TableColumn("persons", .integer, meaning: "persons imported"),
            TableColumn("items", .integer, unit: "items", meaning: "item columns"),
            TableColumn("missingShare", .number, unit: "proportion", meaning: "share of cells not presented"),
            TableColumn("bankVersionId", .text, nullable: true, meaning: "the bank version it was read against"),
            TableColumn("skippedRows", .integer, meaning: "bad rows dropped (`--skip-bad-rows`)"),
        ])

    /// `calibration_summary`: the one-row model summary of `calibrate --table calibration_summary`.
    public static let calibrationSummary = TableSchema(
        name: "calibration_summary", version: 1,
        summary: "One row: convergence, fit and latent distribution of `mentorcert calibrate … --table calibration_summary`.",
        columns: [
            TableColumn("model", .text, meaning: "the model of every item, or `mixed`"),
            TableColumn("converged", .boolean, meaning: "EM met the convergence rule (docs/DECISIONS.md, Calibration)"),
            TableColumn("iterations", .integer, meaning: "E-steps, including those inside SQUAREM steps and the final one"),
            TableColumn("lastChange", .number, nullable: true, unit: "parameter", meaning: "largest parameter change of the last plain EM cycle"),
            TableColumn("remainingStep", .number, nullable: true, unit: "parameter",
                        meaning: "largest projected step one more M-step would take"),
            TableColumn("logLikelihood", .number, nullable: true, meaning: "marginal log-likelihood without priors"),
            TableColumn("logPosterior", .number, nullable: true, meaning: "with the priors"),
            TableColumn("aic", .number, nullable: true, meaning: "Akaike's criterion from the log-likelihood"),
            TableColumn("bic", .number, nullable: true, meaning: "Schwarz's criterion from the log-likelihood"),
            TableColumn("parameterCount", .integer, meaning: "free parameters"),
            TableColumn("persons", .integer, meaning: "persons calibrated"),
            TableColumn("patterns", .integer, meaning: "distinct response patterns"),
            TableColumn("latentMean", .number, unit: "θ", meaning: "mean of the latent distribution"),
            TableColumn("latentVariance", .number, unit: "θ²", meaning: "variance of the latent distribution"),
            TableColumn("latentMeanEstimated", .boolean, meaning: "the mean was estimated (else fixed)"),
            TableColumn("latentVarianceEstimated", .boolean, meaning: "the variance was estimated (else fixed)"),
        ])

    /// `latent_groups`: one row per group of a multiple-group calibration (`calibrate --group COL`).
    public static let latentGroups = TableSchema(
        name: "latent_groups", version: 1,
        summary: "One row per group of a multiple-group calibration: `mentorcert calibrate … --group COL --table latent_groups`.",
        columns: [
            TableColumn("name", .text, meaning: "the group's value in the group column (the reference group first)"),
            TableColumn("persons", .integer, meaning: "persons in the group"),
            TableColumn("mean", .number, unit: "θ", meaning: "the group's latent mean"),
            TableColumn("variance", .number, unit: "θ²", meaning: "the group's latent variance"),
            TableColumn("meanEstimated", .boolean, meaning: "the mean was estimated (false for the reference group)"),
            TableColumn("varianceEstimated", .boolean, meaning: "the variance was estimated"),
            TableColumn("meanStandardError", .number, nullable: true, unit: "θ", meaning: "standard error of the mean"),
            TableColumn("varianceStandardError", .number, nullable: true, unit: "θ²", meaning: "standard error of the variance"),
        ])
}
