/// Unseals iron tokens with a password or a rotation map, following @hapi/iron's order of checks.
///
/// The order is: exactly eight fields; the `Fe26.2` prefix; the expiration (digits, not past,
/// allowing ``SealOptions/timestampSkew``); the password for the token's id; the
/// integrity password's length; the HMAC, compared in constant time; only then the encryption
/// password, the decryption and the JSON check. No byte is decrypted before the HMAC verifies.
///
/// iron-session's `~N` suffix is taken off first. An unsealer caches per-password state, so a
/// batch costs little more than its cryptography. It is `Sendable`: tasks may share one and take
/// turns (a lock serializes them); for parallel unsealing give each thread its own, or use
/// `SessionCookie`, which keeps several.
public final class Unsealer: Sendable {
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
    public let limits: JSONLimits
    /// When the expiration is judged.
    public let expiryCheck: ExpiryCheck

    private let passwords: PasswordSet
    private let clock: any IronClock
    /// ``SealOptions/clockOffset`` and ``SealOptions/timestampSkew`` in milliseconds, as every
    /// token's expiration is judged with them.
    private let clockOffsetMilliseconds: Int64
    private let skewMilliseconds: Double
    /// The contexts, caches, buffers and steps every token reuses, one token at a time.
    private let steps: Locked<UnsealingSteps>

