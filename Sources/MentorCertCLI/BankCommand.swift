import ArgumentParser

/// `mentorcert bank …` — validate, import, list, show, stats, export (filled in by the item-bank work).
struct BankCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bank",
        abstract: "Item banks: validate, import, list, show, stats, export.",
        subcommands: [])
}
