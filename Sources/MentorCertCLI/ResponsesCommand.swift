import ArgumentParser

/// `mentorcert responses …` — import, list, show response sets (filled in by the item-bank work).
struct ResponsesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "responses",
        abstract: "Response data sets: import, list, show.",
        subcommands: [])
}
