import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import ItemBanking
@testable import Interchange

@Suite("QTI export and import")
struct QTITests {
    @Test("Export → import round-trips stems, options, keys and score maps of the bundled bank; bank validate accepts the drafts")
    func roundTrip() throws {
        let bank = try ItemBank.load(directory: bundledBank)
        let out = temporaryPath("qti")
        let count = try Interchange.exportQTI(bank, to: out)
        #expect(count == bank.items.count)
        // Import into a copy of the bank (ids prefixed so they do not collide with the originals).
        let copy = temporaryPath("bank")
        try FileManager.default.copyItem(atPath: bundledBank, toPath: copy)
        let ids = try Interchange.importQTI(out + "/imsmanifest.xml", into: copy, section: "S2", level: .advanced, idPrefix: "qti-")
        #expect(ids.count == bank.items.count)
        let validation = ItemBank.validate(directory: copy)
        #expect(validation.isValid, "\(validation.problems.map(\.description).prefix(5))")
        let reread = try #require(validation.bank)
        for original in bank.items {
            let imported = try #require(reread.item("qti-" + original.id))
            #expect(imported.type == original.type)
            #expect(imported.stem == original.stem.split(whereSeparator: \.isWhitespace).joined(separator: " "))
            #expect(imported.options == original.options)
            #expect(imported.key == original.key)
            #expect(imported.categories == original.categories)
            #expect(imported.status == .draft && imported.section == "S2" && imported.level == .advanced)
        }
    }

    @Test("The XML uses the QTI 3.0 namespace and element names, and is well-formed")
    func elementNames() throws {
        let bank = try ItemBank.load(directory: bundledBank)
        let graded = try #require(bank.items.first { $0.type == .graded })
        let data = QTIItem.data(QTIItem.document(for: graded))
        let doc = try XMLDocument(data: data, options: [])
        let root = try #require(doc.rootElement())
        #expect(root.name == "qti-assessment-item" && root.uri == "http://www.imsglobal.org/xsd/imsqtiasi_v3p0")
        let names = Set(QTIImport.descendantsAll(root).compactMap(\.localName))
        #expect(names.isSuperset(of: ["qti-response-declaration", "qti-mapping", "qti-map-entry", "qti-outcome-declaration",
                                      "qti-item-body", "qti-choice-interaction", "qti-prompt", "qti-simple-choice",
                                      "qti-response-processing"]))
        let rp = try #require(QTIImport.children(root, "qti-response-processing").first)
        #expect(QTIImport.attribute(rp, "template") == QTIItem.mapResponse)
        // Score map = the categories' scores, by hand from the item.
        let entries = QTIImport.descendants(root, "qti-map-entry").map {
            (QTIImport.attribute($0, "map-key") ?? "", Int(QTIImport.attribute($0, "mapped-value") ?? "") ?? -1)
        }
        #expect(entries.map(\.1) == graded.categories.map(\.score))
        #expect(entries.map(\.0) == ["A", "B", "C", "D", "E", "F", "G"].prefix(graded.categories.count).map { $0 })
    }

    @Test("Import refuses a text-entry interaction, naming the item and the construct")
    func refusesTextEntry() throws {
        let xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <qti-assessment-item xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0" identifier="capital" title="t" adaptive="false" time-dependent="false">
          <qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="string"/>
          <qti-item-body><p>Capital of France? <qti-text-entry-interaction response-identifier="RESPONSE"/></p></qti-item-body>
        </qti-assessment-item>
        """
        let path = temporaryPath("text.xml")
        try xml.write(toFile: path, atomically: true, encoding: .utf8)
        #expect { try QTIImport.items(at: path) } throws: { error in
            let message = (error as? InterchangeError)?.description ?? ""
            return message.contains("item capital") && message.contains("qti-text-entry-interaction")
        }
    }

    @Test("A foreign item (other choice identifiers, text before the interaction, inline markup) is relabelled A, B, …")
    func foreignItem() throws {
        let xml = """
        <qti-assessment-item xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0" identifier="tao-17" title="t" adaptive="false" time-dependent="false">
          <qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="identifier">
            <qti-correct-response><qti-value>choice_3</qti-value></qti-correct-response>
          </qti-response-declaration>
          <qti-item-body>
            <p>A mentee asks for a <em>loan</em>.</p>
            <qti-choice-interaction response-identifier="RESPONSE" max-choices="1">
              <qti-prompt>What do you do?</qti-prompt>
              <qti-simple-choice identifier="choice_1">Lend it</qti-simple-choice>
              <qti-simple-choice identifier="choice_2">Refuse   curtly</qti-simple-choice>
              <qti-simple-choice identifier="choice_3">Decline and point to lenders</qti-simple-choice>
            </qti-choice-interaction>
          </qti-item-body>
        </qti-assessment-item>
        """
        let path = temporaryPath("tao.xml")
        try xml.write(toFile: path, atomically: true, encoding: .utf8)
        let items = try QTIImport.items(at: path)
        #expect(items.count == 1)
        let item = items[0]
        #expect(item.id == "tao-17" && item.type == .multipleChoice)
        #expect(item.stem == "A mentee asks for a loan. What do you do?")
        #expect(item.options == [ItemOption(label: "A", text: "Lend it"), ItemOption(label: "B", text: "Refuse curtly"),
                                 ItemOption(label: "C", text: "Decline and point to lenders")])
        #expect(item.key == "C")
    }

    @Test("Import refuses a multiple-response choice interaction")
    func refusesMultipleResponse() throws {
        let xml = """
        <qti-assessment-item xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0" identifier="multi">
          <qti-response-declaration identifier="RESPONSE" cardinality="multiple" base-type="identifier"/>
          <qti-item-body><qti-choice-interaction response-identifier="RESPONSE" max-choices="2"><qti-prompt>Pick two</qti-prompt>
          <qti-simple-choice identifier="A">a</qti-simple-choice><qti-simple-choice identifier="B">b</qti-simple-choice>
          <qti-simple-choice identifier="C">c</qti-simple-choice></qti-choice-interaction></qti-item-body>
        </qti-assessment-item>
        """
        let path = temporaryPath("multi.xml")
        try xml.write(toFile: path, atomically: true, encoding: .utf8)
        #expect { try QTIImport.items(at: path) } throws: { error in
            ((error as? InterchangeError)?.description ?? "").contains("item multi")
        }
    }

    @Test("An export into a non-empty directory is refused and leaves it untouched")
    func refusesNonEmptyDirectory() throws {
        let dir = temporaryPath("busy")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "keep".write(toFile: dir + "/keep.txt", atomically: true, encoding: .utf8)
        let bank = try ItemBank.load(directory: bundledBank)
        #expect(throws: InterchangeError.self) { try Interchange.exportQTI(bank, to: dir) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["keep.txt"])
    }
}
