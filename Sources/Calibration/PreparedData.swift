import IRTModels
import ResponseData
#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

/// Response data ready for EM: unique response patterns with their frequencies (mirt collapses
/// identical patterns the same way), one byte per response, and the one-hot column layout.
///
/// Item j with K_j categories owns the K_j − 1 indicator columns `columnOffset[j] ..<
/// columnOffset[j] + K_j − 1` for categories 1..K_j−1; category 0 is the baseline (see ``EStep``).
struct PreparedData: Sendable {
    let itemIDs: [String]
    let categoryCounts: [Int]
    /// Unique patterns, row-major U × J bytes (`ResponseMatrix.missing` = not presented).
    let patterns: [UInt8]
    /// Frequency of each unique pattern.
    let frequencies: [Double]
    /// For each person of the input, the index of its pattern; empty when every person is its own
    /// pattern (no two persons share one, or the rows are used as they are: 4 bytes a person saved).
    let personPattern: [Int32]
    /// Each person's pattern index, the identity spelled out when `personPattern` is empty.
    var personPatternIndices: [Int] {
        personPattern.isEmpty ? Array(0..<patternCount) : personPattern.map { Int($0) }
    }
    let hasMissing: Bool
    /// Persons per item and (recoded) category, `[i * 256 + k]`, when counted while checking the data
    /// (the frequency-weighted category totals the starting values need, without another pass over
    /// the responses); nil for a group's or a subset's data.
    let categoryTotals: [Double]?
    let columnOffset: [Int]
    let indicatorColumns: Int
    /// Category merges applied by `collapseUnusedCategories`, as messages.
    let collapseNotes: [String]

    /// Rows the E-step runs over: the unique patterns, or every person when collapsing would copy
    /// more than ``copyLimit`` bytes (see `init`).
    var patternCount: Int { frequencies.count }
    /// Number of distinct response patterns (reported as `patterns`), whether or not they were collapsed.
    let uniquePatternCount: Int

    /// Collapsing copies the U distinct rows (U × J bytes) beside the caller's matrix. When that copy
    /// would exceed this many bytes and more than half of the rows are distinct, the rows are used as
    /// they are instead (every person a pattern of frequency 1: the same sums, no second copy of the
    /// data; 10⁶ × 100 responses with 999,952 distinct rows would otherwise hold 2 × 100 MB). 8 MiB: with
    /// more than half the rows distinct the copy saves at most half of the E-step's rows, while at
    /// 10⁶ × 50 (47 MB of distinct rows) it raised the peak from ≈ 125 to 172 MiB.
    static let copyLimit = 8 << 20
    var itemCount: Int { itemIDs.count }
    var totalWeight: Double { frequencies.reduce(0, +) }

