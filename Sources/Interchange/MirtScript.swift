import Foundation
import IRTModels

/// The R script that builds mirt's fixed-parameter model from the exported parameter table: mirt's
/// documented idiom (the `pars` argument of `mirt()`: `pars = 'values'` returns the starting-value
/// table, which is edited and passed back with `est = FALSE`, so nothing is estimated).
///
/// ```
/// sv <- mirt(data, 1, itemtype = itemtype, pars = 'values')   # mirt's own table for these items
/// sv$value <- values$value[match(paste(sv$item, sv$name), paste(values$item, values$name))]
/// sv$est <- FALSE
/// mod <- mirt(data, 1, itemtype = itemtype, pars = sv)          # the fixed-parameter model
/// ```
/// The response file (first command-line argument, default `responses.csv`) is a wide CSV with one
/// column per item id, scored 0..K−1, as `mentorcert responses import` reads.
public enum MirtScript {
    /// The script for `set`, reading the table from `valuesFile` (a path relative to the script's
    /// working directory).
    public static func text(for set: ParameterSet, valuesFile: String) -> String {
        func rString(_ s: String) -> String {
            "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        let types = set.items.map { "  \(rString($0.id)) = \(rString($0.parameters.model.mirtItemType))" }
            .joined(separator: ",\n")
        return """
        # The fixed-parameter mirt model of a MentorCert parameter set (written by `mentorcert export mirt`).
        # Usage: Rscript mirt-model.R [responses.csv]
        #   responses.csv: wide CSV, one column per item id, responses scored 0..K-1, NA = not presented.
        # The parameter table \(valuesFile) has exactly the columns of mirt's mod2values(); the model is built
        # with mirt's `pars` idiom: the starting-value table with our values and est = FALSE.
        library(mirt)

        args <- commandArgs(trailingOnly = TRUE)
        responses_file <- if (length(args) >= 1) args[[1]] else "responses.csv"

        values <- read.csv(\(rString(valuesFile)), stringsAsFactors = FALSE, check.names = FALSE)
        itemtype <- c(
        \(types)
        )

        data <- read.csv(responses_file, check.names = FALSE)
        missing_items <- setdiff(names(itemtype), colnames(data))
        if (length(missing_items) > 0) {
          stop("the responses lack the items: ", paste(missing_items, collapse = ", "))
        }
        data <- data[, names(itemtype), drop = FALSE]

        sv <- mirt(data, 1, itemtype = unname(itemtype), pars = "values")
        rows <- match(paste(sv$item, sv$name), paste(values$item, values$name))
        if (anyNA(rows)) {
          stop("parameters missing from the table: ", paste(sv$item[is.na(rows)], sv$name[is.na(rows)], collapse = ", "))
        }
        sv$value <- values$value[rows]
        sv$est <- FALSE
        mod <- mirt(data, 1, itemtype = unname(itemtype), pars = sv)
        print(coef(mod, simplify = TRUE))

        """
    }
}
