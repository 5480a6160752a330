import Testing
import IRTModels
@testable import Calibration

/// The document's `settings` are derived from the identifying `settingsSummary` (issue 14): they can
/// never disagree, and the identifying summary (hence every calibration id) is unchanged.
@Suite struct SettingsSummaryTests {
    @Test("the documented settings are the summary's estimation settings plus the applied Rasch slope")
    func documentedFromSummary() {
        var cfg = CalibrationConfiguration(model: .threePL)
        cfg.quadratureNodes = 41
        cfg.tolerance = 1e-5
        cfg.guessingPrior = BetaPrior(alpha: 6, beta: 16)
        let summary = cfg.settingsSummary
        let documented = cfg.documentedSettings(commonSlope: false)
        for (key, value) in documented where key != "raschSlope" { #expect(summary[key] == value, "\(key)") }
        #expect(Set(documented.keys) == CalibrationConfiguration.documentedSettingKeys.union(["raschSlope"]))
        #expect(documented["guessingPrior"] == "beta(6.0, 16.0)")
        #expect(documented["raschSlope"] == "fixed at 1, latent variance estimated")
        #expect(cfg.documentedSettings(commonSlope: true)["raschSlope"] == "common, latent variance 1")
    }

    @Test("the identifying summary keeps its keys (calibration ids depend on them)")
    func identifyingKeys() {
        let keys = Set(CalibrationConfiguration(model: .twoPL).settingsSummary.keys)
        #expect(keys == ["model", "itemModels", "quadratureNodes", "quadratureRange", "tolerance", "maxIterations",
                         "acceleration", "standardErrors", "guessingPrior", "raschSlope", "collapseUnusedCategories"])
    }
}
