import Foundation
import SystemFiles

extension ResponseReader {
    /// The column names in the header line of a CSV file (RFC 4180 quoting, a UTF-8 byte-order mark
    /// skipped, names trimmed), read with the same scanner as the data. Reads only as many bytes as
    /// the first record needs.
    /// - Throws: ``ResponseDataError`` when the file cannot be read or has no header.
    public static func header(path: String) throws(ResponseDataError) -> [String] {
        do { try FileContents.checkReadable(atPath: path) } catch {
            throw ResponseDataError(file: path, problems: [ResponseProblem(file: path, line: 0, message: "cannot read the file: " + error.reason)],
                                    rowsCanBeSkipped: false)
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ResponseDataError(file: path, problems: [ResponseProblem(file: path, line: 0, message: "cannot read the file: "
                + FileProblem(path: path, kind: .permissionDenied, writing: false).reason)],
                                    rowsCanBeSkipped: false)
        }
        defer { try? handle.close() }
        var bytes = [UInt8]()
        var inQuotes = false
        reading: while true {
            let chunk = handle.readData(ofLength: 65_536)
            if chunk.isEmpty { break }
            for b in chunk {
                if b == CSVScanner.quote { inQuotes.toggle() }
                bytes.append(b)
                if !inQuotes && b == CSVScanner.lf { break reading }
            }
        }
        let names: [String]? = bytes.withUnsafeBufferPointer { buffer in
            var scanner = CSVScanner(bytes: buffer)
            var fields = [CSVField]()
            guard scanner.next(into: &fields) else { return nil }
            return fields.map { scanner.string($0).trimmingCharacters(in: .whitespaces) }
        }
        guard let names, !names.isEmpty else { throw .file(path, "the file is empty; it needs a header line of column names") }
        if names.allSatisfy(\.isEmpty) {
            throw .file(path, "the header line is blank (the file is empty or starts with a blank line); it needs a header line of column names")
        }
        // One column whose name holds semicolons or tabs: another separator, not one item-less column.
        if names.count == 1, likelySeparator(names) != nil { throw noItemColumns(file: path, header: names) }
        return names
    }
}
