import Fairness
import ResponseData

/// DIF in the report (section 12 and the item table's DIF column): ``DIFAnalysis/run`` on the form's
/// responses between the reference and focal groups of a group column — Mantel–Haenszel with the ETS
/// A/B/C classes and logistic-regression DIF (Holland & Thayer 1988; Zieky 1993; Jodoin & Gierl 2001).
/// The IRT likelihood-ratio test (J + 1 calibrations) is left to `mentorcert dif`.
extension Context {
    static func difAnalysis(_ data: ResponseMatrix, group: String?, focal: String?) -> (report: DIFReport?, problem: String?) {
        guard let group else { return (nil, "no group column was given to the report (name one with --group COL)") }
        guard let labels = data.groups[group] else { return (nil, "the responses have no group column \(group)") }
        do {
            let groups = try DIFGroups(column: group, labels: labels, focal: focal)
            var settings = DIFSettings()
            settings.runIRT = false
            return (try DIFAnalysis.run(data, groups: groups, parameters: nil, settings: settings), nil)
        } catch {
            return (nil, error.description)
        }
    }

    func difTable(_ r: DIFReport) -> ReportTable {
        ReportTable(
            id: "dif", title: "Differential item functioning: \(r.focalGroup) (focal, n = \(r.focalPersons)) against \(r.referenceGroup) (reference, n = \(r.referencePersons)), column \(r.groupColumn)",
            columns: [.init("item", "Item"), .init("persons", "Persons"), .init("mhClass", "ETS class"), .init("mhDelta", "MH D-DIF"),
                      .init("mhPValue", "p (MH)"), .init("lrClass", "LR class"), .init("lrRSquaredChange", "ΔR²"), .init("lrPValue", "p (LR)"),
                      .init("favours", "Favours"), .init("flagged", "Flagged")],
            rows: r.items.map { [.text($0.itemId), .integer($0.persons), .text($0.mhClass?.rawValue ?? "–"), .finite($0.mhDelta), .finite($0.mhPValue),
                                 .text($0.lrClass?.rawValue ?? "–"), .finite($0.lrRSquaredChange), .finite($0.lrPValue),
                                 .text($0.favours ?? "–"), .flag($0.flagged)] },
            note: "Matching: \(r.matching). Flagged at ETS B/C (BB/CC) or logistic-regression B/C, α = \(r.alpha) (DECISIONS §7). "
                + "The IRT likelihood-ratio test is run by `mentorcert dif`, not by the report.")
    }
}
