import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import Plots
import Tables
@testable import StatisticsExport

/// The root element's name and namespace (an independent XML parse of a stored figure).
final class RootElement: NSObject, XMLParserDelegate {
    var name: String?
    var namespace: String?
    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if name == nil { name = elementName; namespace = namespaceURI }
    }
}

@Suite("export notebook")
struct ExportNotebookTests {
    @Test("the notebook validates against nbformat 4 and runs in a real Jupyter kernel, drawing every figure",
          .enabled(if: python3Path != nil, "python3 is not on PATH: the notebook cannot be validated or executed (install python3, then `make notebook-deps`)"))
    func notebookRunsInJupyter() throws {
        let python = try #require(python3Path)
        let (bank, _, data) = try bundledBankAndGroupedResponses(persons: 160, difItems: ["S1-004"], seed: 5)
        let export = try ExportedStatistics.compute(bank: bank, responses: data, source: "sim.csv",
                                                    options: StatisticsExportOptions(simulatedExaminees: 12, seed: 3, engineVersion: "t",
                                                                                     maxConcurrency: 2, dif: .init(column: "region")))
        let notebook = try ExportNotebook.text(export)
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        try ExportDirectory.write(export, extraFiles: [(ExportNotebook.fileName, notebook)], to: out.path)
        let figures = ExportNotebook.figureCount(export)
        // ICC, item information, test information, CSEM, Wright map, exposure, DIF (MH D-DIF, logistic ΔR²).
        #expect(figures == 8)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [repositoryRoot.appendingPathComponent("Tests/Fixtures/notebook/check_notebook.py").path,
                             out.appendingPathComponent(ExportNotebook.fileName).path]
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "check_notebook.py failed (missing modules? run `make notebook-deps`):\n\(errors)")
        let summary = try #require(try JSONSerialization.jsonObject(with: output) as? [String: Any])
        #expect((summary["figureCells"] as? NSNumber)?.intValue == figures)
        #expect((summary["storedSVG"] as? NSNumber)?.intValue == figures)
        #expect((summary["executedImages"] as? NSNumber)?.intValue == figures)
        // Execution itself drew the two DIF figures (from dif_items.csv, loaded by the manifest).
        let byTag = summary["executedImagesByTag"] as? [String: Any]
        #expect((byTag?["dif"] as? NSNumber)?.intValue == 2)
    }

    @Test("every stored figure is the Plots module's SVG document and parses as XML in the SVG namespace")
    func storedFiguresParse() throws {
        let (bank, _, data) = try bundledBankAndGroupedResponses(persons: 200, difItems: ["S1-004"], seed: 3)
        let export = try ExportedStatistics.compute(bank: bank, responses: data, source: "sim.csv",
                                                    options: StatisticsExportOptions(engineVersion: "t", maxConcurrency: 2,
                                                                                     dif: .init(column: "region")))
        let figures = ExportNotebook.figures(export)
        // ICC, item information, test information, CSEM, Wright map, the two DIF figures (no exposure without simulation).
        #expect(figures.map(\.title).filter { $0.hasPrefix("DIF") }.count == 2)
        #expect(figures.count == 7)
        for figure in figures {
            let svg = try PlotRenderer.render(figure.plot).svg
            let parser = XMLParser(data: Data(svg.utf8))
            let root = RootElement()
            parser.delegate = root
            parser.shouldProcessNamespaces = true
            #expect(parser.parse(), "\(figure.title): \(parser.parserError.map(String.init(describing:)) ?? "")")
            #expect(root.name == "svg" && root.namespace == "http://www.w3.org/2000/svg", "\(figure.title)")
            #expect(svg.contains("<title>\(SVGText.escape(figure.plot.title))</title>"), "\(figure.title)")
        }
    }

    @Test("without a group column the manifest and the notebook say that DIF needs one (no silent omission)")
    func noGroupIsSaid() throws {
        let (bank, _, data) = try bundledBankAndResponses(persons: 60, formItems: 12)
        let export = try ExportedStatistics.compute(bank: bank, responses: data, source: "sim.csv",
                                                    options: StatisticsExportOptions(engineVersion: "t", maxConcurrency: 2))
        #expect(export.table(.difItems) == nil)
        #expect(export.manifest.warnings.contains(ExportedStatistics.noGroupWarning))
        let notebook = try ExportNotebook.text(export)
        #expect(notebook.contains(ExportNotebook.difHeading) && notebook.contains("needs responses with a group column"))
        #expect(!ExportNotebook.figures(export).contains { $0.tags.contains("dif") })
        let noResponses = try ExportedStatistics.compute(bank: bank, responses: nil,
                                                         options: StatisticsExportOptions(engineVersion: "t", maxConcurrency: 2))
        #expect(noResponses.manifest.warnings.contains(ExportedStatistics.noGroupWarning))
    }

    @Test("histogram follows numpy's rule: half-open bins, the last closed, outside values dropped")
    func histogram() {
        #expect(ExportNotebook.histogram([0, 0.5, 1, 2, 3, -1], [0, 1, 2]) == [2, 2])
    }
}
