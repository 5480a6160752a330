import Foundation
import Synchronization
import Testing
import ResponseData

@Suite("ResponseReader progress")
struct ReadProgressTests {
    @Test("the bytes read are reported in order, below the file's size, and do not change what is read")
    func bytesRead() throws {
        let rows = 10_000
        var text = "person,i1,i2\n"
        for p in 0..<rows { text += "p\(p),\(p % 2),\((p / 2) % 2)\n" }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("progress-\(UUID().uuidString).csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        let reports = Mutex<[(Int, Int)]>([])
        let withProgress = try ResponseReader.read(path: url.path, progress: { done, total in
            reports.withLock { $0.append((done, total)) }
        })
        let seen = reports.withLock { $0 }
        #expect(seen.count == rows / 4096, "one report every 4,096 rows")
        #expect(seen.allSatisfy { $0.1 == text.utf8.count && $0.0 > 0 && $0.0 <= $0.1 })
        #expect(zip(seen, seen.dropFirst()).allSatisfy { $0.0 < $1.0 })
        let without = try ResponseReader.read(path: url.path)
        #expect(withProgress.matrix == without.matrix)
        #expect(withProgress.matrix.personCount == rows)
    }
}
