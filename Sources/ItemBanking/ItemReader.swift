import IRTModels
import Foundation
import Yams

/// Reads one item of an item file, checking its own fields and parameters.
enum ItemReader {
    static let itemKeys = ["id", "level", "type", "stem", "options", "key", "categories", "rationale", "tags",
                           "status", "scored", "enemies", "set", "parameters", "exposureControl"]
    static let parameterKeys = ["model", "discrimination", "intercept", "difficulty", "guessing", "upperAsymptote",
                                "intercepts", "thresholds", "standardErrors", "calibration"]
    /// Tolerance of the consistency checks b = −d/a (DECISIONS: 0.01 on the θ scale).
    static let consistencyTolerance = 0.01

    static func isValidID(_ id: String) -> Bool {
        !id.isEmpty && id.unicodeScalars.allSatisfy {
            CharacterSet.alphanumerics.contains($0) && $0.isASCII || $0 == "." || $0 == "_" || $0 == "-"
        }
    }

    static func read(_ node: Node, index: Int, file: String, section: String, reader r: FieldReader,
                     sources: inout SourceMap) -> Item? {
        guard let raw = r.map(node, file: file, line: node.mark?.line ?? 1, itemID: nil, what: "item \(index + 1) of the file") else {
            return nil
        }
        // The id first, so that every other problem names the item.
        var id: String?
        if let idNode = raw.value("id"), case .scalar(let s) = idNode, !isNull(idNode) { id = s.string }
        let m = YMap(mapping: raw.mapping, file: file, line: raw.line, itemID: id,
                     what: id.map { "item \($0)" } ?? "item \(index + 1) of the file")
        r.checkKeys(m, known: itemKeys)
        if id == nil { _ = r.string(m, "id") }
        if let id {
            if !isValidID(id) {
                r.error(m, "id", "item id `\(id)` must match [A-Za-z0-9._-]+ (letters, digits, `.`, `_`, `-`)")
            }
            if let first = sources.itemPlaces[id] {
                r.error(m, "id", "duplicate item id \(id): defined at \(first.file):\(first.line) and at \(file):\(m.line("id")); give each item a unique id")
            } else {
                sources.itemPlaces[id] = (file, m.line("id"))
            }
        }
        let level = r.choice(m, "level", MentorLevel.self, label: "level")
        let type = r.choice(m, "type", ItemType.self, label: "item type")
        let stem = r.string(m, "stem")
        let rationale = r.string(m, "rationale")
        let status = r.choice(m, "status", ItemStatus.self, label: "status")
        let scored = m.has("scored") ? r.bool(m, "scored") : true
        let enemies = m.has("enemies") ? r.stringList(m, "enemies") : []
        let set = r.string(m, "set", required: false)
        let exposureControl = m.has("exposureControl") ? r.double(m, "exposureControl") : nil
        if let k = exposureControl, !(k > 0 && k <= 1) {
            r.error(m, "exposureControl", "exposureControl must be in (0, 1], not \(k); rerun `mentorcert exam calibrate-exposure`")
        }
        let tags = readTags(m, r)

        var options: [ItemOption] = [], key: String?, categories: [ItemCategory] = []
        var contentOK = true
        switch type {
        case .multipleChoice?:
            if m.value("categories") != nil {
                r.error(m, "categories", "a multiple-choice item has `options` and `key`, not `categories`; remove `categories` or set `type: graded`")
            }
            if let o = readOptions(m, r) { options = o } else { contentOK = false }
            key = r.string(m, "key")
            if let k = key, !options.isEmpty, !options.contains(where: { $0.label == k }) {
                r.error(m, "key", "key `\(k)` is not among the option labels \(options.map(\.label).joined(separator: ", ")); set `key` to one of them")
            }
            if key == nil { contentOK = false }
        case .graded?:
            for k in ["options", "key"] where m.value(k) != nil {
                r.error(m, k, "a graded item has `categories` with scores, not `\(k)`; remove `\(k)` or set `type: multiple-choice`")
            }
            if let c = readCategories(m, r) { categories = c } else { contentOK = false }
        case nil:
            contentOK = false
        }

        var parameters: ItemParameters?
        var parametersOK = true
        if m.has("parameters") {
            parameters = readParameters(m, r, type: type, categoryCount: type == .graded ? categories.count : 2)
            parametersOK = parameters != nil
        }
        guard let id, let level, let type, let stem, let rationale, let status, let scored, let enemies, let tags,
              contentOK, parametersOK else { return nil }
        return Item(id: id, section: section, level: level, type: type, stem: stem, options: options, key: key,
                    categories: categories, rationale: rationale, tags: tags, status: status, scored: scored,
                    enemies: enemies, set: set, parameters: parameters, exposureControl: exposureControl)
    }

