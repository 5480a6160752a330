import Foundation
import SystemFiles

extension ItemBank {
    /// The manifest as YAML text (the `bank.yaml` of an export), in the current bank format
    /// (``BankManifest/currentSchemaVersion``) whatever version the bank was read from; optional
    /// blocks are written only when present, so reading the export back gives an equal bank.
    public func manifestYAML() -> String {
        let m = manifest
        var y = YAMLWriter()
        y.line("# Exported by `mentorcert bank export`; comments of the authored files are not kept.")
        y.pair("schemaVersion", "\(BankManifest.currentSchemaVersion)")
        y.pair("name", YAMLWriter.quote(m.name))
        y.pair("version", YAMLWriter.quote(m.version))
        y.pair("title", YAMLWriter.quote(m.title))
        y.pair("description", YAMLWriter.quote(m.description))
        y.pair("language", YAMLWriter.quote(m.language))
        y.pair("certificationLevel", m.certificationLevel.rawValue)
        y.line("blueprint:")
        y.line("  sections:")
        for s in m.blueprint.sections {
            y.line("    - id: \(YAMLWriter.quote(s.id))")
            y.line("      title: \(YAMLWriter.quote(s.title))")
            y.line("      description: \(YAMLWriter.quote(s.description))")
            y.line("      share: \(YAMLWriter.number(s.share))")
            y.line("      minItems: \(s.minItems)")
            y.line("      maxItems: \(s.maxItems)")
        }
        y.line("levels:")
        for l in m.levels {
            y.line("  - id: \(l.id.rawValue)")
            y.line("    title: \(YAMLWriter.quote(l.title))")
            y.line("    description: \(YAMLWriter.quote(l.description))")
        }
        y.line("cutScores:")
        y.line("  intermediate: \(YAMLWriter.number(m.cutScores.intermediate))")
        y.line("  advanced: \(YAMLWriter.number(m.cutScores.advanced))")
        y.line("  expert: \(YAMLWriter.number(m.cutScores.expert))")
        let e = m.exam
        y.line("exam:")
        y.line("  targetSE: \(YAMLWriter.number(e.targetSE))")
        y.line("  minLength: \(e.minLength)")
        y.line("  maxLength: \(e.maxLength)")
        y.line("  maxExposure: \(YAMLWriter.number(e.maxExposure))")
        y.line("  startTheta: \(YAMLWriter.number(e.startTheta))")
        y.line("  interimEstimator: \(e.interimEstimator.rawValue)")
        y.line("  finalEstimator: \(e.finalEstimator.rawValue)")
        y.line("  sectionMaxSE: \(YAMLWriter.number(e.sectionMaxSE))")
        if let n = e.pretestItems { y.line("  pretestItems: \(n)") }
        if let t = e.timeLimitMinutes { y.line("  timeLimitMinutes: \(YAMLWriter.number(t))") }
        if let r = m.reportingScale {
            y.line("reportingScale:")
            y.line("  intercept: \(YAMLWriter.number(r.intercept))")
            y.line("  slope: \(YAMLWriter.number(r.slope))")
        }
        if let p = m.parameterSource {
            y.line("parameterSource:")
            y.line("  source: \(p.source.rawValue)")
            if let v = p.seed { y.line("  seed: \(v)") }
            if let v = p.persons { y.line("  persons: \(v)") }
            if let v = p.calibration { y.line("  calibration: \(YAMLWriter.quote(v))") }
            if let v = p.model { y.line("  model: \(YAMLWriter.quote(v))") }
            if let settings = p.settings {
                y.line("  settings:")
                for (k, v) in settings.sorted(by: { $0.key < $1.key }) { y.line("    \(YAMLWriter.quote(k)): \(YAMLWriter.quote(v))") }
            }
            if let v = p.note { y.line("  note: \(YAMLWriter.quote(v))") }
        }
        if let c = m.certification {
            y.line("certification:")
            y.line("  validityYears: \(c.validityYears)")
        }
        if let types = m.assessments {
            y.line(types == AssessmentTypes() ? "assessments: {}" : "assessments:")
            for type in AssessmentType.allCases {
                guard let a = types[type] else { continue }
                y.line("  \(type.rawValue):")
                if a == AssessmentSettings() { y.line("    {}") }
                if let v = a.minLength { y.line("    minLength: \(v)") }
                if let v = a.maxLength { y.line("    maxLength: \(v)") }
                if let v = a.stop { y.line("    stop: \(v.rawValue)") }
                if let v = a.targetSE { y.line("    targetSE: \(YAMLWriter.number(v))") }
                if let v = a.confidence { y.line("    confidence: \(YAMLWriter.number(v))") }
                if let v = a.indifference { y.line("    indifference: \(YAMLWriter.number(v))") }
                if let v = a.timeLimitMinutes { y.line("    timeLimitMinutes: \(YAMLWriter.number(v))") }
                if let v = a.selfAssessmentItems { y.line("    selfAssessmentItems: \(v)") }
                if let v = a.use { y.line("    use: \(YAMLWriter.list(v))") }
                if let sections = a.sections {
                    y.line(sections.isEmpty ? "    sections: {}" : "    sections:")
                    for (id, b) in sections.sorted(by: { $0.key < $1.key }) {
                        let parts = [b.minItems.map { "minItems: \($0)" }, b.maxItems.map { "maxItems: \($0)" }].compactMap { $0 }
                        y.line("      \(YAMLWriter.quote(id)): {\(parts.joined(separator: ", "))}")
                    }
                }
            }
        }
        if let modules = m.sectorModules {
            y.line(modules.isEmpty ? "sectorModules: []" : "sectorModules:")
            for module in modules {
                y.line("  - id: \(YAMLWriter.quote(module.id))")
                y.line("    title: \(YAMLWriter.quote(module.title))")
                y.line("    sector: \(YAMLWriter.quote(module.sector))")
                y.line("    cut: \(YAMLWriter.number(module.cut))")
                if let v = module.maxSE { y.line("    maxSE: \(YAMLWriter.number(v))") }
            }
        }
        if let scale = m.scale {
            y.line("scale:")
            y.line("  latentMean: \(YAMLWriter.number(scale.latentMean))")
            y.line("  latentVariance: \(YAMLWriter.number(scale.latentVariance))")
            if let v = scale.calibration { y.line("  calibration: \(YAMLWriter.quote(v))") }
            if let sample = scale.lastCalibrationSample {
                y.line("  lastCalibrationSample:")
                y.line("    calibration: \(YAMLWriter.quote(sample.calibration))")
                if let v = sample.persons { y.line("    persons: \(v)") }
                y.line("    latentMean: \(YAMLWriter.number(sample.latentMean))")
                y.line("    latentVariance: \(YAMLWriter.number(sample.latentVariance))")
            }
        }
        return y.text
    }

