import Foundation
import Yams

/// The edit distance between two strings (Levenshtein), for "did you mean" suggestions.
func editDistance(_ a: String, _ b: String) -> Int {
    let x = Array(a.lowercased()), y = Array(b.lowercased())
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var previous = Array(0...y.count)
    var current = [Int](repeating: 0, count: y.count + 1)
    for i in 1...x.count {
        current[0] = i
        for j in 1...y.count {
            let cost = x[i - 1] == y[j - 1] ? 0 : 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        }
        swap(&previous, &current)
    }
    return previous[y.count]
}

/// The candidate nearest to `word`, when it is near enough to be a plausible typo.
func nearest(_ word: String, in candidates: [String]) -> String? {
    var best: (candidate: String, distance: Int)?
    for c in candidates {
        let d = editDistance(word, c)
        if let b = best, b.distance <= d { continue }
        best = (c, d)
    }
    guard let (candidate, distance) = best else { return nil }
    let limit = max(2, min(word.count, candidate.count) / 2)
    return distance <= limit ? candidate : nil
}

/// A mapping node, where it is and what it is (for messages).
struct YMap {
    let mapping: Node.Mapping
    let file: String
    let line: Int
    let itemID: String?
    /// What the mapping is, for messages: "the manifest", "item", "blueprint section S1".
    let what: String

    func value(_ key: String) -> Node? {
        for (k, v) in mapping where k.scalar?.string == key { return v }
        return nil
    }

    func has(_ key: String) -> Bool { value(key).map { !isNull($0) } ?? false }

    /// The line of `key` (the mapping's line when absent).
    func line(_ key: String) -> Int {
        for (k, _) in mapping where k.scalar?.string == key { return k.mark?.line ?? line }
        return line
    }
}

/// True for an empty or `~`/`null` plain scalar.
func isNull(_ node: Node) -> Bool {
    guard case .scalar(let s) = node else { return false }
    return s.style == .plain && ["", "~", "null", "Null", "NULL"].contains(s.string)
}

/// Reads typed fields from YAML nodes and collects a problem for each field that is missing,
/// unknown or of the wrong type, so that validation reports every problem at once.
final class FieldReader {
    var problems: [BankProblem] = []
    /// Problems of the whole bank not reported because they may only follow from an unreadable file.
    var heldBack = 0

    /// An error that concerns a file as a whole (it cannot be read or parsed): reported first.
    func fileError(_ file: String, _ line: Int, _ message: String) {
        var p = BankProblem(severity: .error, file: file, line: line, message: message)
        p.fileLevel = true
        problems.append(p)
    }

    /// A note attached to the error on the same line.
    func note(_ file: String, _ line: Int, _ itemID: String?, _ message: String) {
        var p = BankProblem(severity: .note, file: file, line: line, itemID: itemID, message: message)
        p.fileLevel = problems.contains { $0.file == file && $0.line == line && $0.fileLevel }
        problems.append(p)
    }

    func error(_ file: String, _ line: Int, _ itemID: String?, _ message: String) {
        problems.append(BankProblem(severity: .error, file: file, line: line, itemID: itemID, message: message))
    }

    func warning(_ file: String, _ line: Int, _ itemID: String?, _ message: String) {
        problems.append(BankProblem(severity: .warning, file: file, line: line, itemID: itemID, message: message))
    }

    func error(_ m: YMap, _ key: String, _ message: String) { error(m.file, m.line(key), m.itemID, message) }

    /// The node as a mapping, or a problem.
    func map(_ node: Node?, file: String, line: Int, itemID: String?, what: String) -> YMap? {
        guard let node else { return nil }
        guard case .mapping(let mapping) = node else {
            error(file, node.mark?.line ?? line, itemID, "\(what) must be a mapping of `key: value` lines, not \(kind(node))")
            return nil
        }
        return YMap(mapping: mapping, file: file, line: mapping.mark?.line ?? line, itemID: itemID, what: what)
    }

    /// A sub-mapping under `key`.
    func map(_ m: YMap, _ key: String, what: String, required: Bool = true) -> YMap? {
        guard let node = present(m, key, required: required, hint: "a mapping") else { return nil }
        return map(node, file: m.file, line: m.line(key), itemID: m.itemID, what: what)
    }

    /// Reports unknown keys (with the nearest known key) and missing required keys.
    func checkKeys(_ m: YMap, known: [String], required: [String] = []) {
        for (k, _) in m.mapping {
            let name = k.scalar?.string ?? "?"
            if known.contains(name) { continue }
            var message = "unknown key `\(name)` in \(m.what)"
            if let s = nearest(name, in: known) {
                message += "; did you mean `\(s)`?"
            } else {
                message += "; remove it (known keys: \(known.joined(separator: ", ")))"
            }
            error(m.file, k.mark?.line ?? m.line, m.itemID, message)
        }
        for key in required where !m.has(key) && m.value(key) == nil {
            error(m.file, m.line, m.itemID, "missing required key `\(key)` in \(m.what); add it")
        }
    }

