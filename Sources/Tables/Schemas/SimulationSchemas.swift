extension TableSchema {
    /// `cat_simulation`: one row of summary measures of an adaptive-exam simulation study.
    public static let catSimulation = TableSchema(
        name: "cat_simulation", version: 1,
        summary: "One row: the summary of `mentorcert exam simulate … --format csv`.",
        columns: [
            TableColumn("examinees", .integer, unit: "candidates", meaning: "simulated candidates"),
            TableColumn("rmse", .number, unit: "θ", meaning: "root mean squared error of the final θ̂ against the true θ"),
            TableColumn("bias", .number, unit: "θ", meaning: "mean of θ̂ − θ"),
            TableColumn("meanSe", .number, unit: "θ", meaning: "mean reported standard error of θ̂"),
            TableColumn("meanLength", .number, unit: "items", meaning: "mean number of scored items per exam"),
            TableColumn("minLength", .integer, unit: "items", meaning: "shortest exam"),
            TableColumn("maxLength", .integer, unit: "items", meaning: "longest exam"),
            TableColumn("maxExposure", .number, meaning: "highest share of exams that gave one operational item"),
            TableColumn("unusedShare", .number, meaning: "share of operational items no exam gave"),
            TableColumn("overlapRate", .number, meaning: "expected share of an exam's items another exam also gave"),
            TableColumn("sectionViolations", .integer, unit: "exams", meaning: "exams outside a section's bounds"),
            TableColumn("enemyViolations", .integer, unit: "exams", meaning: "exams with two enemy items"),
            TableColumn("setViolations", .integer, unit: "exams", meaning: "exams with part of a set"),
            TableColumn("levelAccuracy", .number, nullable: true, meaning: "share of exams classified at the true level"),
            TableColumn("certificationAccuracy", .number, nullable: true,
                        meaning: "share of pass/fail decisions equal to the decision at the true θ"),
        ])

    /// `cat_conditional`: a simulation study's measures by band of the true θ.
    public static let catConditional = TableSchema(
        name: "cat_conditional", version: 1,
        summary: "One row per band of the true θ: `mentorcert exam simulate … --format csv --table conditional`.",
        columns: [
            TableColumn("thetaLower", .number, nullable: true, unit: "θ", meaning: "band start (inclusive); empty = unbounded"),
            TableColumn("thetaUpper", .number, nullable: true, unit: "θ", meaning: "band end (exclusive); empty = unbounded"),
            TableColumn("examinees", .integer, unit: "candidates", meaning: "candidates whose true θ is in the band"),
            TableColumn("bias", .number, nullable: true, unit: "θ", meaning: "mean θ̂ − θ in the band"),
            TableColumn("rmse", .number, nullable: true, unit: "θ", meaning: "root mean squared error in the band"),
            TableColumn("meanSe", .number, nullable: true, unit: "θ", meaning: "mean reported SE in the band"),
            TableColumn("meanLength", .number, nullable: true, unit: "items", meaning: "mean exam length in the band"),
        ])

    /// `item_exposure`: the share of simulated exams that gave each item.
    public static let itemExposure = TableSchema(
        name: "item_exposure", version: 1,
        summary: "One row per item given at least once: `mentorcert exam simulate … --format csv --table exposure`.",
        columns: [
            TableColumn("itemId", .text, meaning: "the item id"),
            TableColumn("rate", .number, meaning: "exams that gave the item / simulated candidates"),
            TableColumn("pretest", .boolean, meaning: "a pretest item (seeded unscored)"),
        ])
}
