import ArgumentParser

/// `mentorcert link` — placeholder until the linking command lands (this file is replaced by it).
struct LinkCommand: NotYetAvailableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link",
        abstract: "Link a separately calibrated form to the bank scale (Stocking–Lord, Haebara, mean/mean, mean/sigma).")
    static let plannedFor = "linking is under construction"
    @Argument var formParams: String?
}
