import Foundation

// Reading the `assessments:` and `sectorModules:` blocks of bank.yaml (bank format 2; DECISIONS §3, §11).
extension ItemBank {
    static let assessmentKeys = ["minLength", "maxLength", "stop", "targetSE", "confidence", "indifference",
                                 "timeLimitMinutes", "selfAssessmentItems", "use", "sections"]

    /// The `assessments:` block: per type (`entry`, `continuing`, `final`) its own settings. Checks what
    /// needs no items (values, section ids, the type's minimums against its maximum length); the checks
    /// against the items are ``BankChecks``'s.
    static func readAssessments(_ m: YMap, _ r: FieldReader, blueprint: Blueprint?, exam: ExamSettings?,
                                sources: inout SourceMap) -> AssessmentTypes? {
        guard let block = r.map(m, "assessments", what: "assessments") else { return nil }
        r.checkKeys(block, known: AssessmentType.allCases.map(\.rawValue))
        var types = AssessmentTypes()
        var ok = true
        for type in AssessmentType.allCases where block.has(type.rawValue) {
            guard let a = r.map(block, type.rawValue, what: "assessment type \(type.rawValue)") else { ok = false; continue }
            sources.assessmentLines[type.rawValue] = a.line
            guard let settings = readAssessment(a, r, type: type, blueprint: blueprint, exam: exam, sources: &sources) else {
                ok = false; continue
            }
            types[type] = settings
        }
        return ok ? types : nil
    }

    private static func readAssessment(_ a: YMap, _ r: FieldReader, type: AssessmentType, blueprint: Blueprint?,
                                       exam: ExamSettings?, sources: inout SourceMap) -> AssessmentSettings? {
        let name = type.rawValue
        r.checkKeys(a, known: assessmentKeys)
        let before = r.problems.filter { $0.severity == .error }.count
        var s = AssessmentSettings()
        s.minLength = a.has("minLength") ? r.int(a, "minLength") : nil
        s.maxLength = a.has("maxLength") ? r.int(a, "maxLength") : nil
        s.stop = a.has("stop") ? r.choice(a, "stop", AssessmentStopRule.self, label: "stopping rule") : nil
        s.targetSE = a.has("targetSE") ? r.double(a, "targetSE") : nil
        s.confidence = a.has("confidence") ? r.double(a, "confidence") : nil
        s.indifference = a.has("indifference") ? r.double(a, "indifference") : nil
        s.timeLimitMinutes = a.has("timeLimitMinutes") ? r.double(a, "timeLimitMinutes") : nil
        s.selfAssessmentItems = a.has("selfAssessmentItems") ? r.bool(a, "selfAssessmentItems") : nil
        s.use = a.has("use") ? r.stringList(a, "use") : nil
        if let v = s.minLength, v < 1 { r.error(a, "minLength", "minLength of the \(name) assessment must be at least 1, not \(v)") }
        let minLength = s.minLength ?? exam?.minLength, maxLength = s.maxLength ?? exam?.maxLength
        if let lo = minLength, let hi = maxLength, lo > hi {
            r.error(a, s.minLength != nil ? "minLength" : "maxLength",
                    "the \(name) assessment has minLength \(lo) > maxLength \(hi); lower minLength or raise maxLength")
        }
        if let v = s.targetSE, !(v > 0) { r.error(a, "targetSE", "targetSE of the \(name) assessment must be > 0, not \(format(v))") }
        if let v = s.confidence, !(v > 0.5 && v < 1) {
            r.error(a, "confidence", "confidence of the \(name) assessment must be between 0.5 and 1 (e.g. 0.95), not \(format(v))")
        }
        if let v = s.indifference, !(v > 0) {
            r.error(a, "indifference", "indifference of the \(name) assessment must be > 0 (e.g. 0.2), not \(format(v))")
        }
        if let v = s.timeLimitMinutes, !(v > 0) {
            r.error(a, "timeLimitMinutes", "timeLimitMinutes of the \(name) assessment must be a number of minutes > 0, not \(format(v)); remove the key for the bank's limit")
        }
        for value in s.use ?? [] where !ItemTags.uses.contains(value) {
            r.error(a, "use", "the \(name) assessment restricts its pool to `use` \(value), which is not an item use; "
                + r.unknownValueMessage("use", value, allowed: ItemTags.uses))
        }
        if let stop = s.stop, stop == .se || stop == .levels, s.confidence != nil {
            r.warning(a.file, a.line("confidence"), nil, "confidence is used only by the classification stop; the \(name) assessment stops by \(stop.rawValue)")
        }
        if a.has("sections"), let sm = r.map(a, "sections", what: "the sections of the \(name) assessment") {
            var bounds: [String: SectionBounds] = [:]
            let known = blueprint?.sections.map(\.id) ?? []
            for (k, v) in sm.mapping {
                guard let id = k.scalar?.string else { continue }
                let line = k.mark?.line ?? sm.line
                if blueprint != nil, !known.contains(id) {
                    var message = "the \(name) assessment sets section \(id), which is not in the blueprint (\(known.joined(separator: ", ")))"
                    message += nearest(id, in: known).map { "; did you mean \($0)?" } ?? "; fix the id or remove it"
                    r.error(sm.file, line, nil, message)
                    continue
                }
                guard let b = r.map(v, file: sm.file, line: line, itemID: nil, what: "section \(id) of the \(name) assessment") else { continue }
                r.checkKeys(b, known: ["minItems", "maxItems"])
                let lo = b.has("minItems") ? r.int(b, "minItems") : nil
                let hi = b.has("maxItems") ? r.int(b, "maxItems") : nil
                sources.assessmentLines["\(name)/\(id)"] = b.line
                let base = blueprint?.section(id)
                if let lo, lo < 0 { r.error(b, "minItems", "minItems of section \(id) in the \(name) assessment must not be negative") }
                if let lo = lo ?? base?.minItems, let hi = hi ?? base?.maxItems, lo > hi {
                    r.error(b, lo == base?.minItems ? "maxItems" : "minItems",
                            "section \(id) of the \(name) assessment has minItems \(lo) > maxItems \(hi); lower minItems or raise maxItems")
                }
                bounds[id] = SectionBounds(minItems: lo, maxItems: hi)
            }
            s.sections = bounds
        }
        if let blueprint, let maxLength {
            let total = blueprint.sections.reduce(0) { $0 + (s.sections?[$1.id]?.minItems ?? $1.minItems) }
            if total > maxLength {
                r.error(a, s.maxLength != nil ? "maxLength" : (a.has("sections") ? "sections" : "maxLength"),
                        "the \(name) assessment's maxLength \(maxLength) is below the sum of its sections' minItems (\(total)); "
                        + "the blueprint cannot be met: raise maxLength of the \(name) assessment or lower its sections' minItems")
            }
        }
        return r.problems.filter({ $0.severity == .error }).count == before ? s : nil
    }