    static func readTags(_ m: YMap, _ r: FieldReader) -> ItemTags? {
        guard m.has("tags") else { return ItemTags() }
        guard let t = r.map(m, "tags", what: "the tags of \(m.what)") else { return nil }
        r.checkKeys(t, known: ["phase", "sector", "use"])
        var tags = ItemTags()
        var ok = true
        for (key, allowed) in [("phase", ItemTags.phases), ("sector", ItemTags.sectors), ("use", ItemTags.uses)] {
            guard t.has(key) else { continue }
            guard let values = r.stringList(t, key) else { ok = false; continue }
            for v in values where !allowed.contains(v) {
                r.error(t, key, r.unknownValueMessage("\(key) tag", v, allowed: allowed))
                ok = false
            }
            switch key {
            case "phase": tags.phase = values
            case "sector": tags.sector = values
            default: tags.use = values
            }
        }
        return ok ? tags : nil
    }

    static func readOptions(_ m: YMap, _ r: FieldReader) -> [ItemOption]? {
        guard let nodes = r.list(m, "options") else { return nil }
        var options: [ItemOption] = []
        var ok = true
        for (i, node) in nodes.enumerated() {
            guard let o = r.map(node, file: m.file, line: m.line("options"), itemID: m.itemID, what: "option \(i + 1) of \(m.what)") else {
                ok = false; continue
            }
            r.checkKeys(o, known: ["label", "text"])
            guard let label = r.string(o, "label"), let text = r.string(o, "text") else { ok = false; continue }
            let expected = String(UnicodeScalar(UInt8(65 + min(i, 25))))
            if label != expected {
                r.error(o, "label", "option \(i + 1) of \(m.what) is labelled `\(label)`; labels must be A, B, C, … in order, so this one is `\(expected)`")
                ok = false
            }
            options.append(ItemOption(label: label, text: text))
        }
        if !(3...6).contains(nodes.count) {
            r.error(m, "options", "\(m.what) has \(nodes.count) options; a multiple-choice item needs 3 to 6")
            ok = false
        }
        return ok ? options : nil
    }

    static func readCategories(_ m: YMap, _ r: FieldReader) -> [ItemCategory]? {
        guard let nodes = r.list(m, "categories") else { return nil }
        var categories: [ItemCategory] = []
        var ok = true
        for (i, node) in nodes.enumerated() {
            guard let c = r.map(node, file: m.file, line: m.line("categories"), itemID: m.itemID, what: "category \(i + 1) of \(m.what)") else {
                ok = false; continue
            }
            r.checkKeys(c, known: ["score", "text"])
            guard let score = r.int(c, "score"), let text = r.string(c, "text") else { ok = false; continue }
            categories.append(ItemCategory(score: score, text: text))
        }
        let k = nodes.count
        if !(3...7).contains(k) {
            r.error(m, "categories", "\(m.what) has \(k) categories; a graded item needs 3 to 7")
            ok = false
        }
        if ok {
            let scores = categories.map(\.score).sorted()
            if scores != Array(0..<k) {
                r.error(m, "categories", "the category scores of \(m.what) are \(categories.map { String($0.score) }.joined(separator: ", ")); with \(k) categories they must be 0..\(k - 1), each exactly once")
                ok = false
            }
        }
        return ok ? categories : nil
    }

