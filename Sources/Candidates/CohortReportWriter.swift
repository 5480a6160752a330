import Foundation

/// Writes the cohort report into a directory — `cohort-report.html` and `cohort-report.json` — never
/// half-written: both files are rendered first, written into a temporary directory beside the target
/// and put in place by one rename(2). An existing directory must be empty, or `force` given: it is then
/// renamed aside and removed once the new one is in place.
public enum CohortReportWriter {
    /// The file names in the directory.
    public static let htmlName = "cohort-report.html", jsonName = "cohort-report.json"

    /// Writes `report` into `path`; returns the figures' warnings.
    /// - Throws: ``CandidatesError/output(_:)`` before anything is written when the parent directory is
    ///   missing or the target is a file or a non-empty directory, and when a write fails (nothing is
    ///   left behind).
    @discardableResult
    public static func write(_ report: CohortReport, to path: String, force: Bool = false) throws(CandidatesError) -> [String] {
        let fm = FileManager.default
        let target = URL(fileURLWithPath: path).standardizedFileURL
        let parent = target.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: parent.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .output("\(path): the directory \(parent.path) does not exist; create it or choose another output directory")
        }
        if fm.fileExists(atPath: target.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw .output("\(path): a file is in the way; the report is a directory — choose another name or remove the file")
            }
            let entries = (try? fm.contentsOfDirectory(atPath: target.path)) ?? []
            guard entries.isEmpty || force else {
                throw .output("\(path): the directory exists and is not empty (\(entries.count) entries); nothing was written. "
                    + "Choose a new directory, or replace it with --force")
            }
        }
        let (html, warnings) = CohortReportHTML.render(report)
        let json: Data
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            json = try encoder.encode(report) + Data("\n".utf8)
        } catch { throw .output("the report cannot be encoded as JSON: \(error)") }
        let temporary = parent.appendingPathComponent(".\(target.lastPathComponent).tmp-\(getpid())")
        try? fm.removeItem(at: temporary)
        do {
            try fm.createDirectory(at: temporary, withIntermediateDirectories: false)
            try Data(html.utf8).write(to: temporary.appendingPathComponent(htmlName))
            try json.write(to: temporary.appendingPathComponent(jsonName))
        } catch {
            try? fm.removeItem(at: temporary)
            throw .output("\(path): the report could not be written (\(error.localizedDescription)); nothing was changed")
        }
        let aside = parent.appendingPathComponent(".\(target.lastPathComponent).old-\(getpid())")
        var movedAside = false
        if fm.fileExists(atPath: target.path) {
            try? fm.removeItem(at: aside)
            guard rename(target.path, aside.path) == 0 else {
                let reason = String(cUTF8: strerror(errno))
                try? fm.removeItem(at: temporary)
                throw .output("\(path): the existing directory could not be moved aside (\(reason)); nothing was changed")
            }
            movedAside = true
        }
        guard rename(temporary.path, target.path) == 0 else {
            let reason = String(cUTF8: strerror(errno))
            if movedAside { _ = rename(aside.path, target.path) }
            try? fm.removeItem(at: temporary)
            throw .output("\(path): the report could not be put in place (\(reason)); nothing was changed")
        }
        if movedAside { try? fm.removeItem(at: aside) }
        return warnings
    }
}

private extension String {
    init(cUTF8 pointer: UnsafeMutablePointer<CChar>?) { self = pointer.map { String(cString: $0) } ?? "unknown error" }
}
