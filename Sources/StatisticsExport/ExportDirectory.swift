import Foundation
import Tables

/// Writes an export directory whole or not at all (DECISIONS §2): every file goes into a temporary
/// sibling `.NAME.tmp-PID`, then one rename(2) puts the directory in place. An existing non-empty
/// directory is refused unless `force`, and then replaced as a whole (moved aside, the new one renamed
/// in, the old one removed), so a reader never sees a mixture of two exports.
public enum ExportDirectory {
    /// Writes each table as `<name>.csv` and `<name>.json` (``TableDocument``), the `extraFiles`
    /// (e.g. the notebook), and `manifest.json` last; returns the manifest written.
    ///
    /// - Throws: ``StatisticsExportError/directoryNotEmpty(path:)`` or
    ///   ``StatisticsExportError/cannotWrite(path:reason:)``; nothing is left behind.
    @discardableResult
    public static func write(_ export: ExportedStatistics, extraFiles: [(name: String, text: String)] = [], to path: String,
                             force: Bool = false) throws(StatisticsExportError) -> TableManifest {
        let fm = FileManager.default
        let target = URL(fileURLWithPath: path).standardizedFileURL
        let parent = target.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        let exists = fm.fileExists(atPath: target.path, isDirectory: &isDirectory)
        if exists {
            guard isDirectory.boolValue else {
                throw .cannotWrite(path: path, reason: "it is a file; give a directory name")
            }
            let contents = (try? fm.contentsOfDirectory(atPath: target.path)) ?? []
            if !contents.isEmpty && !force { throw .directoryNotEmpty(path: path) }
        }
        guard fm.fileExists(atPath: parent.path) else {
            throw .cannotWrite(path: path, reason: "the parent directory \(parent.path) does not exist; create it first")
        }
        let name = target.lastPathComponent
        let pid = getpid()
        let temporary = parent.appendingPathComponent(".\(name).tmp-\(pid)")
        try? fm.removeItem(at: temporary)
        do {
            try fm.createDirectory(at: temporary, withIntermediateDirectories: false)
        } catch {
            throw .cannotWrite(path: path, reason: "cannot create \(temporary.lastPathComponent) beside it (\(error.localizedDescription))")
        }
        var manifest: TableManifest
        do {
            var writer = TableExport(directory: temporary.path, manifest: export.manifest)
            for table in export.tables {
                try writer.writeCSV(table)
                try AtomicFile.write(JSONOutput.text(TableDocument(table)),
                                     to: temporary.appendingPathComponent(table.schema.name + ".json").path)
            }
            for file in extraFiles {
                try AtomicFile.write(file.text, to: temporary.appendingPathComponent(file.name).path)
            }
            try writer.writeManifest()
            manifest = writer.manifest
        } catch {
            try? fm.removeItem(at: temporary)
            throw .cannotWrite(path: path, reason: "\(error)")
        }
        // Put the directory in place.
        var aside: URL?
        if exists {
            let old = parent.appendingPathComponent(".\(name).old-\(pid)")
            try? fm.removeItem(at: old)
            guard rename(target.path, old.path) == 0 else {
                let reason = String(cString: strerror(errno))
                try? fm.removeItem(at: temporary)
                throw .cannotWrite(path: path, reason: "cannot move the existing directory aside (\(reason))")
            }
            aside = old
        }
        guard rename(temporary.path, target.path) == 0 else {
            let reason = String(cString: strerror(errno))
            if let aside { _ = rename(aside.path, target.path) }
            try? fm.removeItem(at: temporary)
            throw .cannotWrite(path: path, reason: reason)
        }
        if let aside { try? fm.removeItem(at: aside) }
        return manifest
    }
}
