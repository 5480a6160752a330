import Foundation
import GRDB
import ItemBanking
import ResponseData

/// `ResponseSetRepository` on SQLite (conformance declared with the class, see `RecordStore`).
extension MentorCertStore {
    public func importResponses(_ matrix: ResponseMatrix, name: String, source: String,
                                bankVersion: String?) throws(StoreError) -> (id: String, created: Bool) {
        try Self.checkStorable(matrix, name: name)
        return try write { db in
            let versionID = try bankVersion.map { try resolveVersion(db, $0) }
            return try insertResponses(db, matrix, name: name, source: source, versionID: versionID)
        }
    }

    /// The matrix is internally consistent (one group label per person, persons × items responses).
    static func checkStorable(_ matrix: ResponseMatrix, name: String) throws(StoreError) {
        let groupNames = matrix.groups.keys.sorted()
        for g in groupNames where matrix.groups[g]?.count != matrix.personCount {
            throw StoreError(.invalidInput("group column \(g) has \(matrix.groups[g]?.count ?? 0) values for \(matrix.personCount) persons"))
        }
        let m = matrix.itemCount
        guard matrix.responses.count == matrix.personCount * m, matrix.categoryCounts.count == m,
              matrix.rawChoices.map({ $0.count == matrix.personCount * m }) ?? true else {
            throw StoreError(.invalidInput("response set \(name): the matrix holds \(matrix.responses.count) responses, "
                + "\(matrix.categoryCounts.count) category counts and \(matrix.rawChoices?.count ?? 0) raw choices for "
                + "\(matrix.personCount) persons × \(m) items; the matrix is inconsistent and cannot be stored"))
        }
    }

    /// Inserts a checked response set inside the caller's transaction (returns the existing set when
    /// identical content is stored).
    func insertResponses(_ db: Database, _ matrix: ResponseMatrix, name: String, source: String,
                         versionID: String?) throws -> (id: String, created: Bool) {
        let m = matrix.itemCount
        let groupNames = matrix.groups.keys.sorted()
        let hash = try Self.contentHash(of: matrix, bankVersion: versionID)
        let id = String(hash.prefix(16))
        if try ResponseSetRecord.exists(db, key: id) { return (id, false) }
        try ResponseSetRecord(id: id, name: name, sourceFile: source, bankVersionId: versionID,
                              persons: matrix.personCount, items: m, missingShare: matrix.missingShare,
                              hasRaw: matrix.rawChoices != nil, groupNames: try Self.json(groupNames),
                              createdAt: Self.now(), contentHash: hash).insert(db)
        for (j, item) in matrix.itemIDs.enumerated() {
            try ResponseSetItemRecord(responseSetId: id, position: j, itemId: item,
                                      categoryCount: matrix.categoryCounts[j]).insert(db)
        }
        for p in 0..<matrix.personCount {
            let cells = (p * m)..<((p + 1) * m)
            try ResponseRecord(
                responseSetId: id, personIndex: p, personId: matrix.personIDs[p], responses: Data(matrix.responses[cells]),
                raw: try matrix.rawChoices.map { try Self.json(Array($0[cells])) },
                groups: groupNames.isEmpty ? nil : try Self.json(groupNames.map { matrix.groups[$0]?[p] ?? "" })
            ).insert(db)
        }
        try audit(db, action: "responses.import", subject: id, detail: [
            "name": name, "source": source, "bankVersion": versionID ?? "",
            "persons": String(matrix.personCount), "items": String(m),
        ])
        return (id, true)
    }

    public func listResponseSets() throws(StoreError) -> [ResponseSetSummary] {
        try read { db in
            try ResponseSetRecord.order(Column("created_at"), Column("id")).fetchAll(db).map(Self.summary)
        }
    }

    public func responseSet(_ idOrPrefix: String) throws(StoreError) -> ResponseSetSummary {
        try read { db in try Self.summary(try setRecord(db, idOrPrefix)) }
    }

