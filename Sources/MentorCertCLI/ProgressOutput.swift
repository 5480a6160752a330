import Calibration
import Foundation
import ProgressReporting
import ResponseData
import Tables

// The CLI's side of progress: one `ProgressReporter` per long phase, on standard error, shown only on a
// terminal and never with --quiet (`MENTORCERT_PROGRESS=1|0` forces it; docs/DECISIONS.md, "Progress: one reporter").

/// A progress line for one phase of a command.
func progressReporter(_ label: String, total: Int? = nil, unit: String = "", quiet: Bool) -> ProgressReporter {
    ProgressReporter(label: label, total: total, unit: unit,
                     enabled: ProgressReporter.isEnabled(quiet: quiet, environment: ProcessInfo.processInfo.environment))
}

/// A calibration's E-steps as the detail of `reporter`'s line (`E-step 37, change 3.1e-04, log-likelihood …`),
/// then its standard errors (`standard errors, 40 of 120 parameters`).
func calibrationProgress(_ reporter: ProgressReporter) -> @Sendable (CalibrationProgress) -> Void {
    { p in
        if case let .standardErrors(done, total) = p.phase {
            reporter.update(completed: 0, detail: "standard errors, \(done) of \(total) parameters")
            return
        }
        let change = NumberText.scientific(p.change, decimals: 1) ?? "-"
        let ll = p.logLikelihood.isFinite ? String(format: "%.4f", p.logLikelihood) : "-"
        reporter.update(completed: 0, detail: "E-step \(p.iteration), change \(change), log-likelihood \(ll)")
    }
}

/// Progress of reading the response file at `path`, in MB of its size: the reporter (finish it with
/// ``finishReading(_:)``) and the callback to hand to the reader (nil when nothing is shown).
func readingProgress(_ path: String, quiet: Bool) -> (reporter: ProgressReporter, callback: ResponseReader.Progress?) {
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    let megabytes = max(1, (size + 999_999) / 1_000_000)
    let reporter = progressReporter("reading \(path)", total: megabytes, unit: "MB", quiet: quiet)
    var callback: ResponseReader.Progress?
    if reporter.enabled { callback = { done, _ in reporter.update(completed: done / 1_000_000) } }
    return (reporter, callback)
}

/// Draws the last line of a reading reporter: the whole file read.
func finishReading(_ reporter: ProgressReporter) {
    reporter.finish(completed: reporter.total ?? 0)
}
