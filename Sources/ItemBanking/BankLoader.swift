import Foundation
import Tables
import IRTModels
import SystemFiles
import Yams

/// The result of reading a bank directory: the bank (when it has no errors) and every problem found.
public struct BankValidation: Sendable {
    /// The bank, present when there is no error (warnings allowed).
    public var bank: ItemBank?
    /// Every problem, errors and warnings, ordered by file and line.
    public var problems: [BankProblem]
    /// True when there is no error.
    public var isValid: Bool { !problems.hasErrors && bank != nil }
}

/// Where things were found, for the cross-checks that run after all files are read.
struct SourceMap {
    var itemPlaces: [String: (file: String, line: Int)] = [:]
    var sectionLines: [String: Int] = [:]
    var sectionMinItemsLines: [String: Int] = [:]
    var levelsLine = 1
    var examLine = 1
    /// Lines of each assessment type's block and of its per-section bounds (`entry/S1`), and of each
    /// sector module (by id).
    var assessmentLines: [String: Int] = [:]
    var sectorModuleLines: [String: Int] = [:]
    /// Item files that could not be read or parsed as a whole (their items are unknown), with the line
    /// of their error.
    var brokenItemFiles: [String: Int] = [:]
}

extension ItemBank {
    /// The manifest's file name.
    public static let manifestFile = "bank.yaml"
    /// The folder of the item files.
    public static let itemsFolder = "items"

    /// Reads and validates the bank in `directory`; throws ``ItemBankError/invalidBank(directory:problems:)``
    /// listing every error when the bank is not valid.
    public static func load(directory: String) throws(ItemBankError) -> ItemBank {
        let result = validate(directory: directory)
        guard let bank = result.bank, result.isValid else {
            throw .invalidBank(directory: directory, problems: result.problems)
        }
        return bank
    }

    /// Reads the bank in `directory` and checks everything `itembanks/README.md` states, reporting every
    /// problem (not just the first) with file, line and item id.
    public static func validate(directory: String) -> BankValidation {
        let reader = FieldReader()
        var sources = SourceMap()
        let base = URL(fileURLWithPath: directory)
        let manifest = readManifest(base: base, reader: reader, sources: &sources)
        let items = readItems(base: base, manifest: manifest, reader: reader, sources: &sources)
        if let manifest {
            // With an items file unread, the checks of the whole bank would report what its missing items
            // cause (a section without items, unknown enemies): those are held back, counted in a note.
            BankChecks.crossCheck(manifest: manifest, items: items, reader: reader, sources: sources)
            if reader.heldBack > 0, let first = sources.brokenItemFiles.min(by: { $0.key < $1.key }) {
                let files = sources.brokenItemFiles.keys.sorted().joined(separator: ", ")
                reader.note(first.key, first.value, nil, "\(reader.heldBack) problem(s) of the whole bank (blueprint sections, "
                    + "levels, enemies) were held back because they may only follow from the items \(files) could not give; "
                    + "fix \(files) and validate again")
            }
        }
        let problems = reader.problems.sorted(by: problemOrder)
        var bank: ItemBank?
        if let manifest, !problems.hasErrors {
            // Items in blueprint-section order, then file order.
            let order = Dictionary(uniqueKeysWithValues: manifest.blueprint.sections.enumerated().map { ($1.id, $0) })
            let sorted = items.enumerated().sorted { l, r in
                let a = order[l.element.section] ?? Int.max, b = order[r.element.section] ?? Int.max
                return a != b ? a < b : l.offset < r.offset
            }.map(\.element)
            bank = ItemBank(manifest: manifest, items: sorted)
        }
        return BankValidation(bank: bank, problems: problems)
    }

    /// Problems of a file that cannot be read come first (everything after may follow from them), then
    /// the manifest's, then the item files' by name and line; a note follows the error it belongs to.
    private static func problemOrder(_ a: BankProblem, _ b: BankProblem) -> Bool {
        func rank(_ p: BankProblem) -> Int {
            if p.fileLevel { return 0 }
            return p.file == manifestFile ? 1 : 2
        }
        if rank(a) != rank(b) { return rank(a) < rank(b) }
        if a.file != b.file { return a.file.localizedStandardCompare(b.file) == .orderedAscending }
        if a.line != b.line { return a.line < b.line }
        return a.severity == .error && b.severity == .note
    }

