@testable import Iron

/// A token built field by field, with a valid HMAC over whatever the fields hold: the way the
/// tests make tokens that no well-behaved sealer writes (empty salts, an id like `1.0`, a payload
/// with raw newlines, a forged expiration).
///
/// The keys are derived as @hapi/iron derives them (PBKDF2-HMAC-SHA1 over the salt's text, one
/// iteration), so a token built with ordinary fields is one @hapi/iron could have written.
public struct FieldToken: Sendable {
    public var password: String
    public var prefix = "Fe26.2"
    public var id = ""
    public var encryptionSalt = String(repeating: "ab", count: 32)
    public var iv: [UInt8] = Array(0..<16)
    public var plaintext: [UInt8]
    public var expiration = ""
    public var integritySalt = String(repeating: "cd", count: 32)
    /// iron-session's suffix without the `~`, or `nil` for none.
    public var suffix: String?
    /// When set, the HMAC is computed with this password instead: a forgery.
    public var integrityPassword: String?

    public init(password: String, plaintext: String) {
        self.password = password
        self.plaintext = Array(plaintext.utf8)
    }

    /// The token's text.
    public func build() throws -> String {
        let encryptionKey = try derive(password, salt: encryptionSalt, count: 32)
        let cipher = try CipherContext(algorithm: .aes256CBC)
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count + 16)
        let count = try ciphertext.withUnsafeMutableBytes { out in
            try encryptionKey.withUnsafeBytes { key in
                try iv.withUnsafeBytes { ivBytes in
                    try plaintext.withUnsafeBytes { try cipher.encrypt(key: key, iv: ivBytes, input: $0, output: out) }
                }
            }
        }
        let base = [prefix, id, encryptionSalt, Base64URL.encode(iv), Base64URL.encode(ciphertext[0..<count]), expiration].joined(separator: "*")
        let integrityKey = try derive(integrityPassword ?? password, salt: integritySalt, count: 32)
        let mac = try HMACContext(digest: .sha256)
        var digest = [UInt8](repeating: 0, count: 32)
        try integrityKey.withUnsafeBytes { try mac.setKey($0) }
        try Array(base.utf8).withUnsafeBytes { try mac.update($0) }
        try digest.withUnsafeMutableBytes { try mac.finish(into: $0) }
        var token = base + "*" + integritySalt + "*" + Base64URL.encode(digest)
        if let suffix { token += "~" + suffix }
        return token
    }

    private func derive(_ secret: String, salt: String, count: Int) throws -> [UInt8] {
        let pbkdf2 = try Array(secret.utf8).withUnsafeBytes { try InsecurePBKDF2SHA1(password: $0) }
        var key = [UInt8](repeating: 0, count: count)
        try key.withUnsafeMutableBytes { out in
            try Array(salt.utf8).withUnsafeBytes { try pbkdf2.deriveKey(salt: $0, iterations: 1, into: out) }
        }
        return key
    }
}

/// UTF-8 bytes of a string.
public func utf8(_ text: String) -> [UInt8] { Array(text.utf8) }
