import ArgumentParser
import Foundation
import IRTModels
import ItemBanking
import ResponseData
import Scoring
import TechnicalReport

/// `mentorcert report --bank B --responses R [--simulate N] [--seed S] --out DIR [--force]` — the
/// technical report of a bank version and its responses (issue 18): `report.html` (self-contained),
/// `report.md`, `report.json` and `figures/*.svg` in DIR, written all at once.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The technical report of a bank version and its responses (HTML, Markdown, JSON, SVG figures).",
        discussion: """
            Builds the sections of a certification exam's technical report (scheme and blueprint with coverage, \
            item analysis and fit, form statistics, reliability, classification at each cut, standard setting, \
            DIF, exposure and accuracy from a simulation, figures) and writes report.html (one self-contained page: \
            inline CSS and SVG, no external files), report.md, report.json (every number) and figures/*.svg into \
            --out DIR. DIR is written all at once (a temporary directory renamed into place); an existing non-empty \
            DIR is replaced only with --force. Sections the engine has no record of, or whose module is not in this \
            build, say so instead of showing numbers. Statistics resting on simulated parameters are marked. \
            DIF compares the two groups of the first --group column (--focal names the focal group); the \
            standard-setting section shows the records given with --standard-setting.
            """)

    @Option(help: "The bank: a bank directory or a stored bank-version id.")
    var bank: String

    @Option(help: "The responses: a wide CSV of scored responses, or a stored response-set id.")
    var responses: String

    @Option(help: "Simulated adaptive exams for exposure and classification accuracy (0 = none).")
    var simulate: Int = 0

    @Option(help: "Seed of the simulation (default 1).")
    var seed: UInt64 = 1

    @Option(help: "The report directory to write.")
    var out: String

    @Flag(help: "Replace an existing non-empty --out directory.")
    var force = false

    @Flag(name: .customLong("no-item-fit"), help: "Skip S-X² and infit/outfit (they cost O(items² × score groups)).")
    var noItemFit = false

    @Option(help: "DIF: the focal group's label in the first --group column (default: the DIF analysis's rule).")
    var focal: String?

    @Option(name: .customLong("standard-setting"),
            help: "A standard-setting record (`standards angoff|bookmark|hofstee --format json --out FILE`); repeatable.")
    var standardSetting: [String] = []

    @OptionGroup var responseFile: ResponseFileOptions

    @Option(help: "The SQLite store, for stored bank versions and response sets.")
    var store: String = "mentorcert.sqlite"

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
        guard simulate >= 0 else { throw ValidationError("--simulate must be 0 or more.") }
        if focal != nil && responseFile.group.isEmpty { throw ValidationError("--focal needs --group COL (the column of the two groups).") }
    }

    func run() throws {
        do {
            try report()
        } catch let error as CLIError {
            printError(error.description); throw ExitCode(1)
        } catch let error as ReportError {
            printError("report: \(error.description)"); throw ExitCode(1)
        } catch let error as ResponseDataError {
            printError(error.commandText(.reported)); throw ExitCode(1)
        } catch let error as ScoringInputError {
            printError("report: \(bank) → \(error.description)"); throw ExitCode(1)
        }
    }

    private func report() throws {
        // Refuse an occupied --out before any work.
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory) {
            if !isDirectory.boolValue { throw CLIError("\(out): a file is in the way; --out names the report directory.") }
            if !force, let entries = try? FileManager.default.contentsOfDirectory(atPath: out), !entries.isEmpty {
                throw CLIError("\(out): the directory exists and is not empty; nothing was written. Choose a new --out directory, or pass --force to replace it.")
            }
        }
        let loaded = try BankReference.load(bank, store: store)
        let parameters: ParameterSet?
        do { parameters = try loaded.parameterSet() } catch { throw CLIError("\(bank): \(error.description)") }
        guard let parameters else { throw CLIError("\(bank): no scored item of the bank has parameters; calibrate the bank first.") }
        let matrix: ResponseMatrix
        let name: String
        switch try ResponseSource.resolve(responses, store: store) {
        case let .file(path):
            matrix = try ScoringInput.read(path: path, parameters: parameters, options: responseFile.importOptions(), coverage: .subset).matrix
            name = path
        case let .stored(summary, m):
            matrix = m; name = "response set \(summary.id)"
        }
        let records = try standardSetting.map { try ReportInput.standardSettingRecord(path: $0) }
        let input = ReportInput(bank: loaded, bankName: bank, responses: matrix, responsesName: name,
                                simulation: simulate > 0 ? .init(examinees: simulate, seed: seed) : nil, itemFit: !noItemFit,
                                difGroup: responseFile.group.first, difFocal: focal, standardSetting: records)
        let document = try ReportBuilder.build(input)
        let files = try ReportWriter.write(document, to: out, force: force)
        if !quiet {
            for w in document.warnings + files.warnings { printError("warning: \(w)") }
            let figures = files.contents.keys.filter { $0.hasPrefix("figures/") }.count
            printError("Wrote report.html, report.md, report.json and \(figures) figures to \(out)"
                + (document.bank.simulatedParameters ? " (the bank's parameters are SIMULATED; the report says so)." : "."))
        }
    }
}
