import Foundation
import Plots

/// Writes a report directory — `report.html`, `report.md`, `report.json` and `figures/<id>.svg` —
/// so that it is never half-written: every file's content is built first, the files go into a
/// temporary directory beside the target (`.NAME.tmp-PID`), and one rename(2) puts it in place.
/// An existing non-empty directory is replaced only when `force` is set (it is first renamed aside,
/// then removed once the new one is in place).
public enum ReportWriter {
    /// The files of a report, by relative path, and the figures' warnings.
    public struct Files: Sendable {
        public var contents: [String: String]
        public var warnings: [String]
    }

    /// Renders every file of the report (no file is touched).
    public static func files(_ document: ReportDocument) throws(ReportError) -> Files {
        var figures: [String: RenderedPlot] = [:]
        var warnings: [String] = []
        var contents: [String: String] = [:]
        for section in document.sections {
            for figure in section.figures {
                do {
                    let rendered = try figure.render()
                    figures[figure.id] = rendered
                    contents["figures/\(figure.id).svg"] = rendered.svg
                    warnings += rendered.warnings.map { "figure \(figure.id): \($0)" }
                } catch {
                    warnings.append("figure \(figure.id) not drawn: \(error.description)")
                }
            }
        }
        var doc = document
        doc.warnings += warnings
        contents["report.json"] = try JSONRenderer.render(doc)
        contents["report.md"] = MarkdownRenderer.render(doc)
        contents["report.html"] = HTMLRenderer.render(doc, figures: figures)
        return Files(contents: contents, warnings: warnings)
    }

    /// Writes `document` into the directory `path`.
    /// - Throws: ``ReportError`` before anything is written when `path` is a file, a non-empty directory
    ///   without `force`, or its parent directory does not exist; and when a write fails (the temporary
    ///   directory is removed, the target left as it was).
    @discardableResult
    public static func write(_ document: ReportDocument, to path: String, force: Bool) throws(ReportError) -> Files {
        let fm = FileManager.default
        let target = URL(fileURLWithPath: path).standardizedFileURL
        let parent = target.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: parent.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ReportError("\(path): the directory \(parent.path) does not exist; create it or choose another output directory.")
        }
        var replacing = false
        if fm.fileExists(atPath: target.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw ReportError("\(path): a file is in the way; the report is a directory — choose another name or remove the file.")
            }
            let entries = (try? fm.contentsOfDirectory(atPath: target.path)) ?? []
            if !entries.isEmpty {
                guard force else {
                    throw ReportError("\(path): the directory exists and is not empty (\(entries.count) entries); nothing was written. "
                        + "Choose a new directory, or replace it with --force.")
                }
            }
            replacing = true
        }
        let files = try files(document)   // everything rendered before the first write
        let pid = getpid()
        let temporary = parent.appendingPathComponent(".\(target.lastPathComponent).tmp-\(pid)")
        let aside = parent.appendingPathComponent(".\(target.lastPathComponent).old-\(pid)")
        try? fm.removeItem(at: temporary)
        do {
            try fm.createDirectory(at: temporary.appendingPathComponent("figures"), withIntermediateDirectories: true)
            for (relative, text) in files.contents.sorted(by: { $0.key < $1.key }) {
                try Data(text.utf8).write(to: temporary.appendingPathComponent(relative), options: .atomic)
            }
        } catch {
            try? fm.removeItem(at: temporary)
            throw ReportError("\(path): the report could not be written (\(error.localizedDescription)); nothing was changed.")
        }
        if replacing {
            try? fm.removeItem(at: aside)
            guard rename(target.path, aside.path) == 0 else {
                try? fm.removeItem(at: temporary)
                throw ReportError("\(path): the existing directory could not be moved aside (\(String(cString: strerror(errno)))); nothing was changed.")
            }
        }
        guard rename(temporary.path, target.path) == 0 else {
            let reason = String(cString: strerror(errno))
            if replacing { _ = rename(aside.path, target.path) }
            try? fm.removeItem(at: temporary)
            throw ReportError("\(path): the report could not be put in place (\(reason)); nothing was changed.")
        }
        if replacing { try? fm.removeItem(at: aside) }
        return files
    }
}
