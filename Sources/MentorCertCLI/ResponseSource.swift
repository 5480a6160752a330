import Foundation
import ResponseData
import Store

/// RESPONSES on the command line (DECISIONS §1: "a CSV path or a stored response-set id"): a file when
/// one exists at that path, else the id (or unique prefix of ≥ 6 characters) of a response set in the
/// store. `calibrate` and `score` take either; nothing else about the commands changes.
enum ResponseSource {
    /// A response CSV to read.
    case file(String)
    /// A stored response set: its summary and its responses (groups and raw choices as stored).
    case stored(ResponseSetSummary, ResponseMatrix)

    /// Resolves `reference`: an existing path is a file; so is anything that cannot be an id (ids are
    /// hexadecimal, 16 digits, a prefix of at least 6 will do) or when there is no store, so that the
    /// reader reports a missing file in its own words. Otherwise the store at `storePath` is asked for
    /// the response set; when it has none, the message says both were looked for.
    static func resolve(_ reference: String, store storePath: String) throws -> ResponseSource {
        let couldBeID = reference.count >= 6 && reference.allSatisfy(\.isHexDigit)
        if !couldBeID || FileManager.default.fileExists(atPath: reference)
            || !FileManager.default.fileExists(atPath: storePath) {
            return .file(reference)
        }
        let store: MentorCertStore
        do { store = try MentorCertStore(path: storePath, mode: .existingOnly) } catch {
            throw CLIError("\(storePath): \(error.description)")
        }
        do {
            let summary = try store.responseSet(reference)
            return .stored(summary, try store.responseMatrix(summary.id))
        } catch {
            throw CLIError("\(reference): no such response file, and no response set of the store \(storePath) has that "
                + "id (\(error.description)). Give a CSV path, or an id from `mentorcert responses list`.")
        }
    }

    /// How the responses are named in messages and provenance.
    var name: String {
        switch self {
        case let .file(path): path
        case let .stored(summary, _): "response set \(summary.id)"
        }
    }
}
