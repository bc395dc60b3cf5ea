/// What an ``Unsealer`` does for each token once the fields are split and the password found,
/// as named steps over state reused from token to token: verify the HMAC, decrypt, read the
/// payload.
struct UnsealingSteps {
    private let options: SealOptions
    private let cipher: CipherContext
    private let mac: HMACContext
    /// The derived secrets of each password used, by cache key (the id): the map is immutable,
    /// so a cache key always means the same password.
    private var derived: [String: PasswordSecrets] = [:]
    /// The last id looked up (its bytes, and whether the token had a suffix) and its secrets: a
    /// batch of tokens under one id looks nothing up and checks no password again.
    private var lastId: [UInt8] = []
    private var lastIdHadSuffix = false
    private var lastSecrets: PasswordSecrets?
    private var plaintext: [UInt8] = []
    private var plaintextCount = 0
    /// How much of `plaintext` the last decryption may have written: what is erased after it
    /// (the buffer keeps the size of the longest payload yet).
    private var plaintextWritten = 0
    private var ciphertext: [UInt8] = []
    /// The encryption key (16 or 32 bytes, as the cipher needs) and the integrity key.
    private var encryptionKey: [UInt8]
    private var integrityKey = [UInt8](repeating: 0, count: 32)
    private var iv = [UInt8](repeating: 0, count: 16)
    private var digest = [UInt8](repeating: 0, count: 32)
    private var encodedDigest = [UInt8](repeating: 0, count: 43)

    init(options: SealOptions) throws(IronError) {
        self.options = options
        encryptionKey = [UInt8](repeating: 0, count: options.encryption.algorithm.keyByteCount)
        cipher = try CipherContext(algorithm: options.encryption.algorithm)
        mac = try HMACContext(digest: .sha256)
    }

    /// The secrets of the password for a token's id (`id`, and as text `passwordId`), derived.
    ///
    /// - Throws: ``IronError`` of kind ``IronError/Kind/passwordNotFound``.
    mutating func secrets(forId id: Span<UInt8>, _ passwordId: String, suffix: String?, in passwords: PasswordSet) throws(IronError) -> PasswordSecrets {
        if let lastSecrets, lastIdHadSuffix == (suffix != nil), id.count == lastId.count, (0..<id.count).allSatisfy({ id[$0] == lastId[$0] }) {
            return lastSecrets
        }
        let (password, cacheKey) = try passwords.password(forTokenId: passwordId, versionSuffix: suffix)
        let secrets: PasswordSecrets
        if let known = derived[cacheKey] {
            secrets = known
        } else {
            secrets = try PasswordSecrets(password, options: options)
            derived[cacheKey] = secrets
        }
        (lastId, lastIdHadSuffix, lastSecrets) = (Bytes.array(id), suffix != nil, secrets)
        return secrets
    }

    /// Checks the HMAC of the first six fields in constant time. An empty salt is a random one to
    /// @hapi/iron, so it never verifies (unless the secret is a raw key, which has no salt).
    mutating func verify(_ token: Span<UInt8>, _ fields: TokenFields, with secrets: PasswordSecrets) throws(IronError) {
        let integrity = secrets.integrity
        if !secrets.integrityPasses {
            try Password.check(integrity.secret, minimumLength: options.integrity.minimumPasswordLength, keyByteCount: options.integrity.algorithm.keyByteCount)
        }
        let salt = token.extracting(fields.range(.integritySalt))
        if salt.count == 0 && !integrity.isRawKey { throw IronError.badHMAC }
        let (mac, iterations) = (self.mac, options.integrity.iterations)
        let authenticated = token.extracting(fields.authenticated)
        if integrity.isRawKey {
            try integrity.secret.withBytes { (bytes) throws(IronError) in
                var out = digest.mutableSpan
                try mac.authenticate(authenticated, key: bytes, into: &out)
            }
        } else {
            do {
                var out = integrityKey.mutableSpan
                try integrity.deriveKey(salt: salt, iterations: iterations, into: &out)
            }
            try mac.authenticate(authenticated, key: integrityKey, into: &digest)
        }
        UnsealingSteps.encode(&digest, into: &encodedDigest)
        guard constantTimeEqual(encodedDigest.span, token.extracting(fields.range(.hmac))) else { throw IronError.badHMAC }
    }

    /// Decrypts the ciphertext into `plaintext`, now that the HMAC verified.
    mutating func decrypt(_ token: Span<UInt8>, _ fields: TokenFields, with secrets: PasswordSecrets) throws(IronError) {
        let encryption = secrets.encryption, secret = secrets.encryption.secret
        let ivText = token.extracting(fields.range(.iv)), ciphertextText = token.extracting(fields.range(.ciphertext))
        // The ciphertext's characters are checked as it is decoded, in one pass, into a buffer
        // that only grows (with room for the decoder's eight-byte stores).
        let ciphertextCount = Base64URL.decodedCount(ciphertextText.count)
        if ciphertext.count < ciphertextCount + 8 { ciphertext = [UInt8](repeating: 0, count: 2 * ciphertextCount + 8) }
        let ciphertextIsAlphabet = UnsealingSteps.decode(ciphertextText, into: &ciphertext)
        // An IV of the one right length is decoded in the same pass as its check.
        let ivIsAlphabet = ivText.count == UnsealingSteps.ivTextCount ? UnsealingSteps.decode(ivText, into: &iv) : Base64URL.isAlphabet(ivText)
        guard ciphertextIsAlphabet, ivIsAlphabet else { throw IronError(.decryptionFailed, "Invalid character") }
        let algorithm = options.encryption.algorithm
        if !secrets.encryptionPasses {
            try Password.check(secret, minimumLength: options.encryption.minimumPasswordLength, keyByteCount: algorithm.keyByteCount)
        }
        guard ivText.count == UnsealingSteps.ivTextCount else { throw IronError(.decryptionFailed, "Invalid initialization vector") }
        if secret.isRawKey && secret.byteCount != algorithm.keyByteCount { throw IronError(.decryptionFailed, "Invalid key length") }
        let salt = token.extracting(fields.range(.encryptionSalt))
        if salt.count == 0 && !encryption.isRawKey { throw IronError.badDecrypt }
        let iterations = options.encryption.iterations
        do {
            var out = encryptionKey.mutableSpan
            try encryption.deriveKey(salt: salt, iterations: iterations, into: &out)
        }
        if plaintext.count < ciphertextCount + 16 { plaintext = [UInt8](repeating: 0, count: ciphertextCount + 16) }
        plaintextWritten = ciphertextCount + 16
        plaintextCount = try UnsealingSteps.decrypt(cipher, key: &encryptionKey, iv: &iv, input: &ciphertext, count: ciphertextCount, output: &plaintext)
    }

