extension TableSchema {
    /// `response_sets`: one row per stored response set (`responses list --format csv`).
    public static let responseSets = TableSchema(
        name: "response_sets", version: 1,
        summary: "One row per stored response set: `mentorcert responses list --format csv`.",
        columns: [
            TableColumn("id", .text, meaning: "the response-set id"),
            TableColumn("name", .text, meaning: "its name (default: the file name)"),
            TableColumn("persons", .integer, meaning: "persons"),
            TableColumn("items", .integer, unit: "items", meaning: "items"),
            TableColumn("missingShare", .number, unit: "proportion", meaning: "share of cells not presented"),
            TableColumn("bankVersionId", .text, nullable: true, meaning: "the bank version it was read against"),
            TableColumn("sourceFile", .text, meaning: "the imported file"),
            .createdAt,
        ])

    /// `response_items`: one row per item of a stored response set (`responses show --format csv`).
    public static let responseItems = TableSchema(
        name: "response_items", version: 1,
        summary: "One row per item of a stored response set: `mentorcert responses show SET --format csv`.",
        columns: [
            TableColumn("itemId", .text, meaning: "the item id"),
            TableColumn("categories", .integer, meaning: "score categories K (0..K−1)"),
            TableColumn("presented", .integer, meaning: "persons the item was presented to"),
            TableColumn("missingShare", .number, unit: "proportion", meaning: "share of persons not presented the item"),
            TableColumn("meanScore", .number, nullable: true, unit: "score points",
                        meaning: "mean score of those presented (empty when none)"),
            TableColumn("categoryCounts", .integerList, meaning: "persons per category, in category order"),
        ])
}
