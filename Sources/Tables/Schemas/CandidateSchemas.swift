extension TableSchema {
    /// `candidates`: one row per imported candidate (`candidate list --format csv`).
    public static let candidates = TableSchema(
        name: "candidates", version: 1,
        summary: "One row per imported candidate: `mentorcert candidate list --format csv`.",
        columns: [
            TableColumn("candidate", .text, meaning: "the candidate's id, as in exam sessions"),
            TableColumn("attributes", .text, meaning: "the attributes as a JSON object with sorted keys, e.g. {\"programme\":\"p1\",\"sector\":\"fintech\"}"),
            TableColumn("finishedSessions", .integer, meaning: "the candidate's finished exam sessions (any bank version, any assessment)"),
        ])

    /// `candidate_attempts`: one row per session of a candidate (`candidate show ID --format csv`).
    public static let candidateAttempts = TableSchema(
        name: "candidate_attempts", version: 1,
        summary: "One row per exam session of a candidate, in time order, with the overall change from the previous finished attempt: `mentorcert candidate show ID --format csv`.",
        columns: [
            TableColumn("sessionId", .text, meaning: "the session id"),
            TableColumn("assessment", .text, meaning: "the assessment type (`entry`, `continuing`, `final` …)"),
            TableColumn("attempt", .integer, meaning: "the attempt number within the assessment type and bank version"),
            TableColumn("bankVersionId", .text, meaning: "the bank version of the session"),
            TableColumn("state", .text, meaning: "`finished`, `in-progress` or `abandoned`"),
            TableColumn("date", .text, meaning: "when the result was recorded (the start for an unfinished session), ISO 8601 UTC"),
            TableColumn("theta", .number, nullable: true, meaning: "the final θ estimate (as `exam result`)"),
            TableColumn("standardError", .number, nullable: true, meaning: "its standard error"),
            TableColumn("level", .text, nullable: true, meaning: "the level"),
            TableColumn("pass", .boolean, nullable: true, meaning: "level ≥ the bank's certification level"),
            TableColumn("simulated", .boolean, meaning: "a simulated candidate's session or simulated parameters"),
            TableColumn("change", .number, nullable: true, meaning: "θ minus the previous finished attempt's θ"),
            TableColumn("changeStandardError", .number, nullable: true, meaning: "√(SE₁² + SE₂²)"),
            TableColumn("z", .number, nullable: true, meaning: "change / changeStandardError"),
            TableColumn("exceedsMeasurementError", .boolean, nullable: true, meaning: "|z| > 1.96"),
        ])

    /// `candidate_sections`: the skill card of every finished attempt (`candidate show ID --format csv --table candidate_sections`).
    public static let candidateSections = TableSchema(
        name: "candidate_sections", version: 1,
        summary: "One row per section of each finished attempt (the skill card) with the change from the previous finished attempt: `mentorcert candidate show ID --format csv --table candidate_sections`.",
        columns: [
            TableColumn("sessionId", .text, meaning: "the session id"),
            TableColumn("assessment", .text, meaning: "the assessment type"),
            TableColumn("attempt", .integer, meaning: "the attempt number"),
            TableColumn("section", .text, meaning: "the section id"),
            TableColumn("title", .text, meaning: "the section's title"),
            TableColumn("items", .integer, meaning: "scored items of the section in the attempt"),
            TableColumn("theta", .number, nullable: true, meaning: "the section's θ (EAP of its items)"),
            TableColumn("standardError", .number, nullable: true, meaning: "its posterior SD"),
            TableColumn("level", .text, nullable: true, meaning: "the section's level; empty when the evidence is insufficient"),
            TableColumn("evidence", .text, meaning: "`sufficient` or `insufficient` (SE above the bank's sectionMaxSE)"),
            TableColumn("change", .number, nullable: true, meaning: "θ minus the section's θ in the previous finished attempt"),
            TableColumn("changeStandardError", .number, nullable: true, meaning: "√(SE₁² + SE₂²)"),
            TableColumn("z", .number, nullable: true, meaning: "change / changeStandardError"),
            TableColumn("exceedsMeasurementError", .boolean, nullable: true, meaning: "|z| > 1.96"),
        ])
}
