import ArgumentParser
import Foundation
import IRTModels
import ItemBanking
import Plots
import ResponseData
import Scoring
import TechnicalReport

/// `mentorcert plot icc|iif|tif|csem|wright|exposure … --out FILE.svg` (issue 19): one figure as a
/// standalone SVG (and a PNG beside it with --png when rsvg-convert or chromium is installed).
struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Plots as SVG: item characteristic and information curves, test information, CSEM, Wright map, exposure.",
        discussion: """
            Each subcommand writes one standalone SVG figure (title, axes with ticks, labels, legend; cut scores \
            as dashed lines when a bank is given). --png also writes FILE.png when rsvg-convert or chromium is \
            installed (optional; without one the command says so and writes only the SVG).
            """,
        subcommands: [ICC.self, IIF.self, TIF.self, CSEM.self, Wright.self, Exposure.self])

    /// Options every plot takes.
    struct Source: ParsableArguments {
        @Option(help: "The bank: a bank directory or a stored bank-version id (its cut scores are drawn).")
        var bank: String?

        @Option(help: "Item parameters: a parameter file from `calibrate --format json` (no cut scores).")
        var params: String?

        @Option(help: "The SVG file to write.")
        var out: String

        @Flag(help: "Also write a PNG beside the SVG (needs rsvg-convert or chromium).")
        var png = false

        @Option(help: "The SQLite store, for stored bank versions.")
        var store: String = "mentorcert.sqlite"

        @Flag(help: "Print nothing but errors.")
        var quiet = false

        func validate() throws {
            guard (bank == nil) != (params == nil) else { throw ValidationError("give either --bank or --params (one of them).") }
            guard out.lowercased().hasSuffix(".svg") else { throw ValidationError("--out must name an .svg file, e.g. --out tif.svg.") }
        }

        /// The parameters, the bank (when one was given) and its cut scores.
        func load() throws -> (set: ParameterSet, bank: ItemBank?, cuts: [ReferenceLine]) {
            if let bank {
                let loaded = try BankReference.load(bank, store: store)
                let set: ParameterSet?
                do { set = try loaded.parameterSet() } catch { throw CLIError("\(bank): \(error.description)") }
                guard let set else { throw CLIError("\(bank): no scored item of the bank has parameters; calibrate the bank first.") }
                return (set, loaded, Figures.cuts(of: loaded))
            }
            return (try ParameterReference.resolve(params ?? "", store: store), nil, [])
        }

        /// Renders and writes the figure (and the PNG), printing warnings and what was written.
        func write(_ figure: ReportFigure.Content) throws {
            let rendered: RenderedPlot
            do {
                switch figure {
                case let .plot(p): rendered = try PlotRenderer.render(p)
                case let .wrightMap(m): rendered = try m.render()
                }
            } catch { throw CLIError("plot: \(error.description)") }
            try writeAtomically(rendered.svg, to: out)
            if !quiet { for w in rendered.warnings { printError("warning: \(w)") } }
            var note = "Wrote \(out)"
            if png {
                let pngPath = String(out.dropLast(4)) + ".png"
                let size: (Int, Int) = { switch figure { case let .plot(p): (Int(p.width), Int(p.height)); case let .wrightMap(m): (Int(m.width), Int(m.height)) } }()
                switch PNGConverter.convert(svg: out, png: pngPath, width: size.0, height: size.1) {
                case let .written(tool): note += " and \(pngPath) (\(tool))"
                case .noConverter: note += "; no PNG: neither rsvg-convert nor chromium is installed (the SVG is complete on its own)"
                case let .failed(tool, reason): note += "; no PNG: \(tool) failed (\(reason))"
                }
            }
            if !quiet { printError(note + ".") }
        }
    }

    static func run(_ body: () throws -> Void) throws {
        do { try body() } catch let error as CLIError {
            printError(error.description); throw ExitCode(1)
        } catch let error as ReportError {
            printError("plot: \(error.description)"); throw ExitCode(1)
        } catch let error as ResponseDataError {
            printError(error.commandText(.plotted)); throw ExitCode(1)
        } catch let error as ScoringInputError {
            printError("plot: \(error.description)"); throw ExitCode(1)
        }
    }

    static func ids(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    struct ICC: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "icc", abstract: "Item characteristic curves of the items given.")
        @Option(help: "Item ids, separated by commas.") var items: String
        @OptionGroup var source: Source
        func run() throws {
            try PlotCommand.run {
                let (set, _, cuts) = try source.load()
                try source.write(.plot(Figures.icc(try Figures.items(PlotCommand.ids(items), of: set), cuts: cuts)))
            }
        }
    }

    struct IIF: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "iif", abstract: "Item information functions of the items given.")
        @Option(help: "Item ids, separated by commas.") var items: String
        @OptionGroup var source: Source
        func run() throws {
            try PlotCommand.run {
                let (set, _, cuts) = try source.load()
                try source.write(.plot(Figures.iif(try Figures.items(PlotCommand.ids(items), of: set), cuts: cuts)))
            }
        }
    }

    /// The item groups of tif and csem: every item, or one group per --section.
    static func groups(_ sections: [String], set: ParameterSet, bank: ItemBank?) throws -> [(name: String, items: [ParameterSet.Item])] {
        guard !sections.isEmpty else { return [("all \(set.items.count) items", set.items)] }
        guard let bank else { throw CLIError("--section needs --bank (a parameter file has no blueprint).") }
        return try sections.map { s in (s, try Figures.items(inSection: s, of: bank, set: set)) }
    }

    struct TIF: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "tif", abstract: "Test information (of every item, or of each --section).")
        @Option(help: "A blueprint section (repeatable: one curve per section).") var section: [String] = []
        @OptionGroup var source: Source
        func run() throws {
            try PlotCommand.run {
                let (set, bank, cuts) = try source.load()
                try source.write(.plot(Figures.tif(try PlotCommand.groups(section, set: set, bank: bank), cuts: cuts)))
            }
        }
    }

    struct CSEM: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "csem", abstract: "Conditional SEM 1/√I(θ) (of every item, or of each --section).")
        @Option(help: "A blueprint section (repeatable: one curve per section).") var section: [String] = []
        @OptionGroup var source: Source
        func run() throws {
            try PlotCommand.run {
                let (set, bank, cuts) = try source.load()
                try source.write(.plot(Figures.csem(try PlotCommand.groups(section, set: set, bank: bank), cuts: cuts)))
            }
        }
    }

    struct Wright: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "wright", abstract: "Wright map: persons (θ̂) and items on one θ scale.")
        @Option(help: "The responses: a wide CSV of scored responses, or a stored response-set id.") var responses: String
        @Option(help: "Person estimates: wle or eap (default: the bank's final estimator, else wle).") var method: String?
        @OptionGroup var responseFile: ResponseFileOptions
        @OptionGroup var source: Source
        func validate() throws {
            if let method, !["wle", "eap"].contains(method.lowercased()) { throw ValidationError("--method must be wle or eap.") }
        }
        func run() throws {
            try PlotCommand.run {
                let (set, bank, cuts) = try source.load()
                let chosen = method.flatMap { ScoringMethod(rawValue: $0.lowercased()) }
                    ?? bank.flatMap { ScoringMethod(rawValue: $0.manifest.exam.finalEstimator.rawValue) } ?? .wle
                let matrix: ResponseMatrix, name: String
                switch try ResponseSource.resolve(responses, store: source.store) {
                case let .file(path):
                    matrix = try ScoringInput.read(path: path, parameters: set, options: responseFile.importOptions(), coverage: .subset).matrix
                    name = path
                case let .stored(summary, m): matrix = m; name = "response set \(summary.id)"
                }
                try source.write(.wrightMap(try Figures.wright(responses: matrix, source: name, set: set, method: chosen, cuts: cuts)))
            }
        }
    }

    struct Exposure: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "exposure", abstract: "Item exposure in simulated adaptive exams of the bank.")
        @Option(help: "Simulated exams.") var simulate: Int = 1_000
        @Option(help: "Seed of the simulation (default 1).") var seed: UInt64 = 1
        @OptionGroup var source: Source
        func validate() throws {
            guard simulate >= 1 else { throw ValidationError("--simulate must be at least 1.") }
            guard source.bank != nil else { throw ValidationError("exposure needs --bank (the adaptive exam's settings and blueprint).") }
        }
        func run() throws {
            try PlotCommand.run {
                guard let bankName = source.bank else { throw ExitCode.validationFailure }
                let bank = try BankReference.load(bankName, store: source.store)
                try source.write(.plot(try Figures.exposure(bank: bank, examinees: simulate, seed: seed)))
            }
        }
    }
}
