import Foundation
import Testing
import ItemBanking
import ResponseData
@testable import Store

@Suite struct StoreTests {
    @Test func migrationsAreNamedAndApplied() throws {
        let (store, path) = try temporaryStore()
        #expect(try store.appliedMigrations() == ["v1-bank-responses-calibrations-sessions-audit",
                                                 "v2-calibration-bank-version", "v3-exam-session-event-log",
                                                 "v4-exam-session-simulated", "v5-certificate", "v6-candidate"])
        // Reopening runs nothing new and keeps the data.
        _ = try store.importBank(sampleBank())
        let again = try MentorCertStore(path: path.path)
        #expect(try again.listBankVersions().count == 1)
        #expect(try again.rowCounts().keys.sorted() == MentorCertStore.tables.sorted())
    }

    @Test func importIsIdempotentByContentHash() throws {
        let (store, _) = try temporaryStore()
        let bank = sampleBank()
        let first = try store.importBank(bank)
        #expect(first.created)
        #expect(first.versionID == (try bank.contentHash()))
        let second = try store.importBank(bank)
        #expect(!second.created)
        #expect(second.versionID == first.versionID)
        #expect(try store.listBankVersions().count == 1)
        #expect(try store.auditLog().map(\.action) == ["bank.import"])
        let other = try store.importBank(sampleBank(stemSuffix: "!"))
        #expect(other.created && other.versionID != first.versionID)
        #expect(try store.rowCounts()["item"] == 4)
        #expect(try store.rowCounts()["item_parameters"] == 4)
    }

    @Test func versionsResolveByPrefixAndRoundTrip() throws {
        let (store, _) = try temporaryStore()
        let bank = sampleBank()
        let id = try store.importBank(bank).versionID
        #expect(try store.bankVersion(String(id.prefix(6))).summary.id == id)
        #expect(try store.bank(of: String(id.prefix(8))) == bank)
        #expect(try store.items(of: id).map(\.id) == ["S1-001", "S2-001"])
        #expect(throws: StoreError.self) { try store.bankVersion(String(id.prefix(5))) }
        do {
            _ = try store.bankVersion("ffffffffffff")
            Issue.record("expected unknown version")
        } catch {
            #expect(error.kind == .unknownBankVersion("ffffffffffff"))
            #expect(error.description.contains("mentorcert bank list"))
        }
    }

    @Test func childVersionRecordsParentReasonAndSource() throws {
        let (store, _) = try temporaryStore()
        let parent = try store.importBank(sampleBank()).versionID
        var changed = sampleBank()
        changed.manifest.cutScores.expert = 1.6
        let child = try store.createBankVersion(changed, parent: String(parent.prefix(10)), reason: "standard setting", source: "panel.csv")
        let summary = try store.bankVersion(child.versionID).summary
        #expect(summary.parentID == parent && summary.reason == "standard setting" && summary.source == "panel.csv")
        #expect(try store.auditLog().map(\.action) == ["bank.import", "bank.version"])
    }

    @Test func responsesRoundTrip() throws {
        let (store, _) = try temporaryStore()
        let version = try store.importBank(sampleBank()).versionID
        let matrix = try sampleMatrix()
        let stored = try store.importResponses(matrix, name: "pilot", source: "pilot.csv", bankVersion: version)
        #expect(stored.created)
        #expect(try store.responseMatrix(stored.id) == matrix)
        #expect(try store.importResponses(matrix, name: "pilot", source: "pilot.csv", bankVersion: version).created == false)
        let sets = try store.listResponseSets()
        #expect(sets.count == 1)
        #expect(sets[0].persons == 3 && sets[0].items == 2 && sets[0].bankVersionID == version && sets[0].hasRawChoices)
        #expect(abs(sets[0].missingShare - 1.0 / 6.0) < 1e-12)
        #expect(try store.responseSet(String(stored.id.prefix(6))).name == "pilot")
    }

    @Test func failedImportLeavesTheStoreUnchanged() throws {
        let (store, _) = try temporaryStore()
        let version = try store.importBank(sampleBank()).versionID
        _ = try store.importResponses(try sampleMatrix(), name: "ok", source: "ok.csv", bankVersion: version)
        let before = try store.rowCounts()
        // Duplicate person ids violate UNIQUE after the set and some rows were written: all is rolled back.
        let bad = try ResponseMatrix(personIDs: ["p1", "p2", "p1"], itemIDs: ["S1-001"], responses: [1, 0, 1], categoryCounts: [2])
        #expect(throws: StoreError.self) { try store.importResponses(bad, name: "bad", source: "bad.csv", bankVersion: version) }
        // An impossible category count violates a CHECK constraint.
        let bad2 = try ResponseMatrix(personIDs: ["p1"], itemIDs: ["S1-001"], responses: [1], categoryCounts: [1])
        #expect(throws: StoreError.self) { try store.importResponses(bad2, name: "bad2", source: "bad.csv", bankVersion: nil) }
        // An unknown bank version.
        #expect(throws: StoreError.self) { try store.importResponses(try sampleMatrix(), name: "x", source: "x", bankVersion: "abcdef123") }
        #expect(try store.rowCounts() == before)
    }

    @Test func auditLogIsAppendOnly() throws {
        let (store, _) = try temporaryStore()
        _ = try store.importBank(sampleBank())
        do {
            try store.execute(sql: "UPDATE audit_log SET actor = 'mallory'")
            Issue.record("UPDATE must fail")
        } catch {
            #expect(error.description.contains("append-only"))
        }
        #expect(throws: StoreError.self) { try store.execute(sql: "DELETE FROM audit_log") }
        let log = try store.auditLog()
        #expect(log.count == 1 && log[0].actor == "tester")
    }

    @Test func schemaConstraintsHold() throws {
        let (store, _) = try temporaryStore()
        // Foreign keys are on: an item of an unknown version is refused.
        #expect(throws: StoreError.self) {
            try store.execute(sql: "INSERT INTO item VALUES ('\(String(repeating: "0", count: 64))', 0, 'X', 'S1', 'novice', 'graded', 'draft', '{}')")
        }
        // CHECK on the level.
        let id = try store.importBank(sampleBank()).versionID
        #expect(throws: StoreError.self) {
            try store.execute(sql: "INSERT INTO item VALUES ('\(id)', 9, 'X', 'S1', 'guru', 'graded', 'draft', '{}')")
        }
    }
}
