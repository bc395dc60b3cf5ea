/// What a caller may fix for one token instead of taking it from the clock or the options: the
/// time of sealing, the expiration, and (for reproducing a token only) the salts and the IV.
public struct SealParameters: Sendable, Equatable {
    /// The time of sealing, before ``SealOptions/clockOffset``; default the sealer's clock.
    public var now: Timestamp?
    /// An expiration to write instead of `now + ttl`: to seal a token's payload again without
    /// changing when it expires.
    public var expiration: Expiration?
    /// Fixed salts and IV, to reproduce a token byte for byte.
    public var insecure: Insecure.FixedSalts?

    /// An expiration written as given.
    public enum Expiration: Sendable, Equatable {
        /// No expiration: the token never expires.
        case never
        /// This instant.
        case at(Timestamp)
    }

    /// Parameters; each `nil` is taken as usual.
    ///
    /// - Parameters:
    ///   - now: The time of sealing.
    ///   - expiration: The expiration to write instead of `now + ttl`.
    ///   - insecure: Fixed salts and IV; see ``Insecure/FixedSalts`` for why not to.
    public init(now: Timestamp? = nil, expiration: Expiration? = nil, insecure: Insecure.FixedSalts? = nil) {
        self.now = now
        self.expiration = expiration
        self.insecure = insecure
    }
}

/// What weakens a token, named so, in the spirit of swift-crypto's `Insecure`.
public enum Insecure {
    /// Salts and an IV given instead of drawn at random, as @hapi/iron's `options.encryption.salt`,
    /// `options.encryption.iv` and `options.integrity.salt` allow, so that a token can be
    /// reproduced byte for byte.
    ///
    /// - Warning: Reusing salts and IVs across tokens defeats their purpose: an IV used twice with
    ///   one key lets an observer compare payloads. Use this for tests and interoperability checks
    ///   only.
    public struct FixedSalts: Sendable, Equatable {
        /// The encryption salt's text, used as given (not decoded); `nil` to draw one.
        public var encryptionSalt: String?
        /// The IV; `nil` to draw one.
        public var iv: InitializationVector?
        /// The integrity salt's text; `nil` to draw one.
        public var integritySalt: String?

        /// Fixed values; each `nil` is drawn as usual.
        ///
        /// - Parameters:
        ///   - encryptionSalt: The encryption salt's text.
        ///   - iv: The IV.
        ///   - integritySalt: The integrity salt's text.
        public init(encryptionSalt: String? = nil, iv: InitializationVector? = nil, integritySalt: String? = nil) {
            self.encryptionSalt = encryptionSalt
            self.iv = iv
            self.integritySalt = integritySalt
        }
    }
}
