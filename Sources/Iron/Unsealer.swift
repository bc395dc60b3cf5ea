/// What unsealing a token gave.
public struct Unsealed: Sendable, Equatable {
    /// The decrypted JSON text, exactly as it was sealed (bytes that are not UTF-8 become U+FFFD,
    /// as in JavaScript).
    public var payload: [UInt8]
    /// The token's password id (empty when it names none).
    public var passwordId: String
    /// The expiration in milliseconds since the epoch, or `nil` when the token never expires.
    public var expiration: Int64?
    /// Whether the token had expired; only ever `true` when expiration was not enforced.
    public var isExpired: Bool
    /// iron-session's version suffix: `"2"` for `~2`, `nil` without one.
    public var versionSuffix: String?

    /// The version iron-session 8 reads from the suffix (`parseInt`), `nil` without one or for NaN.
    public var version: Int? { versionSuffix.flatMap { Token.ironSessionVersion($0) } }

    /// The payload as a string.
    public var text: String { String(decoding: payload, as: UTF8.self) }

    /// Whether iron-session 8 would return the payload's `persistent` member rather than the
    /// payload: true for tokens without the `~2` suffix (those of iron-session before v6).
    public var ironSessionReadsPersistent: Bool { version != 2 }

    /// What iron-session 8's `unsealData` returns for this token: the payload for a `~2` token;
    /// for an older token the `persistent` object of the payload (`{}` when there is none).
    ///
    /// - Returns: JSON text.
    public func ironSessionData() -> [UInt8] {
        guard ironSessionReadsPersistent else { return payload }
        guard let value = try? JSONValue(parsing: payload, maximumDepth: JSONValue.maximumSupportedDepth), case .object(let persistent)? = value["persistent"] else {
            return Array("{}".utf8)
        }
        return JSONValue.object(persistent).serialized()
    }
}

/// Unseals iron tokens with a password or a rotation map, following @hapi/iron's order of checks.
///
/// The order is: exactly eight fields; the `Fe26.2` prefix; the expiration (digits, not past,
/// allowing ``SealOptions/timestampSkewSeconds``); the password for the token's id; the
/// integrity password's length; the HMAC, compared in constant time; only then the encryption
/// password, the decryption and the JSON check. No byte is decrypted before the HMAC verifies.
///
/// iron-session's `~N` suffix is taken off first. An unsealer caches per-password state, so a
/// batch costs little more than its cryptography. It is not thread-safe: give each thread its own.
public final class Unsealer {
    /// When an unsealer judges a token's expiration.
    public enum ExpiryCheck: Sendable, Equatable {
        /// As @hapi/iron does: before the HMAC, so a forged token with a past expiration is
        /// reported "Expired seal". The default, for verdicts identical to the JavaScript libraries'.
        case hapiOrder
        /// After the HMAC verifies, so "Expired seal" always means an authentic token that
        /// expired, and a forgery is "Bad hmac value" whatever its expiration says. What a server
        /// should use: an expired session can then be told apart from an attack.
        case verifyFirst
    }

    /// The options tokens are read with: algorithm, iterations, minimum lengths, skew, offset.
    public let options: SealOptions
    /// The JSON limits applied to decrypted payloads.
    public var limits: JSONLimits
    /// When the expiration is judged.
    public let expiryCheck: ExpiryCheck

    private let passwords: PasswordSet
    private let clock: any IronClock
    private let cipher: CipherContext
    private let mac: HMACContext
    private var derived: [String: (encryption: DerivedSecret?, integrity: DerivedSecret?)] = [:]
    private var lastDerived: (key: String, encryption: DerivedSecret?, integrity: DerivedSecret?)?
    private var plaintextBuffer: [UInt8] = []
    private var ciphertextBuffer: [UInt8] = []

    /// Creates an unsealer that opens tokens with one password (see ``PasswordSet`` for which ids
    /// it opens).
    ///
    /// - Parameters:
    ///   - password: The password.
    ///   - options: The options the tokens were sealed with.
    ///   - limits: The JSON limits for payloads; default none, as JavaScript has none.
    ///   - clock: The clock expiration is judged by.
    ///   - expiryCheck: When the expiration is judged; default as @hapi/iron does.
    /// - Throws: ``IronError`` of kind ``IronError/Kind/invalidOptions``.
    public convenience init(password: Password, options: SealOptions = .default, limits: JSONLimits = .unlimited, clock: any IronClock = SystemClock(), expiryCheck: ExpiryCheck = .hapiOrder) throws {
        try self.init(.single(password), options: options, limits: limits, clock: clock, expiryCheck: expiryCheck)
    }

