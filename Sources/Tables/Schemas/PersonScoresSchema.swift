extension TableSchema {
    /// `person_scores`: one row per person (`score --format csv`; the `persons` of `score --format json`).
    public static let personScores = TableSchema(
        name: "person_scores", version: 1,
        summary: "One row per person: `mentorcert score … --format csv`.",
        columns: [
            TableColumn("personId", .text, meaning: "the person id of the response file"),
            TableColumn("theta", .number, nullable: true, unit: "θ", meaning: "the estimate"),
            TableColumn("standardError", .number, nullable: true, unit: "θ", meaning: "its standard error"),
            TableColumn("method", .text, meaning: "`eap`, `map`, `ml` or `wle`"),
            TableColumn("flag", .text, nullable: true, meaning: "why the estimate needs care, if it does"),
            TableColumn("itemsAnswered", .integer, unit: "items", meaning: "responses used"),
        ])
}