    /// The items of one section as YAML text (an `items/<section>.yaml` of an export).
    public func itemsYAML(section: String) -> String {
        var y = YAMLWriter()
        y.pair("section", YAMLWriter.quote(section))
        let sectionItems = items(inSection: section)
        if sectionItems.isEmpty { y.line("items: []"); return y.text }
        y.line("items:")
        for item in sectionItems {
            y.line("  - id: \(YAMLWriter.quote(item.id))")
            y.line("    level: \(item.level.rawValue)")
            y.line("    type: \(item.type.rawValue)")
            y.line("    stem: \(YAMLWriter.prose(item.stem, indent: 6))")
            if !item.options.isEmpty {
                y.line("    options:")
                for o in item.options { y.line("      - {label: \(YAMLWriter.quote(o.label)), text: \(YAMLWriter.quote(o.text))}") }
            }
            if let key = item.key { y.line("    key: \(YAMLWriter.quote(key))") }
            if !item.categories.isEmpty {
                y.line("    categories:")
                for c in item.categories { y.line("      - {score: \(c.score), text: \(YAMLWriter.quote(c.text))}") }
            }
            y.line("    rationale: \(YAMLWriter.prose(item.rationale, indent: 6))")
            if !item.tags.isEmpty {
                y.line("    tags:")
                if !item.tags.phase.isEmpty { y.line("      phase: \(YAMLWriter.list(item.tags.phase))") }
                if !item.tags.sector.isEmpty { y.line("      sector: \(YAMLWriter.list(item.tags.sector))") }
                if !item.tags.use.isEmpty { y.line("      use: \(YAMLWriter.list(item.tags.use))") }
            }
            y.line("    status: \(item.status.rawValue)")
            y.line("    scored: \(item.scored)")
            if !item.enemies.isEmpty { y.line("    enemies: \(YAMLWriter.list(item.enemies))") }
            if let set = item.set { y.line("    set: \(YAMLWriter.quote(set))") }
            if let k = item.exposureControl { y.line("    exposureControl: \(YAMLWriter.number(k))") }
            if let p = item.parameters {
                y.line("    parameters:")
                y.line("      model: \(p.model.rawValue)")
                if let v = p.discrimination { y.line("      discrimination: \(YAMLWriter.number(v))") }
                if let v = p.intercept { y.line("      intercept: \(YAMLWriter.number(v))") }
                if let v = p.difficulty { y.line("      difficulty: \(YAMLWriter.number(v))") }
                if let v = p.guessing { y.line("      guessing: \(YAMLWriter.number(v))") }
                if let v = p.upperAsymptote { y.line("      upperAsymptote: \(YAMLWriter.number(v))") }
                if let v = p.intercepts { y.line("      intercepts: \(YAMLWriter.numbers(v))") }
                if let v = p.thresholds { y.line("      thresholds: \(YAMLWriter.numbers(v))") }
                if let ses = p.standardErrors {
                    let parts = ses.sorted { $0.key < $1.key }.map { key, value -> String in
                        switch value {
                        case .scalar(let x): return "\(key): \(YAMLWriter.number(x))"
                        case .list(let xs): return "\(key): \(YAMLWriter.numbers(xs))"
                        }
                    }
                    y.line("      standardErrors: {\(parts.joined(separator: ", "))}")
                }
                if let v = p.calibration { y.line("      calibration: \(YAMLWriter.quote(v))") }
            }
            y.line("")
        }
        return y.text
    }

