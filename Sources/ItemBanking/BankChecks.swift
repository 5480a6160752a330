/// The checks that need the whole bank: enemies, sets, blueprint feasibility, coverage of sections and levels.
enum BankChecks {
    static func crossCheck(manifest: BankManifest, items: [Item], reader r: FieldReader, sources: SourceMap) {
        let byID = Dictionary(items.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        func place(_ id: String) -> (file: String, line: Int) { sources.itemPlaces[id] ?? ("items", 0) }
        let manifestFile = ItemBank.manifestFile

        // Enemies: known, not the item itself, symmetric (warning).
        for item in items {
            let (file, line) = place(item.id)
            for enemy in item.enemies {
                if enemy == item.id {
                    r.error(file, line, item.id, "item \(item.id) names itself as an enemy; remove it from `enemies`")
                } else if sources.itemPlaces[enemy] == nil {
                    var message = "enemy \(enemy) is not an item of the bank; fix the id or remove it from `enemies`"
                    if let s = nearest(enemy, in: Array(sources.itemPlaces.keys)) { message += " (did you mean \(s)?)" }
                    r.error(file, line, item.id, message)
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

        // Blueprint feasibility and coverage (operational items only).
        let operational = items.filter { $0.status == .operational }
        let exposure = manifest.exam.maxExposure
        for section in manifest.blueprint.sections {
            let n = operational.filter { $0.section == section.id }.count
            let line = sources.sectionLines[section.id] ?? 1
            if n == 0 {
                r.warning(manifestFile, line, nil, "section \(section.id) has no operational items; add items to items/\(section.id).yaml or set their status to operational")
            }
            let capacity = Double(n) * exposure
            if Double(section.minItems) > capacity + 1e-9 {
                r.error(manifestFile, sources.sectionMinItemsLines[section.id] ?? line, nil,
                        "section \(section.id) needs minItems \(section.minItems) per exam but has \(n) operational items × maxExposure \(format(exposure)) = \(format(capacity)); the blueprint cannot be met under the exposure limit: add operational items (at least \(Int((Double(section.minItems) / exposure).rounded(.up)))), lower minItems or raise maxExposure")
            }
        }
        for level in MentorLevel.allCases where !operational.contains(where: { $0.level == level }) {
            r.warning(manifestFile, sources.levelsLine, nil, "level \(level.rawValue) has no operational items; the exam cannot measure well around its cut: add items at that level")
        }
    }
}
