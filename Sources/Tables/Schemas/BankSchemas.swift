extension TableSchema {
    /// `bank_problems`: one row per problem found by `bank validate --format csv`.
    public static let bankProblems = TableSchema(
        name: "bank_problems", version: 2,
        summary: "One row per problem of a bank directory: `mentorcert bank validate DIR --format csv`.",
        columns: [
            TableColumn("file", .text, meaning: "the file, relative to the bank directory"),
            TableColumn("line", .integer, meaning: "the line (1-based)"),
            TableColumn("severity", .text, meaning: "`error`, `warning` or `note` (problems held back after a file's error)"),
            TableColumn("itemId", .text, nullable: true, meaning: "the item concerned, if any"),
            TableColumn("message", .text, meaning: "what is wrong and how to fix it"),
        ])

    /// `blueprint_sections`: one row per blueprint section of a stored bank version (`bank show --format csv`).
    public static let blueprintSections = TableSchema(
        name: "blueprint_sections", version: 1,
        summary: "One row per blueprint section: `mentorcert bank show VERSION --format csv`.",
        columns: [
            .section, TableColumn("title", .text, meaning: "the section's title"), .share, .minItems, .maxItems,
            TableColumn("items", .integer, unit: "items", meaning: "items of the bank in the section"),
        ])

    /// `blueprint_coverage`: whether the operational pool can meet each section's needs (`bank stats --format csv`).
    public static let blueprintCoverage = TableSchema(
        name: "blueprint_coverage", version: 1,
        summary: "One row per blueprint section: `mentorcert bank stats VERSION --format csv`.",
        columns: [
            .section, .share, .minItems, .maxItems,
            TableColumn("operationalItems", .integer, unit: "items", meaning: "scored operational items in the section"),
            TableColumn("itemsNeededAtMaxLength", .number, unit: "items",
                        meaning: "share × maxLength: items the section takes in a longest exam"),
            TableColumn("poolNeeded", .integer, unit: "items",
                        meaning: "⌈max(minItems, share × maxLength) / maxExposure⌉: operational items the exposure limit requires"),
            TableColumn("pass", .boolean, meaning: "the pool is large enough"),
        ])

    /// `bank_scale`: the θ scale of a stored bank version, one row (`bank show|stats VERSION --table scale --format csv`).
    public static let bankScale = TableSchema(
        name: "bank_scale", version: 1,
        summary: "One row: the θ scale of a bank version: `mentorcert bank show VERSION --table scale --format csv` "
            + "(or `bank stats`).",
        columns: [
            TableColumn("latentMean", .number, unit: "θ", meaning: "mean of the scale's reference population"),
            TableColumn("latentVariance", .number, unit: "θ²", meaning: "variance of the scale's reference population"),
            TableColumn("calibration", .text, nullable: true, meaning: "the calibration that set the scale, when known"),
            TableColumn("declared", .boolean,
                        meaning: "the bank has a `scale` block (false: N(0, 1), the scale of a bank without one)"),
            TableColumn("sampleCalibration", .text, nullable: true,
                        meaning: "the latest fixed-parameter calibration on this scale"),
            TableColumn("samplePersons", .integer, nullable: true, unit: "persons", meaning: "persons in that calibration"),
            TableColumn("sampleLatentMean", .number, nullable: true, unit: "θ",
                        meaning: "the latent mean estimated for that calibration's sample"),
            TableColumn("sampleLatentVariance", .number, nullable: true, unit: "θ²",
                        meaning: "the latent variance estimated for that calibration's sample"),
        ])

    /// `bank_versions`: one row per stored bank version (`bank list --format csv`).
    public static let bankVersions = TableSchema(
        name: "bank_versions", version: 2,
        summary: "One row per stored bank version: `mentorcert bank list --format csv`.",
        columns: [
            TableColumn("id", .text, meaning: "the bank-version id (content hash)"),
            TableColumn("name", .text, meaning: "the bank's name"),
            TableColumn("sequence", .integer, meaning: "the version's number among the versions of its bank name (1, 2, …)"),
            TableColumn("label", .text, meaning: "the version's label, unique within the bank name: the author's label, "
                        + "or LABEL+cal.N for a calibration's version (N = sequence)"),
            TableColumn("itemCount", .integer, unit: "items", meaning: "items in the version"),
            TableColumn("parentId", .text, nullable: true, meaning: "the version it was derived from"),
            TableColumn("reason", .text, meaning: "why the version was created (import, calibration …)"),
            TableColumn("source", .text, meaning: "where it came from (directory, calibration id)"),
            .createdAt,
        ])

    /// `bank_export`: the one-row summary of `bank export --format csv`.
    public static let bankExport = TableSchema(
        name: "bank_export", version: 1,
        summary: "One row: the bank version written back to YAML by `mentorcert bank export VERSION DIR --format csv`.",
        columns: [
            TableColumn("bankVersionId", .text, meaning: "the bank version written"),
            TableColumn("items", .integer, unit: "items", meaning: "items written"),
            TableColumn("directory", .text, meaning: "the directory written"),
        ])
}

extension TableColumn {
    /// A blueprint section's id, share and item limits (blueprint tables).
    static let section = TableColumn("section", .text, meaning: "the section id")
    static let share = TableColumn("share", .number, unit: "proportion", meaning: "the section's share of the items of an exam")
    static let minItems = TableColumn("minItems", .integer, unit: "items", meaning: "the section's minimum per exam")
    static let maxItems = TableColumn("maxItems", .integer, unit: "items", meaning: "the section's maximum per exam")
    /// When a stored record was created (listing tables).
    static let createdAt = TableColumn("createdAt", .text, meaning: "ISO 8601, UTC")
}
