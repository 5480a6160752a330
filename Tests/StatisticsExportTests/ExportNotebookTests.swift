import Foundation
import Testing
import Tables
@testable import StatisticsExport

@Suite("export notebook")
struct ExportNotebookTests {
    @Test("the notebook validates against nbformat 4 and runs in a real Jupyter kernel, drawing every figure",
          .enabled(if: python3Path != nil, "python3 is not on PATH: the notebook cannot be validated or executed (install python3, then `make notebook-deps`)"))
    func notebookRunsInJupyter() throws {
        let python = try #require(python3Path)
        let (bank, _, data) = try bundledBankAndResponses(persons: 120)
        let export = try ExportedStatistics.compute(bank: bank, responses: data, source: "sim.csv",
                                                    options: StatisticsExportOptions(simulatedExaminees: 12, seed: 3, engineVersion: "t",
                                                                                     maxConcurrency: 2))
        let notebook = try ExportNotebook.text(export)
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        try ExportDirectory.write(export, extraFiles: [(ExportNotebook.fileName, notebook)], to: out.path)
        let figures = ExportNotebook.figureCount(export)
        // ICC, item information, test information, CSEM, Wright map, exposure.
        #expect(figures == 6)

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
    }

    @Test("a figure is one SVG document with its series, escaped text and no non-finite numbers (check_notebook.py parses each stored one as XML)")
    func storedFiguresParse() throws {
        let svg = svgFigure(title: "t <&>", xLabel: "θ", yLabel: "y",
                            series: [FigureSeries(label: "a", x: [-1, 0, 1], y: [0, 1, .nan]),
                                     FigureSeries(label: "b", x: [0, 1], y: [-2, 3], style: .bars),
                                     FigureSeries(label: "", x: [0.5], y: [1], style: .markers)])
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\"") && svg.hasSuffix("</svg>\n"))
        #expect(svg.contains("t &lt;&amp;&gt;") && !svg.contains("t <&>"))
        #expect(svg.contains("<polyline") && svg.contains("<rect x=") && svg.contains("<circle"))
        #expect(!svg.contains("nan") && !svg.contains("inf"))
    }

    @Test("ticks are round numbers covering the range")
    func ticks() {
        #expect(niceTicks(-4, 4) == [-4, -2, 0, 2, 4])
        #expect(niceTicks(0, 1) == [0, 0.2, 0.4, 0.6, 0.8, 1])
        #expect(niceTicks(0.13, 0.97).first! <= 0.13 && niceTicks(0.13, 0.97).last! >= 0.97)
    }

    @Test("histogram follows numpy's rule: half-open bins, the last closed, outside values dropped")
    func histogram() {
        #expect(ExportNotebook.histogram([0, 0.5, 1, 2, 3, -1], [0, 1, 2]) == [2, 2])
    }
}