    /// Reads a YAML file and composes its node tree. A file that cannot be read (missing, a directory,
    /// permissions), is not UTF-8 text, or has a syntax error becomes a problem in our words with its line
    /// (the file as a whole: line 1, marked `fileLevel`).
    static func compose(base: URL, file: String, reader: FieldReader) -> Node? {
        let url = base.appendingPathComponent(file)
        let bytes: [UInt8]
        do {
            bytes = try FileContents.bytes(atPath: url.path)
        } catch {
            reader.fileError(file, 1, error.kind == .missing ? missingFileMessage(file) : "cannot read the file: \(error.reason)")
            return nil
        }
        if let problem = bytes.withUnsafeBufferPointer({ TextEncodingCheck.firstProblem(in: $0) }) {
            reader.fileError(file, problem.line, problem.message(byte: bytes[problem.offset])
                .replacingOccurrences(of: "import it again", with: "validate it again")
                .replacingOccurrences(of: "save it as UTF-8 CSV", with: "save it as UTF-8 YAML"))
            return nil
        }
        let text = String(decoding: bytes, as: UTF8.self)
        do {
            guard let node = try Yams.compose(yaml: text) else {
                reader.fileError(file, 1, "the file is empty; it must hold a YAML mapping")
                return nil
            }
            return node
        } catch let error as YamlError {
            let (line, problem) = describe(error)
            reader.fileError(file, line, "YAML syntax error: \(problem); fix the YAML at this line (check indentation, quotes and `:`)")
            return nil
        } catch {
            reader.fileError(file, 1, "YAML syntax error: \(error)")
            return nil
        }
    }

    /// What to do when `file` does not exist.
    static func missingFileMessage(_ file: String) -> String {
        file == manifestFile
            ? "cannot read the file: no such file; a bank directory holds \(manifestFile) (the manifest) and \(itemsFolder)/<section>.yaml: check the directory"
            : "cannot read the file: no such file; restore \(file), or remove its section from the blueprint"
    }

    static func describe(_ error: YamlError) -> (line: Int, problem: String) {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let ctx = context.map { "\($0.text) at line \($0.mark.line), " } ?? ""
            return (mark.line, "\(ctx)\(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return (context.mark.line, "duplicated key(s) \(duplicates.joined(separator: ", ")) in one mapping; keep one")
        default:
            return (1, "\(error)")
        }
    }

    // MARK: - Manifest

    static let manifestKeys = ["schemaVersion", "name", "version", "title", "description", "language",
                               "certificationLevel", "blueprint", "levels", "cutScores", "exam",
                               "reportingScale", "parameterSource", "scale", "certification", "assessments",
                               "sectorModules"]
    /// The manifest keys that need `schemaVersion: 2`.
    static let version2Keys = ["scale", "certification", "assessments", "sectorModules"]

