import ArgumentParser
import Foundation
import ResponseData

extension CalibrateCommand {
    /// The responses to calibrate: RESPONSES read as a CSV (against `catalogue` when a bank is given),
    /// or a stored response set (``ResponseSource``). A stored set is used as stored: the options that
    /// only say how to read a file (`--person-column`, `--ignore`, `--skip-bad-rows`) are refused (exit
    /// 64), `--group COL` must name one of its stored group columns, `--raw` needs stored raw choices,
    /// and with a bank every item of the set must be an item of the bank with the bank's categories.
    func calibrationResponses(catalogue: ItemCatalogue?) throws -> ResponseMatrix {
        switch try ResponseSource.resolve(responses, store: common.store) {
        case let .file(path):
            let (reading, onRead) = readingProgress(path, quiet: common.quiet)
            defer { reading.clear() }
            let matrix = try ResponseReader.read(path: path, options: file.importOptions(raw: raw), catalogue: catalogue,
                                                 progress: onRead).matrix
            finishReading(reading)
            return matrix
        case let .stored(summary, matrix):
            let name = "response set \(summary.id)"
            if file.anyGiven {
                printError("Error: \(name) is stored: --person-column, --ignore and --skip-bad-rows only apply to reading a CSV file; drop them.")
                throw ExitCode.validationFailure
            }
            if let column = file.group.first, matrix.groups[column] == nil {
                let stored = summary.groupNames.isEmpty ? "none" : summary.groupNames.joined(separator: ", ")
                throw CLIError("\(name) has no group column \(column) (its groups: \(stored)); import the file again with --group \(column).")
            }
            if raw && matrix.rawChoices == nil {
                throw CLIError("\(name) holds no raw choices (it was imported without --raw); drop --raw, or import the file again with --raw.")
            }
            if let catalogue {
                let unknown = matrix.itemIDs.filter { catalogue[$0] == nil }
                if !unknown.isEmpty {
                    throw CLIError("\(name): \(unknown.count) item(s) are not items of the bank: "
                        + unknown.prefix(10).joined(separator: ", ") + (unknown.count > 10 ? ", …" : "")
                        + "; calibrate it against the bank it was imported with (`mentorcert responses show \(summary.id.prefix(8))`).")
                }
                for (j, id) in matrix.itemIDs.enumerated() {
                    if let k = catalogue[id]?.categoryCount, matrix.categoryCounts[j] > k {
                        throw CLIError("\(name): item \(id) has \(matrix.categoryCounts[j]) categories in the set but \(k) in the bank; "
                            + "calibrate it against the bank it was imported with.")
                    }
                }
            }
            return matrix
        }
    }
}