    /// Creates an unsealer that opens tokens with the password of their id in a rotation map
    /// (`"default"` for tokens without an id).
    ///
    /// - Parameters:
    ///   - passwords: The map.
    ///   - options: The options the tokens were sealed with.
    ///   - limits: The JSON limits for payloads.
    ///   - clock: The clock expiration is judged by.
    ///   - expiryCheck: When the expiration is judged; default as @hapi/iron does.
    /// - Throws: ``IronError`` of kind ``IronError/Kind/invalidOptions``.
    public convenience init(passwords: PasswordMap, options: SealOptions = .default, limits: JSONLimits = .unlimited, clock: any IronClock = SystemClock(), expiryCheck: ExpiryCheck = .hapiOrder) throws {
        try self.init(.map(passwords), options: options, limits: limits, clock: clock, expiryCheck: expiryCheck)
    }

    /// Creates an unsealer for one password or a map.
    ///
    /// - Parameters:
    ///   - passwords: One password, or a map.
    ///   - options: The options the tokens were sealed with.
    ///   - limits: The JSON limits for payloads.
    ///   - clock: The clock expiration is judged by.
    ///   - expiryCheck: When the expiration is judged; default as @hapi/iron does.
    /// - Throws: ``IronError`` of kind ``IronError/Kind/invalidOptions``.
    public init(_ passwords: PasswordSet, options: SealOptions = .default, limits: JSONLimits = .unlimited, clock: any IronClock = SystemClock(), expiryCheck: ExpiryCheck = .hapiOrder) throws {
        try options.validate()
        self.passwords = passwords
        self.options = options
        self.limits = limits
        self.clock = clock
        self.expiryCheck = expiryCheck
        cipher = try CipherContext(algorithm: options.encryption.algorithm)
        mac = try HMACContext(digest: .sha256)
    }

    /// Unseals a token.
    ///
    /// - Parameters:
    ///   - token: The token, with or without iron-session's `~N` suffix.
    ///   - now: The time to judge expiration by, in milliseconds since the epoch (before
    ///     ``SealOptions/localtimeOffset``); default the clock's.
    ///   - enforceExpiration: When `false`, an expired token still unseals (its HMAC is still
    ///     verified) and ``Unsealed/isExpired`` says so. An invalid expiration always fails.
    /// - Returns: The payload and what the token said of itself.
    /// - Throws: ``IronError`` with @hapi/iron's message for the first check that fails.
    public func unseal(_ token: some StringProtocol, now: Int64? = nil, enforceExpiration: Bool = true) throws -> Unsealed {
        var payload: [UInt8] = []
        var result = try unseal(token: Array(token.utf8), now: now, enforceExpiration: enforceExpiration, appendingPayloadTo: &payload)
        result.payload = payload
        return result
    }

    /// Unseals a token given as bytes and appends the payload to `output`: the allocation-light
    /// form for batches. The returned value's ``Unsealed/payload`` is empty. On failure `output`
    /// is left as it was.
    ///
    /// - Parameters:
    ///   - token: The token's bytes.
    ///   - now: The time to judge expiration by.
    ///   - enforceExpiration: Whether an expired token fails.
    ///   - output: Where the payload is appended.
    /// - Returns: What the token said of itself.
    /// - Throws: ``IronError`` with @hapi/iron's message for the first check that fails.
    public func unseal(token: some Collection<UInt8>, now: Int64? = nil, enforceExpiration: Bool = true, appendingPayloadTo output: inout [UInt8]) throws -> Unsealed {
        if let result = try token.withContiguousStorageIfAvailable({ buffer in
            try unseal(UnsafeRawBufferPointer(buffer), now: now, enforceExpiration: enforceExpiration, output: &output)
        }) {
            return result
        }
        return try Array(token).withUnsafeBytes { try unseal($0, now: now, enforceExpiration: enforceExpiration, output: &output) }
    }

