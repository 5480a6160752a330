import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ItemBanking

/// QTI 3.0 (`imsqtiasi_v3p0`, 1EdTech Question & Test Interoperability 3.0, 2022) items of the bank,
/// written and read with FoundationXML's tree (never spliced text).
///
/// ```
/// multiple-choice  qti-choice-interaction (max-choices 1), qti-correct-response = key,
///                  response processing template match_correct       SCORE = 1 if chosen = key else 0
/// graded (SJT)     qti-choice-interaction (max-choices 1), qti-mapping: choice → category score,
///                  response processing template map_response        SCORE = score of the chosen option
/// ```
/// Choices are identified `A`, `B`, … in order (a graded item's categories in their authored order).
/// The stem is the interaction's `qti-prompt`. QTI carries no section, level or rationale.
public enum QTIItem {
    /// The QTI 3.0 assessment-item namespace.
    public static let namespace = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"
    /// The content-package (manifest) namespace of QTI 3.0.
    public static let manifestNamespace = "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1"
    /// The response-processing templates.
    public static let matchCorrect = "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/match_correct.xml"
    public static let mapResponse = "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/map_response.xml"

    /// The choice identifiers A, B, … of `count` choices.
    static func labels(_ count: Int) -> [String] {
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        return (0..<count).map { (k: Int) -> String in
            let letter = String(letters[k % 26])
            return k >= 26 ? letter + String(k / 26) : letter
        }
    }

    static func element(_ name: String, _ attributes: [(String, String)] = [], children: [XMLNode] = [], text: String? = nil) -> XMLElement {
        let e = XMLElement(name: name)
        for (k, v) in attributes {
            if let a = XMLNode.attribute(withName: k, stringValue: v) as? XMLNode { e.addAttribute(a) }
        }
        if let text { e.stringValue = text }
        for c in children { e.addChild(c) }
        return e
    }

    /// The QTI document of one bank item; `language` is the bank's BCP-47 tag (`xml:lang`).
    public static func document(for item: Item, language: String = "en") -> XMLDocument {
        let root = element("qti-assessment-item", [("identifier", item.id), ("title", item.id),
                                                   ("adaptive", "false"), ("time-dependent", "false"),
                                                   ("xml:lang", language)])
        if let ns = XMLNode.namespace(withName: "", stringValue: namespace) as? XMLNode { root.addNamespace(ns) }
        let response = element("qti-response-declaration", [("identifier", "RESPONSE"), ("cardinality", "single"),
                                                            ("base-type", "identifier")])
        let choices: [(String, String)]
        switch item.type {
        case .multipleChoice:
            choices = item.options.map { ($0.label, $0.text) }
            if let key = item.key {
                response.addChild(element("qti-correct-response", children: [element("qti-value", text: key)]))
            }
        case .graded:
            let ids = labels(item.categories.count)
            choices = zip(ids, item.categories).map { ($0, $1.text) }
            // The best category is the correct response (QTI requires one for a map to be informative to
            // some players); the map carries every score.
            if let best = zip(ids, item.categories).max(by: { $0.1.score < $1.1.score }) {
                response.addChild(element("qti-correct-response", children: [element("qti-value", text: best.0)]))
            }
            let entries = zip(ids, item.categories).map {
                element("qti-map-entry", [("map-key", $0), ("mapped-value", String($1.score))]) as XMLNode
            }
            response.addChild(element("qti-mapping", [("default-value", "0")], children: entries))
        }
        root.addChild(response)
        root.addChild(element("qti-outcome-declaration", [("identifier", "SCORE"), ("cardinality", "single"),
                                                          ("base-type", "float")],
                              children: [element("qti-default-value", children: [element("qti-value", text: "0")])]))
        let interaction = element("qti-choice-interaction", [("response-identifier", "RESPONSE"), ("shuffle", "false"),
                                                             ("max-choices", "1")],
                                  children: [element("qti-prompt", text: item.stem)]
                                      + choices.map { element("qti-simple-choice", [("identifier", $0.0)], text: $0.1) as XMLNode })
        root.addChild(element("qti-item-body", children: [interaction]))
        root.addChild(element("qti-response-processing",
                              [("template", item.type == .graded ? mapResponse : matchCorrect)]))
        let doc = XMLDocument(rootElement: root)
        doc.version = "1.0"
        doc.characterEncoding = "UTF-8"
        return doc
    }

    /// The `imsmanifest.xml` of a content package holding `files` (item identifier, file name).
    public static func manifest(identifier: String, files: [(id: String, href: String)]) -> XMLDocument {
        let resources = files.map { f -> XMLNode in
            element("resource", [("identifier", f.id), ("type", "imsqti_item_xmlv3p0"), ("href", f.href)],
                    children: [element("file", [("href", f.href)])])
        }
        let root = element("manifest", [("identifier", identifier)],
                           children: [element("metadata", children: [element("schema", text: "QTI Package"),
                                                                     element("schemaversion", text: "3.0.0")]),
                                      element("organizations"),
                                      element("resources", children: resources)])
        if let ns = XMLNode.namespace(withName: "", stringValue: manifestNamespace) as? XMLNode { root.addNamespace(ns) }
        let doc = XMLDocument(rootElement: root)
        doc.version = "1.0"
        doc.characterEncoding = "UTF-8"
        return doc
    }

    /// The bytes of a document, indented.
    public static func data(_ doc: XMLDocument) -> Data { doc.xmlData(options: [.nodePrettyPrint]) }
}
