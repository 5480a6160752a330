import Foundation
import Testing
@testable import Store

@Suite struct ExamSessionRepositoryTests {
    private func openSession(_ store: MentorCertStore, id: String = "s-1") throws -> ExamSessionSummary {
        let version = try store.importBank(sampleBank()).versionID
        return try store.createSession(NewExamSession(id: id, candidate: "c-42", bankVersionID: String(version.prefix(8)),
                                                      assessment: "certification", attempt: 1))
    }

    @Test func aNewSessionIsInProgressWithAnEmptyLog() throws {
        let (store, _) = try temporaryStore()
        let session = try openSession(store)
        #expect(session.state == .inProgress && session.eventCount == 0 && session.attempt == 1)
        #expect(session.bankVersionID.count == 64)
        #expect(try store.session("s-1") == session)
        #expect(try store.events(of: "s-1").isEmpty)
        #expect(try store.auditLog().map(\.action) == ["bank.import", "exam.session"])
    }

    @Test func eventsAreReadBackInSequenceOrder() throws {
        let (store, _) = try temporaryStore()
        _ = try openSession(store)
        _ = try store.appendEvent(NewSessionEvent(type: "session.started", payload: payload(#"{"seed":7}"#)),
                                  to: "s-1", expectedSequence: 0)
        let batch = try store.appendEvents(
            [NewSessionEvent(type: "item.presented", payload: payload(#"{"item":"S1-001"}"#)),
             NewSessionEvent(type: "item.answered", payload: payload(#"{"response":1}"#))],
            to: "s-1", expectedSequence: 1, newState: nil)
        #expect(batch.map(\.sequence) == [1, 2])
        _ = try store.appendEvent(NewSessionEvent(type: "session.finished", payload: payload("null")),
                                  to: "s-1", expectedSequence: 3, newState: .finished)
        let events = try store.events(of: "s-1")
        #expect(events.map(\.sequence) == [0, 1, 2, 3])
        #expect(events.map(\.type) == ["session.started", "item.presented", "item.answered", "session.finished"])
        #expect(events[1].payload == payload(#"{"item":"S1-001"}"#))
        let session = try store.session("s-1")
        #expect(session.state == .finished && session.eventCount == 4)
        #expect(try store.auditLog().map(\.action).last == "exam.session.state")
    }

    @Test func aStaleExpectedSequenceIsAConflictAndWritesNothing() throws {
        let (store, _) = try temporaryStore()
        _ = try openSession(store)
        _ = try store.appendEvent(NewSessionEvent(type: "a", payload: payload("{}")), to: "s-1", expectedSequence: 0)
        let before = try store.rowCounts()
        // A second writer that also read an empty log.
        do {
            _ = try store.appendEvent(NewSessionEvent(type: "b", payload: payload("{}")), to: "s-1", expectedSequence: 0,
                                      newState: .abandoned)
            Issue.record("a stale sequence must conflict")
        } catch {
            #expect(error.kind == .sequenceConflict(session: "s-1", expected: 0, next: 1))
            #expect(error.description.contains("next sequence is 1"))
        }
        // A gap is refused the same way.
        #expect(throws: StoreError.self) {
            try store.appendEvent(NewSessionEvent(type: "c", payload: payload("{}")), to: "s-1", expectedSequence: 5)
        }
        #expect(try store.rowCounts() == before)
        #expect(try store.session("s-1").state == .inProgress)
    }

    @Test func twoConnectionsRacingForTheSameSequenceLetExactlyOneWin() async throws {
        let (first, path) = try temporaryStore()
        _ = try openSession(first)
        let second = try MentorCertStore(path: path.path, actor: "other")
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for (k, store) in [first, second].enumerated() {
                group.addTask {
                    (try? store.appendEvent(NewSessionEvent(type: "writer.\(k)", payload: payload("{}")),
                                            to: "s-1", expectedSequence: 0)) != nil
                }
            }
            var results: [Bool] = []
            for await ok in group { results.append(ok) }
            return results
        }
        #expect(outcomes.filter { $0 }.count == 1)
        #expect(try first.events(of: "s-1").map(\.sequence) == [0])
    }

    @Test func theEventLogIsAppendOnly() throws {
        let (store, _) = try temporaryStore()
        _ = try openSession(store)
        _ = try store.appendEvent(NewSessionEvent(type: "a", payload: payload(#"{"x":1}"#)), to: "s-1", expectedSequence: 0)
        do {
            try store.execute(sql: "UPDATE exam_session_event SET payload = '{\"x\":2}'")
            Issue.record("UPDATE must fail")
        } catch {
            #expect(error.description.contains("append-only"))
        }
        #expect(throws: StoreError.self) { try store.execute(sql: "DELETE FROM exam_session_event") }
        // Even raw SQL cannot skip a sequence number or reuse one.
        #expect(throws: StoreError.self) {
            try store.execute(sql: "INSERT INTO exam_session_event VALUES ('s-1', 5, 'b', '{}', 'now')")
        }
        #expect(throws: StoreError.self) {
            try store.execute(sql: "INSERT INTO exam_session_event VALUES ('s-1', 0, 'b', '{}', 'now')")
        }
        #expect(try store.events(of: "s-1").map(\.payload) == [payload(#"{"x":1}"#)])
    }

    @Test func aFailedBatchLeavesTheLogAndStateUnchanged() throws {
        let (store, _) = try temporaryStore()
        _ = try openSession(store)
        let before = try store.rowCounts()
        // The second event's empty type is refused by the schema after the first was inserted.
        #expect(throws: StoreError.self) {
            try store.appendEvents([NewSessionEvent(type: "ok", payload: payload("{}")),
                                    NewSessionEvent(type: "", payload: payload("{}"))],
                                   to: "s-1", expectedSequence: 0, newState: .finished)
        }
        // A payload that is not JSON is refused before anything is written.
        do {
            _ = try store.appendEvent(NewSessionEvent(type: "bad", payload: payload("{oops")), to: "s-1", expectedSequence: 0)
            Issue.record("a non-JSON payload must fail")
        } catch {
            #expect(error.description.contains("not UTF-8 JSON"))
        }
        #expect(try store.rowCounts() == before)
        #expect(try store.session("s-1").state == .inProgress)
    }

    @Test func sessionsAreListedAndCheckedOnCreation() throws {
        let (store, _) = try temporaryStore()
        let first = try openSession(store)
        let retake = try store.createSession(NewExamSession(id: "s-2", candidate: "c-42", bankVersionID: first.bankVersionID,
                                                            assessment: "certification", attempt: 2))
        _ = try store.createSession(NewExamSession(id: "s-3", candidate: "c-7", bankVersionID: first.bankVersionID,
                                                   assessment: "entry", attempt: 1))
        #expect(try store.listSessions().map(\.id) == ["s-1", "s-2", "s-3"])
        #expect(try store.listSessions(candidate: "c-42", bankVersion: nil) == [first, retake])
        #expect(try store.listSessions(candidate: nil, bankVersion: String(first.bankVersionID.prefix(6))).count == 3)

        let before = try store.rowCounts()
        do {
            _ = try store.createSession(NewExamSession(id: "s-1", candidate: "c-9", bankVersionID: first.bankVersionID,
                                                       assessment: "entry", attempt: 1))
            Issue.record("a duplicate session id must fail")
        } catch {
            #expect(error.kind == .alreadyExists(what: "exam session", id: "s-1"))
        }
        #expect(throws: StoreError.self) {
            try store.createSession(NewExamSession(id: "s-4", candidate: "c-9", bankVersionID: "ffffffffffff",
                                                   assessment: "entry", attempt: 1))
        }
        #expect(throws: StoreError.self) {
            try store.createSession(NewExamSession(id: "s-5", candidate: "c-9", bankVersionID: first.bankVersionID,
                                                   assessment: "entry", attempt: 0))
        }
        #expect(try store.rowCounts() == before)
        do {
            _ = try store.events(of: "nope")
            Issue.record("an unknown session must fail")
        } catch {
            #expect(error.kind == .unknownExamSession("nope"))
        }
    }
}
