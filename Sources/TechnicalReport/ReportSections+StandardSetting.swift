import StandardSetting

/// Section 9 from standard-setting records (`mentorcert standards angoff|bookmark|hofstee --format json`):
/// method, panel file and its hash, settings, per level and round the panel's cut, the spread and SE of
/// the panelists' cuts, the recommended θ cut, the cuts before and after, warnings (AERA 5.21–5.23).
extension Context {
    func standardSetting() -> ReportSection {
        var s = section(9, "standardSetting", "Standard setting")
        let records = input.standardSetting
        guard !records.isEmpty else {
            s.status = .notRecorded
            s.reason = "no standard-setting record was given to the report (write one with `standards angoff|bookmark|hofstee --format json --out FILE`); "
                + "the cut scores in force are those of the bank version (section 1)"
            return s
        }
        s.status = .partial
        s.reason = "panel composition and training, and the final policy decision and who made it, are records of the certification body"
        s.restsOnSimulatedParameters = records.contains(where: \.record.simulatedParameters)
        for (k, entry) in records.enumerated() {
            let r = entry.record
            s.paragraphs.append("Record \(k + 1) (\(entry.name)): \(r.method.rawValue) on bank \(r.bankName) version \(r.bankVersionId.prefix(16)); "
                + "panel file \(r.panelFile.fileName) (\(r.panelFile.rows) rows, SHA-256 \(r.panelFile.sha256.prefix(16))…); "
                + (r.ordered ? "the recommended cuts increase across levels." : "the recommended cuts do NOT increase across levels; no bank version is written from them.")
                + (r.writtenVersion.map { " Written as bank version \($0.bankVersionId.prefix(16))." } ?? ""))
            var rows: [[ReportValue]] = []
            for level in r.levels {
                for round in level.rounds {
                    rows.append([.text(level.level.rawValue), .integer(round.round), .flag(round.round == level.recommendedRound),
                                 .integer(round.panelists), .integer(round.items), .finite(round.rawCut), .finite(round.thetaCut),
                                 .finite(round.rawCutSpread?.standardDeviation), .finite(round.rawCutSpread?.standardError),
                                 .finite(round.thetaCutSpread?.standardDeviation), .finite(round.thetaCutSpread?.standardError)])
                }
            }
            s.tables.append(ReportTable(
                id: "rounds\(k + 1)", title: "\(r.method.rawValue): the panel's cut per level and round",
                columns: [.init("level", "Level"), .init("round", "Round"), .init("recommended", "Recommended"), .init("panelists", "Panelists"),
                          .init("items", "Items"), .init("rawCut", "Raw cut"), .init("thetaCut", "θ cut"), .init("rawSD", "SD (raw)"),
                          .init("rawSE", "SE (raw)"), .init("thetaSD", "SD (θ)"), .init("thetaSE", "SE (θ)")],
                rows: rows, note: "SE of the cut = SD of the panelists' cuts / √panelists (Cizek & Bunch 2007)."))
            let before = r.previousCutScores, after = r.cutScores
            s.tables.append(ReportTable(
                id: "cuts\(k + 1)", title: "\(r.method.rawValue): cut scores before and recommended",
                columns: [.init("level", "Level"), .init("before", "Before (θ)"), .init("recommended", "Recommended (θ)")],
                rows: [("intermediate", before.intermediate, after?.intermediate), ("advanced", before.advanced, after?.advanced),
                       ("expert", before.expert, after?.expert)].map { [.text($0.0), .finite($0.1), .finite($0.2)] }))
            if !r.warnings.isEmpty { s.paragraphs += r.warnings.map { "Warning (record \(k + 1)): \($0)" } }
        }
        return s
    }
}