    static func readManifest(base: URL, reader r: FieldReader, sources: inout SourceMap) -> BankManifest? {
        let file = manifestFile
        guard let root = compose(base: base, file: file, reader: r),
              let m = r.map(root, file: file, line: 1, itemID: nil, what: "the manifest") else { return nil }
        r.checkKeys(m, known: manifestKeys)
        // Version 1 manifests may omit schemaVersion.
        let schemaVersion = m.value("schemaVersion") == nil ? 1 : r.int(m, "schemaVersion")
        let supported = BankManifest.supportedSchemaVersions
        if let v = schemaVersion, !supported.contains(v) {
            r.error(m, "schemaVersion", "schemaVersion \(v) is not supported; this engine reads schemaVersion \(supported.lowerBound) to \(supported.upperBound)")
        }
        if let v = schemaVersion, v < 2 {
            for key in version2Keys where m.value(key) != nil {
                r.error(m, key, "`\(key)` needs schemaVersion 2, but the manifest declares schemaVersion \(v); set `schemaVersion: 2`")
            }
        }
        let name = r.string(m, "name")
        if let name, name.isEmpty || !name.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }) {
            r.error(m, "name", "bank name `\(name)` must match [a-z0-9-]+ (lower-case letters, digits, hyphens)")
        }
        let version = r.string(m, "version")
        let title = r.string(m, "title")
        let description = r.string(m, "description")
        let language = r.string(m, "language")
        let certificationLevel = m.has("certificationLevel")
            ? r.choice(m, "certificationLevel", MentorLevel.self, label: "level") : .intermediate
        let blueprint = readBlueprint(m, r, &sources)
        sources.levelsLine = m.line("levels")
        let levels = readLevels(m, r)
        let cutScores = readCutScores(m, r)
        sources.examLine = m.line("exam")
        let exam = readExam(m, r, blueprint: blueprint)
        var reportingScale: ReportingScale?
        if m.has("reportingScale"), let s = r.map(m, "reportingScale", what: "reportingScale") {
            r.checkKeys(s, known: ["intercept", "slope"])
            if let a = r.double(s, "intercept"), let b = r.double(s, "slope") {
                if b == 0 { r.error(s, "slope", "reportingScale slope must not be 0") }
                reportingScale = ReportingScale(intercept: a, slope: b)
            }
        }
        var parameterSource: ParameterSource?
        if m.has("parameterSource"), let p = r.map(m, "parameterSource", what: "parameterSource") {
            r.checkKeys(p, known: ["source", "seed", "persons", "calibration", "model", "settings", "note"])
            var settings: [String: String]?
            if p.has("settings"), let s = r.map(p, "settings", what: "parameterSource.settings") {
                var out: [String: String] = [:]
                for (k, v) in s.mapping {
                    guard let key = k.scalar?.string, case .scalar(let value) = v else {
                        r.error(s.file, k.mark?.line ?? s.line, nil, "parameterSource.settings must map names to single values")
                        continue
                    }
                    out[key] = value.string
                }
                settings = out
            }
            if let kind = r.choice(p, "source", ParameterSource.Kind.self, label: "parameter source") {
                parameterSource = ParameterSource(
                    source: kind, seed: r.int(p, "seed", required: false), persons: r.int(p, "persons", required: false),
                    calibration: r.string(p, "calibration", required: false), model: r.string(p, "model", required: false),
                    settings: settings, note: r.string(p, "note", required: false))
            }
        }
        let scaleGiven = m.has("scale")
        let scale = scaleGiven ? readScale(m, r) : nil
        var certification: CertificationScheme?
        if m.has("certification"), let c = r.map(m, "certification", what: "certification") {
            r.checkKeys(c, known: ["validityYears"])
            if let years = r.int(c, "validityYears") {
                let range = CertificationScheme.validityYearsRange
                if range.contains(years) {
                    certification = CertificationScheme(validityYears: years)
                } else {
                    r.error(c, "validityYears", "validityYears must be a whole number of years from \(range.lowerBound) to \(range.upperBound), not \(years)")
                }
            }
        }
        let assessmentsGiven = m.has("assessments")
        let assessments = assessmentsGiven ? readAssessments(m, r, blueprint: blueprint, exam: exam, sources: &sources) : nil
        let modulesGiven = m.has("sectorModules")
        let sectorModules = modulesGiven ? readSectorModules(m, r, sources: &sources) : nil
        guard schemaVersion != nil, let name, let version, let title, let description, let language,
              let certificationLevel, let blueprint, let levels, let cutScores, let exam,
              scale != nil || !scaleGiven, assessments != nil || !assessmentsGiven,
              sectorModules != nil || !modulesGiven else { return nil }
        return BankManifest(name: name, version: version, title: title,
                            description: description, language: language, certificationLevel: certificationLevel,
                            blueprint: blueprint, levels: levels, cutScores: cutScores, exam: exam,
                            reportingScale: reportingScale, parameterSource: parameterSource, scale: scale,
                            certification: certification, assessments: assessments, sectorModules: sectorModules)
    }

    /// The `scale:` block (format 2): the latent distribution of the bank's scale and the sample of
    /// the latest fixed-parameter calibration. Means must be finite and within ±``ParameterSet/latentMeanLimit``,
    /// variances finite, positive and at most ``ParameterSet/latentVarianceLimit`` — the limits a
    /// parameter document must meet, so that the bank's parameter set is always readable.
    static func readScale(_ m: YMap, _ r: FieldReader) -> BankScale? {
        guard let s = r.map(m, "scale", what: "scale") else { return nil }
        r.checkKeys(s, known: ["latentMean", "latentVariance", "calibration", "lastCalibrationSample"])
        let latent = readLatent(s, r)
        let calibration = r.string(s, "calibration", required: false)
        var sample: CalibrationSample?
        var sampleOK = true
        if s.has("lastCalibrationSample") {
            sampleOK = false
            if let c = r.map(s, "lastCalibrationSample", what: "scale.lastCalibrationSample") {
                r.checkKeys(c, known: ["calibration", "persons", "latentMean", "latentVariance"])
                let id = r.string(c, "calibration")
                let persons = r.int(c, "persons", required: false)
                if let persons, persons < 1 {
                    r.error(c, "persons", "`persons` in scale.lastCalibrationSample must be at least 1, not \(persons)")
                }
                if let id, let (mean, variance) = readLatent(c, r), persons.map({ $0 >= 1 }) ?? true {
                    sample = CalibrationSample(calibration: id, persons: persons, latentMean: mean, latentVariance: variance)
                    sampleOK = true
                }
            }
        }
        guard let (mean, variance) = latent, sampleOK else { return nil }
        return BankScale(latentMean: mean, latentVariance: variance, calibration: calibration, lastCalibrationSample: sample)
    }

    /// `latentMean` and `latentVariance` of a scale block, checked.
    static func readLatent(_ s: YMap, _ r: FieldReader) -> (mean: Double, variance: Double)? {
        let mean = r.double(s, "latentMean"), variance = r.double(s, "latentVariance")
        let meanLimit = ParameterSet.latentMeanLimit, varianceLimit = ParameterSet.latentVarianceLimit
        var ok = true
        if let mean, abs(mean) > meanLimit {
            r.error(s, "latentMean", "latentMean \(format(mean)) in \(s.what) is outside ±\(format(meanLimit)); θ is a standardised scale, check the value")
            ok = false
        }
        if let variance, !(variance > 0 && variance <= varianceLimit) {
            r.error(s, "latentVariance", "latentVariance \(format(variance)) in \(s.what) must be positive and at most \(format(varianceLimit)); check the value (1 on a standardised scale)")
            ok = false
        }
        guard ok, let mean, let variance else { return nil }
        return (mean, variance)
    }

    static func readBlueprint(_ m: YMap, _ r: FieldReader, _ sources: inout SourceMap) -> Blueprint? {
        guard let b = r.map(m, "blueprint", what: "the blueprint") else { return nil }
        r.checkKeys(b, known: ["sections"])
        guard let nodes = r.list(b, "sections") else { return nil }
        if nodes.isEmpty { r.error(b, "sections", "the blueprint has no sections; add at least one") }
        var sections: [BlueprintSection] = []
        var ok = true
        for node in nodes {
            guard let s = r.map(node, file: m.file, line: b.line("sections"), itemID: nil, what: "a blueprint section") else {
                ok = false; continue
            }
            let id = r.string(s, "id")
            let what = "blueprint section \(id ?? "?")"
            let sm = YMap(mapping: s.mapping, file: s.file, line: s.line, itemID: nil, what: what)
            r.checkKeys(sm, known: ["id", "title", "description", "share", "minItems", "maxItems"])
            let title = r.string(sm, "title"), description = r.string(sm, "description")
            let share = r.double(sm, "share"), minItems = r.int(sm, "minItems"), maxItems = r.int(sm, "maxItems")
            if let id {
                if sources.sectionLines[id] != nil {
                    r.error(sm, "id", "duplicate blueprint section id \(id) (also at bank.yaml:\(sources.sectionLines[id] ?? 0)); give each section a unique id")
                }
                sources.sectionLines[id] = sm.line
                sources.sectionMinItemsLines[id] = sm.line("minItems")
            }
            if let share, !(0...1).contains(share) { r.error(sm, "share", "share \(share) of \(what) must be between 0 and 1") }
            if let minItems, minItems < 0 { r.error(sm, "minItems", "minItems of \(what) must not be negative") }
            if let minItems, let maxItems, minItems > maxItems {
                r.error(sm, "minItems", "\(what) has minItems \(minItems) > maxItems \(maxItems); lower minItems or raise maxItems")
            }
            guard let id, let title, let description, let share, let minItems, let maxItems else { ok = false; continue }
            sections.append(BlueprintSection(id: id, title: title, description: description, share: share,
                                             minItems: minItems, maxItems: maxItems))
        }
        if ok, !sections.isEmpty {
            let total = sections.reduce(0) { $0 + $1.share }
            if abs(total - 1) > 0.01 {
                r.error(b, "sections", "blueprint shares sum to \(format(total)), not 1 (± 0.01); adjust the sections' `share` so they sum to 1")
            }
        }
        return ok ? Blueprint(sections: sections) : nil
    }

    static func readLevels(_ m: YMap, _ r: FieldReader) -> [LevelDefinition]? {
        guard let nodes = r.list(m, "levels") else { return nil }
        var levels: [LevelDefinition] = []
        var ok = true
        for node in nodes {
            guard let l = r.map(node, file: m.file, line: m.line("levels"), itemID: nil, what: "a level") else { ok = false; continue }
            r.checkKeys(l, known: ["id", "title", "description"])
            let id = r.choice(l, "id", MentorLevel.self, label: "level")
            let title = r.string(l, "title"), description = r.string(l, "description")
            guard let id, let title, let description else { ok = false; continue }
            levels.append(LevelDefinition(id: id, title: title, description: description))
        }
        if ok, levels.map(\.id) != MentorLevel.allCases {
            r.error(m, "levels", "levels are \(levels.map(\.id.rawValue).joined(separator: ", ")); they must be exactly novice, intermediate, advanced, expert in that order")
        }
        return ok ? levels : nil
    }

    static func readCutScores(_ m: YMap, _ r: FieldReader) -> CutScores? {
        guard let c = r.map(m, "cutScores", what: "cutScores") else { return nil }
        r.checkKeys(c, known: ["intermediate", "advanced", "expert"])
        let i = r.double(c, "intermediate"), a = r.double(c, "advanced"), e = r.double(c, "expert")
        guard let i, let a, let e else { return nil }
        if !(i < a && a < e) {
            r.error(m, "cutScores", "cut scores must increase: intermediate (\(format(i))) < advanced (\(format(a))) < expert (\(format(e))); reorder them")
        }
        return CutScores(intermediate: i, advanced: a, expert: e)
    }

    static func readExam(_ m: YMap, _ r: FieldReader, blueprint: Blueprint?) -> ExamSettings? {
        guard let e = r.map(m, "exam", what: "exam settings") else { return nil }
        r.checkKeys(e, known: ["targetSE", "minLength", "maxLength", "maxExposure", "startTheta",
                               "interimEstimator", "finalEstimator", "sectionMaxSE", "pretestItems",
                               "timeLimitMinutes"])
        let targetSE = r.double(e, "targetSE"), minLength = r.int(e, "minLength"), maxLength = r.int(e, "maxLength")
        let maxExposure = r.double(e, "maxExposure")
        let startTheta = e.has("startTheta") ? r.double(e, "startTheta") : 0
        let interim = e.has("interimEstimator") ? r.choice(e, "interimEstimator", Estimator.self, label: "estimator") : .eap
        let final = e.has("finalEstimator") ? r.choice(e, "finalEstimator", Estimator.self, label: "estimator") : .wle
        let sectionMaxSE = e.has("sectionMaxSE") ? r.double(e, "sectionMaxSE") : 0.5
        let pretestItems = e.has("pretestItems") ? r.int(e, "pretestItems") : nil
        if let pretestItems, pretestItems < 0 { r.error(e, "pretestItems", "pretestItems must be 0 or more, not \(pretestItems)") }
        let timeLimitMinutes = e.has("timeLimitMinutes") ? r.double(e, "timeLimitMinutes") : nil
        if let timeLimitMinutes, !(timeLimitMinutes > 0 && timeLimitMinutes.isFinite) {
            r.error(e, "timeLimitMinutes", "timeLimitMinutes must be a number of minutes > 0, not \(format(timeLimitMinutes)); remove the key for an exam without a time limit")
        }
        if let targetSE, targetSE <= 0 { r.error(e, "targetSE", "targetSE must be > 0, not \(format(targetSE))") }
        if let sectionMaxSE, sectionMaxSE <= 0 { r.error(e, "sectionMaxSE", "sectionMaxSE must be > 0, not \(format(sectionMaxSE))") }
        if let minLength, minLength < 1 { r.error(e, "minLength", "minLength must be at least 1") }
        if let minLength, let maxLength, minLength > maxLength {
            r.error(e, "minLength", "minLength \(minLength) > maxLength \(maxLength); lower minLength or raise maxLength")
        }
        if let maxExposure, !(maxExposure > 0 && maxExposure <= 1) {
            r.error(e, "maxExposure", "maxExposure must be in (0, 1], not \(format(maxExposure))")
        }
        if let maxLength, let blueprint {
            let total = blueprint.sections.reduce(0) { $0 + $1.minItems }
            if total > maxLength {
                r.error(e, "maxLength", "maxLength \(maxLength) is below the sum of the sections' minItems (\(total)); the blueprint cannot be met: raise maxLength or lower minItems")
            }
            for s in blueprint.sections where s.minItems > maxLength {
                r.error(e, "maxLength", "section \(s.id) needs minItems \(s.minItems) > maxLength \(maxLength)")
            }
        }
        guard let targetSE, let minLength, let maxLength, let maxExposure, let startTheta, let interim, let final,
              let sectionMaxSE else { return nil }
        return ExamSettings(targetSE: targetSE, minLength: minLength, maxLength: maxLength, maxExposure: maxExposure,
                            startTheta: startTheta, interimEstimator: interim, finalEstimator: final,
                            sectionMaxSE: sectionMaxSE, pretestItems: pretestItems, timeLimitMinutes: timeLimitMinutes)
    }

    // MARK: - Items

    static func readItems(base: URL, manifest: BankManifest?, reader r: FieldReader, sources: inout SourceMap) -> [Item] {
        let folder = base.appendingPathComponent(itemsFolder)
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
                .sorted { $0.localizedStandardCompare($1) == .orderedAscending }
        } catch {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory)
            r.fileError(itemsFolder, 1, !exists ? "no folder \(itemsFolder)/; put the item files in \(itemsFolder)/<section>.yaml"
                : !isDirectory.boolValue ? "\(itemsFolder) is a file, not a folder; put the item files in \(itemsFolder)/<section>.yaml"
                : "cannot list the folder: permission denied: this user may not read it; change its permissions")
            return []
        }
        if names.isEmpty { r.warning(itemsFolder, 0, nil, "no item files in \(itemsFolder)/; add one file per blueprint section") }
        var items: [Item] = []
        for name in names {
            let file = "\(itemsFolder)/\(name)"
            guard let root = compose(base: base, file: file, reader: r) else {
                sources.brokenItemFiles[file] = r.problems.last?.line ?? 1
                continue
            }
            guard let m = r.map(root, file: file, line: 1, itemID: nil, what: "an item file") else {
                sources.brokenItemFiles[file] = 1
                continue
            }
            r.checkKeys(m, known: ["section", "items"])
            let section = r.string(m, "section")
            if let section {
                let stem = (name as NSString).deletingPathExtension
                if let manifest, manifest.blueprint.section(section) == nil {
                    r.error(m, "section", "section `\(section)` is not in the blueprint (\(manifest.blueprint.sections.map(\.id).joined(separator: ", "))); add it to bank.yaml or fix `section:`")
                } else if stem != section {
                    r.error(m, "section", "file \(file) declares `section: \(section)`; name the file \(itemsFolder)/\(section).yaml or fix `section:`")
                }
            }
            guard let nodes = r.list(m, "items") else { continue }
            for (index, node) in nodes.enumerated() {
                if let item = ItemReader.read(node, index: index, file: file, section: section ?? "?",
                                              reader: r, sources: &sources) {
                    items.append(item)
                }
            }
        }
        return items
    }
}

/// Formats a number compactly for messages: 4 decimals, trailing zeros dropped (`NumberText.fixed`, the
/// one display formatter); NaN and ±∞ as Swift writes them.
func format(_ x: Double) -> String { NumberText.fixed(x, decimals: 4) ?? x.description }
