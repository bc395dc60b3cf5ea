/// A 16-byte AES initialisation vector.
public struct InitializationVector: Sendable, Equatable {
    /// The 16 bytes.
    public let bytes: [UInt8]

    /// Wraps 16 bytes.
    ///
    /// - Parameter bytes: Exactly 16 bytes.
    /// - Throws: ``IronError`` of kind ``IronError/Kind/invalidOptions`` for any other length.
    public init(_ bytes: [UInt8]) throws {
        guard bytes.count == 16 else { throw IronError.invalidOptions("an IV is 16 bytes, not \(bytes.count)") }
        self.bytes = bytes
    }
}

/// Values that @hapi/iron lets a caller fix instead of drawing them at random or from the clock,
/// so that a token can be reproduced byte for byte (`options.encryption.salt`,
/// `options.encryption.iv`, `options.integrity.salt`).
///
/// - Warning: Reusing salts and IVs across tokens defeats their purpose. Use this for tests and
///   interoperability checks only.
public struct SealParameters: Sendable, Equatable {
    /// The encryption salt text, used as given (not decoded).
    public var encryptionSalt: String?
    /// The IV.
    public var iv: InitializationVector?
    /// The integrity salt text.
    public var integritySalt: String?
    /// The time of sealing in milliseconds since the epoch, before ``SealOptions/localtimeOffset``.
    public var now: Int64?
    /// An expiration to write instead of `now + ttl`: to seal again a token's payload without
    /// changing when it expires.
    public var expiration: Expiration?

    /// An expiration written as given.
    public enum Expiration: Sendable, Equatable {
        /// No expiration: the token never expires.
        case never
        /// This instant, in milliseconds since the epoch.
        case at(Int64)
    }

    /// Creates parameters; each `nil` is drawn as usual.
    ///
    /// - Parameters:
    ///   - encryptionSalt: The encryption salt text.
    ///   - iv: The IV.
    ///   - integritySalt: The integrity salt text.
    ///   - now: The time of sealing.
    ///   - expiration: The expiration to write instead of `now + ttl`.
    public init(encryptionSalt: String? = nil, iv: InitializationVector? = nil, integritySalt: String? = nil, now: Int64? = nil, expiration: Expiration? = nil) {
        self.encryptionSalt = encryptionSalt
        self.iv = iv
        self.integritySalt = integritySalt
        self.now = now
        self.expiration = expiration
    }
}

/// Seals JSON into iron tokens with one password, deriving the per-password state once.
///
/// A sealer keeps OpenSSL contexts and buffers between tokens, so sealing thousands of tokens with
/// one sealer costs little more than the cryptography itself. It is not thread-safe: give each
/// thread its own.
///
/// ```swift
/// let sealer = try Sealer(password: Password(secret), options: .ironSession)
/// let token = try sealer.seal(json: #"{"user":{"id":230}}"#.utf8)
/// ```
public final class Sealer {
    /// The options every token is sealed with.
    public let options: SealOptions
    /// The id written into every token; empty for none.
    public let passwordId: String

    private let encryptionSecret: DerivedSecret
    private let integritySecret: DerivedSecret
    private let cipher: CipherContext
    private let mac: HMACContext
    private let clock: any IronClock
    private var random: RandomPool
    private let prefixAndId: [UInt8]
    // Reused per token.
    private var plaintextBuffer: [UInt8] = []
    private var ciphertextBuffer: [UInt8] = []
    private var saltBuffer: [UInt8] = []
    private var rawSaltBuffer: [UInt8] = []

