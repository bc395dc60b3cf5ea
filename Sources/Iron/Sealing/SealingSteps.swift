/// What a ``Sealer`` does for each token, as named steps over buffers reused from token to token:
/// draw the salts and the IV, derive the keys, encrypt, write the fields, authenticate them.
struct SealingSteps {
    private let options: SealOptions
    private let encryptionSecret: DerivedSecret
    private let integritySecret: DerivedSecret
    private let cipher: CipherContext
    private let mac: HMACContext
    private let prefixAndId: [UInt8]
    private var random: RandomPool
    private var plaintext: [UInt8] = []
    private var ciphertext: [UInt8] = []
    /// The encryption key (16 or 32 bytes, as the cipher needs) and the integrity key.
    private var encryptionKey: [UInt8]
    private var integrityKey = [UInt8](repeating: 0, count: 32)
    private var iv = [UInt8](repeating: 0, count: 16)
    private var digest = [UInt8](repeating: 0, count: 32)
    private var saltText: [UInt8] = []
    private var saltBytes: [UInt8] = []

    /// The state for a checked password and options.
    init(password: Password, id: String, options: SealOptions, random: any RandomSource) throws(IronError) {
        self.options = options
        encryptionKey = [UInt8](repeating: 0, count: options.encryption.algorithm.keyByteCount)
        encryptionSecret = try DerivedSecret(password.encryption)
        integritySecret = password.integrity == password.encryption ? encryptionSecret : try DerivedSecret(password.integrity)
        cipher = try CipherContext(algorithm: options.encryption.algorithm)
        mac = try HMACContext(digest: .sha256)
        self.random = RandomPool(source: random)
        prefixAndId = Array("Fe26.2*\(id)*".utf8)
    }

    /// Compacts `json` and seals it.
    mutating func seal(json: Span<UInt8>, limits: JSONLimits, parameters: SealParameters?, now: Int64, appendingTo output: inout [UInt8]) throws(IronError) {
        var text: [UInt8] = []
        swap(&text, &plaintext)
        defer {
            secureZero(&text)
            swap(&text, &plaintext)
        }
        text.removeAll(keepingCapacity: true)
        do {
            try JSONText.compact(json, limits: limits, appendingTo: &text)
        } catch {
            throw IronError(.invalidJSON, "invalid JSON: \(error)", json: error)
        }
        try seal(plaintext: text.span, parameters: parameters, now: now, appendingTo: &output)
    }

    /// Seals `plaintext`; on failure `output` is left as it was.
    mutating func seal(plaintext: Span<UInt8>, parameters: SealParameters?, now: Int64, appendingTo output: inout [UInt8]) throws(IronError) {
        let start = output.count
        defer {
            secureZero(&encryptionKey)
            secureZero(&integrityKey)
        }
        do {
            try sealSteps(plaintext, parameters: parameters, now: now, into: &output)
        } catch {
            output.removeSubrange(start...)
            throw error
        }
    }

    /// `prefix*id*salt*iv*ciphertext*expiration*integritySalt*hmac~N`, step by step.
    private mutating func sealSteps(_ plaintext: Span<UInt8>, parameters: SealParameters?, now: Int64, into output: inout [UInt8]) throws(IronError) {
        saltText.removeAll(keepingCapacity: true)
        let encryptionSalt = try appendSalt(fixed: parameters?.insecure?.encryptionSalt, bits: options.encryption.saltBits, secret: encryptionSecret)
        let (secret, salts, iterations) = (encryptionSecret, saltText, options.encryption.iterations)
        try SealingSteps.deriveKey(secret, salt: salts.span.extracting(encryptionSalt), iterations: iterations, into: &encryptionKey)
        try drawIV(fixed: parameters?.insecure?.iv)
        let ciphertextCount = try encrypt(plaintext)

        let start = output.count
        // Room for the whole token at once; growing geometrically, as output may hold many tokens.
        let needed = start + 200 + Base64URL.encodedCount(ciphertextCount) + 2 * saltText.count
        if output.capacity < needed { output.reserveCapacity(max(needed, 2 * output.capacity)) }
        output.append(contentsOf: prefixAndId)
        output.append(contentsOf: saltText[encryptionSalt])
        output.append(UInt8(ascii: "*"))
        Base64URL.encode(iv.span, appendingTo: &output)
        output.append(UInt8(ascii: "*"))
        Base64URL.encode(ciphertext.span.extracting(0..<ciphertextCount), appendingTo: &output)
        output.append(UInt8(ascii: "*"))
        try SealingSteps.appendExpiration(parameters?.expiration, ttl: options.ttl, now: now, to: &output)

        let integritySalt = try appendSalt(fixed: parameters?.insecure?.integritySalt, bits: options.integrity.saltBits, secret: integritySecret)
        try authenticate(output.span.extracting(start..<output.count), salt: integritySalt)
        output.append(UInt8(ascii: "*"))
        output.append(contentsOf: saltText[integritySalt])
        output.append(UInt8(ascii: "*"))
        Base64URL.encode(digest.span, appendingTo: &output)
        if let suffix = options.versionSuffix {
            output.append(UInt8(ascii: "~"))
            output.append(UInt8(ascii: "0") + UInt8(suffix))
        }
    }

