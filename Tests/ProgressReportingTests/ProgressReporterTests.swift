import ProgressReporting
import Synchronization
import Testing

/// Captures what a reporter writes.
final class Capture: Sendable {
    private let lines = Mutex<[String]>([])
    var text: String { lines.withLock { $0.joined() } }
    var writes: Int { lines.withLock { $0.count } }
    var write: @Sendable (String) -> Void { { s in self.lines.withLock { $0.append(s) } } }
}

@Suite("ProgressReporter")
struct ProgressReporterTests {
    @Test("on a terminal unless quiet; the environment variable forces it either way")
    func enabling() {
        #expect(ProgressReporter.isEnabled(quiet: false, environment: [:], standardErrorIsTerminal: true))
        #expect(!ProgressReporter.isEnabled(quiet: false, environment: [:], standardErrorIsTerminal: false))
        #expect(!ProgressReporter.isEnabled(quiet: true, environment: [:], standardErrorIsTerminal: true))
        #expect(ProgressReporter.isEnabled(quiet: false, environment: ["MENTORCERT_PROGRESS": "1"], standardErrorIsTerminal: false))
        #expect(!ProgressReporter.isEnabled(quiet: false, environment: ["MENTORCERT_PROGRESS": "0"], standardErrorIsTerminal: true))
        // --quiet wins over the variable.
        #expect(!ProgressReporter.isEnabled(quiet: true, environment: ["MENTORCERT_PROGRESS": "1"], standardErrorIsTerminal: true))
    }

    @Test("a line with percentage and count, redrawn in place, ended by finish")
    func lineForm() {
        let c = Capture()
        let r = ProgressReporter(label: "scoring", total: 310_000, unit: "persons", enabled: true, minimumInterval: 0, write: c.write)
        r.update(completed: 127_488)
        r.finish()
        // finish() draws the state it was given (the last update), then ends the line.
        let line = "\rscoring: 41% (127,488 of 310,000 persons)\u{1B}[K"
        #expect(c.text == line + line + "\n")
    }

    @Test("without a total: the count or the detail")
    func noTotal() {
        let c = Capture()
        let r = ProgressReporter(label: "calibrating", enabled: true, minimumInterval: 0, write: c.write)
        r.update(completed: 0, detail: "E-step 3, change 1.2e-03")
        r.finish("done")
        #expect(c.text == "\rcalibrating: E-step 3, change 1.2e-03\u{1B}[K\rcalibrating: done\u{1B}[K\n")
    }

    @Test("redraws are rate-limited: the first update and finish draw, updates in between do not")
    func rateLimited() {
        let c = Capture()
        let r = ProgressReporter(label: "reading", total: 100, unit: "MB", enabled: true, minimumInterval: 3600, write: c.write)
        for i in 1...100 { r.update(completed: i) }
        r.finish()
        #expect(c.writes == 2)
        #expect(c.text.hasSuffix("\rreading: 100% (100 of 100 MB)\u{1B}[K\n"))
    }

    @Test("workers advance concurrently; the final count is their sum")
    func concurrentAdvance() async {
        let c = Capture()
        let r = ProgressReporter(label: "scoring", total: 8 * 1000, unit: "persons", enabled: true, minimumInterval: 3600, write: c.write)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 { group.addTask { for _ in 0..<1000 { r.advance(by: 1) } } }
        }
        r.finish()
        #expect(c.text.hasSuffix("100% (8,000 of 8,000 persons)\u{1B}[K\n"))
    }

    @Test("disabled: nothing is written; finish twice ends the line once")
    func disabled() {
        let c = Capture()
        let off = ProgressReporter(label: "x", total: 10, enabled: false, write: c.write)
        off.update(completed: 5)
        off.finish()
        #expect(c.writes == 0)
        let on = ProgressReporter(label: "x", total: 10, enabled: true, write: c.write)
        on.finish()
        on.finish()
        on.update(completed: 3)
        #expect(c.text == "\rx: 0% (0 of 10)\u{1B}[K\n")
    }
}

@Suite("ProgressReporter.clear")
struct ProgressReporterClearTests {
    @Test("clear erases a drawn line and ends the reporter; after finish it does nothing")
    func clear() {
        let c = Capture()
        let r = ProgressReporter(label: "x", enabled: true, minimumInterval: 0, write: c.write)
        r.update(completed: 1)
        r.clear()
        r.finish()
        #expect(c.text == "\rx: 1\u{1B}[K\r\u{1B}[K")
        let d = Capture()
        let done = ProgressReporter(label: "y", enabled: true, minimumInterval: 0, write: d.write)
        done.finish("ok")
        done.clear()
        #expect(d.text == "\ry: ok\u{1B}[K\n")
        let silent = Capture()
        ProgressReporter(label: "z", enabled: true, write: silent.write).clear()
        #expect(silent.writes == 0)
    }
}

@Suite("ProgressReporter.finish(completed:)")
struct ProgressReporterFinishTests {
    @Test("finish can set the final count without a separate redraw")
    func finishCompleted() {
        let c = Capture()
        let r = ProgressReporter(label: "reading", total: 4, unit: "MB", enabled: true, minimumInterval: 0, write: c.write)
        r.finish(completed: 4)
        #expect(c.text == "\rreading: 100% (4 of 4 MB)\u{1B}[K\n")
    }
}
