import ArgumentParser
import Foundation
import Interchange
import ItemBanking

/// `mentorcert export`: mirt, catR/mirtCAT and QTI files (built); tidy tables and notebooks (not yet).
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a bank's parameters for mirt or catR/mirtCAT, its items as QTI 3.0; tidy statistics tables and a Jupyter notebook.",
        subcommands: [ExportTablesCommand.self, ExportNotebookCommand.self, Mirt.self, CatR.self, QTI.self])

    struct Mirt: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mirt",
            abstract: "Write mirt's parameter table (mod2values columns) and an R script that builds the fixed-parameter model.")
        @Argument(help: "Parameters: a parameter file, a bank directory or a stored bank-version id.") var parameters: String
        @Option(name: .long, help: "The directory to create (must not exist or be empty).") var out: String
        @Option(name: .long, help: "The SQLite store (for a bank-version id).") var store: String = "mentorcert.sqlite"
        func run() throws {
            let set = try ParameterReference.resolve(parameters, store: store)
            let files = try wrap { () throws(InterchangeError) in try Interchange.exportMirt(set, to: out) }
            print("wrote \(out): \(files.joined(separator: ", ")) (\(set.items.count) items)")
        }
    }

    struct CatR: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "catr",
            abstract: "Write the item-bank matrices catR and mirtCAT read: one CSV per model family.")
        @Argument(help: "Parameters: a parameter file, a bank directory or a stored bank-version id.") var parameters: String
        @Option(name: .long, help: "The directory to create (must not exist or be empty).") var out: String
        @Option(name: .long, help: "The SQLite store (for a bank-version id).") var store: String = "mentorcert.sqlite"
        func run() throws {
            let set = try ParameterReference.resolve(parameters, store: store)
            let files = try wrap { () throws(InterchangeError) in try Interchange.exportCatR(set, to: out) }
            print("wrote \(out): \(files.joined(separator: ", ")) (\(set.items.count) items)")
        }
    }

    struct QTI: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "qti",
            abstract: "Write the bank's items as QTI 3.0 items with an imsmanifest.xml content package.")
        @Argument(help: "The bank: a bank directory or a stored bank-version id.") var bank: String
        @Option(name: .long, help: "The directory to create (must not exist or be empty).") var out: String
        @Option(name: .long, help: "The SQLite store (for a bank-version id).") var store: String = "mentorcert.sqlite"
        func run() throws {
            let loaded = try BankReference.load(bank, store: store)
            let count = try wrap { () throws(InterchangeError) in try Interchange.exportQTI(loaded, to: out) }
            print("wrote \(out): \(count) QTI 3.0 items and imsmanifest.xml")
        }
    }
}

/// `mentorcert import qti`: QTI 3.0 choice items into a bank directory as draft items.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import QTI 3.0 choice items into a bank as draft items.",
        subcommands: [QTI.self])

    struct QTI: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "qti",
            abstract: "Add QTI 3.0 choice items (an item XML or an imsmanifest.xml) to a bank directory as drafts.")
        @Argument(help: "A QTI 3.0 item XML file or a content package's imsmanifest.xml.") var file: String
        @Option(name: .long, help: "The bank directory to add the items to (items/<section>.yaml is rewritten).") var into: String
        @Option(name: .long, help: "The blueprint section of the new items (QTI carries none).") var section: String
        @Option(name: .long, help: "The intended level of the new items: novice, intermediate, advanced, expert.") var level: String
        @Option(name: .long, help: "A prefix for the imported ids (to keep them apart from the bank's).") var idPrefix: String = ""
        func validate() throws {
            guard MentorLevel(rawValue: level) != nil else {
                throw ValidationError("--level \(level) is not a level; give novice, intermediate, advanced or expert.")
            }
        }
        func run() throws {
            let lvl = MentorLevel(rawValue: level) ?? .novice
            let ids = try wrap { () throws(InterchangeError) in
                try Interchange.importQTI(file, into: into, section: section, level: lvl, idPrefix: idPrefix)
            }
            print("imported \(ids.count) draft item(s) into \(into)/items/\(section).yaml: \(ids.joined(separator: ", "))")
            print("note: QTI carries no rationale; write each item's rationale, then run `mentorcert bank validate \(into)`.")
        }
    }
}

/// Runs an interchange call, turning its error into a command-line error.
private func wrap<T>(_ body: () throws(InterchangeError) -> T) throws -> T {
    do { return try body() } catch { throw CLIError(error.description) }
}
