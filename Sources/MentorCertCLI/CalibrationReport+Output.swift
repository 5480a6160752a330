import BankCalibration
import Calibration
import Foundation
import Tables

// The terminal and file forms of a calibration document (the document itself is the library's
// `BankCalibration.CalibrationReport`).
extension CalibrationReport {
    /// A fit omission in command-line words (the library names no option).
    static func commandLineText(_ omission: FitOmission) -> String {
        switch omission {
        case .notRequested: return "Item fit not computed (--no-fit)."
        case .multipleGroups: return omission.description
        }
    }

    func render(_ format: OutputFormat) throws -> String {
        let doc = document(describe: Self.commandLineText)
        switch format {
        case .json:
            return try self.jsonText(describe: Self.commandLineText)
        case .csv:
            let items: Table
            do { items = try itemTable(doc) } catch { throw fail(error) }
            for w in items.warnings { printError("warning: \(w)") }
            return items.csvText()
        case .table:
            var out = "Calibration of \(doc.persons) persons (\(doc.patterns) patterns) × \(doc.items.count) items, model \(doc.model)\n"
            out += "converged: \(doc.converged ? "yes" : "NO") after \(doc.iterations) E-steps (last change \(doc.lastChange.flatMap { NumberText.scientific($0, decimals: 2) } ?? "-"))\n"
            out += "log-likelihood \(fixedNumber(doc.logLikelihood, 4, fallback: "n/a"))   AIC "
                + "\(fixedNumber(doc.aic, 2, fallback: "n/a"))   BIC \(fixedNumber(doc.bic, 2, fallback: "n/a"))"
                + "   parameters \(doc.parameterCount)\n"
            out += "latent distribution N(\(fixedNumber(doc.latentMean, 4)), \(fixedNumber(doc.latentVariance, 4)))  "
                + "(mean \(doc.latentMeanEstimated ? "estimated" : "fixed"), variance \(doc.latentVarianceEstimated ? "estimated" : "fixed"))\n"
            out += pad("item", 12) + pad("model", 6) + pad("a", 9) + pad("b / thresholds", 30) + pad("c", 7) + pad("se(a)", 8) + pad("se(b)", 8) + pad("S-X2", 9) + "p\n"
            for it in doc.items {
                let se = it.standardErrors ?? [:]
                let b = it.difficulty.map { fmt($0) } ?? (it.thresholds?.map { fmt($0) }.joined(separator: " ") ?? "")
                out += pad(it.id, 12) + pad(it.model, 6) + pad(fmt(it.discrimination), 9) + pad(b, 30)
                    + pad(fmt(it.guessing), 7) + pad(fmt(se["a1"]), 8)
                    + pad(fmt(se["b"] ?? se["b1"]), 8) + pad(fixedNumber(it.fit?.sx2, 1), 9)
                    + fixedNumber(it.fit?.p, 3) + "\n"
            }
            if let c = doc.classical {
                out += "classical: alpha \(fixedNumber(c.alpha, 3, fallback: "n/a"))"
                    + ", KR-20 \(fixedNumber(c.kr20, 3, fallback: "n/a")), \(c.completePersons) complete of \(c.persons) persons\n"
                for it in doc.items {
                    if let flags = it.classical?.flags, !flags.isEmpty { out += "review \(it.id): " + flags.joined(separator: "; ") + "\n" }
                }
            }
            for w in doc.warnings { out += "warning: \(w)\n" }
            return out
        }
    }

    /// The profile as text: wall seconds per phase and the E-step products' rate.
    static func profileText(_ p: CalibrationProfile) -> String {
        String(format: """
            profile: total %.3f s = preparation %.3f + E-steps %.3f + M-steps %.3f + standard errors %.3f (wall)
            profile: E-step thread-seconds: indicators %.3f, BLAS products %.3f, posterior (max, exp, normalise) %.3f
            profile: %d E-steps, products %.2f GFLOP at %.1f GFLOP/s per thread
            """, p.total, p.preparation, p.eStep, p.mStep, p.standardErrors,
            p.eStepIndicatorsThreadSeconds, p.eStepProductsThreadSeconds, p.eStepPosteriorThreadSeconds,
            p.eSteps, p.productFlops * 1e-9, p.productGflopsPerThread)
    }

}

/// Three decimals for the calibration summary's columns; empty for nil.
func fmt(_ v: Double?) -> String { fixedNumber(v, 3) }
