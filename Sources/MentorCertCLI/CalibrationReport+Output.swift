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
            // The item_parameters table itself (its column names, DECISIONS §8), the columns a reader scans:
            // `fixed` tells the items held at their parameters from the estimated ones.
            do {
                out += try itemTable(doc).terminalText(decimals: 3, columns: Self.terminalColumns, hidingEmptyColumns: true)
            } catch { throw fail(error) }
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

    /// The columns of `item_parameters` the terminal form shows (the CSV and JSON carry every one).
    static let terminalColumns = ["itemId", "model", "fixed", "discrimination", "difficulty", "thresholds", "guessing",
                                  "upperAsymptote", "seA1", "seB", "sx2", "p"]

    /// The tables of `calibrate`, the main one first.
    static let tableSchemas: [TableSchema] = [.itemParameters, .calibrationSummary, .latentGroups]

    /// Every table of the document: `item_parameters`, `calibration_summary`, `latent_groups` (empty for a
    /// single-group calibration).
    func tables(_ doc: Document) throws -> [Table] {
        let summary = try table(.calibrationSummary, [[
            .text(doc.model), .boolean(doc.converged), .integer(doc.iterations), TableValue(doc.lastChange),
            TableValue(doc.remainingStep), TableValue(doc.logLikelihood), TableValue(doc.logPosterior), TableValue(doc.aic),
            TableValue(doc.bic), .integer(doc.parameterCount), .integer(doc.persons), .integer(doc.patterns),
            .number(doc.latentMean), .number(doc.latentVariance), .boolean(doc.latentMeanEstimated),
            .boolean(doc.latentVarianceEstimated),
        ]])
        let groups = try table(.latentGroups, (doc.groups ?? []).map { g -> [TableValue] in
            [.text(g.name), .integer(g.persons), .number(g.mean), .number(g.variance), .boolean(g.meanEstimated),
             .boolean(g.varianceEstimated), TableValue(g.meanStandardError), TableValue(g.varianceStandardError)]
        })
        let items: Table
        do { items = try itemTable(doc) } catch { throw fail(error) }
        return [items, summary, groups]
    }

    /// Emits the report in the format asked: JSON (the parameter document, which holds every table's
    /// values), CSV (`item_parameters`, or the table `--table` names, or all of them into a directory),
    /// or the terminal summary. The document's fit-omission warning is in command-line words.
    func emit(_ output: some OutputSettings, _ selection: TableSelection) throws {
        let doc = document(describe: Self.commandLineText)
        try emitTables(output, selection, try tables(doc), json: doc) { try render(.table) }
    }

    /// The profile as text: wall seconds per phase and the E-step products' rate.
    static func profileText(_ p: CalibrationProfile) -> String {
        String(format: """
            profile: total %.3f s = preparation %.3f + E-steps %.3f + M-steps %.3f + standard errors %.3f (wall)
            profile: E-step thread-seconds: indicators %.3f, BLAS products %.3f, posterior (max, exp, normalise) %.3f
            profile: %d E-steps (%d over raw-score groups), products %.2f GFLOP at %.1f GFLOP/s per thread
            """, p.total, p.preparation, p.eStep, p.mStep, p.standardErrors,
            p.eStepIndicatorsThreadSeconds, p.eStepProductsThreadSeconds, p.eStepPosteriorThreadSeconds,
            p.eSteps, p.scoreGroupESteps, p.productFlops * 1e-9, p.productGflopsPerThread)
    }

}

/// Three decimals for the calibration summary's columns; empty for nil.
func fmt(_ v: Double?) -> String { fixedNumber(v, 3) }