    /// Creates an unsealer that opens tokens with one password (see ``PasswordSet`` for which ids
    /// it opens).
    ///
    /// - Parameters:
    ///   - password: Opens plain tokens of any id, `~` tokens of id `1`, or only its own id if it has one.
    ///   - options: The options the tokens were sealed with.
    ///   - limits: The JSON limits for payloads; default none, as JavaScript has none.
    ///   - clock: The clock expiration is judged by.
    ///   - expiryCheck: When the expiration is judged; default as @hapi/iron does.
    /// - Throws: ``IronError`` of kind ``IronError/Kind/invalidOptions``.
    public convenience init(password: Password, options: SealOptions = .default, limits: JSONLimits = .unlimited, clock: any IronClock = SystemClock(), expiryCheck: ExpiryCheck = .hapiOrder) throws(IronError) {
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
    public convenience init(passwords: PasswordMap, options: SealOptions = .default, limits: JSONLimits = .unlimited, clock: any IronClock = SystemClock(), expiryCheck: ExpiryCheck = .hapiOrder) throws(IronError) {
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
    public init(_ passwords: PasswordSet, options: SealOptions = .default, limits: JSONLimits = .unlimited, clock: any IronClock = SystemClock(), expiryCheck: ExpiryCheck = .hapiOrder) throws(IronError) {
        try options.validate()
        self.passwords = passwords
        self.options = options
        self.limits = limits
        self.clock = clock
        self.expiryCheck = expiryCheck
        clockOffsetMilliseconds = options.clockOffset.wholeMilliseconds
        skewMilliseconds = options.timestampSkew.doubleMilliseconds
        steps = Locked(try UnsealingSteps(options: options))
    }

    /// Unseals a token.
    ///
    /// - Parameters:
    ///   - token: The token, with or without iron-session's `~N` suffix.
    ///   - now: The time to judge expiration by (before ``SealOptions/clockOffset``); default the
    ///     clock's.
    ///   - enforceExpiration: When `false`, an expired token still unseals (its HMAC is still
    ///     verified) and ``Unsealed/isExpired`` says so. An invalid expiration always fails.
    /// - Returns: The payload and what the token said of itself.
    /// - Throws: ``IronError`` with @hapi/iron's message for the first check that fails.
    public func unseal(_ token: some StringProtocol, now: Timestamp? = nil, enforceExpiration: Bool = true) throws(IronError) -> Unsealed {
        var payload: [UInt8] = []
        var result = try unseal(token: Array(token.utf8).span, now: now, enforceExpiration: enforceExpiration, appendingPayloadTo: &payload)
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
    package func unseal(token: Span<UInt8>, now: Timestamp? = nil, enforceExpiration: Bool = true, appendingPayloadTo output: inout [UInt8]) throws(IronError) -> Unsealed {
        let checked = try checkFields(token, now: now, enforceExpiration: enforceExpiration)
        try steps.withLock { (steps) throws(IronError) in try checked.open(token, with: &steps, passwords: passwords, limits: limits, appendingTo: &output) }
        return checked.result
    }

    /// Unseals like ``unseal(token:now:enforceExpiration:appendingPayloadTo:)`` if no other task
    /// is using this unsealer; returns `nil`, doing nothing, if one is.
    package func unsealIfFree(token: Span<UInt8>, appendingPayloadTo output: inout [UInt8]) throws(IronError) -> Unsealed? {
        let checked = try checkFields(token, now: nil, enforceExpiration: true)
        let done: Void? = try steps.withLockIfAvailable { (steps) throws(IronError) in
            try checked.open(token, with: &steps, passwords: passwords, limits: limits, appendingTo: &output)
        }
        return done.map { checked.result }
    }

    /// The checks made before any password work: eight fields, the prefix, the expiration's form
    /// (and, in @hapi/iron's order, whether it passed). The password for the id is looked up
    /// next, under the lock, where the last one found is kept.
    private func checkFields(_ token: Span<UInt8>, now: Timestamp?, enforceExpiration: Bool) throws(IronError) -> CheckedToken {
        let time = (now ?? clock.now()).adding(milliseconds: clockOffsetMilliseconds)
        let fields = try TokenFields(token)
        let suffix = fields.suffix.map { Bytes.string(token.extracting($0)) }
        guard isCurrentPrefix(token.extracting(fields.range(.prefix))) else { throw IronError.wrongPrefix }
        let (expiration, isExpired) = try readExpiration(token.extracting(fields.range(.expiration)), at: time)
        if isExpired && enforceExpiration && expiryCheck == .hapiOrder { throw IronError.expired }
        let passwordId = Bytes.string(token.extracting(fields.range(.passwordId)))
        return CheckedToken(fields: fields, rejectExpired: isExpired && enforceExpiration,
                            result: Unsealed(payload: [], passwordId: passwordId, expiration: expiration, isExpired: isExpired, versionSuffix: suffix))
    }

    /// Whether the prefix is `Fe26.2` (``Token/currentPrefix``), compared as literal bytes.
    private func isCurrentPrefix(_ prefix: Span<UInt8>) -> Bool {
        prefix.count == 6 && prefix[0] == 0x46 && prefix[1] == 0x65 && prefix[2] == 0x32 && prefix[3] == 0x36 && prefix[4] == 0x2E && prefix[5] == 0x32
    }

    /// The expiration (`nil` for none) and whether it has passed, as @hapi/iron judges it.
    private func readExpiration(_ text: Span<UInt8>, at time: Timestamp) throws(IronError) -> (Timestamp?, Bool) {
        guard text.count > 0 else { return (nil, false) }
        guard let read = Expiry.readIfDigits(text) else { throw IronError.invalidExpiration }
        return (Timestamp(millisecondsSince1970: read.milliseconds), Expiry(expiration: read.value, now: time, skewMilliseconds: skewMilliseconds) == .expired)
    }
}

/// A token whose fields passed the checks that need no password: what is left is the password
/// work, done under the unsealer's lock.
private struct CheckedToken {
    let fields: TokenFields
    /// Expired, and to be refused once the HMAC verified.
    let rejectExpired: Bool
    let result: Unsealed

    /// Finds the password, verifies, judges the expiration, decrypts and reads the payload into
    /// `output`.
    func open(_ token: Span<UInt8>, with steps: inout UnsealingSteps, passwords: PasswordSet, limits: JSONLimits, appendingTo output: inout [UInt8]) throws(IronError) {
        defer { steps.eraseSecrets() }
        let secrets = try steps.secrets(forId: token.extracting(fields.range(.passwordId)), result.passwordId, suffix: result.versionSuffix, in: passwords)
        try steps.verify(token, fields, with: secrets)
        if rejectExpired { throw IronError.expired }
        try steps.decrypt(token, fields, with: secrets)
        try steps.readPayload(suffix: result.versionSuffix, limits: limits, appendingTo: &output)
    }
}