    /// Writes the bank as YAML (`bank.yaml`, `items/<section>.yaml`) into `directory`.
    ///
    /// The files are first written into a temporary sibling directory which is then renamed, so a
    /// failure never leaves a half-written bank. An existing non-empty `directory` is replaced only with
    /// `overwrite: true`; a file at the path is never replaced. Comments of the authored files are not
    /// kept; every field is. Failures are described in our words (`FileProblem`), not Foundation's.
    public func export(to directory: String, overwrite: Bool = false) throws(ItemBankError) {
        let fm = FileManager.default
        let target = URL(fileURLWithPath: directory).standardizedFileURL
        let parent = target.deletingLastPathComponent()
        var isDir: ObjCBool = false
        let exists = fm.fileExists(atPath: target.path, isDirectory: &isDir)
        if exists && !isDir.boolValue {
            throw .writeFailed(path: directory, reason: "it is a file, not a directory; give the path of a directory to write the bank into")
        }
        if exists && !overwrite && !((try? fm.contentsOfDirectory(atPath: target.path)) ?? []).isEmpty {
            throw .directoryNotEmpty(path: directory)
        }
        let pid = ProcessInfo.processInfo.processIdentifier
        let temp = parent.appendingPathComponent(".\(target.lastPathComponent).tmp-\(pid)")
        let old = parent.appendingPathComponent(".\(target.lastPathComponent).old-\(pid)")
        func remove(_ url: URL) { try? fm.removeItem(at: url) }
        func makeDirectory(_ url: URL) throws(ItemBankError) {
            guard mkdir(url.path, 0o777) == 0 || errno == EEXIST else {
                throw .writeFailed(path: directory, reason: FileProblem(path: url.path, errno: errno, writing: true).reason)
            }
        }
        func write(_ text: String, _ url: URL) throws(ItemBankError) {
            do { try FileContents.create(Array(text.utf8), atPath: url.path, reportedPath: url.path) } catch {
                throw .writeFailed(path: directory, reason: error.reason)
            }
        }
        func move(_ from: URL, _ to: URL) throws(ItemBankError) {
            guard rename(from.path, to.path) == 0 else {
                throw .writeFailed(path: directory, reason: FileProblem(path: to.path, errno: errno, writing: true).reason)
            }
        }
        remove(temp)
        do throws(ItemBankError) {
            try makeDirectory(temp)
            try makeDirectory(temp.appendingPathComponent(Self.itemsFolder))
            try write(manifestYAML(), temp.appendingPathComponent(Self.manifestFile))
            var sections = manifest.blueprint.sections.map(\.id)
            for item in items where !sections.contains(item.section) { sections.append(item.section) }
            for section in sections {
                try write(itemsYAML(section: section), temp.appendingPathComponent(Self.itemsFolder).appendingPathComponent("\(section).yaml"))
            }
            if exists {
                remove(old)
                try move(target, old)
                do throws(ItemBankError) { try move(temp, target) } catch {
                    try? move(old, target)
                    throw error
                }
                remove(old)
            } else {
                try move(temp, target)
            }
        } catch {
            remove(temp)
            throw error
        }
    }
}

/// A tiny YAML text builder: texts are written double-quoted with JSON escapes (a subset of YAML's
/// double-quoted style), numbers in Swift's shortest round-trip form.
struct YAMLWriter {
    var text = ""
    mutating func line(_ s: String) { text += s + "\n" }
    mutating func pair(_ key: String, _ value: String) { line("\(key): \(value)") }

    static func quote(_ s: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        guard let data = try? encoder.encode(s), let q = String(data: data, encoding: .utf8) else {
            return "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        return q
    }
    /// A long prose value as a folded block scalar (`>-`) wrapped near `width` columns, as authors
    /// write stems and rationales; short values, values with line breaks, doubled or edge spaces stay
    /// double-quoted (folding would change them).
    static func prose(_ s: String, indent: Int, width: Int = 100) -> String {
        guard s.count > 60, !s.contains("\n"), !s.contains("  "), !s.contains("\t"),
              s.first != " ", s.last != " " else { return quote(s) }
        let pad = String(repeating: " ", count: indent)
        var lines = [String]()
        var current = ""
        for word in s.split(separator: " ", omittingEmptySubsequences: false) {
            if !current.isEmpty && current.count + 1 + word.count > width - indent {
                lines.append(current)
                current = String(word)
            } else {
                current = current.isEmpty ? String(word) : current + " " + word
            }
        }
        if !current.isEmpty { lines.append(current) }
        return ">-\n" + lines.map { pad + $0 }.joined(separator: "\n")
    }
    static func number(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)" }
    static func numbers(_ xs: [Double]) -> String { "[" + xs.map(number).joined(separator: ", ") + "]" }
    static func list(_ xs: [String]) -> String { "[" + xs.map(quote).joined(separator: ", ") + "]" }
}
