extension TableSchema {
    /// `linking`: the one-row result of `link --format csv` (θ_bank = slope · θ_form + intercept).
    public static let linking = TableSchema(
        name: "linking", version: 1,
        summary: "One row: the linking transformation of `mentorcert link … --format csv`.",
        columns: [
            TableColumn("method", .text, meaning: "`stocking-lord`, `haebara`, `mean-mean` or `mean-sigma`"),
            TableColumn("slope", .number, meaning: "A in θ_bank = A·θ_form + B"),
            TableColumn("intercept", .number, unit: "θ", meaning: "B in θ_bank = A·θ_form + B"),
            TableColumn("commonItems", .integer, unit: "items", meaning: "items in both parameter files"),
            TableColumn("criterion", .number, nullable: true,
                        meaning: "the minimised criterion (characteristic-curve methods)"),
            TableColumn("iterations", .integer, meaning: "iterations of the minimisation"),
            TableColumn("converged", .boolean, meaning: "the minimisation converged"),
        ])
}
