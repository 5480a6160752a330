import Foundation
import Testing
import GRDB
@testable import Store

/// Two connections to one store file (issue 15): the store is in WAL mode, so a reader reads while a
/// writer holds its transaction; a writer that cannot get the write lock within the busy timeout gets
/// `StoreError.Kind.busy`, whose text says another process is writing and to retry.
@Suite struct BusyStoreTests {
    @Test("a reader reads during a write; a second writer times out with a typed error")
    func readerAndBusyWriter() throws {
        let (store, url) = try temporaryStore()
        let version = try store.importBank(sampleBank()).versionID
        #expect(try store.journalMode() == "wal")
        let other = try MentorCertStore(path: url.path, actor: "other", busyTimeout: 0.05)
        let inside = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        let writer = Thread {
            _ = try? store.write { db in
                try db.execute(sql: "UPDATE bank_version SET source = 'changing' WHERE id = ?", arguments: [version])
                inside.signal()
                release.wait()
            }
            done.signal()
        }
        writer.start()
        inside.wait()
        // The reader sees the committed state.
        #expect(try other.listBankVersions().first?.source != "changing")
        do {
            _ = try other.importBank(sampleBank(stemSuffix: "x"))
            Issue.record("the second writer was not refused")
        } catch {
            #expect(error.kind == .busy(path: url.path))
            #expect(error.description.contains("another mentorcert process is writing to \(url.path)"))
            #expect(error.description.contains("retry"))
        }
        release.signal()
        done.wait()
        #expect(try other.listBankVersions().first?.source == "changing")
        #expect(try other.importBank(sampleBank(stemSuffix: "x")).created)
    }
}