    /// Checks the data against the models and collapses patterns.
    /// - Throws: ``CalibrationError`` for data that cannot identify the model.
    init(_ data: ResponseMatrix, models: [ItemModel], collapseUnused: Bool,
         copyLimit: Int = PreparedData.copyLimit) throws(CalibrationError) {
        let n = data.personCount, j = data.itemCount
        guard j > 0 else { throw CalibrationError(.noItems) }
        guard n >= 2 else { throw CalibrationError(.tooFewPersons(found: n)) }
        guard models.count == j else { throw CalibrationError(.modelCountMismatch(expected: j, found: models.count)) }
        var raw = data.responses
        var counts = [Int]()
        var notes = [String]()
        // Category use of every item in one row-major pass (a pass per item column would read the
        // whole matrix once per item).
        var used = [Int](repeating: 0, count: j * 256)
        raw.withUnsafeBufferPointer { cells in
            used.withUnsafeMutableBufferPointer { used in
                var k = 0
                for _ in 0..<n {
                    for i in 0..<j { used[i &* 256 &+ Int(cells[k])] &+= 1; k &+= 1 }
                }
            }
        }
        var recode = [[UInt8]?](repeating: nil, count: j)
        for i in 0..<j {
            let itemUse = used[(i * 256)..<(i * 256 + 255)]   // 255 = not presented
            let respondents = itemUse.reduce(0, +)
            let id = data.itemIDs[i]
            guard respondents >= 2 else { throw CalibrationError(.tooFewRespondents(item: id, found: respondents)) }
            let maxObserved = (0..<255).last { used[i * 256 + $0] > 0 } ?? 0
            let declared = max(data.categoryCounts[i], maxObserved + 1)
            let usedCategories = (0..<declared).filter { used[i * 256 + $0] > 0 }
            if usedCategories.count == 1 {
                throw CalibrationError(.constantItem(item: id, category: usedCategories[0]))
            }
            if models[i].isDichotomous {
                if declared > 2 || maxObserved > 1 {
                    throw CalibrationError(.tooManyCategories(item: id, model: models[i].displayName, found: maxObserved + 1))
                }
                counts.append(2)
                continue
            }
            if usedCategories.count < declared {
                guard collapseUnused else {
                    let unused = (0..<declared).first { used[i * 256 + $0] == 0 } ?? 0
                    throw CalibrationError(.unusedCategory(item: id, category: unused, categories: declared))
                }
                // Map used categories to 0..K'−1 in order (an unused category merges with its neighbour).
                var map = [UInt8](repeating: ResponseMatrix.missing, count: 256)
                for (newK, oldK) in usedCategories.enumerated() { map[oldK] = UInt8(newK) }
                recode[i] = map
                let unused = (0..<declared).filter { used[i * 256 + $0] == 0 }.map(String.init).joined(separator: ", ")
                notes.append("item \(id): unused categor\(unused.contains(",") ? "ies" : "y") \(unused) merged; "
                    + "now \(usedCategories.count) categories")
                counts.append(usedCategories.count)
            } else {
                counts.append(declared)
            }
        }
        // Recoding copies the responses (they are shared with the caller's matrix until written).
        let recoded = (0..<j).filter { recode[$0] != nil }
        if !recoded.isEmpty {
            for p in 0..<n {
                for i in recoded {
                    let v = raw[p * j + i]
                    if v != ResponseMatrix.missing, let map = recode[i] { raw[p * j + i] = map[Int(v)] }
                }
            }
        }
        // The category totals after recoding (counts of whole persons: exact in Double).
        var totals = [Double](repeating: 0, count: j * 256)
        for i in 0..<j {
            for k in 0..<255 where used[i * 256 + k] > 0 {
                let target = recode[i].map { Int($0[k]) } ?? k
                if target < 255 { totals[i * 256 + target] += Double(used[i * 256 + k]) }
            }
        }
        self.init(itemIDs: data.itemIDs, categoryCounts: counts, rows: raw, persons: n, notes: notes, copyLimit: copyLimit,
                  categoryTotals: totals)
    }

