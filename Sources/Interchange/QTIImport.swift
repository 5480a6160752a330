import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ItemBanking

/// Reads QTI 3.0 choice items back into bank items (``QTIItem`` describes the mapping) and refuses
/// what the bank cannot represent, naming the item and the construct: any interaction but one
/// single-choice `qti-choice-interaction`, multiple cardinality, markup other than plain text in the
/// prompt or choices, a map whose scores are not 0..K−1, an item with neither a correct response nor
/// a map.
public enum QTIImport {
    /// What QTI carries of a bank item: no section, level, rationale or parameters.
    public struct ImportedItem: Sendable, Equatable {
        public var id: String
        public var type: ItemType
        public var stem: String
        public var options: [ItemOption]
        public var key: String?
        public var categories: [ItemCategory]
    }

    /// The items of `path`: an item XML, or a content package's `imsmanifest.xml` (its item resources,
    /// in order, relative to the manifest).
    public static func items(at path: String) throws(InterchangeError) -> [ImportedItem] {
        let doc = try read(path)
        guard let root = doc.rootElement() else { throw InterchangeError("\(path): the XML has no root element.") }
        if root.localName == "manifest" {
            let base = URL(fileURLWithPath: path).deletingLastPathComponent()
            let resources = descendants(root, "resource").filter {
                (QTIImport.attribute($0, "type") ?? "").hasPrefix("imsqti_item")
            }
            guard !resources.isEmpty else { throw InterchangeError("\(path): the manifest lists no QTI item resource.") }
            var out: [ImportedItem] = []
            for r in resources {
                guard let href = QTIImport.attribute(r, "href") else {
                    throw InterchangeError("\(path): a resource has no href; the manifest must name each item file.")
                }
                let itemPath = base.appendingPathComponent(href).path
                out.append(try item(try read(itemPath), file: itemPath))
            }
            return out
        }
        return [try item(doc, file: path)]
    }

