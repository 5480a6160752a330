import ArgumentParser
import Foundation
import IRTModels
import Scoring
import Tables

/// `mentorcert link FORM-PARAMS --anchor BANK-PARAMS --method M` — puts a separately calibrated form on
/// the bank scale through its common items (same id in both files; Kolen & Brennan 2014, ch. 6).
///
/// Prints A, B (θ_bank = A·θ_form + B), the method and the number of common items; with `--out` writes
/// every form item transformed (a* = a/A, d* = d − a·B/A, c and u kept) in the parameter-file format,
/// with the form's latent distribution moved to N(A·μ + B, A²σ²).
struct LinkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link",
        abstract: "Link a separately calibrated form to the bank scale (Stocking–Lord, Haebara, mean/mean, mean/sigma).",
        discussion: """
            FORM-PARAMS and BANK-PARAMS are parameter files written by `mentorcert calibrate --format json`; \
            common items are the items with the same id in both. The characteristic-curve methods minimise their \
            criterion on 61 points of [-4, 4] weighted by N(0, 1). With --out the transformed form parameters are \
            written in the same format (standard errors of a and b rescaled; those of the intercepts dropped).
            """)

    @Argument(help: "The form's parameter file (to be put on the bank scale).")
    var formParams: String

    @Option(help: "The bank's parameter file (the anchor scale).")
    var anchor: String

    @Option(help: "Linking method: stocking-lord, haebara, mean-mean or mean-sigma.")
    var method: String

    @OptionGroup var common: CommonOptions

    /// An unknown method is a malformed command line: exit 64 with the usage (README, "Exit status").
    func validate() throws {
        guard LinkingMethod(rawValue: method.lowercased()) != nil else {
            throw ValidationError("unknown linking method '\(method)'; use one of "
                + LinkingMethod.allCases.map(\.rawValue).joined(separator: ", ") + " (e.g. --method stocking-lord).")
        }
    }

    func run() throws {
        do {
            try link()
        } catch let error as CLIError {
            printError(error.description)
            throw ExitCode(1)
        }
    }

    private func link() throws {
        guard let method = LinkingMethod(rawValue: method.lowercased()) else {
            throw CLIError("unknown linking method '\(method)'; use one of "
                + LinkingMethod.allCases.map(\.rawValue).joined(separator: ", ") + " (e.g. --method stocking-lord).")
        }
        let formSet = try ParameterReference.read(formParams)
        let bankSet = try ParameterReference.read(anchor)
        let formItems = formSet.items, bankItems = bankSet.items
        let bankByID = Dictionary(uniqueKeysWithValues: bankItems.map { ($0.id, $0.parameters) })
        let shared = formItems.filter { bankByID[$0.id] != nil }
        guard !shared.isEmpty else {
            throw CLIError("\(formParams) and \(anchor) have no item id in common; linking needs common (anchor) items "
                + "calibrated in both. Check that the ids match.")
        }
        let pairs = shared.compactMap { item in bankByID[item.id].map { CommonItem(form: item.parameters, bank: $0, id: item.id) } }
        let result: LinkingResult
        do {
            result = try ScaleLinking.link(pairs, method: method)
        } catch {
            var message = "\(formParams) → \(anchor): \(error.description)"
            if case let .some(i) = Self.mismatchIndex(pairs) { message += " (item \(shared[i].id))" }
            throw CLIError(message)
        }
        let t = result.transformation
        var warnings: [String] = []
        if !result.converged {
            warnings.append("the \(method.rawValue) minimisation stopped after \(result.iterations) iterations without converging")
        }
        let mismatched = Self.modelMismatches(shared.map(\.id), pairs)
        if !mismatched.isEmpty {
            let shown = mismatched.prefix(10).map { "\($0.id) (\($0.form) in the form, \($0.anchor) in the anchor)" }
            warnings.append("\(mismatched.count) common item(s) have a different model in the form than in the anchor: "
                + shown.joined(separator: ", ") + (mismatched.count > 10 ? ", …" : "")
                + "; their curves differ even on one scale, so the link is biased — calibrate the form with the anchor's models, or leave these items out of the common set")
        }
        if shared.count < 5 {
            warnings.append("only \(shared.count) common item(s); Kolen & Brennan (2014) advise at least 20% of the test, and no fewer than about 20 items for a long test")
        }
        if let out = common.out {
            let linked = t.apply(to: formSet, method: method.rawValue, anchor: anchor, commonItems: shared.count)
            try writeAtomically(try jsonText(linked.document), to: out)
        }
        // The table and JSON summaries carry the warnings; CSV has no place for them.
        if !common.quiet && common.format == .csv { for w in warnings { printError("warning: \(w)") } }
        print(try render(result, commonIDs: shared.map(\.id), warnings: warnings), terminator: "")
        if !common.quiet, let out = common.out {
            printError("Wrote \(formItems.count) items of \(formParams) on the scale of \(anchor) to \(out).")
        }
    }

    /// The common items whose model differs between the form and the anchor (e.g. 2PL against 3PL).
    static func modelMismatches(_ ids: [String], _ pairs: [CommonItem]) -> [(id: String, form: String, anchor: String)] {
        zip(ids, pairs).compactMap { id, pair in
            pair.form.model == pair.bank.model ? nil : (id, pair.form.model.rawValue, pair.bank.model.rawValue)
        }
    }

    static func mismatchIndex(_ pairs: [CommonItem]) -> Int? {
        pairs.firstIndex {
            $0.form.categoryCount != $0.bank.categoryCount || !$0.form.isValid || !$0.bank.isValid
                || (!$0.form.model.isDichotomous && $0.form.model != $0.bank.model)
        }
    }

    struct Summary: Encodable {
        var schemaVersion = 1
        var method: String
        var slope: Double
        var intercept: Double
        var commonItems: Int
        var commonItemIds: [String]
        var criterion: Double?
        var iterations: Int
        var converged: Bool
        var form: String
        var anchor: String
        var out: String?
        var warnings: [String]

        func encode(to encoder: any Encoder) throws {
            enum K: String, CodingKey {
                case schemaVersion, method, slope, intercept, commonItems, commonItemIds, criterion, iterations,
                     converged, form, anchor, out, warnings
            }
            var c = encoder.container(keyedBy: K.self)
            try c.encode(schemaVersion, forKey: .schemaVersion)
            try c.encode(method, forKey: .method)
            try c.encode(slope, forKey: .slope)
            try c.encode(intercept, forKey: .intercept)
            try c.encode(commonItems, forKey: .commonItems)
            try c.encode(commonItemIds, forKey: .commonItemIds)
            try c.encode(criterion, forKey: .criterion)
            try c.encode(iterations, forKey: .iterations)
            try c.encode(converged, forKey: .converged)
            try c.encode(form, forKey: .form)
            try c.encode(anchor, forKey: .anchor)
            try c.encode(out, forKey: .out)
            try c.encode(warnings, forKey: .warnings)
        }
    }

    private func render(_ r: LinkingResult, commonIDs: [String], warnings: [String]) throws -> String {
        let t = r.transformation
        switch common.format {
        case .json:
            let summary = Summary(method: r.method.rawValue, slope: t.slope, intercept: t.intercept,
                                  commonItems: r.commonItemCount, commonItemIds: commonIDs, criterion: r.criterion,
                                  iterations: r.iterations, converged: r.converged, form: formParams, anchor: anchor,
                                  out: common.out, warnings: warnings)
            return try jsonText(summary)
        case .csv:
            let row: [TableValue] = [.text(r.method.rawValue), .number(t.slope), .number(t.intercept), .integer(r.commonItemCount),
                                     TableValue(r.criterion), .integer(r.iterations), .boolean(r.converged)]
            let linking = try table(.linking, [row])
            if !common.quiet { for w in linking.warnings { printError("warning: \(w)") } }
            return linking.csvText()
        case .table:
            var out = "Linking \(formParams) to the scale of \(anchor)\n"
            out += "method        \(r.method.rawValue)\n"
            out += "common items  \(r.commonItemCount)\n"
            // Round-off below the printed precision is shown as 0, never as -0.000000 (NumberText.fixed).
            out += "A (slope)     \(fixedNumber(t.slope, 6, fallback: "-"))\n"
            out += "B (intercept) \(fixedNumber(t.intercept, 6, fallback: "-"))\n"
            out += "theta_bank = A * theta_form + B\n"
            if let c = r.criterion {
                out += "criterion     \(NumberText.significant(c, digits: 6) ?? "-") (\(r.iterations) iterations\(r.converged ? "" : ", NOT converged"))\n"
            }
            for w in warnings { out += "warning: \(w)\n" }
            return out
        }
    }
}
