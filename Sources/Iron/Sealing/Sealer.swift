/// Seals JSON into iron tokens with one password, deriving the per-password state once.
///
/// A sealer keeps OpenSSL contexts and buffers between tokens, so sealing thousands of tokens with
/// one sealer costs little more than the cryptography itself. It is `Sendable`: tasks may share
/// one, and take turns using it (a lock serializes them); for parallel sealing, give each thread
/// its own, or use `SessionCookie`, which keeps several.
///
/// ```swift
/// let sealer = try Sealer(password: Password(secret), options: .ironSession)
/// let token = try sealer.seal(json: #"{"user":{"id":230}}"#.utf8)
/// ```
public final class Sealer: Sendable {
    /// The options every token is sealed with.
    public let options: SealOptions
    /// The id written into every token; empty for none.
    public let passwordId: String
    private let clock: any IronClock

    /// The contexts, buffers and steps every token reuses, one token at a time.
    private let steps: Locked<SealingSteps>

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
    public init(password: Password, options: SealOptions = .default, clock: any IronClock = SystemClock(), random: any RandomSource = SystemRandom()) throws(IronError) {
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
        self.clock = clock
        steps = Locked(try SealingSteps(password: password, id: id, options: options, random: random))
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
    public convenience init(_ passwords: PasswordSet, id: String? = nil, options: SealOptions = .default, clock: any IronClock = SystemClock(), random: any RandomSource = SystemRandom()) throws(IronError) {
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
    public convenience init(passwords: PasswordMap, id: String? = nil, options: SealOptions = .default, clock: any IronClock = SystemClock(), random: any RandomSource = SystemRandom()) throws(IronError) {
        try self.init(password: try passwords.sealingPassword(id: id), options: options, clock: clock, random: random)
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
    public func seal(json: some Collection<UInt8>, limits: JSONLimits = .default, parameters: SealParameters? = nil) throws(IronError) -> String {
        var output: [UInt8] = []
        try seal(json: Array(json).span, limits: limits, parameters: parameters, appendingTo: &output)
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
    package func seal(json: Span<UInt8>, limits: JSONLimits = .default, parameters: SealParameters? = nil, appendingTo output: inout [UInt8]) throws(IronError) {
        let now = now(parameters)
        try steps.withLock { (steps) throws(IronError) in try steps.seal(json: json, limits: limits, parameters: parameters, now: now, appendingTo: &output) }
    }

    /// Seals bytes that are already compact JSON, without checking them. On failure `output` is
    /// left as it was.
    ///
    /// - Warning: The JavaScript libraries reject a token whose payload is not JSON. Use
    ///   ``seal(json:limits:parameters:)`` unless the bytes come from a JSON writer.
    ///
    /// - Parameters:
    ///   - plaintext: The bytes to encrypt.
    ///   - parameters: Fixed salts, IV or time.
    ///   - output: Where the token is appended.
    /// - Throws: ``IronError`` of kind ``IronError/Kind/cryptoFailure``.
    package func seal(plaintext: Span<UInt8>, parameters: SealParameters? = nil, appendingTo output: inout [UInt8]) throws(IronError) {
        let now = now(parameters)
        try steps.withLock { (steps) throws(IronError) in try steps.seal(plaintext: plaintext, parameters: parameters, now: now, appendingTo: &output) }
    }

    /// Seals like ``seal(json:limits:parameters:appendingTo:)`` if no other task is using this
    /// sealer; returns `false`, doing nothing, if one is.
    package func sealIfFree(json: Span<UInt8>, limits: JSONLimits = .default, appendingTo output: inout [UInt8]) throws(IronError) -> Bool {
        let now = now(nil)
        return try steps.withLockIfAvailable { (steps) throws(IronError) in
            try steps.seal(json: json, limits: limits, parameters: nil, now: now, appendingTo: &output)
        } != nil
    }

    /// The time of sealing in milliseconds: the fixed one or the clock's, plus the clock offset.
    private func now(_ parameters: SealParameters?) -> Int64 {
        (parameters?.now ?? clock.now()).millisecondsSince1970 &+ options.clockOffset.wholeMilliseconds
    }
}
