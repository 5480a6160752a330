import Foundation

/// The fields of a certificate fixed at issue (DECISIONS §11): what the signature covers.
///
/// Every field is a string, a boolean or an integer, so that its RFC 8785 form needs no floating-point
/// formatting (see ``CanonicalJSON``). Dates are calendar dates `YYYY-MM-DD` (UTC).
public struct CertificateFields: Sendable, Equatable, Codable {
    /// The version of this document's layout.
    public static let currentSchemaVersion: Int64 = 1
    public var schemaVersion: Int64 = CertificateFields.currentSchemaVersion
    /// The certificate id.
    public var id: String
    public var candidate: String
    /// The certified level (`intermediate`, `advanced`, `expert`).
    public var level: String
    public var bankVersionId: String
    public var sessionId: String
    public var issued: String
    public var validUntil: String
    public var recertificationDue: String
    /// True when the parameters were simulated or the session a simulated candidate's: such a
    /// certificate is not valid for certification.
    public var simulated: Bool

    public init(id: String, candidate: String, level: String, bankVersionId: String, sessionId: String, issued: String,
                validUntil: String, recertificationDue: String, simulated: Bool) {
        self.id = id; self.candidate = candidate; self.level = level; self.bankVersionId = bankVersionId
        self.sessionId = sessionId; self.issued = issued; self.validUntil = validUntil
        self.recertificationDue = recertificationDue; self.simulated = simulated
    }

    /// The names of the signed members, in document order.
    public static let memberNames = ["schemaVersion", "id", "candidate", "level", "bankVersionId", "sessionId", "issued",
                                     "validUntil", "recertificationDue", "simulated"]

    /// The fields as a JSON object.
    public var json: CanonicalJSON {
        .object([
            "schemaVersion": .integer(schemaVersion), "id": .string(id), "candidate": .string(candidate),
            "level": .string(level), "bankVersionId": .string(bankVersionId), "sessionId": .string(sessionId),
            "issued": .string(issued), "validUntil": .string(validUntil), "recertificationDue": .string(recertificationDue),
            "simulated": .bool(simulated),
        ])
    }

    /// The bytes the signature covers: the RFC 8785 canonical form of ``json``.
    public func signedBytes() throws(CertificationError) -> [UInt8] { try json.canonicalBytes() }
}

/// The signature block of a certificate document.
public struct CertificateSignature: Sendable, Equatable, Codable {
    /// Always `Ed25519`.
    public var algorithm: String
    /// The signing key's id (``SigningKeyPair/keyID(of:)``).
    public var keyId: String
    /// The 64-byte Ed25519 signature (RFC 8032), base64.
    public var value: String
    public init(algorithm: String = "Ed25519", keyId: String, value: String) {
        self.algorithm = algorithm; self.keyId = keyId; self.value = value
    }
}

/// A certificate as a JSON document: the signed fields as top-level members and a `signature` member.
/// The signature covers the RFC 8785 canonical form of every member but `signature`, so that layout
/// (indentation, member order) may change without breaking it, while any change of a value does.
public struct CertificateDocument: Sendable, Equatable {
    public var fields: CertificateFields
    public var signature: CertificateSignature

    public init(fields: CertificateFields, signature: CertificateSignature) {
        self.fields = fields; self.signature = signature
    }

