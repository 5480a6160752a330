import Foundation
import ItemBanking
import ResponseData
import StandardSetting

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
    /// The group column of `responses` whose two groups the DIF analysis compares (nil = no DIF), and
    /// the focal group's label (nil = the rule of ``Fairness/DIFGroups``).
    public var difGroup: String?
    public var difFocal: String?
    /// Standard-setting records (`mentorcert standards … --format json`), each with how it is named.
    public var standardSetting: [StandardSettingEntry]

    /// A standard-setting record and the name of its file.
    public struct StandardSettingEntry: Sendable, Equatable {
        public var name: String
        public var record: StandardSettingRecord
        public init(name: String, record: StandardSettingRecord) { self.name = name; self.record = record }
    }

    public struct Simulation: Sendable, Equatable {
        public var examinees: Int
        public var seed: UInt64
        public init(examinees: Int, seed: UInt64) { self.examinees = examinees; self.seed = seed }
    }

    public init(bank: ItemBank, bankName: String, responses: ResponseMatrix, responsesName: String,
                simulation: Simulation? = nil, itemFit: Bool = true, difGroup: String? = nil, difFocal: String? = nil,
                standardSetting: [StandardSettingEntry] = []) {
        self.bank = bank; self.bankName = bankName; self.responses = responses; self.responsesName = responsesName
        self.simulation = simulation; self.itemFit = itemFit; self.difGroup = difGroup; self.difFocal = difFocal
        self.standardSetting = standardSetting
    }

    /// Reads a standard-setting record written by `mentorcert standards … --format json --out FILE`.
    /// - Throws: ``ReportError`` naming the file and what is wrong with it.
    public static func standardSettingRecord(path: String) throws(ReportError) -> StandardSettingEntry {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ReportError("\(path): cannot be read (\(error.localizedDescription)); give a record written by `standards … --format json --out FILE`.")
        }
        do {
            return StandardSettingEntry(name: (path as NSString).lastPathComponent,
                                        record: try JSONDecoder().decode(StandardSettingRecord.self, from: data))
        } catch {
            throw ReportError("\(path): not a standard-setting record (\(error)); give the JSON of `standards angoff|bookmark|hofstee --format json --out FILE`.")
        }
    }
}
