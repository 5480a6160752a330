import ArgumentParser
import StatisticsExport

/// `mentorcert export notebook --bank B [--responses R] [--simulate N] --out DIR` (issue 19): the tables
/// of `export tables` plus one Jupyter notebook that loads them and draws the figures, with the engine's
/// SVG renderings stored as its outputs.
struct ExportNotebookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notebook",
        abstract: "The statistics tables plus a Jupyter notebook (nbformat 4) that loads and plots them.",
        discussion: """
            Writes the tables of `export tables` and \(ExportNotebook.fileName): it loads the tables with pandas \
            by relative path and draws item characteristic curves, item and test information, CSEM, a Wright map \
            (with --responses), exposure (with --simulate) and DIF (with --group COL) with matplotlib. The figures are stored as SVG \
            outputs drawn by the engine, so the notebook shows them before it is run.
            """)

    @OptionGroup var arguments: StatisticsExportArguments

    func run() throws {
        try arguments.run {
            let export = try arguments.compute()
            let notebook = try ExportNotebook.text(export)
            let manifest = try ExportDirectory.write(export, extraFiles: [(ExportNotebook.fileName, notebook)],
                                                     to: arguments.out, force: arguments.force)
            arguments.report(manifest, extra: ", \(ExportNotebook.fileName)")
        }
    }
}