    /// The document as indented JSON text (members in the order of ``CertificateFields/memberNames``).
    public func text() -> String {
        var out = "{\n"
        func line(_ name: String, _ value: String, last: Bool = false) {
            var key = ""; CanonicalJSON.writeString(name, into: &key)
            out += "  \(key): \(value)\(last ? "" : ",")\n"
        }
        func string(_ s: String) -> String { var t = ""; CanonicalJSON.writeString(s, into: &t); return t }
        let f = fields
        line("schemaVersion", String(f.schemaVersion))
        line("id", string(f.id)); line("candidate", string(f.candidate)); line("level", string(f.level))
        line("bankVersionId", string(f.bankVersionId)); line("sessionId", string(f.sessionId))
        line("issued", string(f.issued)); line("validUntil", string(f.validUntil))
        line("recertificationDue", string(f.recertificationDue)); line("simulated", f.simulated ? "true" : "false")
        out += "  \"signature\": {\n"
        out += "    \"algorithm\": \(string(signature.algorithm)),\n"
        out += "    \"keyId\": \(string(signature.keyId)),\n"
        out += "    \"value\": \(string(signature.value))\n"
        out += "  }\n}\n"
        return out
    }

    /// Reads a certificate document, refusing unknown, missing or mistyped members (an added member
    /// would otherwise pass unsigned).
    public static func parse(_ data: Data) throws(CertificationError) -> CertificateDocument {
        do {
            return try JSONDecoder().decode(StrictDocument.self, from: data).document
        } catch let error as CertificationError {
            throw error
        } catch let DecodingError.keyNotFound(key, context) {
            throw CertificationError(.invalidDocument("member `\(path(context.codingPath + [key]))` is missing"))
        } catch let DecodingError.typeMismatch(_, context) {
            throw CertificationError(.invalidDocument("member `\(path(context.codingPath))` has the wrong type"))
        } catch let DecodingError.valueNotFound(_, context) {
            throw CertificationError(.invalidDocument("member `\(path(context.codingPath))` is null"))
        } catch {
            throw CertificationError(.invalidDocument("it is not JSON; give the certificate file as issued"))
        }
    }
}

private func path(_ keys: [any CodingKey]) -> String { keys.map(\.stringValue).joined(separator: ".") }

private struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ s: String) { stringValue = s }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// The document's decoder: exact member set, exact types.
private struct StrictDocument: Decodable {
    var document: CertificateDocument

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AnyKey.self)
        let known = Set(CertificateFields.memberNames + ["signature"])
        let unknown = Set(c.allKeys.map(\.stringValue)).subtracting(known).sorted()
        guard unknown.isEmpty else {
            throw CertificationError(.invalidDocument("unknown member(s) \(unknown.joined(separator: ", ")) — a certificate holds only "
                + known.sorted().joined(separator: ", ")))
        }
        let schemaVersion = try c.decode(Int64.self, forKey: AnyKey("schemaVersion"))
        guard schemaVersion == CertificateFields.currentSchemaVersion else {
            throw CertificationError(.invalidDocument("schemaVersion \(schemaVersion) is not one this engine reads (\(CertificateFields.currentSchemaVersion))"))
        }
        func s(_ key: String) throws -> String { try c.decode(String.self, forKey: AnyKey(key)) }
        var fields = CertificateFields(
            id: try s("id"), candidate: try s("candidate"), level: try s("level"), bankVersionId: try s("bankVersionId"),
            sessionId: try s("sessionId"), issued: try s("issued"), validUntil: try s("validUntil"),
            recertificationDue: try s("recertificationDue"), simulated: try c.decode(Bool.self, forKey: AnyKey("simulated")))
        fields.schemaVersion = schemaVersion
        let sig = try c.nestedContainer(keyedBy: AnyKey.self, forKey: AnyKey("signature"))
        let unknownSig = Set(sig.allKeys.map(\.stringValue)).subtracting(["algorithm", "keyId", "value"]).sorted()
        guard unknownSig.isEmpty else {
            throw CertificationError(.invalidDocument("unknown member(s) signature.\(unknownSig.joined(separator: ", signature."))"))
        }
        document = CertificateDocument(
            fields: fields,
            signature: CertificateSignature(algorithm: try sig.decode(String.self, forKey: AnyKey("algorithm")),
                                            keyId: try sig.decode(String.self, forKey: AnyKey("keyId")),
                                            value: try sig.decode(String.self, forKey: AnyKey("value"))))
    }
}