    /// The value of `key` when present and not null; a problem when required and absent.
    func present(_ m: YMap, _ key: String, required: Bool, hint: String) -> Node? {
        guard let node = m.value(key) else {
            // A missing required key is reported by checkKeys when it lists it, otherwise here.
            if required { error(m.file, m.line, m.itemID, "missing required key `\(key)` (\(hint)) in \(m.what); add it") }
            return nil
        }
        if isNull(node) {
            if required { error(m, key, "`\(key)` in \(m.what) has no value; give it \(hint)") }
            return nil
        }
        return node
    }

    func kind(_ node: Node) -> String {
        switch node {
        case .scalar(let s): return "the value `\(s.string)`"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    func scalarText(_ m: YMap, _ key: String, _ node: Node, expected: String) -> String? {
        guard case .scalar(let s) = node else {
            error(m, key, "`\(key)` in \(m.what) must be \(expected), not \(kind(node))")
            return nil
        }
        return s.string
    }

    func string(_ m: YMap, _ key: String, required: Bool = true) -> String? {
        guard let node = present(m, key, required: required, hint: "a text") else { return nil }
        guard let text = scalarText(m, key, node, expected: "a text") else { return nil }
        if required && text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            error(m, key, "`\(key)` in \(m.what) is empty; write the text")
            return nil
        }
        return text
    }

    func double(_ m: YMap, _ key: String, required: Bool = true) -> Double? {
        guard let node = present(m, key, required: required, hint: "a number") else { return nil }
        guard let text = scalarText(m, key, node, expected: "a number") else { return nil }
        guard let value = Double(text.trimmingCharacters(in: .whitespaces)), value.isFinite else {
            error(m, key, "`\(key)` in \(m.what) must be a number, not `\(text)`")
            return nil
        }
        return value
    }

    func int(_ m: YMap, _ key: String, required: Bool = true) -> Int? {
        guard let node = present(m, key, required: required, hint: "a whole number") else { return nil }
        guard let text = scalarText(m, key, node, expected: "a whole number") else { return nil }
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else {
            error(m, key, "`\(key)` in \(m.what) must be a whole number, not `\(text)`")
            return nil
        }
        return value
    }

    func bool(_ m: YMap, _ key: String, required: Bool = true) -> Bool? {
        guard let node = present(m, key, required: required, hint: "true or false") else { return nil }
        guard let text = scalarText(m, key, node, expected: "true or false") else { return nil }
        switch text {
        case "true", "True", "TRUE", "yes", "Yes": return true
        case "false", "False", "FALSE", "no", "No": return false
        default:
            error(m, key, "`\(key)` in \(m.what) must be true or false, not `\(text)`")
            return nil
        }
    }

    /// A value of a string enum; an unknown value is reported with the allowed values and the nearest one.
    func choice<E: RawRepresentable & CaseIterable>(_ m: YMap, _ key: String, _ type: E.Type,
                                                    required: Bool = true, label: String? = nil) -> E?
    where E.RawValue == String {
        let allowed = E.allCases.map(\.rawValue)
        guard let node = present(m, key, required: required, hint: allowed.joined(separator: " | ")) else { return nil }
        guard let text = scalarText(m, key, node, expected: "one of \(allowed.joined(separator: ", "))") else { return nil }
        if let value = E(rawValue: text) { return value }
        error(m, key, unknownValueMessage(label ?? key, text, allowed: allowed))
        return nil
    }

    func unknownValueMessage(_ what: String, _ text: String, allowed: [String]) -> String {
        var message = "unknown \(what) `\(text)`; use one of \(allowed.joined(separator: ", "))"
        if let s = nearest(text, in: allowed) { message += " (did you mean `\(s)`?)" }
        return message
    }

    /// The nodes of a list under `key`.
    func list(_ m: YMap, _ key: String, required: Bool = true) -> [Node]? {
        guard let node = present(m, key, required: required, hint: "a list") else { return nil }
        guard case .sequence(let seq) = node else {
            error(m, key, "`\(key)` in \(m.what) must be a list (`[a, b]` or `- a` lines), not \(kind(node))")
            return nil
        }
        return Array(seq)
    }

    func stringList(_ m: YMap, _ key: String, required: Bool = true) -> [String]? {
        guard let nodes = list(m, key, required: required) else { return nil }
        var out: [String] = []
        for n in nodes {
            guard case .scalar(let s) = n else {
                error(m.file, n.mark?.line ?? m.line(key), m.itemID, "`\(key)` in \(m.what) must list texts, not \(kind(n))")
                return nil
            }
            out.append(s.string)
        }
        return out
    }

    func doubleList(_ m: YMap, _ key: String, required: Bool = true) -> [Double]? {
        guard let nodes = list(m, key, required: required) else { return nil }
        var out: [Double] = []
        for n in nodes {
            guard case .scalar(let s) = n, let v = Double(s.string), v.isFinite else {
                error(m.file, n.mark?.line ?? m.line(key), m.itemID, "`\(key)` in \(m.what) must list numbers, not \(kind(n))")
                return nil
            }
            out.append(v)
        }
        return out
    }
}
