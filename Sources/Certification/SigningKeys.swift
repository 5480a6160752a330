import Crypto
import Foundation

/// The certification body's Ed25519 signing key (RFC 8032, through swift-crypto's
/// `Curve25519.Signing`) and its key files.
///
/// Key files are small JSON documents, kept outside the store and never printed:
/// ```
/// K      {"schemaVersion":1,"algorithm":"Ed25519","keyId":"…","privateKey":"<32 bytes, base64>"}   mode 0600
/// K.pub  {"schemaVersion":1,"algorithm":"Ed25519","keyId":"…","publicKey":"<32 bytes, base64>"}
/// ```
/// `keyId` = the first 16 hexadecimal digits of SHA-256 of the 32-byte public key.
public struct SigningKey: Sendable {
    /// The 32-byte seed (kept as bytes: swift-crypto's key types are not `Sendable`).
    private let seed: [UInt8]
    var key: Curve25519.Signing.PrivateKey {
        // The seed was checked when this value was made, so reconstruction cannot fail; fall back to a
        // fresh key only to avoid a trap (never reached).
        (try? Curve25519.Signing.PrivateKey(rawRepresentation: seed)) ?? Curve25519.Signing.PrivateKey()
    }

    /// A new random key (the system's secure random source).
    public static func generate() -> SigningKey { SigningKey(key: Curve25519.Signing.PrivateKey()) }

    /// A key from its 32-byte seed (for tests with fixed keys).
    public init(rawRepresentation: [UInt8]) throws(CertificationError) {
        do { seed = Array(try Curve25519.Signing.PrivateKey(rawRepresentation: rawRepresentation).rawRepresentation) } catch {
            throw CertificationError(.keyFile(path: "(raw key)", problem: "not a 32-byte Ed25519 private key"))
        }
    }

    init(key: Curve25519.Signing.PrivateKey) { seed = Array(key.rawRepresentation) }

    public var publicKey: VerificationKey { VerificationKey(key: key.publicKey) }

    /// The Ed25519 signature of `bytes` (64 bytes).
    public func signature(of bytes: [UInt8]) throws(CertificationError) -> [UInt8] {
        do { return Array(try key.signature(for: bytes)) } catch {
            throw CertificationError(.keyFile(path: "(signing key)", problem: "signing failed: \(error)"))
        }
    }

    /// Writes the private key to `path` (mode 0600, created exclusively: an existing file is never
    /// overwritten) and the public key to `path.pub`.
    /// - Throws: ``CertificationError/Kind/keyFile(path:problem:)`` when either file exists or cannot be written.
    public func write(to path: String) throws(CertificationError) {
        let publicPath = path + ".pub"
        for p in [path, publicPath] where FileManager.default.fileExists(atPath: p) {
            throw CertificationError(.keyFile(path: p, problem: "the file exists and is never overwritten (a signing key is not replaced by accident); choose another path or move the old key away"))
        }
        let keyID = publicKey.keyID
        let privateText = "{\"schemaVersion\":1,\"algorithm\":\"Ed25519\",\"keyId\":\"\(keyID)\",\"privateKey\":\"\(key.rawRepresentation.base64EncodedString())\"}\n"
        try Self.createExclusive(path, Data(privateText.utf8), mode: 0o600)
        do {
            try Self.createExclusive(publicPath, Data(publicKey.fileText.utf8), mode: 0o644)
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
    }

    /// Reads a private key file written by ``write(to:)``.
    public static func read(from path: String) throws(CertificationError) -> SigningKey {
        let object = try KeyFile.read(path, member: "privateKey")
        do { return SigningKey(key: try Curve25519.Signing.PrivateKey(rawRepresentation: object)) } catch {
            throw CertificationError(.keyFile(path: path, problem: "`privateKey` is not a 32-byte Ed25519 key; give the private key file written by keygen"))
        }
    }

    /// Creates `path` with `mode`, failing if it exists (O_CREAT | O_EXCL), and writes `data`.
    static func createExclusive(_ path: String, _ data: Data, mode: mode_t) throws(CertificationError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, mode)
        guard fd >= 0 else {
            let reason = errno == EEXIST ? "the file exists and is never overwritten; choose another path"
                : String(cString: strerror(errno)) + "; check the directory and its permissions"
            throw CertificationError(.keyFile(path: path, problem: reason))
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw CertificationError(.keyFile(path: path, problem: "writing failed (\(error.localizedDescription)); nothing was kept"))
        }
    }
}

/// The public half: verifies certificate signatures.
public struct VerificationKey: Sendable {
    private let bytes: [UInt8]
    var key: Curve25519.Signing.PublicKey {
        // Checked when this value was made (see `SigningKey.key`).
        (try? Curve25519.Signing.PublicKey(rawRepresentation: bytes)) ?? Curve25519.Signing.PrivateKey().publicKey
    }
    init(key: Curve25519.Signing.PublicKey) { bytes = Array(key.rawRepresentation) }

    /// The 32-byte public key.
    public var rawRepresentation: [UInt8] { Array(key.rawRepresentation) }

    /// The first 16 hexadecimal digits of SHA-256 of the 32-byte public key.
    public var keyID: String {
        Crypto.SHA256.hash(data: key.rawRepresentation).prefix(8).map { byte in
            let h = String(byte, radix: 16); return h.count == 1 ? "0" + h : h
        }.joined()
    }

    /// Whether `signature` is the Ed25519 signature of `bytes` under this key.
    public func isValidSignature(_ signature: [UInt8], for bytes: [UInt8]) -> Bool {
        key.isValidSignature(signature, for: bytes)
    }

    /// The text of a `.pub` file.
    var fileText: String {
        "{\"schemaVersion\":1,\"algorithm\":\"Ed25519\",\"keyId\":\"\(keyID)\",\"publicKey\":\"\(key.rawRepresentation.base64EncodedString())\"}\n"
    }

    /// Reads a public key file written by keygen (`K.pub`).
    public static func read(from path: String) throws(CertificationError) -> VerificationKey {
        let bytes = try KeyFile.read(path, member: "publicKey")
        do { return VerificationKey(key: try Curve25519.Signing.PublicKey(rawRepresentation: bytes)) } catch {
            throw CertificationError(.keyFile(path: path, problem: "`publicKey` is not a 32-byte Ed25519 key; give the .pub file written by keygen"))
        }
    }
}

/// Reading the JSON key files.
enum KeyFile {
    struct Contents: Decodable {
        var schemaVersion: Int
        var algorithm: String
        var keyId: String
        var privateKey: String?
        var publicKey: String?
    }

    static func read(_ path: String, member: String) throws(CertificationError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CertificationError(.keyFile(path: path, problem: "no such file, or it cannot be read; check the path"))
        }
        guard let contents = try? JSONDecoder().decode(Contents.self, from: data), contents.algorithm == "Ed25519",
              contents.schemaVersion == 1 else {
            throw CertificationError(.keyFile(path: path, problem: "not an Ed25519 key file of mentorcert (schemaVersion 1); give a file written by keygen"))
        }
        let text = member == "privateKey" ? contents.privateKey : contents.publicKey
        guard let text else {
            throw CertificationError(.keyFile(path: path, problem: member == "privateKey"
                ? "it holds no private key (is it the .pub file?); give the private key file"
                : "it holds no public key (is it the private key?); give the .pub file — never hand out the private key"))
        }
        guard let bytes = Data(base64Encoded: text) else {
            throw CertificationError(.keyFile(path: path, problem: "`\(member)` is not base64"))
        }
        return Array(bytes)
    }
}
