import Foundation
import Store

/// One row of `candidate list`: an imported candidate, its attributes and how many of its sessions are
/// finished.
public struct CandidateSummary: Sendable, Equatable, Codable {
    public var candidate: String
    public var attributes: [String: String]
    public var finishedSessions: Int
}

/// Importing and listing candidates.
public enum CandidateDirectory {
    /// Reads `path` (``CandidateFile``) and imports it in one transaction (new candidates added, known
    /// ones updated with an audit entry each).
    /// - Throws: ``CandidatesError/file(path:problems:total:)`` before anything is written, or
    ///   ``CandidatesError/store(_:)`` when the store refuses (nothing written).
    public static func importFile(_ path: String, store: any CandidateRepository) throws(CandidatesError) -> CandidateImportSummary {
        let candidates = try CandidateFile.read(path: path)
        do { return try store.importCandidates(candidates) } catch { throw .store("\(error)") }
    }

    /// The imported candidates, ordered by id, with their number of finished sessions.
    /// - Complexity: one read of the candidates and one of the sessions.
    public static func list(store: any RecordStore & CandidateRepository) throws(CandidatesError) -> [CandidateSummary] {
        do {
            var finished: [String: Int] = [:]
            for s in try store.listSessions() where s.state == .finished { finished[s.candidate, default: 0] += 1 }
            return try store.listCandidates().map { c in
                CandidateSummary(candidate: c.id, attributes: c.attributes, finishedSessions: finished[c.id] ?? 0)
            }
        } catch { throw .store("\(error)") }
    }

    /// Every attribute name of the imported candidates, sorted.
    public static func attributeNames(_ candidates: [StoredCandidate]) -> [String] {
        Set(candidates.flatMap(\.attributes.keys)).sorted()
    }
}