    /// Appends a salt's text to `saltText` and returns where it lies: nothing for a raw key, the
    /// fixed one, or the lowercase hex of `ceil(bits / 8)` random bytes.
    private mutating func appendSalt(fixed: String?, bits: Int, secret: DerivedSecret) throws(IronError) -> Range<Int> {
        let start = saltText.count
        if secret.isRawKey { return start..<start }
        if let fixed {
            // @hapi/iron draws a random salt for an empty one, and a '*' or '~' would split the token.
            guard !fixed.isEmpty, !fixed.utf8.contains(UInt8(ascii: "*")), !fixed.utf8.contains(UInt8(ascii: "~")) else {
                throw IronError.invalidOptions("a fixed salt must be a non-empty text without '*' or '~'")
            }
            saltText.append(contentsOf: fixed.utf8)
            return start..<saltText.count
        }
        let byteCount = (bits + 7) / 8
        if saltBytes.count != byteCount { saltBytes = [UInt8](repeating: 0, count: byteCount) }
        try SealingSteps.draw(from: &random, into: &saltBytes)
        let bytes = saltBytes // the salt is public: it is written into the token
        Hex.encode(bytes.span, appendingTo: &saltText)
        return start..<saltText.count
    }

    /// Derives the key for `salt` into `key` (all of it).
    private static func deriveKey(_ secret: DerivedSecret, salt: Span<UInt8>, iterations: Int, into key: inout [UInt8]) throws(IronError) {
        var out = key.mutableSpan
        try secret.deriveKey(salt: salt, iterations: iterations, into: &out)
    }

    private mutating func drawIV(fixed: InitializationVector?) throws(IronError) {
        guard let fixed else { return try SealingSteps.draw(from: &random, into: &iv) }
        for k in 0..<16 { iv[k] = fixed.bytes[k] }
    }

    private static func draw(from random: inout RandomPool, into bytes: inout [UInt8]) throws(IronError) {
        do {
            try random.fill(&bytes, 0..<bytes.count)
        } catch {
            throw error as? IronError ?? IronError(.cryptoFailure, "no random bytes: \(error)")
        }
    }

    /// Encrypts into `ciphertext`; returns the ciphertext's length.
    private mutating func encrypt(_ plaintext: Span<UInt8>) throws(IronError) -> Int {
        let needed = cipher.maximumOutputCount(forInputCount: plaintext.count)
        if ciphertext.count < needed { ciphertext = [UInt8](repeating: 0, count: needed) }
        let (cipher, key, iv) = (self.cipher, self.encryptionKey, self.iv)
        var out = ciphertext.mutableSpan
        return try cipher.encrypt(key: key.span, iv: iv.span, input: plaintext, output: &out)
    }

    /// Appends the expiration: the one given, none, or `now + ttl` (none for a ttl of 0).
    private static func appendExpiration(_ fixed: SealParameters.Expiration?, ttl: Duration, now: Int64, to output: inout [UInt8]) throws(IronError) {
        switch fixed {
        case .never?:
            return
        case .at(let expiration)?:
            guard expiration.millisecondsSince1970 >= 0 else { throw IronError.invalidOptions("an expiration cannot be negative") }
            output.append(contentsOf: String(expiration.millisecondsSince1970).utf8)
        case nil:
            let ttl = ttl.wholeMilliseconds
            guard ttl != 0 else { return }
            let (expiration, overflow) = now.addingReportingOverflow(ttl)
            guard !overflow, expiration >= 0, expiration <= Expiry.latestExact else {
                throw IronError.invalidOptions("the expiration would be outside 0 to 2^53 - 1 milliseconds, where JavaScript reads it exactly")
            }
            output.append(contentsOf: String(expiration).utf8)
        }
    }

    /// Puts the HMAC of `authenticated` (the first six fields) in `digest`.
    private mutating func authenticate(_ authenticated: Span<UInt8>, salt: Range<Int>) throws(IronError) {
        let mac = self.mac
        if integritySecret.isRawKey {
            try integritySecret.secret.withBytes { (secret) throws(IronError) in
                var out = digest.mutableSpan
                try mac.authenticate(authenticated, key: secret, into: &out)
            }
        } else {
            let (secret, salts, iterations) = (integritySecret, saltText, options.integrity.iterations)
            try SealingSteps.deriveKey(secret, salt: salts.span.extracting(salt), iterations: iterations, into: &integrityKey)
            try mac.authenticate(authenticated, key: integrityKey, into: &digest)
        }
    }
}
