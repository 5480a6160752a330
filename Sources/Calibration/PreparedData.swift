import IRTModels
import ResponseData

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
    /// For each person of the input, the index of its pattern.
    let personPattern: [Int]
    let hasMissing: Bool
    let columnOffset: [Int]
    let indicatorColumns: Int
    /// Category merges applied by `collapseUnusedCategories`, as messages.
    let collapseNotes: [String]

    var patternCount: Int { frequencies.count }
    var itemCount: Int { itemIDs.count }
    var totalWeight: Double { frequencies.reduce(0, +) }

    /// Checks the data against the models and collapses patterns.
    /// - Throws: ``CalibrationError`` for data that cannot identify the model.
    init(_ data: ResponseMatrix, models: [ItemModel], collapseUnused: Bool) throws(CalibrationError) {
        let n = data.personCount, j = data.itemCount
        guard j > 0 else { throw CalibrationError(.noItems) }
        guard n >= 2 else { throw CalibrationError(.tooFewPersons(found: n)) }
        guard models.count == j else { throw CalibrationError(.modelCountMismatch(expected: j, found: models.count)) }
        var raw = data.responses
        var counts = [Int]()
        var notes = [String]()
        for i in 0..<j {
            var used = [Int](repeating: 0, count: 256)
            var respondents = 0
            for p in 0..<n {
                let v = raw[p * j + i]
                if v != ResponseMatrix.missing { used[Int(v)] += 1; respondents += 1 }
            }
            let id = data.itemIDs[i]
            guard respondents >= 2 else { throw CalibrationError(.tooFewRespondents(item: id, found: respondents)) }
            let maxObserved = (0..<255).last { used[$0] > 0 } ?? 0
            let declared = max(data.categoryCounts[i], maxObserved + 1)
            let usedCategories = (0..<declared).filter { used[$0] > 0 }
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
                    let unused = (0..<declared).first { used[$0] == 0 } ?? 0
                    throw CalibrationError(.unusedCategory(item: id, category: unused, categories: declared))
                }
                // Map used categories to 0..K'−1 in order (an unused category merges with its neighbour).
                var map = [UInt8](repeating: ResponseMatrix.missing, count: 256)
                for (newK, oldK) in usedCategories.enumerated() { map[oldK] = UInt8(newK) }
                for p in 0..<n {
                    let v = raw[p * j + i]
                    if v != ResponseMatrix.missing { raw[p * j + i] = map[Int(v)] }
                }
                let unused = (0..<declared).filter { used[$0] == 0 }.map(String.init).joined(separator: ", ")
                notes.append("item \(id): unused categor\(unused.contains(",") ? "ies" : "y") \(unused) merged; "
                    + "now \(usedCategories.count) categories")
                counts.append(usedCategories.count)
            } else {
                counts.append(declared)
            }
        }
        self.init(itemIDs: data.itemIDs, categoryCounts: counts, rows: raw, persons: n, notes: notes)
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
    /// person map: `personPattern` is empty.
    func subset(patterns indices: [Int]) -> PreparedData {
        let j = itemCount
        var bytes = [UInt8]()
        bytes.reserveCapacity(indices.count * j)
        for u in indices { bytes.append(contentsOf: patterns[(u * j)..<((u + 1) * j)]) }
        return PreparedData(itemIDs: itemIDs, categoryCounts: categoryCounts, patterns: bytes,
                            frequencies: indices.map { frequencies[$0] }, personPattern: [],
                            hasMissing: bytes.contains(ResponseMatrix.missing), columnOffset: columnOffset,
                            indicatorColumns: indicatorColumns, collapseNotes: collapseNotes)
    }

    private init(itemIDs: [String], categoryCounts: [Int], patterns: [UInt8], frequencies: [Double],
                 personPattern: [Int], hasMissing: Bool, columnOffset: [Int], indicatorColumns: Int,
                 collapseNotes: [String]) {
        self.itemIDs = itemIDs
        self.categoryCounts = categoryCounts
        self.patterns = patterns
        self.frequencies = frequencies
        self.personPattern = personPattern
        self.hasMissing = hasMissing
        self.columnOffset = columnOffset
        self.indicatorColumns = indicatorColumns
        self.collapseNotes = collapseNotes
    }

    /// Every person's (recoded) responses, row-major N × J, rebuilt from the patterns.
    var personRows: [UInt8] {
        let j = itemCount
        var rows = [UInt8]()
        rows.reserveCapacity(personPattern.count * j)
        for u in personPattern { rows.append(contentsOf: patterns[(u * j)..<((u + 1) * j)]) }
        return rows
    }

    /// Collapses checked, recoded rows (N × J) into unique patterns.
    private init(itemIDs: [String], categoryCounts counts: [Int], rows raw: [UInt8], persons n: Int, notes: [String]) {
        let j = itemIDs.count
        self.itemIDs = itemIDs
        self.categoryCounts = counts
        self.collapseNotes = notes
        self.hasMissing = raw.contains(ResponseMatrix.missing)
        var offsets = [Int]()
        var c = 0
        for k in counts { offsets.append(c); c += k - 1 }
        self.columnOffset = offsets
        self.indicatorColumns = c

        // Collapse identical patterns: hash each row (FNV-1a), bucket, compare bytes within a bucket.
        var buckets = [UInt64: [Int]]()
        buckets.reserveCapacity(n)
        var patternRows = [Int]()
        var freq = [Double]()
        var personPattern = [Int](repeating: 0, count: n)
        raw.withUnsafeBufferPointer { buf in
            for p in 0..<n {
                var h: UInt64 = 0xcbf2_9ce4_8422_2325
                let base = p * j
                for i in 0..<j { h = (h ^ UInt64(buf[base + i])) &* 0x100_0000_01b3 }
                var found = -1
                if let candidates = buckets[h] {
                    for u in candidates {
                        let other = patternRows[u] * j
                        var same = true
                        for i in 0..<j where buf[base + i] != buf[other + i] { same = false; break }
                        if same { found = u; break }
                    }
                }
                if found < 0 {
                    found = patternRows.count
                    patternRows.append(p)
                    freq.append(0)
                    buckets[h, default: []].append(found)
                }
                freq[found] += 1
                personPattern[p] = found
            }
        }
        var patterns = [UInt8](repeating: 0, count: patternRows.count * j)
        for (u, p) in patternRows.enumerated() {
            for i in 0..<j { patterns[u * j + i] = raw[p * j + i] }
        }
        self.patterns = patterns
        self.frequencies = freq
        self.personPattern = personPattern
    }
}