    public func responseMatrix(_ idOrPrefix: String) throws(StoreError) -> ResponseMatrix {
        try read { db in
            let set = try setRecord(db, idOrPrefix)
            let id = set.id
            let groupNames = try Self.decode([String].self, set.groupNames, what: "group names of set \(id)")
            let columns = try ResponseSetItemRecord.filter(Column("response_set_id") == id)
                .order(Column("position")).fetchAll(db)
            let m = columns.count
            var personIDs: [String] = [], responses: [UInt8] = [], raw: [String] = []
            var groups = [[String]](repeating: [], count: groupNames.count)
            let rows = try ResponseRecord.filter(Column("response_set_id") == id).order(Column("person_index")).fetchCursor(db)
            while let row = try rows.next() {
                personIDs.append(row.personId)
                guard row.responses.count == m else {
                    throw StoreError(.corrupt("person \(row.personId) of set \(id) has \(row.responses.count) responses for \(m) items"))
                }
                responses.append(contentsOf: row.responses)
                if set.hasRaw {
                    let values = try row.raw.map { try Self.decode([String].self, $0, what: "raw choices of \(row.personId) in set \(id)") }
                    raw.append(contentsOf: values ?? Array(repeating: "", count: m))
                }
                if !groupNames.isEmpty {
                    let values = try row.groups.map { try Self.decode([String].self, $0, what: "groups of \(row.personId) in set \(id)") } ?? []
                    for k in 0..<groupNames.count { groups[k].append(k < values.count ? values[k] : "") }
                }
            }
            var groupMap: [String: [String]] = [:]
            for (k, g) in groupNames.enumerated() { groupMap[g] = groups[k] }
            do throws(ResponseDataError) {
                return try ResponseMatrix(personIDs: personIDs, itemIDs: columns.map(\.itemId), responses: responses,
                                          categoryCounts: columns.map(\.categoryCount), groups: groupMap,
                                          rawChoices: set.hasRaw ? raw : nil)
            } catch {
                throw StoreError(.invalidInput("response set \(id) is stored inconsistently: \(error.description)"))
            }
        }
    }

    // MARK: - Helpers

    func resolveSet(_ db: Database, _ idOrPrefix: String) throws -> String {
        try resolve(db, ResponseSetRecord.self, prefix: idOrPrefix) { StoreError(.unknownResponseSet($0)) }
    }

    private func setRecord(_ db: Database, _ idOrPrefix: String) throws -> ResponseSetRecord {
        let id = try resolveSet(db, idOrPrefix)
        guard let record = try ResponseSetRecord.fetchOne(db, key: id) else { throw StoreError(.unknownResponseSet(idOrPrefix)) }
        return record
    }

    private static func summary(_ record: ResponseSetRecord) throws -> ResponseSetSummary {
        ResponseSetSummary(id: record.id, name: record.name, sourceFile: record.sourceFile,
                           bankVersionID: record.bankVersionId, persons: record.persons, items: record.items,
                           missingShare: record.missingShare, hasRawChoices: record.hasRaw,
                           groupNames: try decode([String].self, record.groupNames, what: "group names of set \(record.id)"),
                           createdAt: record.createdAt, contentHash: record.contentHash)
    }

    /// SHA-256 (hex) over the bank version id, item ids, category counts, person ids, responses, groups
    /// and raw choices: the content that makes a set the same set (DECISIONS, "Response-set id").
    static func contentHash(of matrix: ResponseMatrix, bankVersion versionID: String?) throws -> String {
        var hasher = SHA256()
        hasher.update(Array((versionID ?? "").utf8)); hasher.update([0])
        hasher.update(Array(try json(matrix.itemIDs).utf8))
        hasher.update(Array(try json(matrix.categoryCounts).utf8))
        hasher.update(Array(try json(matrix.personIDs).utf8))
        hasher.update(matrix.responses)
        hasher.update(Array(try json(matrix.groups).utf8))
        if let raw = matrix.rawChoices { hasher.update(Array(try json(raw).utf8)) }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
