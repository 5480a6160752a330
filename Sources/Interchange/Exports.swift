import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import IRTModels
import ItemBanking
import Tables

/// The interchange exports and the QTI import as single calls (the CLI parses, calls one, prints).
public enum Interchange {
    /// The mirt table's file name in an export directory.
    public static let mirtValuesFile = "mirt-values.csv"
    /// The R script's file name in an export directory.
    public static let mirtScriptFile = "mirt-model.R"

    /// Writes `mirt-values.csv` (mirt's `mod2values` table) and `mirt-model.R` into the new directory
    /// `directory`; returns the file names.
    @discardableResult
    public static func exportMirt(_ set: ParameterSet, to directory: String) throws(InterchangeError) -> [String] {
        let files = [(mirtValuesFile, Data(MirtValuesTable.csv(MirtValuesTable.rows(of: set)).utf8)),
                     (mirtScriptFile, Data(MirtScript.text(for: set, valuesFile: mirtValuesFile).utf8))]
        try DirectoryOutput.write(files.map { (name: $0.0, data: $0.1) }, to: directory)
        return files.map(\.0)
    }

    /// Reads a parameter set from mirt's parameter table (CSV as `mod2values` + `write.csv`, or our export).
    public static func readMirtValues(path: String) throws(InterchangeError) -> ParameterSet {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw InterchangeError("\(path): cannot read the file (\(error.localizedDescription)); check the path.")
        }
        return try MirtValuesTable.parameterSet(try MirtValuesTable.parse(text, file: path), file: path)
    }

    /// Writes the catR/mirtCAT bank files into the new directory `directory`; returns the file names.
    @discardableResult
    public static func exportCatR(_ set: ParameterSet, to directory: String) throws(InterchangeError) -> [String] {
        let files = CatRBank.files(for: set)
        try DirectoryOutput.write(files.map { (name: $0.name, data: Data($0.text.utf8)) }, to: directory)
        return files.map(\.name)
    }

    /// Writes one QTI 3.0 item per bank item (`<id>.xml`) and `imsmanifest.xml` into the new directory
    /// `directory`; returns the number of items.
    @discardableResult
    public static func exportQTI(_ bank: ItemBank, to directory: String) throws(InterchangeError) -> Int {
        var files: [(name: String, data: Data)] = []
        for item in bank.items { files.append((name: "\(item.id).xml", data: QTIItem.data(QTIItem.document(for: item, language: bank.manifest.language)))) }
        let manifest = QTIItem.manifest(identifier: "\(bank.manifest.name)-\(bank.manifest.version)",
                                        files: bank.items.map { (id: $0.id, href: "\($0.id).xml") })
        files.append((name: "imsmanifest.xml", data: QTIItem.data(manifest)))
        try DirectoryOutput.write(files, to: directory)
        return bank.items.count
    }

    /// The placeholder rationale of an imported item (QTI carries none; a reviewer writes it).
    public static func importedRationale(file: String) -> String {
        "Imported from QTI (\(file)); the rationale must be written before review."
    }

    /// Adds the QTI items of `path` to the bank in `bankDirectory` as draft items of `section` and
    /// `level` (ids prefixed with `idPrefix`), rewriting `items/<section>.yaml` atomically (comments of
    /// that file are not kept). Returns the new items' ids.
    /// - Throws: ``InterchangeError`` when the bank does not validate, the section is not in the blueprint,
    ///   an id is already in the bank, or an item cannot be represented (``QTIImport``).
    public static func importQTI(_ path: String, into bankDirectory: String, section: String, level: MentorLevel,
                                 idPrefix: String = "") throws(InterchangeError) -> [String] {
        let validation = ItemBank.validate(directory: bankDirectory)
        guard var bank = validation.bank, validation.isValid else {
            throw InterchangeError("\(bankDirectory): the bank has errors; validate it and fix them before importing.")
        }
        guard bank.manifest.blueprint.section(section) != nil else {
            let known = bank.manifest.blueprint.sections.map(\.id).joined(separator: ", ")
            throw InterchangeError("\(bankDirectory): section \(section) is not in the blueprint (\(known)); give one of those.")
        }
        let imported = try QTIImport.items(at: path)
        var ids = Set(bank.items.map(\.id))
        var added: [String] = []
        for q in imported {
            let id = idPrefix + q.id
            guard !ids.contains(id) else {
                throw InterchangeError("\(path): item \(id) is already in the bank; give an id prefix or remove the item.")
            }
            ids.insert(id)
            bank.items.append(Item(id: id, section: section, level: level, type: q.type, stem: q.stem,
                                   options: q.options, key: q.key, categories: q.categories,
                                   rationale: importedRationale(file: URL(fileURLWithPath: path).lastPathComponent),
                                   status: .draft))
            added.append(id)
        }
        let file = URL(fileURLWithPath: bankDirectory).appendingPathComponent("items").appendingPathComponent("\(section).yaml").path
        do { try AtomicFile.write(bank.itemsYAML(section: section), to: file) } catch {
            throw InterchangeError("\(file): cannot write the section's items: \(error).")
        }
        return added
    }
}