    static func readParameters(_ item: YMap, _ r: FieldReader, type: ItemType?, categoryCount k: Int) -> ItemParameters? {
        guard let m0 = r.map(item, "parameters", what: "the parameters of \(item.what)") else { return nil }
        let m = m0
        r.checkKeys(m, known: parameterKeys)
        guard let model = r.choice(m, "model", ItemModel.self, label: "model") else { return nil }
        let count0 = r.problems.count
        let a = r.double(m, "discrimination", required: model != .rasch)
        let d = r.double(m, "intercept", required: false)
        let b = r.double(m, "difficulty", required: false)
        let c = r.double(m, "guessing", required: model.hasGuessing)
        let u = r.double(m, "upperAsymptote", required: model == .fourPL)
        let ds = m.has("intercepts") ? r.doubleList(m, "intercepts") : nil
        let bs = m.has("thresholds") ? r.doubleList(m, "thresholds") : nil
        let calibration = r.string(m, "calibration", required: false)
        var ses: [String: StandardErrorValue]?
        if m.has("standardErrors"), let s = r.map(m, "standardErrors", what: "standardErrors of \(item.what)") {
            r.checkKeys(s, known: Array(parameterKeys.dropFirst().prefix(7)))
            var out: [String: StandardErrorValue] = [:]
            for (kn, vn) in s.mapping {
                guard let key = kn.scalar?.string else { continue }
                switch vn {
                case .scalar(let sc):
                    if let v = Double(sc.string), v.isFinite, v >= 0 { out[key] = .scalar(v) }
                    else { r.error(s, key, "standard error `\(key)` must be a number ≥ 0, not `\(sc.string)`") }
                case .sequence:
                    if let l = r.doubleList(s, key) { out[key] = .list(l) }
                default:
                    r.error(s, key, "standard error `\(key)` must be a number or a list of numbers")
                }
            }
            ses = out
        }
        let tol = consistencyTolerance

        if let type {
            if type == .multipleChoice && !model.isDichotomous {
                r.error(m, "model", "model \(model.rawValue) is for graded items; a multiple-choice item takes rasch, 2pl, 3pl or 4pl")
            } else if type == .graded && model.isDichotomous {
                r.error(m, "model", "model \(model.rawValue) is for right/wrong items; a graded item takes grm or gpcm")
            }
        }
        let slope = a ?? 1
        // Ranges: one definition (IRTModels.ParameterBounds), hard limits as errors, advisory limits
        // as warnings; a parameter that is absent is not checked here.
        let probe = IRTModels.ItemParameters(
            model: model, discrimination: a ?? 1, intercepts: [], guessing: c ?? 0, upperAsymptote: u ?? 1)
        for problem in ParameterBounds.problems(of: probe) {
            let present: Bool
            switch problem.parameter {
            case "discrimination": present = a != nil
            case "guessing": present = c != nil && model.hasGuessing
            case "upperAsymptote": present = u != nil && model.hasUpperAsymptote
            default: present = false
            }
            guard present else { continue }
            if problem.severity == .error { r.error(m, problem.parameter, problem.message) }
            else { r.warning(m.file, m.line(problem.parameter), m.itemID, problem.message) }
        }
        if model.isDichotomous {
            for key in ["intercepts", "thresholds"] where m.value(key) != nil {
                r.error(m, key, "`\(key)` are for grm/gpcm; a \(model.rawValue) item has `intercept` (and `difficulty`)")
            }
            if d == nil && b == nil {
                r.error(m.file, m.line, m.itemID, "the parameters of \(item.what) need `intercept` (d) or `difficulty` (b); add one")
            }
            if let d, let b, slope > 0 {
                let implied = -d / slope
                if abs(implied - b) > tol {
                    r.error(m, "difficulty", "difficulty \(format(b)) is inconsistent with −intercept/discrimination = \(format(implied)) (tolerance \(tol)); recompute b = −d/a or fix d")
                }
            }
            if c != nil {
                if model != .threePL && model != .fourPL {
                    r.error(m, "guessing", "`guessing` is for 3pl/4pl; remove it or change the model")
                }
            }
            if u != nil {
                if model != .fourPL {
                    r.error(m, "upperAsymptote", "`upperAsymptote` is for 4pl; remove it or change the model")
                }
            }
        } else {
            for key in ["intercept", "difficulty", "guessing", "upperAsymptote"] where m.value(key) != nil {
                r.error(m, key, "`\(key)` is for right/wrong models; a \(model.rawValue) item has `intercepts` and/or `thresholds`")
            }
            if ds == nil && bs == nil && k >= 2 {
                r.error(m.file, m.line, m.itemID, "the parameters of \(item.what) need `intercepts` (or `thresholds`); add \(k - 1) values")
            }
            for (key, values) in [("intercepts", ds), ("thresholds", bs)] {
                if let values, k >= 2, values.count != k - 1 { // k < 2: the categories already failed
                    r.error(m, key, "\(values.count) \(key) for \(k) categories; a \(model.rawValue) item with \(k) categories has \(k - 1)")
                }
            }
            if model == .graded, let ds, ds.count > 1 {
                for i in 1..<ds.count where !(ds[i] < ds[i - 1]) {
                    r.error(m, "intercepts", "grm intercepts must be strictly decreasing (d_1 > d_2 > …), but d_\(i) = \(format(ds[i - 1])) ≤ d_\(i + 1) = \(format(ds[i])); fix their order")
                    break
                }
            }
            if let ds, let bs, ds.count == bs.count, slope > 0 {
                for (i, (dk, bk)) in zip(ds, bs).enumerated() where abs(-dk / slope - bk) > tol {
                    r.error(m, "thresholds", "threshold \(i + 1) = \(format(bk)) is inconsistent with −intercept/discrimination = \(format(-dk / slope)) (tolerance \(tol)); recompute b_k = −d_k/a")
                    break
                }
            }
        }
        guard r.problems.count == count0 || !r.problems[count0...].contains(where: { $0.severity == .error }) else { return nil }
        return ItemParameters(model: model, discrimination: a, intercept: d, difficulty: b, guessing: c,
                              upperAsymptote: u, intercepts: ds, thresholds: bs, standardErrors: ses,
                              calibration: calibration)
    }
}
