/// Everything that shapes a token other than its password, with @hapi/iron's defaults.
///
/// A token does not record its algorithm, iterations or minimum password length, so the side that
/// unseals must use the same values as the side that sealed.
public struct SealOptions: Sendable, Equatable {
    /// How the encryption key is derived and used (@hapi/iron's `options.encryption`).
    public struct Encryption: Sendable, Equatable {
        /// Random bits of PBKDF2 salt; the salt is their lowercase hex text. Default 256.
        public var saltBits: Int = 256
        /// The cipher. Default AES-256-CBC.
        public var algorithm: EncryptionAlgorithm = .aes256CBC
        /// PBKDF2 iterations. Default 1.
        public var iterations: Int = 1
        /// The shortest password accepted, in UTF-16 code units. Default 32.
        public var minimumPasswordLength: Int = 32
        /// The defaults.
        public init() {}
    }

    /// How the integrity key is derived (@hapi/iron's `options.integrity`).
    public struct Integrity: Sendable, Equatable {
        /// Random bits of PBKDF2 salt. Default 256.
        public var saltBits: Int = 256
        /// The MAC. Always HMAC-SHA256.
        public var algorithm: IntegrityAlgorithm = .sha256
        /// PBKDF2 iterations. Default 1.
        public var iterations: Int = 1
        /// The shortest password accepted, in UTF-16 code units. Default 32.
        public var minimumPasswordLength: Int = 32
        /// The defaults.
        public init() {}
    }

    /// Encryption settings.
    public var encryption = Encryption()
    /// Integrity settings.
    public var integrity = Integrity()
    /// How long a sealed token lives (@hapi/iron's `ttl`, to the millisecond); zero writes no
    /// expiration: the token never expires. Default zero.
    public var ttl: Duration = .zero
    /// The clock skew allowed when judging an expiration (`timestampSkewSec`). Default 60 seconds.
    public var timestampSkew: Duration = .seconds(60)
    /// Added to the clock when sealing and unsealing (`localtimeOffsetMsec`). Default zero.
    public var clockOffset: Duration = .zero
    /// iron-session's version suffix: sealing appends `~N` when set. `nil` for a plain @hapi/iron token.
    public var versionSuffix: Int? = nil

    /// @hapi/iron's defaults.
    public init() {}

    /// @hapi/iron's defaults: AES-256-CBC, HMAC-SHA256, 256-bit salts, one iteration, 32-character
    /// passwords, no expiration, 60 seconds of skew.
    public static let `default` = SealOptions()

    /// What iron-session 8's `sealData` writes: @hapi/iron's defaults, a ttl of 14 days and the
    /// `~2` suffix.
    public static let ironSession: SealOptions = {
        var options = SealOptions()
        options.ttl = .seconds(1_209_600)
        options.versionSuffix = 2
        return options
    }()


    /// Checks that the options can seal or unseal a token.
    ///
    /// - Throws: ``IronError`` of kind ``IronError/Kind/invalidOptions`` naming the bad value.
    public func validate() throws(IronError) {
        guard encryption.saltBits >= 1, integrity.saltBits >= 1 else {
            throw IronError.invalidOptions("salt bits must be at least 1")
        }
        guard encryption.saltBits <= 65_536, integrity.saltBits <= 65_536 else {
            throw IronError.invalidOptions("salt bits must be at most 65536")
        }
        guard encryption.iterations >= 1, integrity.iterations >= 1 else {
            throw IronError.invalidOptions("iterations must be at least 1")
        }
        guard encryption.minimumPasswordLength >= 0, integrity.minimumPasswordLength >= 0 else {
            throw IronError.invalidOptions("the minimum password length cannot be negative")
        }
        guard ttl >= .zero else { throw IronError.invalidOptions("ttl cannot be negative") }
        guard timestampSkew >= .zero, timestampSkew <= .seconds(Int64.max / 1000) else {
            throw IronError.invalidOptions("timestamp skew must be a non-negative number of seconds")
        }
        if let versionSuffix, !(0...9).contains(versionSuffix) {
            throw IronError.invalidOptions("the version suffix must be one digit")
        }
    }
}
