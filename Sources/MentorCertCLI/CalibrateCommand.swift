import ArgumentParser

/// `mentorcert calibrate` — MML-EM calibration (filled in by the calibration work).
struct CalibrateCommand: NotYetAvailableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate", abstract: "Calibrate items by marginal maximum likelihood (EM).")
    static let plannedFor = "calibration is under construction"
    @Argument var responses: String?
}

/// `mentorcert score` — person scoring (filled in by the calibration work).
struct ScoreCommand: NotYetAvailableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score", abstract: "Score persons (EAP, MAP, ML, WLE) with standard errors.")
    static let plannedFor = "scoring is under construction"
    @Argument var responses: String?
}
