import Foundation
import GRDB

/// `CandidateRepository` on SQLite (conformance declared with the class).
extension MentorCertStore {
    public func importCandidates(_ candidates: [CandidateAttributes]) throws(StoreError) -> CandidateImportSummary {
        var seen = Set<String>()
        for c in candidates {
            guard !c.id.isEmpty else { throw StoreError(.invalidInput("candidate import: a candidate id is empty; nothing was imported")) }
            guard seen.insert(c.id).inserted else {
                throw StoreError(.invalidInput("candidate import: candidate `\(c.id)` is given twice; nothing was imported"))
            }
            if c.attributes.keys.contains(where: \.isEmpty) {
                throw StoreError(.invalidInput("candidate import: candidate `\(c.id)` has an attribute without a name; nothing was imported"))
            }
        }
        return try write { db in
            var summary = CandidateImportSummary(added: 0, updated: 0, unchanged: 0)
            let now = Self.now()
            for c in candidates {
                if var row = try CandidateRow.fetchOne(db, key: c.id) {
                    let old = try Self.decode([String: String].self, row.attributes, what: "candidate \(c.id)'s attributes")
                    var new = old
                    for (name, value) in c.attributes {
                        if let value, !value.isEmpty { new[name] = value } else { new[name] = nil }
                    }
                    guard new != old else { summary.unchanged += 1; continue }
                    row.attributes = try Self.json(new)
                    row.updatedAt = now
                    try row.update(db)
                    try audit(db, action: "candidate.update", subject: c.id,
                              detail: ["from": try Self.json(old), "to": row.attributes])
                    summary.updated += 1
                } else {
                    let attributes = c.attributes.compactMapValues { $0 }.filter { !$0.value.isEmpty }
                    let row = CandidateRow(id: c.id, attributes: try Self.json(attributes), createdAt: now, updatedAt: now)
                    try row.insert(db)
                    try audit(db, action: "candidate.import", subject: c.id, detail: ["attributes": row.attributes])
                    summary.added += 1
                }
            }
            return summary
        }
    }

    public func candidate(_ id: String) throws(StoreError) -> StoredCandidate? {
        let row: CandidateRow? = try read { db in try CandidateRow.fetchOne(db, key: id) }
        return try row.map { row throws(StoreError) in try Self.stored(row) }
    }

    public func listCandidates() throws(StoreError) -> [StoredCandidate] {
        let rows: [CandidateRow] = try read { db in try CandidateRow.order(Column("id")).fetchAll(db) }
        return try rows.map { row throws(StoreError) in try Self.stored(row) }
    }

    private static func stored(_ row: CandidateRow) throws(StoreError) -> StoredCandidate {
        StoredCandidate(id: row.id, attributes: try decode([String: String].self, row.attributes, what: "candidate \(row.id)'s attributes"),
                        createdAt: row.createdAt, updatedAt: row.updatedAt)
    }
}