    /// Creates a sealer for one password.
    ///
    /// With a ``SealOptions/versionSuffix`` (iron-session) and no id, the id is `1`, as
    /// iron-session gives a string password.
    ///
    /// - Parameters:
    ///   - password: The password; its id, if any, is written into tokens.
    ///   - options: Algorithms, salts, iterations, ttl. Default: @hapi/iron's.
    ///   - clock: The clock expirations are computed from.
    ///   - random: Where salts and IVs come from.
    /// - Throws: ``IronError`` when the options are invalid or the password is empty, too short or
    ///   has an invalid id, in @hapi/iron's order (encryption secret first).
    public init(password: Password, options: SealOptions = .default, clock: any IronClock = SystemClock(), random: any RandomSource = SystemRandom()) throws {
        try options.validate()
        var id = password.id ?? ""
        if id.isEmpty && options.versionSuffix != nil { id = "1" }
        if !id.isEmpty && !Password.isValidId(id) { throw IronError.invalidPasswordId }
        try Password.check(password.encryption, minimumLength: options.encryption.minimumPasswordLength, keyByteCount: options.encryption.algorithm.keyByteCount)
        if password.encryption.isRawKey && password.encryption.byteCount != options.encryption.algorithm.keyByteCount {
            throw IronError.invalidOptions("a raw encryption key for \(options.encryption.algorithm.rawValue) must be exactly \(options.encryption.algorithm.keyByteCount) bytes, not \(password.encryption.byteCount)")
        }
        try Password.check(password.integrity, minimumLength: options.integrity.minimumPasswordLength, keyByteCount: options.integrity.algorithm.keyByteCount)
        self.options = options
        passwordId = id
        encryptionSecret = try DerivedSecret(password.encryption)
        integritySecret = password.integrity == password.encryption ? encryptionSecret : try DerivedSecret(password.integrity)
        cipher = try CipherContext(algorithm: options.encryption.algorithm)
        mac = try HMACContext(digest: .sha256)
        self.clock = clock
        self.random = RandomPool(source: random)
        prefixAndId = Array("Fe26.2*\(id)*".utf8)
    }

    /// Creates a sealer for one password, or for the password of a map that new tokens use.
    ///
    /// - Parameters:
    ///   - passwords: One password, or a map.
    ///   - id: For a map, the id to seal with; default ``PasswordMap/sealingId``.
    ///   - options: Algorithms, salts, iterations, ttl.
    ///   - clock: The clock expirations are computed from.
    ///   - random: Where salts and IVs come from.
    /// - Throws: As ``init(passwords:id:options:clock:random:)`` and ``init(password:options:clock:random:)``.
    public convenience init(_ passwords: PasswordSet, id: String? = nil, options: SealOptions = .default, clock: any IronClock = SystemClock(), random: any RandomSource = SystemRandom()) throws {
        switch passwords {
        case .single(let password): try self.init(password: password, options: options, clock: clock, random: random)
        case .map(let map): try self.init(passwords: map, id: id, options: options, clock: clock, random: random)
        }
    }

    /// Creates a sealer for the password of a rotation map that new tokens use.
    ///
    /// - Parameters:
    ///   - passwords: The map.
    ///   - id: The id to seal with; default ``PasswordMap/sealingId``.
    ///   - options: Algorithms, salts, iterations, ttl.
    ///   - clock: The clock expirations are computed from.
    ///   - random: Where salts and IVs come from.
    /// - Throws: ``IronError`` of kind ``IronError/Kind/passwordNotFound`` when the id is not in
    ///   the map, or when no id is given and none is numeric; otherwise as ``init(password:options:clock:random:)``.
    public convenience init(passwords: PasswordMap, id: String? = nil, options: SealOptions = .default, clock: any IronClock = SystemClock(), random: any RandomSource = SystemRandom()) throws {
        guard let chosen = id ?? passwords.sealingId else {
            throw IronError(.passwordNotFound, "Cannot find password: no numeric id to seal with (ids: \(passwords.ids.joined(separator: ", ")))", passwordId: "")
        }
        guard let password = passwords[chosen] else { throw IronError.passwordNotFound(chosen) }
        try self.init(password: password, options: options, clock: clock, random: random)
    }