    /// The `sectorModules:` block: a list of label modules (id, title, sector, cut, optional maxSE).
    static func readSectorModules(_ m: YMap, _ r: FieldReader, sources: inout SourceMap) -> [SectorModule]? {
        guard let nodes = r.list(m, "sectorModules") else { return nil }
        var modules: [SectorModule] = []
        var ok = true
        for node in nodes {
            guard let s = r.map(node, file: m.file, line: m.line("sectorModules"), itemID: nil, what: "a sector module") else {
                ok = false; continue
            }
            r.checkKeys(s, known: ["id", "title", "sector", "cut", "maxSE"], required: ["id", "title", "sector", "cut"])
            let id = r.string(s, "id"), title = r.string(s, "title"), cut = r.double(s, "cut")
            let sector = r.string(s, "sector")
            let maxSE = s.has("maxSE") ? r.double(s, "maxSE") : nil
            if let id {
                if !id.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }) {
                    r.error(s, "id", "sector module id `\(id)` must match [a-z0-9-]+"); ok = false
                }
                if let first = sources.sectorModuleLines[id] {
                    r.error(s, "id", "duplicate sector module id \(id) (also at bank.yaml:\(first)); give each module a unique id"); ok = false
                }
                sources.sectorModuleLines[id] = s.line
            }
            if let sector, !ItemTags.sectors.contains(sector) {
                r.error(s, "sector", r.unknownValueMessage("sector", sector, allowed: ItemTags.sectors)); ok = false
            }
            if let maxSE, !(maxSE > 0) { r.error(s, "maxSE", "maxSE of a sector module must be > 0, not \(format(maxSE))"); ok = false }
            if s.has("maxSE"), maxSE == nil { ok = false }
            guard let id, let title, let sector, let cut else { ok = false; continue }
            modules.append(SectorModule(id: id, title: title, sector: sector, cut: cut, maxSE: maxSE))
        }
        return ok ? modules : nil
    }
}
