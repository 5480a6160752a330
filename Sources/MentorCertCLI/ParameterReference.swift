import Foundation
import IRTModels
import ItemBanking
import Interchange

/// A command-line error: its message is printed to standard error and the command exits 1.
public struct CLIError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ message: String) { description = message }
}

/// The parameters named on the command line (DECISIONS §1: "P a parameter file written by
/// calibrate/export or a bank-version id"): a parameter JSON file, a bank directory, or a stored
/// bank-version id (or unique prefix).
enum ParameterReference {
    static func resolve(_ reference: String, store storePath: String) throws -> ParameterSet {
        if isFile(reference) { return try read(reference) }
        let bank = try BankReference.load(reference, store: storePath)
        let parameterSet: ParameterSet?
        do { parameterSet = try bank.parameterSet() } catch { throw CLIError("\(reference): \(error.description)") }
        guard let set = parameterSet else {
            throw CLIError("\(reference): no scored item of the bank has parameters; calibrate the bank first.")
        }
        return set
    }

    /// Whether `reference` names a parameter file (rather than a bank directory or a stored version).
    static func isFile(_ reference: String) -> Bool {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: reference, isDirectory: &isDirectory)
        return (exists && !isDirectory.boolValue) || (!exists && reference.hasSuffix(".json"))
    }

    /// Reads a parameter file, turning its error into advice that names the command that writes one.
    static func read(_ path: String) throws -> ParameterSet {
        if path.hasSuffix(".csv") {
            // mirt's parameter table (`export mirt`, or `mod2values` + `write.csv` in R).
            do { return try Interchange.readMirtValues(path: path) } catch { throw CLIError(error.description) }
        }
        do {
            return try ParameterSet(contentsOf: path)
        } catch {
            throw CLIError(error.description + " (`mentorcert calibrate … --format json --out FILE` writes a parameter file.)")
        }
    }
}
