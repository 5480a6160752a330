import Plots

/// The technical report of a bank version and its responses, as data: the sections of a
/// certification exam's technical report in the order of the project's domain notes (§1.5, a
/// synthesis of ISO/IEC 17024 clause 9.3, AERA/APA/NCME *Standards* (2014) ch. 7 and 11, and NCCA's
/// psychometric standards), each with its status, text, numbers, tables and figures.
///
/// One model, three renderers (``HTMLRenderer``, ``MarkdownRenderer``, ``JSONRenderer``): every number
/// shown in the HTML or Markdown is in the JSON, because both are drawn from this value.
public struct ReportDocument: Sendable, Codable, Equatable {
    public var schemaVersion = 1
    public var title: String
    /// The bank version reported on.
    public var bank: BankIdentity
    /// The responses analysed.
    public var responses: ResponsesIdentity
    /// The simulation study, when one was run.
    public var simulation: SimulationIdentity?
    /// Shown at the top of every rendering when the bank's parameters are simulated (DECISIONS §2).
    public var simulatedNotice: String?
    public var sections: [ReportSection]
    /// What was left out and why (non-finite values, skipped figure points, …).
    public var warnings: [String]

    public struct BankIdentity: Sendable, Codable, Equatable {
        public var name: String
        public var version: String
        public var title: String
        /// SHA-256 of the bank's canonical content (the bank-version id of the store).
        public var contentHash: String?
        /// `simulated`, `calibrated`, `provisional` … from the bank's parameter source; nil when unrecorded.
        public var parameterSource: String?
        public var simulatedParameters: Bool
        public var items: Int
    }

    public struct ResponsesIdentity: Sendable, Codable, Equatable {
        public var source: String
        public var persons: Int
        /// Items of the responses that have parameters in the bank (the form analysed).
        public var items: Int
    }

    public struct SimulationIdentity: Sendable, Codable, Equatable {
        public var examinees: Int
        public var seed: UInt64
    }
}

/// One section of the report (numbered as in §1.5).
public struct ReportSection: Sendable, Codable, Equatable {
    /// Whether the section holds computed evidence, and if not, why not.
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// Every part computed by the engine.
        case computed
        /// Some parts computed, the others named in `reason`.
        case partial
        /// The engine has no record of this (e.g. the job analysis, administration incidents): the
        /// certification body supplies it.
        case notRecorded
        /// The module that computes it is not part of this build.
        case notAvailable
    }

    public var number: Int
    /// A stable key (`blueprint`, `itemAnalysis`, …).
    public var id: String
    public var title: String
    public var status: Status
    /// For every status but `computed`: what is missing and why.
    public var reason: String?
    /// True when a number of the section rests on the bank's simulated parameters.
    public var restsOnSimulatedParameters: Bool
    public var paragraphs: [String]
    public var facts: [ReportFact]
    public var tables: [ReportTable]
    public var figures: [ReportFigure]

    public init(number: Int, id: String, title: String, status: Status = .computed, reason: String? = nil,
                restsOnSimulatedParameters: Bool = false, paragraphs: [String] = [], facts: [ReportFact] = [],
                tables: [ReportTable] = [], figures: [ReportFigure] = []) {
        self.number = number; self.id = id; self.title = title; self.status = status; self.reason = reason
        self.restsOnSimulatedParameters = restsOnSimulatedParameters; self.paragraphs = paragraphs
        self.facts = facts; self.tables = tables; self.figures = figures
    }
}

/// A value in the report: a number (nil = does not exist; the section says why), a whole number,
/// text or a yes/no. Encoded as the plain JSON value (`null` for a missing number).
public enum ReportValue: Sendable, Codable, Equatable {
    case number(Double?)
    case integer(Int)
    case text(String)
    case flag(Bool)

    /// A number, nil when not finite (never NaN or ±∞ in the output).
    public static func finite(_ x: Double?) -> ReportValue { .number(x.flatMap { $0.isFinite ? $0 : nil }) }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .number(nil) }
        else if let b = try? c.decode(Bool.self) { self = .flag(b) }
        else if let i = try? c.decode(Int.self) { self = .integer(i) }
        else if let d = try? c.decode(Double.self) { self = .number(d) }
        else { self = .text(try c.decode(String.self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case let .number(x):
            if let x, x.isFinite { try c.encode(x) } else { try c.encodeNil() }
        case let .integer(i): try c.encode(i)
        case let .text(s): try c.encode(s)
        case let .flag(b): try c.encode(b)
        }
    }
}

/// A named value (`Cronbach's alpha = 0.91`).
public struct ReportFact: Sendable, Codable, Equatable {
    public var key: String
    public var label: String
    public var value: ReportValue
    public init(_ key: String, _ label: String, _ value: ReportValue) { self.key = key; self.label = label; self.value = value }
}

/// A table: column keys and labels, rows of values.
public struct ReportTable: Sendable, Codable, Equatable {
    public var id: String
    public var title: String
    public var columns: [Column]
    public var rows: [[ReportValue]]
    public var note: String?

    public struct Column: Sendable, Codable, Equatable {
        public var key: String
        public var label: String
        public init(_ key: String, _ label: String) { self.key = key; self.label = label }
    }

    public init(id: String, title: String, columns: [Column], rows: [[ReportValue]], note: String? = nil) {
        self.id = id; self.title = title; self.columns = columns; self.rows = rows; self.note = note
    }

    /// The values of the column `key`, top to bottom.
    public func column(_ key: String) -> [ReportValue] {
        guard let k = columns.firstIndex(where: { $0.key == key }) else { return [] }
        return rows.map { k < $0.count ? $0[k] : .number(nil) }
    }
}

/// A figure: the data of a plot (so the JSON keeps its numbers) and its caption.
public struct ReportFigure: Sendable, Codable, Equatable {
    /// Encoded as `{"kind": "plot", "plot": {…}}` or `{"kind": "wrightMap", "wrightMap": {…}}`.
    public enum Content: Sendable, Codable, Equatable {
        case plot(Plot)
        case wrightMap(WrightMap)

        enum CodingKeys: String, CodingKey { case kind, plot, wrightMap }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            switch try c.decode(String.self, forKey: .kind) {
            case "wrightMap": self = .wrightMap(try c.decode(WrightMap.self, forKey: .wrightMap))
            default: self = .plot(try c.decode(Plot.self, forKey: .plot))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case let .plot(p): try c.encode("plot", forKey: .kind); try c.encode(p, forKey: .plot)
            case let .wrightMap(m): try c.encode("wrightMap", forKey: .kind); try c.encode(m, forKey: .wrightMap)
            }
        }
    }
    /// Also the file name of its SVG (`figures/<id>.svg`).
    public var id: String
    public var caption: String
    public var content: Content

    public init(id: String, caption: String, content: Content) { self.id = id; self.caption = caption; self.content = content }

    /// The SVG document of the figure.
    public func render() throws(PlotError) -> RenderedPlot {
        switch content {
        case let .plot(p): try PlotRenderer.render(p)
        case let .wrightMap(m): try m.render()
        }
    }
}
