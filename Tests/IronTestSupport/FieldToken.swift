import Iron

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
        var out = ciphertext.mutableSpan
        let count = try cipher.encrypt(key: encryptionKey.span, iv: iv.span, input: plaintext.span, output: &out)
        let base = [prefix, id, encryptionSalt, Base64URL.encode(iv), Base64URL.encode(ciphertext[0..<count]), expiration].joined(separator: "*")
        let integrityKey = try derive(integrityPassword ?? password, salt: integritySalt, count: 32)
        let mac = try HMACContext(digest: .sha256)
        var digest = [UInt8](repeating: 0, count: 32)
        try mac.setKey(integrityKey.span)
        try mac.update(Array(base.utf8).span)
        var digestOut = digest.mutableSpan
        try mac.finish(into: &digestOut)
        var token = base + "*" + integritySalt + "*" + Base64URL.encode(digest)
        if let suffix { token += "~" + suffix }
        return token
    }

    private func derive(_ secret: String, salt: String, count: Int) throws -> [UInt8] {
        let pbkdf2 = try InsecurePBKDF2SHA1(password: Array(secret.utf8).span)
        var key = [UInt8](repeating: 0, count: count)
        var out = key.mutableSpan
        try pbkdf2.deriveKey(salt: Array(salt.utf8).span, iterations: 1, into: &out)
        return key
    }
}

/// UTF-8 bytes of a string.
public func utf8(_ text: String) -> [UInt8] { Array(text.utf8) }

/// The instant `milliseconds` after the epoch: the tests' short form.
public func at(_ milliseconds: Int64) -> Timestamp { Timestamp(millisecondsSince1970: milliseconds) }
