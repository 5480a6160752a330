import Foundation
import Testing
import ItemBanking
@testable import Store

@Suite struct MigrationTests {
    @Test func theRegisteredMigrationsAreTheNamedOnesInOrder() throws {
        let (store, _) = try temporaryStore()
        #expect(try store.appliedMigrations() == Schema.migrationNames)
    }

    /// A store file as the first release left it (v1 only, a calibration recorded the old way) opens,
    /// keeps its data, and its calibration reads back with the version carrying its parameters.
    @Test func aVersionOneStoreOpensAndKeepsItsData() throws {
        let (fresh, _) = try temporaryStore()
        let path = URL(fileURLWithPath: fresh.path).deletingLastPathComponent().appendingPathComponent("v1.sqlite").path
        let old = try MentorCertStore(path: path, actor: "v1", migratingUpTo: "v1-bank-responses-calibrations-sessions-audit")
        #expect(try old.appliedMigrations() == ["v1-bank-responses-calibrations-sessions-audit"])
        let (parent, set) = try storedSample(old)
        try old.execute(sql: """
            INSERT INTO calibration (id, response_set_id, model, settings, result, created_at)
            VALUES ('cal-old', '\(set)', 'bank', '{}', '{"iterations":9}', '2024-01-01T00:00:00.000Z')
            """)
        var calibrated = sampleBank()
        calibrated.items[0].parameters = ItemParameters(model: .twoPL, discrimination: 0.9, intercept: 0.2)
        let child = try old.createBankVersion(calibrated, parent: parent, reason: "calibration", source: "cal-old",
                                              calibrationID: "cal-old").versionID

        let reopened = try MentorCertStore(path: path, actor: "v3")
        #expect(try reopened.appliedMigrations() == Schema.migrationNames)
        #expect(Set(try reopened.listBankVersions().map(\.id)) == [parent, child])
        #expect(try reopened.responseMatrix(set) == sampleMatrix())
        let stored = try reopened.calibration("cal-old")
        #expect(stored.summary.bankVersionID == child)
        #expect(stored.resultJSON == #"{"iterations":9}"#)
        #expect(try reopened.auditLog().count == 3)
        #expect(try reopened.listSessions().isEmpty)
    }

    /// A v3 store with a session (written before sessions could be simulated) migrates to v4: the
    /// session reads back as not simulated, and new sessions may be marked simulated.
    @Test func aVersionThreeSessionIsNotSimulatedAfterV4() throws {
        let (fresh, _) = try temporaryStore()
        let path = URL(fileURLWithPath: fresh.path).deletingLastPathComponent().appendingPathComponent("v3.sqlite").path
        let old = try MentorCertStore(path: path, actor: "v3", migratingUpTo: "v3-exam-session-event-log")
        let version = try old.importBank(sampleBank()).versionID
        try old.execute(sql: """
            INSERT INTO exam_session (id, candidate, bank_version_id, assessment, attempt, state, started_at, updated_at)
            VALUES ('ses-old', 'c', '\(version)', 'final', 1, 'in-progress', '2020-01-01T00:00:00.000Z', '2020-01-01T00:00:00.000Z')
            """)
        let reopened = try MentorCertStore(path: path, actor: "v4")
        #expect(try reopened.appliedMigrations().suffix(3) == ["v4-exam-session-simulated", "v5-certificate", "v6-candidate"])
        #expect(try reopened.session("ses-old").simulated == false)
        let new = try reopened.createSession(NewExamSession(id: "ses-new", candidate: "sim-1-1", bankVersionID: version,
                                                            assessment: "final", attempt: 1, simulated: true))
        #expect(new.simulated)
        #expect(try reopened.listSessions().map(\.simulated) == [false, true])
        #expect(throws: StoreError.self) { try reopened.execute(sql: "UPDATE exam_session SET simulated = 2") }
    }

    @Test func rowsInThePlaceholderSessionTableStopTheMigration() throws {
        let (fresh, _) = try temporaryStore()
        let path = URL(fileURLWithPath: fresh.path).deletingLastPathComponent().appendingPathComponent("v2.sqlite").path
        let old = try MentorCertStore(path: path, actor: "v2", migratingUpTo: "v2-calibration-bank-version")
        let version = try old.importBank(sampleBank()).versionID
        try old.execute(sql: """
            INSERT INTO exam_session (id, bank_version_id, candidate, state, created_at, updated_at)
            VALUES ('hand-made', '\(version)', 'c', 'created', 'now', 'now')
            """)
        do {
            _ = try MentorCertStore(path: path)
            Issue.record("the migration must refuse to drop rows")
        } catch {
            #expect(error.description.contains("placeholder tables"))
        }
        // Nothing was migrated: the file still opens at v2.
        let again = try MentorCertStore(path: path, actor: "v2", migratingUpTo: "v2-calibration-bank-version")
        #expect(try again.appliedMigrations().last == "v2-calibration-bank-version")
    }
}
