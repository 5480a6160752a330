import Foundation
import ResponseData
import Store

/// The candidate attribute file of `candidate import` (DECISIONS §13): a CSV whose header is
/// `candidate,<attribute>…` — the candidate id first, then one column per attribute (programme, region,
/// sector …) — and one row per candidate. Read by the engine's CSV rules (``CSVRecords``).
///
/// - Attribute names are letters, digits, `_` and `-`, unique (compared without case), stored as written.
/// - Cells are trimmed; an empty cell means the candidate has no value for that attribute (on re-import
///   it removes the attribute). A value may list several tags separated by `;` (e.g. `fintech;tourism`),
///   which cohort selection matches one by one.
/// - Every row has exactly the header's number of fields, a non-empty id, and no id appears twice.
///
/// Every problem is reported as `FILE:LINE:COLUMN: what, and what to do` (line 1 = header, column 1 =
/// the first field), all at once; the file is refused whole.
public enum CandidateFile {
    /// Reads and checks the file at `path`.
    /// - Throws: ``CandidatesError/file(path:problems:total:)``.
    public static func read(path: String) throws(CandidatesError) -> [CandidateAttributes] {
        let csv: CSVRecords
        do { csv = try CSVRecords.read(path: path) } catch {
            throw .file(path: path, problems: [error.description], total: 1)
        }
        return try parse(csv)
    }

    /// Checks records already read.
    public static func parse(_ csv: CSVRecords) throws(CandidatesError) -> [CandidateAttributes] {
        let path = csv.file
        var problems: [String] = []
        func problem(_ line: Int, _ column: Int?, _ message: String) {
            problems.append("\(path):\(line):\(column.map { "\($0):" } ?? "") \(message)")
        }
        let header = csv.header
        if header.first?.lowercased() != "candidate" {
            problem(1, 1, "the first column must be `candidate` (the candidate id), found `\(header.first ?? "")`; "
                + "the header is candidate,<attribute>… e.g. candidate,programme,region,sector")
        }
        let names = Array(header.dropFirst())
        var seenNames = Set<String>()
        for (k, name) in names.enumerated() {
            let column = k + 2
            if name.isEmpty {
                problem(1, column, "an attribute column has no name; name it (letters, digits, _ or -) or remove it")
            } else if !name.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) || $0 == "_" || $0 == "-" }) {
                problem(1, column, "attribute name `\(name)` may hold only letters, digits, _ and -; rename the column")
            } else if !seenNames.insert(name.lowercased()).inserted {
                problem(1, column, "attribute `\(name)` appears twice in the header; keep one column per attribute")
            }
        }
        var seenIDs: [String: Int] = [:]
        var candidates: [CandidateAttributes] = []
        for record in csv.records {
            guard record.fields.count == header.count else {
                problem(record.line, nil, "\(record.fields.count) field\(record.fields.count == 1 ? "" : "s"), the header has "
                    + "\(header.count); give one value per column (an empty cell for a missing value, quotes around a value with a comma)")
                continue
            }
            let id = record.fields[0]
            if id.isEmpty {
                problem(record.line, 1, "the candidate id is empty; give the id the candidate's exam sessions use")
                continue
            }
            if let first = seenIDs[id] {
                problem(record.line, 1, "candidate `\(id)` is already given on line \(first); give each candidate once")
                continue
            }
            seenIDs[id] = record.line
            var attributes: [String: String?] = [:]
            for (k, name) in names.enumerated() where !name.isEmpty {
                let value = record.fields[k + 1]
                attributes[name] = value.isEmpty ? String?.none : value
            }
            candidates.append(CandidateAttributes(id: id, attributes: attributes))
        }
        if csv.records.isEmpty { problem(1, nil, "the file has a header but no candidate; add one row per candidate") }
        guard problems.isEmpty else {
            throw .file(path: path, problems: Array(problems.prefix(CandidatesError.maxProblems)), total: problems.count)
        }
        return candidates
    }
}
