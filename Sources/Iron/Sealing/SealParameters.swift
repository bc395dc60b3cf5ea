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
