import Calibration
import Foundation
import ProgressReporting

// The CLI's side of progress: one `ProgressReporter` per long phase, on standard error, shown only on a
// terminal and never with --quiet (`MENTORCERT_PROGRESS=1|0` forces it; docs/DECISIONS.md, "Progress").

/// A progress line for one phase of a command.
func progressReporter(_ label: String, total: Int? = nil, unit: String = "", quiet: Bool) -> ProgressReporter {
    ProgressReporter(label: label, total: total, unit: unit,
                     enabled: ProgressReporter.isEnabled(quiet: quiet, environment: ProcessInfo.processInfo.environment))
}

/// A calibration's E-steps as the detail of `reporter`'s line (`E-step 37, change 3.1e-04, log-likelihood …`).
func calibrationProgress(_ reporter: ProgressReporter) -> @Sendable (CalibrationProgress) -> Void {
    { p in
        let change = p.change.isFinite ? String(format: "%.1e", p.change) : "-"
        let ll = p.logLikelihood.isFinite ? String(format: "%.4f", p.logLikelihood) : "-"
        reporter.update(completed: 0, detail: "E-step \(p.iteration), change \(change), log-likelihood \(ll)")
    }
}
