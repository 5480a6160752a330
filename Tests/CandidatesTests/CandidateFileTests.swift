import Candidates
import Foundation
import Store
import Testing

@Suite struct CandidateFileTests {
    @Test func readsIdsAndAttributesWithEmptyCellsAsAbsent() throws {
        let path = try temporaryFile("candidate,programme,region,sector\nC1,p1,north,fintech;tourism\n\"C2\",p1,,agro\n")
        let c = try CandidateFile.read(path: path)
        #expect(c.map(\.id) == ["C1", "C2"])
        #expect(c[0].attributes == ["programme": "p1", "region": "north", "sector": "fintech;tourism"])
        #expect(c[1].attributes == ["programme": "p1", "region": String?.none, "sector": "agro"])
    }

    /// Every problem is reported with FILE:LINE:COLUMN, all at once.
    @Test func badFilesNameLineAndColumn() throws {
        let path = try temporaryFile("""
            id,programme,prog ramme,programme
            C1,p1,x,y
            C2,p1
            ,p2,x,y
            C1,p3,x,y
            """)
        #expect {
            try CandidateFile.read(path: path)
        } throws: { error in
            guard case .file(_, let problems, let total) = error as? CandidatesError else { return false }
            let expected = [
                "\(path):1:1: the first column must be `candidate`",
                "\(path):1:3: attribute name `prog ramme`",
                "\(path):1:4: attribute `programme` appears twice",
                "\(path):3: 2 fields, the header has 4",
                "\(path):4:1: the candidate id is empty",
                "\(path):5:1: candidate `C1` is already given on line 2",
            ]
            return total == expected.count && zip(problems, expected).allSatisfy { $0.hasPrefix($1) }
        }
    }

    @Test func headerOnlyAndUnreadableFilesAreRefused() throws {
        let empty = try temporaryFile("candidate,programme\n")
        #expect(throws: CandidatesError.self) { try CandidateFile.read(path: empty) }
        #expect(throws: CandidatesError.self) { try CandidateFile.read(path: empty + ".missing") }
    }
}

@Suite struct CandidateStoreTests {
    /// Import, re-import with a change (audited with from/to), unchanged rows write nothing, and a
    /// refused import changes nothing.
    @Test func importUpdatesAttributesWithAnAuditEntry() throws {
        let store = try temporaryStore()
        let first = try CandidateDirectory.importFile(try temporaryFile("candidate,programme,region\nC1,p1,north\nC2,p1,south\n"), store: store)
        #expect(first == CandidateImportSummary(added: 2, updated: 0, unchanged: 0))
        let second = try CandidateDirectory.importFile(try temporaryFile("candidate,region,sector\nC1,east,fintech\nC2,south,\nC3,,\n"), store: store)
        #expect(second == CandidateImportSummary(added: 1, updated: 1, unchanged: 1))
        #expect(try store.candidate("C1")?.attributes == ["programme": "p1", "region": "east", "sector": "fintech"])
        #expect(try store.candidate("C2")?.attributes == ["programme": "p1", "region": "south"])
        #expect(try store.candidate("C3")?.attributes == [:])
        let audit = try store.auditLog().filter { $0.action.hasPrefix("candidate.") }
        #expect(audit.map(\.action) == ["candidate.import", "candidate.import", "candidate.update", "candidate.import"])
        let update = try #require(audit.first { $0.action == "candidate.update" })
        #expect(update.subject == "C1")
        let detail = try #require(try JSONSerialization.jsonObject(with: Data(update.detail.utf8)) as? [String: String])
        #expect(detail["from"] == #"{"programme":"p1","region":"north"}"#)
        #expect(detail["to"] == #"{"programme":"p1","region":"east","sector":"fintech"}"#)

        // A bad file and a duplicate id given to the store: nothing changes.
        let before = try store.rowCounts()
        #expect(throws: CandidatesError.self) {
            try CandidateDirectory.importFile(try temporaryFile("candidate,region\nC1,west\nC9\n"), store: store)
        }
        #expect(throws: StoreError.self) {
            try store.importCandidates([CandidateAttributes(id: "C4", attributes: [:]), CandidateAttributes(id: "C4", attributes: [:])])
        }
        #expect(try store.rowCounts() == before)
        #expect(try store.candidate("C1")?.attributes["region"] == "east")
        #expect(throws: StoreError.self) { try store.execute(sql: "DELETE FROM candidate") }
    }
}