    /// Writes the base64url text of `digest` into `encoded`.
    private static func encode(_ digest: inout [UInt8], into encoded: inout [UInt8]) {
        var out = encoded.mutableSpan
        Base64URL.encode(digest.span, into: &out, at: 0)
    }

    /// Decrypts `input` into `output`; returns the plaintext's length. (The buffers come as
    /// separate arguments, so that no copy of them is needed to borrow them side by side.)
    private static func decrypt(_ cipher: CipherContext, key: inout [UInt8], iv: inout [UInt8], input: inout [UInt8], count: Int, output: inout [UInt8]) throws(IronError) -> Int {
        var out = output.mutableSpan
        return try cipher.decrypt(key: key.span, iv: iv.span, input: input.span.extracting(0..<count), output: &out)
    }

    /// The only length of IV text that decodes to 16 bytes (as Node decodes: 21 characters give
    /// 15, 23 give 17).
    private static let ivTextCount = 22

    /// Decodes base64url text into the start of `buffer`; returns whether every character was
    /// in the alphabet.
    private static func decode(_ text: Span<UInt8>, into buffer: inout [UInt8]) -> Bool {
        var out = buffer.mutableSpan
        return Base64URL.decodeLeniently(text, into: &out, at: 0)
    }

    /// Checks the decrypted payload as JavaScript reads it and appends it to `output`: invalid
    /// UTF-8 becomes U+FFFD before parsing, and @hapi/iron (tokens without a `~` suffix) refuses a
    /// `__proto__` key that survives parsing.
    func readPayload(suffix: String?, limits: JSONLimits, appendingTo output: inout [UInt8]) throws(IronError) {
        try UnsealingSteps.readPayload(plaintext, count: plaintextCount, suffix: suffix, limits: limits, appendingTo: &output)
    }

    private static func readPayload(_ plaintext: [UInt8], count: Int, suffix: String?, limits: JSONLimits, appendingTo output: inout [UInt8]) throws(IronError) {
        let text = plaintext.span.extracting(0..<count)
        do {
            try checkPayload(text, suffix: suffix, limits: limits)
            Bytes.append(text, to: &output)
        } catch let error where error.json?.kind == .invalidUTF8 {
            var repaired = Array(Bytes.string(text).utf8)
            defer { secureZero(&repaired) }
            try checkPayload(repaired.span, suffix: suffix, limits: limits)
            output.append(contentsOf: repaired)
        }
    }

    /// Erases the last token's key and plaintext.
    mutating func eraseSecrets() {
        secureZero(&encryptionKey)
        secureZero(&integrityKey)
        secureZero(&plaintext, first: plaintextWritten)
        plaintextWritten = 0
    }

    /// Validates a payload; @hapi/iron (tokens without a `~` suffix) also refuses `__proto__` keys.
    /// Invalid UTF-8 is thrown as such, for ``readPayload(suffix:limits:appendingTo:)`` to repair.
    private static func checkPayload(_ text: Span<UInt8>, suffix: String?, limits: JSONLimits) throws(IronError) {
        let report: JSONText.Report
        do {
            report = try JSONText.validate(text, limits: limits)
        } catch {
            throw IronError.payloadNotJSON(error)
        }
        // iron-session reads every token with a suffix through JSON.parse, which allows __proto__.
        if report.hasPrototypeKey && suffix == nil && JSONText.parsedValueHasPrototypeKey(text) {
            throw IronError(.payloadNotJSON, "Failed parsing sealed object JSON: Object contains forbidden prototype property")
        }
    }
}

/// A password's two secrets, derived, and whether each passed the options' checks (length, key
/// size). One that did not is checked again at its turn, so that its error comes where @hapi/iron
/// gives it.
struct PasswordSecrets {
    let integrity: DerivedSecret
    let encryption: DerivedSecret
    let integrityPasses: Bool
    let encryptionPasses: Bool

    /// Derives both secrets (one, when the password uses the same secret for both) and checks them.
    init(_ password: Password, options: SealOptions) throws(IronError) {
        let (integrity, encryption) = (options.integrity, options.encryption)
        self.integrity = try DerivedSecret(password.integrity)
        self.encryption = password.encryption.storage === password.integrity.storage ? self.integrity : try DerivedSecret(password.encryption)
        integrityPasses = (try? Password.check(password.integrity, minimumLength: integrity.minimumPasswordLength, keyByteCount: integrity.algorithm.keyByteCount)) != nil
        encryptionPasses = (try? Password.check(password.encryption, minimumLength: encryption.minimumPasswordLength, keyByteCount: encryption.algorithm.keyByteCount)) != nil
    }
}
