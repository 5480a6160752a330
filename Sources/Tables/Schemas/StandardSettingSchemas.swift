extension TableSchema {
    /// `standard_setting_rounds`: one row per level × round of a standard setting (`standards … --format csv`).
    public static let standardSettingRounds = TableSchema(
        name: "standard_setting_rounds", version: 1,
        summary: "One row per level × round of a standard setting: `mentorcert standards angoff|bookmark|hofstee … --format csv`.",
        columns: [
            TableColumn("method", .text, meaning: "`angoff`, `bookmark` or `hofstee`"),
            TableColumn("level", .text, meaning: "the level whose lower cut it is: `intermediate`, `advanced` or `expert`"),
            TableColumn("round", .integer, meaning: "the round (1, 2, …; Hofstee: 1)"),
            TableColumn("recommended", .boolean, meaning: "this round's cut is the level's recommended cut"),
            TableColumn("panelists", .integer, unit: "panelists", meaning: "panelists with a judgement in the round"),
            TableColumn("items", .integer, unit: "items",
                        meaning: "Angoff: items of the rated form; Bookmark: pages of the booklet; Hofstee: items of the form"),
            TableColumn("maximumRawScore", .number, nullable: true, unit: "points", meaning: "the rated form's highest raw score (Angoff, Hofstee)"),
            TableColumn("rawCut", .number, nullable: true, unit: "points",
                        meaning: "the panel's raw cut: mean of the panelists' (Angoff), the compromise (Hofstee)"),
            TableColumn("thetaCut", .number, nullable: true, unit: "θ",
                        meaning: "the panel's θ cut: T⁻¹(raw cut) (Angoff, Hofstee), mean of the panelists' (Bookmark)"),
            TableColumn("rawCutSd", .number, nullable: true, unit: "points", meaning: "SD of the panelists' raw cuts (n − 1)"),
            TableColumn("rawCutSe", .number, nullable: true, unit: "points", meaning: "SD / √n of the raw cuts"),
            TableColumn("rawCutMin", .number, nullable: true, unit: "points", meaning: "lowest panelist raw cut"),
            TableColumn("rawCutMax", .number, nullable: true, unit: "points", meaning: "highest panelist raw cut"),
            TableColumn("thetaCutMean", .number, nullable: true, unit: "θ", meaning: "mean of the panelists' θ cuts"),
            TableColumn("thetaCutMedian", .number, nullable: true, unit: "θ", meaning: "median of the panelists' θ cuts"),
            TableColumn("thetaCutSd", .number, nullable: true, unit: "θ", meaning: "SD of the panelists' θ cuts (n − 1)"),
            TableColumn("thetaCutSe", .number, nullable: true, unit: "θ", meaning: "SD / √n of the θ cuts"),
            TableColumn("thetaCutMin", .number, nullable: true, unit: "θ", meaning: "lowest panelist θ cut"),
            TableColumn("thetaCutMax", .number, nullable: true, unit: "θ", meaning: "highest panelist θ cut"),
        ])

    /// `standard_setting_judgements`: one row per panelist × level × round.
    public static let standardSettingJudgements = TableSchema(
        name: "standard_setting_judgements", version: 1,
        summary: "One row per panelist × level × round: `mentorcert standards … --table judgements --format csv`.",
        columns: [
            TableColumn("level", .text, meaning: "`intermediate`, `advanced` or `expert`"),
            TableColumn("round", .integer, meaning: "the round"),
            TableColumn("panelist", .text, meaning: "the panelist's id as in the panel file"),
            TableColumn("rawCut", .number, nullable: true, unit: "points", meaning: "Angoff: the sum of the panelist's ratings"),
            TableColumn("page", .integer, nullable: true, meaning: "Bookmark: the bookmarked page"),
            TableColumn("thetaCut", .number, nullable: true, unit: "θ", meaning: "the panelist's θ cut (empty when it has none)"),
        ])

    /// `ordered_item_booklet`: one row per page of a Bookmark booklet.
    public static let orderedItemBooklet = TableSchema(
        name: "ordered_item_booklet", version: 1,
        summary: "One row per page of the ordered item booklet: `mentorcert standards bookmark --bank B --booklet-out FILE`.",
        columns: [
            TableColumn("page", .integer, meaning: "1, 2, … in increasing location"),
            TableColumn("itemId", .text, meaning: "the item"),
            TableColumn("categoryStep", .integer, nullable: true,
                        meaning: "graded items: the step k (the page stands for a score of k or higher); empty for a dichotomous item"),
            TableColumn("location", .number, unit: "θ", meaning: "the θ at which the response probability is reached"),
        ])
}