    private func unseal(_ whole: UnsafeRawBufferPointer, now: Int64?, enforceExpiration: Bool, output: inout [UInt8]) throws -> Unsealed {
        let time = (now ?? clock.now()) &+ options.localtimeOffset
        // iron-session 8's suffix: the token is what precedes the first "~" (`seal.split("~")`).
        var bodyEnd = whole.count
        var suffix: String?
        if let tilde = whole.firstIndex(of: UInt8(ascii: "~")) {
            bodyEnd = tilde
            let rest = whole[(tilde + 1)...]
            suffix = String(decoding: rest[..<(rest.firstIndex(of: UInt8(ascii: "~")) ?? whole.endIndex)], as: UTF8.self)
        }
        let body = UnsafeRawBufferPointer(rebasing: whole[0..<bodyEnd])

        // 1. Eight fields: the offsets of the seven '*' (and the ends), on the stack.
        var bounds = (-1, 0, 0, 0, 0, 0, 0, 0, body.count)
        var starCount = 0
        withUnsafeMutableBytes(of: &bounds) { raw in
            let positions = raw.bindMemory(to: Int.self)
            for index in body.indices where body[index] == UInt8(ascii: "*") {
                starCount += 1
                if starCount < 8 { positions[starCount] = index }
            }
        }
        guard starCount == 7 else { throw IronError.incorrectComponentCount }
        func field(_ k: Int) -> UnsafeRawBufferPointer {
            withUnsafeBytes(of: &bounds) { raw in
                let positions = raw.bindMemory(to: Int.self)
                return UnsafeRawBufferPointer(rebasing: body[(positions[k] + 1)..<positions[k + 1]])
            }
        }
        let prefix = field(0), id = field(1), encryptionSalt = field(2), ivText = field(3)
        let ciphertextText = field(4), expirationText = field(5), hmacSalt = field(6), hmacText = field(7)
        let macBase = UnsafeRawBufferPointer(rebasing: body[0..<bounds.6])

        // 2. Prefix.
        guard prefix.elementsEqual("Fe26.2".utf8) else { throw IronError.wrongPrefix }

        // 3. Expiration: its form always now; whether it passed, now (@hapi/iron's order) or
        //    once the HMAC has verified.
        var expiration: Int64?
        var isExpired = false
        if !expirationText.isEmpty {
            guard ASCII.isDigits(expirationText) else { throw IronError.invalidExpiration }
            let read = Expiry.read(expirationText)
            expiration = read.milliseconds
            isExpired = Expiry(expiration: read.value, now: time, skewSeconds: options.timestampSkewSeconds) == .expired
        }
        if isExpired && enforceExpiration && expiryCheck == .hapiOrder { throw IronError.expired }

        // 4. Password.
        let passwordId = String(decoding: id, as: UTF8.self)
        let (password, cacheKey) = try passwords.password(forTokenId: passwordId, versionSuffix: suffix)

        // 5. Integrity key and HMAC. An empty salt is a random one to @hapi/iron: it never verifies.
        try Password.check(password.integrity, minimumLength: options.integrity.minimumPasswordLength, keyByteCount: options.integrity.algorithm.keyByteCount)
        let integrity = try derivedSecret(cacheKey, integrity: true, password.integrity)
        if hmacSalt.isEmpty && !integrity.isRawKey { throw IronError.badHMAC }
        var key = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        defer { withUnsafeMutableBytes(of: &key) { secureZero($0) } }
        if integrity.isRawKey {
            try integrity.secret.withUnsafeBytes { try mac.setKey($0) }
        } else {
            try withUnsafeMutableBytes(of: &key) { try integrity.deriveKey(salt: hmacSalt, iterations: options.integrity.iterations, into: $0) }
            try withUnsafeBytes(of: &key) { try mac.setKey($0) }
        }
        try mac.update(macBase)
        var digest = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        try withUnsafeMutableBytes(of: &digest) { try mac.finish(into: $0) }
        var encodedDigest = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        let verified = withUnsafeBytes(of: &digest) { digestBytes in
            withUnsafeMutableBytes(of: &encodedDigest) { encoded in
                Base64URL.encode(digestBytes, into: encoded)
                return constantTimeEqual(UnsafeRawBufferPointer(rebasing: encoded[0..<43]), hmacText)
            }
        }
        guard verified else { throw IronError.badHMAC }
        if isExpired && enforceExpiration { throw IronError.expired }

        // 6. Decrypt, now that the HMAC verified.
        guard Base64URL.isAlphabet(ciphertextText), Base64URL.isAlphabet(ivText) else {
            throw IronError(.decryptionFailed, "Invalid character")
        }
        try Password.check(password.encryption, minimumLength: options.encryption.minimumPasswordLength, keyByteCount: options.encryption.algorithm.keyByteCount)
        let algorithm = options.encryption.algorithm
        var iv = (UInt64(0), UInt64(0))
        let ivCount = withUnsafeMutableBytes(of: &iv) { Base64URL.decodeLeniently(ivText, into: $0) }
        guard ivCount == 16 else { throw IronError(.decryptionFailed, "Invalid initialization vector") }
        if password.encryption.isRawKey && password.encryption.byteCount != algorithm.keyByteCount {
            throw IronError(.decryptionFailed, "Invalid key length")
        }
        let encryption = try derivedSecret(cacheKey, integrity: false, password.encryption)
        if encryptionSalt.isEmpty && !encryption.isRawKey { throw IronError.badDecrypt }
        try withUnsafeMutableBytes(of: &key) { keyBytes in
            try encryption.deriveKey(salt: encryptionSalt, iterations: options.encryption.iterations, into: UnsafeMutableRawBufferPointer(rebasing: keyBytes[0..<algorithm.keyByteCount]))
        }
        ciphertextBuffer.removeAll(keepingCapacity: true)
        Base64URL.decodeLeniently(ciphertextText, appendingTo: &ciphertextBuffer)
        let needed = ciphertextBuffer.count + 16
        if plaintextBuffer.count < needed { plaintextBuffer = [UInt8](repeating: 0, count: needed) }
        defer { secureZero(&plaintextBuffer) }
        let plaintextCount = try ciphertextBuffer.withUnsafeBytes { input in
            try plaintextBuffer.withUnsafeMutableBytes { out in
                try withUnsafeBytes(of: &key) { keyBytes in
                    try withUnsafeBytes(of: &iv) { ivBytes in
                        try cipher.decrypt(key: UnsafeRawBufferPointer(rebasing: keyBytes[0..<algorithm.keyByteCount]), iv: ivBytes, input: input, output: out)
                    }
                }
            }
        }

        // 7. JSON, as JavaScript sees the text: invalid UTF-8 becomes U+FFFD before parsing.
        try plaintextBuffer.withUnsafeBufferPointer { all in
            let plaintext = UnsafeBufferPointer(rebasing: all[0..<plaintextCount])
            do {
                try checkPayload(plaintext, suffix: suffix)
                output.append(contentsOf: plaintext)
            } catch let error as JSONError where error.kind == .invalidUTF8 {
                let repaired = Array(String(decoding: plaintext, as: UTF8.self).utf8)
                try repaired.withUnsafeBufferPointer { try checkPayload($0, suffix: suffix) }
                output.append(contentsOf: repaired)
            } catch let error as JSONError {
                throw IronError.payloadNotJSON(error)
            }
        }
        return Unsealed(payload: [], passwordId: passwordId, expiration: expiration, isExpired: isExpired, versionSuffix: suffix)
    }

