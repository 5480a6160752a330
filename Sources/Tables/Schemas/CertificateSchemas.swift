extension TableSchema {
    /// `certificates`: one row per stored certificate with its status (`cert list --format csv`).
    public static let certificates = TableSchema(
        name: "certificates", version: 1,
        summary: "One row per issued certificate with its status: `mentorcert cert list --format csv` (staff view).",
        columns: [
            TableColumn("certificateId", .text, meaning: "the certificate id (`MC-` and 16 hex digits)"),
            TableColumn("candidate", .text, meaning: "the candidate's id"),
            TableColumn("level", .text, meaning: "the certified level"),
            TableColumn("bankVersionId", .text, meaning: "the bank version of the certified session"),
            TableColumn("sessionId", .text, meaning: "the certified exam session"),
            TableColumn("issued", .text, meaning: "date of issue, YYYY-MM-DD (UTC)"),
            TableColumn("validUntil", .text, meaning: "last day of validity, YYYY-MM-DD"),
            TableColumn("recertificationDue", .text, meaning: "the date from which recertification is due, YYYY-MM-DD"),
            TableColumn("simulated", .boolean, meaning: "issued on simulated parameters or a simulated candidate's session: not valid for certification"),
            TableColumn("status", .text, meaning: "`valid`, `suspended` or `withdrawn` (kept in the store, not signed)"),
            TableColumn("statusReason", .text, nullable: true, meaning: "the reason of the last status change"),
            TableColumn("keyId", .text, meaning: "the id of the signing key"),
        ])

    /// `certificate_register`: the public register of valid certificates (`cert register --format csv`).
    public static let certificateRegister = TableSchema(
        name: "certificate_register", version: 1,
        summary: "One row per certificate valid on the day: `mentorcert cert register --format csv` (public; no scores).",
        columns: [
            TableColumn("candidate", .text, meaning: "the certified person's id"),
            TableColumn("level", .text, meaning: "the certified level"),
            TableColumn("certificateId", .text, meaning: "the certificate id"),
            TableColumn("issued", .text, meaning: "date of issue, YYYY-MM-DD (UTC)"),
            TableColumn("validUntil", .text, meaning: "last day of validity, YYYY-MM-DD"),
            TableColumn("simulated", .boolean, meaning: "issued on simulated parameters: not valid for certification"),
        ])
}
