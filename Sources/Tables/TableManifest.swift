import Foundation

/// The manifest written beside exported tables (`manifest.json`): which tables, in which schema
/// versions, from which bank version and data, by which engine, with which seed, and when — enough to
/// reproduce the export and to read each table with the right schema.
///
/// ```json
/// { "schemaVersion": 1, "engineVersion": "0.1.0", "createdAt": "2026-01-05T10:00:00Z", "seed": 7,
///   "bank": { "versionId": "…", "contentHash": "…" }, "dataSetHash": "…",
///   "tables": [ { "file": "item_parameters.csv", "schema": "item_parameters", "schemaVersion": 1, "rows": 40 } ],
///   "warnings": [] }
/// ```
/// The seed is a JSON integer (exact up to 2⁶⁴ − 1 in this encoder; readers that parse JSON numbers as
/// doubles should read it as text).
public struct TableManifest: Codable, Sendable, Equatable {
    /// The manifest format's own version.
    public static let currentSchemaVersion = 1

    /// The bank version the tables were computed from.
    public struct Bank: Codable, Sendable, Equatable {
        /// The stored bank-version id.
        public var versionId: String
        /// The SHA-256 content hash of the bank (DECISIONS §2).
        public var contentHash: String

        /// A bank reference.
        public init(versionId: String, contentHash: String) {
            self.versionId = versionId
            self.contentHash = contentHash
        }
    }

    /// One table written beside the manifest.
    public struct Entry: Codable, Sendable, Equatable {
        /// The file name, relative to the manifest's directory.
        public var file: String
        /// The schema's name and version.
        public var schema: String
        public var schemaVersion: Int
        /// Rows written (not counting the header).
        public var rows: Int
    }

    /// The manifest format's version (``currentSchemaVersion`` when written).
    public var schemaVersion: Int
    /// The engine that wrote the tables (`mentorcert --version`).
    public var engineVersion: String
    /// ISO 8601, UTC, whole seconds.
    public var createdAt: String
    /// The seed of the random generator, when the run used one.
    public var seed: UInt64?
    /// The bank version the tables rest on, if any.
    public var bank: Bank?
    /// The content hash of the response data set the tables rest on.
    public var dataSetHash: String?
    /// Every table written, in order.
    public var tables: [Entry]
    /// Why values are missing, what rests on simulated data, … (free text, one line each).
    public var warnings: [String]

    /// An empty manifest stamped with `createdAt` (default: now).
    public init(engineVersion: String, seed: UInt64? = nil, bank: Bank? = nil, dataSetHash: String? = nil,
                createdAt: Date = Date()) {
        schemaVersion = Self.currentSchemaVersion
        self.engineVersion = engineVersion
        self.createdAt = Self.timestamp(createdAt)
        self.seed = seed
        self.bank = bank
        self.dataSetHash = dataSetHash
        tables = []
        warnings = []
    }

    /// Records `table` as written to `file`, with its warnings.
    public mutating func record(_ table: Table, file: String) {
        tables.append(Entry(file: file, schema: table.schema.name, schemaVersion: table.schema.version,
                            rows: table.rows.count))
        warnings += table.warnings.map { "\(file): \($0.description)" }
    }

    /// `date` as ISO 8601 in UTC (`2026-01-05T10:00:00Z`).
    static func timestamp(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: date)
    }
}

/// Writes exported tables and their manifest into a directory, each file atomically.
public struct TableExport: Sendable {
    /// The directory written into (must exist).
    public let directory: String
    /// The manifest so far: every table written is recorded in it.
    public private(set) var manifest: TableManifest

    /// The manifest's file name.
    public static let manifestFile = "manifest.json"

    /// An export into `directory`, starting from `manifest` (usually with no tables yet).
    public init(directory: String, manifest: TableManifest) {
        self.directory = directory
        self.manifest = manifest
    }

    /// Writes `table` as CSV to `<directory>/<schema name>.csv` (or `file`) and records it.
    ///
    /// - Throws: ``TablesError`` when the file cannot be written.
    public mutating func writeCSV(_ table: Table, file: String? = nil) throws {
        let name = file ?? table.schema.name + ".csv"
        try AtomicFile.write(table.csvText(), to: path(name))
        manifest.record(table, file: name)
    }

    /// Writes `manifest.json` (call last, after every table).
    ///
    /// - Throws: ``TablesError`` when the file cannot be written or encoded.
    public func writeManifest() throws {
        let text: String
        do { text = try JSONOutput.text(manifest) } catch {
            // Only a value JSON cannot hold (a non-finite number) gets here: a bug, not the user's doing.
            throw TablesError(.cannotWrite(path: path(Self.manifestFile), reason: "the manifest could not be written as JSON "
                + "(a value JSON cannot hold); this is a bug, please report it"))
        }
        try AtomicFile.write(text, to: path(Self.manifestFile))
    }

    private func path(_ file: String) -> String {
        URL(fileURLWithPath: directory).appendingPathComponent(file).path
    }
}