    /// Seals a JSON text: validates it, removes insignificant whitespace, and seals the rest byte
    /// for byte.
    ///
    /// - Parameters:
    ///   - json: UTF-8 JSON, any value at the top level.
    ///   - limits: The depth and size of JSON accepted.
    ///   - parameters: Fixed salts, IV or time, for reproducing a token.
    /// - Returns: The token (with `~N` for iron-session).
    /// - Throws: ``IronError`` of kind ``IronError/Kind/invalidJSON`` carrying the line and column,
    ///   or ``IronError/Kind/cryptoFailure``.
    public func seal(json: some Collection<UInt8>, limits: JSONLimits = .default, parameters: SealParameters? = nil) throws -> String {
        var output: [UInt8] = []
        try seal(json: json, limits: limits, parameters: parameters, appendingTo: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Seals a JSON text and appends the token's bytes to `output`: the allocation-free form for
    /// batches. On failure `output` is left as it was.
    ///
    /// - Parameters:
    ///   - json: UTF-8 JSON, any value at the top level.
    ///   - limits: The depth and size of JSON accepted.
    ///   - parameters: Fixed salts, IV or time, for reproducing a token.
    ///   - output: Where the token is appended (without a newline).
    /// - Throws: As ``seal(json:limits:parameters:)``.
    public func seal(json: some Collection<UInt8>, limits: JSONLimits = .default, parameters: SealParameters? = nil, appendingTo output: inout [UInt8]) throws {
        plaintextBuffer.removeAll(keepingCapacity: true)
        defer { secureZero(&plaintextBuffer) }
        do {
            try JSONText.compact(json, limits: limits, appendingTo: &plaintextBuffer)
        } catch let error as JSONError {
            throw IronError(.invalidJSON, "invalid JSON: \(error)", json: error)
        }
        try plaintextBuffer.withUnsafeBytes { plaintext in
            try seal(plaintext: plaintext, parameters: parameters, appendingTo: &output)
        }
    }

    /// Seals bytes that are already compact JSON, without checking them.
    ///
    /// - Warning: The JavaScript libraries reject a token whose payload is not JSON. Use
    ///   ``seal(json:limits:parameters:appendingTo:)`` unless the bytes come from a JSON writer.
    ///
    /// - Parameters:
    ///   - plaintext: The bytes to encrypt.
    ///   - parameters: Fixed salts, IV or time.
    ///   - output: Where the token is appended.
    /// - Throws: ``IronError`` of kind ``IronError/Kind/cryptoFailure``.
    public func seal(plaintext: UnsafeRawBufferPointer, parameters: SealParameters? = nil, appendingTo output: inout [UInt8]) throws {
        let start = output.count
        do {
            try sealUnchecked(plaintext, parameters: parameters, into: &output)
        } catch {
            output.removeSubrange(start...)
            throw error
        }
    }

    private func sealUnchecked(_ plaintext: UnsafeRawBufferPointer, parameters: SealParameters?, into output: inout [UInt8]) throws {
        let now = (parameters?.now ?? clock.now()) &+ options.localtimeOffset
        let algorithm = options.encryption.algorithm

        // Encryption key: salt text, PBKDF2, IV.
        var key = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        defer { withUnsafeMutableBytes(of: &key) { secureZero($0) } }
        var iv = (UInt64(0), UInt64(0))
        let encryptionSaltStart = saltBuffer.startIndex
        saltBuffer.removeAll(keepingCapacity: true)
        try appendSalt(fixed: parameters?.encryptionSalt, bits: options.encryption.saltBits, rawKey: encryptionSecret.isRawKey)
        let encryptionSaltEnd = saltBuffer.count
        try saltBuffer.withUnsafeBytes { salts in
            try withUnsafeMutableBytes(of: &key) { keyBytes in
                try encryptionSecret.deriveKey(salt: UnsafeRawBufferPointer(rebasing: salts[encryptionSaltStart..<encryptionSaltEnd]), iterations: options.encryption.iterations, into: UnsafeMutableRawBufferPointer(rebasing: keyBytes[0..<algorithm.keyByteCount]))
            }
        }
        try withUnsafeMutableBytes(of: &iv) { ivBytes in
            if let fixed = parameters?.iv {
                fixed.bytes.withUnsafeBytes { ivBytes.copyMemory(from: $0) }
            } else {
                try random.fill(ivBytes)
            }
        }

        // Encrypt.
        let needed = cipher.maximumOutputCount(forInputCount: plaintext.count)
        if ciphertextBuffer.count < needed { ciphertextBuffer = [UInt8](repeating: 0, count: needed) }
        let ciphertextCount = try ciphertextBuffer.withUnsafeMutableBytes { out in
            try withUnsafeBytes(of: &key) { keyBytes in
                try withUnsafeBytes(of: &iv) { ivBytes in
                    try cipher.encrypt(key: UnsafeRawBufferPointer(rebasing: keyBytes[0..<algorithm.keyByteCount]), iv: ivBytes, input: plaintext, output: out)
                }
            }
        }

        // prefix*id*salt*iv*ciphertext*expiration
        let start = output.count
        let tokenBytes = start + 200 + Base64URL.encodedCount(ciphertextCount) + 2 * saltBuffer.count
        if output.capacity < tokenBytes { output.reserveCapacity(max(tokenBytes, 2 * output.capacity)) }
        output.append(contentsOf: prefixAndId)
        saltBuffer.withUnsafeBytes { output.append(contentsOf: $0[encryptionSaltStart..<encryptionSaltEnd]) }
        output.append(UInt8(ascii: "*"))
        withUnsafeBytes(of: &iv) { Base64URL.encode($0, appendingTo: &output) }
        output.append(UInt8(ascii: "*"))
        ciphertextBuffer.withUnsafeBytes { Base64URL.encode(UnsafeRawBufferPointer(rebasing: $0[0..<ciphertextCount]), appendingTo: &output) }
        output.append(UInt8(ascii: "*"))
        switch parameters?.expiration {
        case .never?:
            break
        case .at(let expiration)?:
            guard expiration >= 0 else { throw IronError.invalidOptions("an expiration cannot be negative") }
            appendDecimal(expiration, to: &output)
        case nil:
            if options.ttl != 0 {
                let (expiration, overflow) = now.addingReportingOverflow(options.ttl)
                guard !overflow, expiration >= 0, expiration <= Expiry.latestExact else {
                    throw IronError.invalidOptions("the expiration would be outside 0 to 2^53 - 1 milliseconds, where JavaScript reads it exactly")
                }
                appendDecimal(expiration, to: &output)
            }
        }
        let macEnd = output.count

        // Integrity key and HMAC.
        try appendSalt(fixed: parameters?.integritySalt, bits: options.integrity.saltBits, rawKey: integritySecret.isRawKey)
        let integritySaltEnd = saltBuffer.count
        try saltBuffer.withUnsafeBytes { salts in
            try withUnsafeMutableBytes(of: &key) { keyBytes in
                try integritySecret.deriveKey(salt: UnsafeRawBufferPointer(rebasing: salts[encryptionSaltEnd..<integritySaltEnd]), iterations: options.integrity.iterations, into: keyBytes)
            }
        }
        var digest = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        try withUnsafeBytes(of: &key) { keyBytes in
            if integritySecret.isRawKey {
                try integritySecret.secret.withUnsafeBytes { try mac.setKey($0) }
            } else {
                try mac.setKey(keyBytes)
            }
        }
        try output.withUnsafeBytes { try mac.update(UnsafeRawBufferPointer(rebasing: $0[start..<macEnd])) }
        try withUnsafeMutableBytes(of: &digest) { try mac.finish(into: $0) }

        output.append(UInt8(ascii: "*"))
        saltBuffer.withUnsafeBytes { output.append(contentsOf: $0[encryptionSaltEnd..<integritySaltEnd]) }
        output.append(UInt8(ascii: "*"))
        withUnsafeBytes(of: &digest) { Base64URL.encode($0, appendingTo: &output) }
        if let suffix = options.versionSuffix {
            output.append(UInt8(ascii: "~"))
            output.append(UInt8(ascii: "0") + UInt8(suffix))
        }
    }

    /// Appends a salt's text to `saltBuffer`: nothing for a raw key, the fixed one, or the hex of
    /// `ceil(bits / 8)` random bytes.
    private func appendSalt(fixed: String?, bits: Int, rawKey: Bool) throws {
        if rawKey { return }
        if let fixed {
            // @hapi/iron draws a random salt for an empty one, and a '*' or '~' would split the token.
            guard !fixed.isEmpty, !fixed.utf8.contains(UInt8(ascii: "*")), !fixed.utf8.contains(UInt8(ascii: "~")) else {
                throw IronError.invalidOptions("a fixed salt must be a non-empty text without '*' or '~'")
            }
            saltBuffer.append(contentsOf: fixed.utf8)
            return
        }
        let byteCount = (bits + 7) / 8
        if rawSaltBuffer.count != byteCount { rawSaltBuffer = [UInt8](repeating: 0, count: byteCount) }
        defer { secureZero(&rawSaltBuffer) }
        try rawSaltBuffer.withUnsafeMutableBytes { try random.fill($0) }
        rawSaltBuffer.withUnsafeBytes { Hex.encode($0, appendingTo: &saltBuffer) }
    }
}

/// Appends the decimal digits of a non-negative number.
func appendDecimal(_ value: Int64, to output: inout [UInt8]) {
    if value == 0 {
        output.append(UInt8(ascii: "0"))
        return
    }
    var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    var count = 0
    var remaining = value.magnitude
    withUnsafeMutableBytes(of: &digits) { buffer in
        while remaining > 0 {
            buffer[19 - count] = UInt8(ascii: "0") + UInt8(remaining % 10)
            remaining /= 10
            count += 1
        }
        if value < 0 { output.append(UInt8(ascii: "-")) }
        output.append(contentsOf: buffer[(20 - count)...])
    }
}
