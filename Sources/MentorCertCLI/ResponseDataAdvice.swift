import ResponseData

// The response reader's errors name no command-line option (a server reads the same files); here its
// typed remedies become the options of this command line.

extension ResponseRemedy {
    /// The remedy as command-line advice, continuing the problem's message.
    var commandLineAdvice: String {
        switch self {
        case .excludeColumn(let column): return ", or pass --ignore \(column) (or --group \(column) for a group column)"
        case .readOptionLabels: return "; pass --raw if the cells hold option labels"
        }
    }
}

extension ResponseProblem {
    /// The problem with its remedy as command-line advice.
    var commandLineDescription: String { description(remedy: \.commandLineAdvice) }
}

extension ResponseDataError {
    /// The error with every remedy as command-line advice.
    var commandLineDescription: String {
        description(remedy: \.commandLineAdvice,
                    skippingRows: "pass --skip-bad-rows to import the good rows and report the bad ones")
    }
}