    /// Validates a payload; @hapi/iron (tokens without a `~` suffix) also refuses `__proto__` keys.
    private func checkPayload(_ text: UnsafeBufferPointer<UInt8>, suffix: String?) throws {
        let report: JSONText.Report
        do {
            report = try JSONText.validate(text, limits: limits)
        } catch let error as JSONError where error.kind == .invalidUTF8 {
            throw error
        } catch let error as JSONError {
            throw IronError.payloadNotJSON(error)
        }
        // iron-session reads every token with a suffix through JSON.parse, which allows __proto__.
        if report.hasPrototypeKey && suffix == nil && JSONText.parsedValueHasPrototypeKey(text) {
            throw IronError(.payloadNotJSON, "Failed parsing sealed object JSON: Object contains forbidden prototype property")
        }
    }

    /// The derived state of a password's secret, made on first use and kept: the map is
    /// immutable, so a cache key (the id) always means the same secret. The last one used is
    /// kept apart so that a batch under one id does no dictionary lookup.
    private func derivedSecret(_ cacheKey: String, integrity: Bool, _ secret: Password.Secret) throws -> DerivedSecret {
        if let last = lastDerived, last.key == cacheKey, let entry = integrity ? last.integrity : last.encryption {
            return entry
        }
        var entry = derived[cacheKey] ?? (nil, nil)
        if let cached = integrity ? entry.integrity : entry.encryption {
            lastDerived = (cacheKey, entry.encryption, entry.integrity)
            return cached
        }
        let other = integrity ? entry.encryption : entry.integrity
        let made = try other.flatMap { $0.secret.storage === secret.storage ? $0 : nil } ?? DerivedSecret(secret)
        if integrity { entry.integrity = made } else { entry.encryption = made }
        derived[cacheKey] = entry
        lastDerived = (cacheKey, entry.encryption, entry.integrity)
        return made
    }
}
