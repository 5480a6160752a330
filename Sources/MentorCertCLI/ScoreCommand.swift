import ArgumentParser

/// `mentorcert score` — placeholder until the scoring command lands (this file is replaced by it).
struct ScoreCommand: NotYetAvailableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score", abstract: "Score persons (EAP, MAP, ML, WLE) with standard errors.")
    static let plannedFor = "scoring is under construction"
    @Argument var responses: String?
}
