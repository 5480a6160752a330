import ItemBanking
import ResponseData

/// What the technical report is built from: a bank version, a set of responses to (some of) its
/// items, and optionally a simulation study of the bank's adaptive exam.
public struct ReportInput: Sendable {
    public var bank: ItemBank
    /// How the bank is named in the report (a directory or a bank-version id).
    public var bankName: String
    public var responses: ResponseMatrix
    /// How the responses are named in the report (a file or a response-set id).
    public var responsesName: String
    /// Simulated adaptive exams (examinees, seed); nil = no simulation section numbers.
    public var simulation: Simulation?
    /// Compute S-X² and the mean squares (O(J² · Q · S) for J items; on by default).
    public var itemFit: Bool

    public struct Simulation: Sendable, Equatable {
        public var examinees: Int
        public var seed: UInt64
        public init(examinees: Int, seed: UInt64) { self.examinees = examinees; self.seed = seed }
    }

    public init(bank: ItemBank, bankName: String, responses: ResponseMatrix, responsesName: String,
                simulation: Simulation? = nil, itemFit: Bool = true) {
        self.bank = bank; self.bankName = bankName; self.responses = responses; self.responsesName = responsesName
        self.simulation = simulation; self.itemFit = itemFit
    }
}