    static func read(_ path: String) throws(InterchangeError) -> XMLDocument {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw InterchangeError("\(path): cannot read the file (\(error.localizedDescription)); check the path.")
        }
        do { return try XMLDocument(data: data, options: []) } catch {
            throw InterchangeError("\(path): not well-formed XML (\(error.localizedDescription)); fix the file.")
        }
    }

    /// The value of the attribute `name` of `e` (by local name: FoundationXML on Linux does not find
    /// attributes of a namespaced element with `attribute(forName:)`).
    static func attribute(_ e: XMLElement, _ name: String) -> String? {
        (e.attributes ?? []).first { $0.name == name || $0.localName == name }?.stringValue
    }

    static func children(_ e: XMLElement, _ name: String) -> [XMLElement] {
        (e.children ?? []).compactMap { $0 as? XMLElement }.filter { $0.localName == name }
    }

    static func descendants(_ e: XMLElement, _ name: String) -> [XMLElement] {
        var out: [XMLElement] = []
        for c in (e.children ?? []).compactMap({ $0 as? XMLElement }) {
            if c.localName == name { out.append(c) }
            out += descendants(c, name)
        }
        return out
    }

    /// Inline elements whose text is kept (their markup is dropped).
    static let inlineText: Set<String> = ["p", "span", "em", "strong", "b", "i", "br", "div"]

    /// The plain text of `e`, whitespace collapsed; refuses other markup.
    static func text(_ e: XMLElement, item: String, file: String, what: String) throws(InterchangeError) -> String {
        for c in descendantsAll(e) where !inlineText.contains(c.localName ?? "") {
            throw InterchangeError("\(file): item \(item): the \(what) holds <\(c.name ?? "?")>; the bank holds plain text only, "
                + "so rich content (images, math, tables) cannot be imported — simplify the item or author it in the bank.")
        }
        let raw = e.stringValue ?? ""
        return raw.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    static func descendantsAll(_ e: XMLElement) -> [XMLElement] {
        (e.children ?? []).compactMap { $0 as? XMLElement }.flatMap { [$0] + descendantsAll($0) }
    }

    /// Interactions of QTI 3.0 the bank cannot represent (any but the choice interaction).
    static func isInteraction(_ name: String) -> Bool { name.hasPrefix("qti-") && name.hasSuffix("-interaction") }

    static func item(_ doc: XMLDocument, file: String) throws(InterchangeError) -> ImportedItem {
        guard let root = doc.rootElement(), root.localName == "qti-assessment-item" else {
            throw InterchangeError("\(file): the root element is <\(doc.rootElement()?.name ?? "none")>, not a QTI 3.0 <qti-assessment-item>.")
        }
        if let uri = root.uri, uri != QTIItem.namespace {
            throw InterchangeError("\(file): the namespace is \(uri), not QTI 3.0's \(QTIItem.namespace); convert the item to QTI 3.0 first.")
        }
        let id = QTIImport.attribute(root, "identifier") ?? ""
        guard !id.isEmpty else { throw InterchangeError("\(file): the item has no identifier.") }
        guard let body = children(root, "qti-item-body").first else {
            throw InterchangeError("\(file): item \(id) has no qti-item-body.")
        }
        let interactions = descendantsAll(body).filter { isInteraction($0.localName ?? "") }
        if let other = interactions.first(where: { $0.localName != "qti-choice-interaction" }) {
            throw InterchangeError("\(file): item \(id) uses a \(other.localName ?? "?"); the bank represents only a single "
                + "qti-choice-interaction (multiple choice or graded situational judgement).")
        }
        guard interactions.count == 1, let choice = interactions.first else {
            throw InterchangeError("\(file): item \(id) has \(interactions.count) choice interactions; the bank represents exactly one per item.")
        }
        let maxChoices = Int(QTIImport.attribute(choice, "max-choices") ?? "1") ?? 1
        guard maxChoices == 1 else {
            throw InterchangeError("\(file): item \(id) allows \(maxChoices == 0 ? "any number of" : String(maxChoices)) choices "
                + "(multiple response); the bank represents single-choice items only.")
        }
        let responseID = QTIImport.attribute(choice, "response-identifier") ?? "RESPONSE"
        guard let declaration = children(root, "qti-response-declaration").first(where: {
            QTIImport.attribute($0, "identifier") == responseID
        }) else {
            throw InterchangeError("\(file): item \(id) has no qti-response-declaration for \(responseID).")
        }
        if let cardinality = QTIImport.attribute(declaration, "cardinality"), cardinality != "single" {
            throw InterchangeError("\(file): item \(id) declares cardinality \(cardinality); the bank represents single-choice items only.")
        }
        var stem = ""
        if let prompt = children(choice, "qti-prompt").first {
            stem = try text(prompt, item: id, file: file, what: "prompt")
        }
        // Text of the item body outside the interaction comes before the prompt.
        var lead: [String] = []
        for c in (body.children ?? []).compactMap({ $0 as? XMLElement }) where c !== choice && !descendantsAll(c).contains(where: { $0 === choice }) {
            let t = try text(c, item: id, file: file, what: "item body")
            if !t.isEmpty { lead.append(t) }
        }
        stem = (lead + [stem]).filter { !$0.isEmpty }.joined(separator: " ")
        guard !stem.isEmpty else { throw InterchangeError("\(file): item \(id) has no stem (no qti-prompt and no text in the item body).") }
        var choices: [(id: String, text: String)] = []
        for c in children(choice, "qti-simple-choice") {
            let cid = QTIImport.attribute(c, "identifier") ?? ""
            choices.append((cid, try text(c, item: id, file: file, what: "choice \(cid)")))
        }
        let labels = QTIItem.labels(choices.count)
        let relabel = Dictionary(zip(choices.map(\.id), labels), uniquingKeysWith: { a, _ in a })
        if let mapping = children(declaration, "qti-mapping").first {
            var scores: [String: Int] = [:]
            for entry in children(mapping, "qti-map-entry") {
                let key = QTIImport.attribute(entry, "map-key") ?? ""
                let valueText = QTIImport.attribute(entry, "mapped-value") ?? ""
                guard let value = Double(valueText), value == value.rounded(), value >= 0 else {
                    throw InterchangeError("\(file): item \(id) maps \(key) to \(valueText); graded items score 0..K−1 in whole numbers.")
                }
                scores[key] = Int(value)
            }
            var categories: [ItemCategory] = []
            for c in choices {
                guard let s = scores[c.id] else {
                    throw InterchangeError("\(file): item \(id): choice \(c.id) has no map entry; every option of a graded item needs its score.")
                }
                categories.append(ItemCategory(score: s, text: c.text))
            }
            guard Set(categories.map(\.score)) == Set(0..<categories.count) else {
                throw InterchangeError("\(file): item \(id) maps its choices to scores \(categories.map(\.score)); a graded item's "
                    + "categories score 0..K−1, each once.")
            }
            return ImportedItem(id: id, type: .graded, stem: stem, options: [], key: nil, categories: categories)
        }
        let correct = children(declaration, "qti-correct-response").first.map { children($0, "qti-value") } ?? []
        guard correct.count == 1, let keyID = correct[0].stringValue?.trimmingCharacters(in: .whitespacesAndNewlines),
              let key = relabel[keyID] else {
            throw InterchangeError("\(file): item \(id) has \(correct.count) correct values and no qti-mapping; a multiple-choice item "
                + "needs exactly one correct choice that is one of its qti-simple-choice identifiers.")
        }
        return ImportedItem(id: id, type: .multipleChoice, stem: stem,
                            options: zip(labels, choices).map { ItemOption(label: $0, text: $1.text) },
                            key: key, categories: [])
    }
}