    /// A hash of one row of bytes: FNV-1a over 8-byte words (then the tail bytes), finished by a
    /// multiply–shift mix so that the low bits used as the slot depend on every byte.
    private static func rowHash(_ row: UnsafePointer<UInt8>, count: Int) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        let raw = UnsafeRawPointer(row)
        var i = 0
        while i + 8 <= count {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x100_0000_01b3
            i += 8
        }
        while i < count { h = (h ^ UInt64(row[i])) &* 0x100_0000_01b3; i += 1 }
        h ^= h >> 32
        h = h &* 0xd6e8_feb8_6659_fd93
        h ^= h >> 32
        return Int(truncatingIfNeeded: h)
    }

    /// The persons `persons` of this data set (their recoded responses, already checked), with their
    /// patterns collapsed among themselves: one group of a multiple-group calibration.
    func restricted(to persons: [Int], rowsOf all: [UInt8]) -> PreparedData {
        let j = itemCount
        var rows = [UInt8]()
        rows.reserveCapacity(persons.count * j)
        for p in persons { rows.append(contentsOf: all[(p * j)..<((p + 1) * j)]) }
        return PreparedData(itemIDs: itemIDs, categoryCounts: categoryCounts, rows: rows, persons: persons.count,
                            notes: collapseNotes)
    }

    /// The patterns `indices` with their frequencies, for an E-step over part of the data (the
    /// patterns with a response not presented, beside the score groups of ``ScoreGroups``). It has no
    /// person map of its own: `personPattern` is empty (its rows are its patterns).
    func subset(patterns indices: [Int]) -> PreparedData {
        let j = itemCount
        var bytes = [UInt8]()
        bytes.reserveCapacity(indices.count * j)
        for u in indices { bytes.append(contentsOf: patterns[(u * j)..<((u + 1) * j)]) }
        return PreparedData(itemIDs: itemIDs, categoryCounts: categoryCounts, patterns: bytes,
                            frequencies: indices.map { frequencies[$0] }, personPattern: [],
                            hasMissing: bytes.contains(ResponseMatrix.missing), categoryTotals: nil, columnOffset: columnOffset,
                            indicatorColumns: indicatorColumns, collapseNotes: collapseNotes)
    }

    private init(itemIDs: [String], categoryCounts: [Int], patterns: [UInt8], frequencies: [Double],
                 personPattern: [Int32], hasMissing: Bool, categoryTotals: [Double]?, columnOffset: [Int], indicatorColumns: Int,
                 collapseNotes: [String]) {
        self.itemIDs = itemIDs
        self.categoryCounts = categoryCounts
        self.patterns = patterns
        self.frequencies = frequencies
        self.personPattern = personPattern
        self.hasMissing = hasMissing
        self.categoryTotals = categoryTotals
        self.columnOffset = columnOffset
        self.indicatorColumns = indicatorColumns
        self.collapseNotes = collapseNotes
        uniquePatternCount = frequencies.count
    }

    /// Every person's (recoded) responses, row-major N × J, rebuilt from the patterns (the patterns
    /// themselves when `personPattern` is empty; for a ``subset(patterns:)``, its patterns).
    var personRows: [UInt8] {
        let j = itemCount
        var rows = [UInt8]()
        if personPattern.isEmpty { return patterns }
        rows.reserveCapacity(personPattern.count * j)
        for u32 in personPattern {
            let u = Int(u32)
            rows.append(contentsOf: patterns[(u * j)..<((u + 1) * j)])
        }
        return rows
    }

    /// Collapses checked, recoded rows (N × J) into unique patterns.
    private init(itemIDs: [String], categoryCounts counts: [Int], rows raw: [UInt8], persons n: Int, notes: [String],
                 copyLimit: Int = PreparedData.copyLimit, categoryTotals: [Double]? = nil) {
        let j = itemIDs.count
        self.itemIDs = itemIDs
        self.categoryCounts = counts
        self.collapseNotes = notes
        self.categoryTotals = categoryTotals
        self.hasMissing = raw.contains(ResponseMatrix.missing)
        var offsets = [Int]()
        var c = 0
        for k in counts { offsets.append(c); c += k - 1 }
        self.columnOffset = offsets
        self.indicatorColumns = c

        // Collapse identical patterns: hash each row, open addressing over the pattern numbers (4 bytes
        // a slot, at most half full), rows compared byte for byte on a hit. When no two persons share
        // a pattern, the patterns are the rows themselves and are not copied (10⁶ × 100 responses stay
        // 100 MB, shared with the caller's matrix).
        // Pattern numbers and row numbers are Int32 (at most 2³¹ − 1 persons are collapsed): 4 bytes
        // a person less at the peak of a million-person file.
        var patternRows = [Int32]()
        var freq = [Double]()
        var personPattern = [Int32]()
        if n < Int(Int32.max) {
            personPattern = [Int32](repeating: 0, count: n)
            var slotCount = 1024
            while slotCount < 2 * n { slotCount <<= 1 }
            let mask = slotCount - 1
            var slots = [Int32](repeating: -1, count: slotCount)
            raw.withUnsafeBufferPointer { buf in
                guard let base = buf.baseAddress else { return }
                for p in 0..<n {
                    let row = base + p * j
                    var s = Self.rowHash(row, count: j) & mask
                    var found = -1
                    while true {
                        let u = Int(slots[s])
                        if u < 0 {
                            found = patternRows.count
                            slots[s] = Int32(found)
                            patternRows.append(Int32(p))
                            freq.append(0)
                            break
                        }
                        if memcmp(base + Int(patternRows[u]) * j, row, j) == 0 { found = u; break }
                        s = (s + 1) & mask
                    }
                    freq[found] += 1
                    personPattern[p] = Int32(found)
                }
            }
        } else {
            // Beyond 2³¹ persons: every person its own pattern (the same sums, without the table).
            freq = [Double](repeating: 1, count: n)
        }
        let distinct = n < Int(Int32.max) ? patternRows.count : n
        self.uniquePatternCount = distinct
        let patterns: [UInt8]
        if distinct == n {
            patterns = raw
            personPattern = []
        } else if distinct * j > copyLimit && 2 * distinct > n {
            patterns = raw
            freq = [Double](repeating: 1, count: n)
            personPattern = []
        } else {
            var unique = [UInt8](repeating: 0, count: distinct * j)
            for (u, p32) in patternRows.enumerated() {
                let p = Int(p32)
                for i in 0..<j { unique[u * j + i] = raw[p * j + i] }
            }
            patterns = unique
        }
        self.patterns = patterns
        self.frequencies = freq
        self.personPattern = personPattern
    }
}
