import Foundation

/// The checks that need the whole bank: enemies, sets, blueprint feasibility, coverage of sections and levels.
enum BankChecks {
    ///
    /// When an item file could not be read (`sources.brokenItemFiles`), the problems its missing items
    /// may cause — the feasibility and coverage of its section (the file is named after it; every
    /// section when a broken file is not), level coverage, enemies that are not items of the bank — are
    /// not reported but counted in `r.heldBack`.
    static func crossCheck(manifest: BankManifest, items: [Item], reader r: FieldReader, sources: SourceMap) {
        let byID = Dictionary(items.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        func place(_ id: String) -> (file: String, line: Int) { sources.itemPlaces[id] ?? ("items", 0) }
        let manifestFile = ItemBank.manifestFile
        let itemsIncomplete = !sources.brokenItemFiles.isEmpty
        let brokenStems = Set(sources.brokenItemFiles.keys.map { (($0 as NSString).lastPathComponent as NSString).deletingPathExtension })
        let sectionIDs = Set(manifest.blueprint.sections.map(\.id))
        func sectionIncomplete(_ id: String) -> Bool { brokenStems.contains(id) || !brokenStems.isSubset(of: sectionIDs) }
        /// Reports a problem unless it may follow from an unread file (then counts it).
        func unless(_ heldBack: Bool, _ report: () -> Void) {
            if heldBack { r.heldBack += 1 } else { report() }
        }

        // Enemies: known, not the item itself, symmetric (warning).
        for item in items {
            let (file, line) = place(item.id)
            for enemy in item.enemies {
                if enemy == item.id {
                    r.error(file, line, item.id, "item \(item.id) names itself as an enemy; remove it from `enemies`")
                } else if sources.itemPlaces[enemy] == nil {
                    var message = "enemy \(enemy) is not an item of the bank; fix the id or remove it from `enemies`"
                    if let s = nearest(enemy, in: Array(sources.itemPlaces.keys)) { message += " (did you mean \(s)?)" }
                    unless(itemsIncomplete) { r.error(file, line, item.id, message) }
                } else if let other = byID[enemy], !other.enemies.contains(item.id) {
                    let o = place(enemy)
                    r.warning(file, line, item.id, "\(item.id) lists \(enemy) as an enemy but \(enemy) (\(o.file):\(o.line)) does not list \(item.id); add it there so the relation is symmetric")
                }
            }
        }

        // Sets: all members in one section.
        var setSection: [String: (section: String, item: String)] = [:]
        for item in items {
            guard let set = item.set else { continue }
            if let first = setSection[set] {
                if first.section != item.section {
                    let (file, line) = place(item.id)
                    let f = place(first.item)
                    r.error(file, line, item.id, "set \(set) has members in sections \(first.section) (\(first.item), \(f.file):\(f.line)) and \(item.section); a set's items share one scenario and one section: move them together")
                }
            } else {
                setSection[set] = (item.section, item.id)
            }
        }

        // Sets: members are given together, so two members that are each other's enemies can never be given.
        var reportedPairs = Set<[String]>()
        for item in items {
            guard let set = item.set else { continue }
            for enemy in item.enemies where enemy != item.id {
                guard let other = byID[enemy], other.set == set else { continue }
                let pair = [item.id, enemy].sorted()
                guard reportedPairs.insert(pair).inserted else { continue }
                let (file, line) = place(item.id)
                let o = place(enemy)
                r.error(file, line, item.id, "\(item.id) and \(enemy) (\(o.file):\(o.line)) are both in set \(set) and enemies "
                    + "of each other: a set's items are given together and enemies never are, so neither could be given; "
                    + "take one of them out of set \(set), or remove the enemy relation")
            }
        }

        // Blueprint feasibility and coverage (operational items only).
        let operational = items.filter { $0.status == .operational }
        let exposure = manifest.exam.maxExposure
        for section in manifest.blueprint.sections {
            let n = operational.filter { $0.section == section.id }.count
            let line = sources.sectionLines[section.id] ?? 1
            let held = sectionIncomplete(section.id)
            if n == 0 {
                unless(held) { r.warning(manifestFile, line, nil, "section \(section.id) has no operational items; add items to items/\(section.id).yaml or set their status to operational") }
            }
            let capacity = Double(n) * exposure
            if Double(section.minItems) > capacity + 1e-9 {
                unless(held) { r.error(manifestFile, sources.sectionMinItemsLines[section.id] ?? line, nil,
                        "section \(section.id) needs minItems \(section.minItems) per exam but has \(n) operational items × maxExposure \(format(exposure)) = \(format(capacity)); the blueprint cannot be met under the exposure limit: add operational items (at least \(Int((Double(section.minItems) / exposure).rounded(.up)))), lower minItems or raise maxExposure") }
            }
        }
        checkAssessments(manifest: manifest, items: items, reader: r, sources: sources, heldBack: itemsIncomplete)
        checkSectorModules(manifest: manifest, items: items, reader: r, sources: sources, heldBack: itemsIncomplete)
        for level in MentorLevel.allCases where !operational.contains(where: { $0.level == level }) {
            unless(itemsIncomplete) { r.warning(manifestFile, sources.levelsLine, nil, "level \(level.rawValue) has no operational items; the exam cannot measure well around its cut: add items at that level") }
        }
    }
}

extension BankChecks {
    /// Each configured assessment type's blueprint against its item pool (DECISIONS §3, §11): the scored
    /// operational items its `use` admits must hold every section's minimum under the exposure limit
    /// (`minItems ≤ eligible × maxExposure`) and the minimum length; a type that gives self-assessment
    /// items but has none eligible gets a warning.
    static func checkAssessments(manifest: BankManifest, items: [Item], reader r: FieldReader, sources: SourceMap,
                                 heldBack: Bool) {
        guard let configured = manifest.assessments else { return }
        let file = ItemBank.manifestFile
        let exposure = manifest.exam.maxExposure
        for type in AssessmentType.allCases where configured[type] != nil {
            if heldBack { r.heldBack += 1; continue }
            let plan = manifest.assessment(type)
            let name = type.rawValue
            let line = sources.assessmentLines[name] ?? sources.examLine
            let eligible = items.filter { $0.status == .operational && $0.scored && plan.admits($0) }
            let restriction = plan.use.isEmpty ? "" : " with `use` \(plan.use.joined(separator: ", "))"
            if eligible.count < plan.exam.minLength {
                r.error(file, line, nil, "the \(name) assessment needs at least minLength \(plan.exam.minLength) scored items but its pool\(restriction) "
                    + "has \(eligible.count) scored operational items; tag more items `use: [\(name)]`, widen `use` or lower minLength of the \(name) assessment")
            }
            for section in plan.sections where section.minItems > 0 {
                let n = eligible.filter { $0.section == section.id }.count
                let capacity = Double(n) * exposure
                guard Double(section.minItems) > capacity + 1e-9 else { continue }
                let at = sources.assessmentLines["\(name)/\(section.id)"] ?? line
                r.error(file, at, nil, "the \(name) assessment needs minItems \(section.minItems) of section \(section.id) but its pool\(restriction) "
                    + "has \(n) operational items of \(section.id) × maxExposure \(format(exposure)) = \(format(capacity)); the blueprint cannot be met: "
                    + "tag at least \(Int((Double(section.minItems) / exposure).rounded(.up))) items of \(section.id) for the \(name) assessment, "
                    + "lower minItems of \(section.id) for the \(name) assessment, or raise maxExposure")
            }
            if plan.selfAssessmentItems, !items.contains(where: { !$0.scored && $0.status == .operational && plan.admits($0) }) {
                r.warning(file, line, nil, "the \(name) assessment gives self-assessment items but its pool\(restriction) has no operational "
                    + "item with `scored: false`; add some or set selfAssessmentItems: false")
            }
        }
    }

    /// Every sector module needs scored operational items with parameters in its sector.
    static func checkSectorModules(manifest: BankManifest, items: [Item], reader r: FieldReader, sources: SourceMap,
                                   heldBack: Bool) {
        for module in manifest.sectorModules ?? [] {
            let n = items.filter { $0.status == .operational && $0.scored && $0.tags.sector.contains(module.sector) }.count
            guard n == 0 else { continue }
            if heldBack { r.heldBack += 1; continue }
            r.error(ItemBank.manifestFile, sources.sectorModuleLines[module.id] ?? 1, nil,
                    "sector module \(module.id) has no scored operational item tagged `sector: [\(module.sector)]`; tag items or remove the module")
        }
    }
}

