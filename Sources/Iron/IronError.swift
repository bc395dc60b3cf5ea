/// The one error type of the Iron library.
///
/// Every failure of sealing, unsealing or reading a password carries a ``Kind`` and a ``reason``.
/// For the failures that @hapi/iron reports, ``reason`` is exactly @hapi/iron's message
/// (for example `"Bad hmac value"` or `"Cannot find password: k7"`), so a verdict can be compared
/// with the JavaScript libraries' one to one.
///
/// The reason never contains a password or key material.
public struct IronError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, independent of the message text.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        /// A stable, kebab-case name for the kind, such as `bad-hmac`.
        public let name: String
        init(_ name: String) { self.name = name }
        /// The kind's ``name``.
        public var description: String { name }

        // The kinds of @hapi/iron's unseal, in the order it checks them.
        /// The token does not have exactly eight `*`-separated fields.
        public static let incorrectComponentCount = Kind("incorrect-component-count")
        /// The first field is not `Fe26.2`.
        public static let wrongPrefix = Kind("wrong-prefix")
        /// The expiration field is present but not a string of decimal digits.
        public static let invalidExpiration = Kind("invalid-expiration")
        /// The token's expiration is past, beyond the timestamp skew. With
        /// ``Unsealer/ExpiryCheck/hapiOrder`` this is judged before the HMAC, as @hapi/iron judges
        /// it, so the token need not be authentic; with ``Unsealer/ExpiryCheck/verifyFirst`` it is.
        public static let expired = Kind("expired")
        /// A password (or one of its secrets) is empty.
        public static let emptyPassword = Kind("empty-password")
        /// A password is shorter than the minimum length (in UTF-16 code units, as JavaScript counts).
        public static let passwordTooShort = Kind("password-too-short")
        /// A raw key is shorter than the algorithm's key length.
        public static let keyTooSmall = Kind("key-too-small")
        /// No password in the rotation map has the token's id.
        public static let passwordNotFound = Kind("password-not-found")
        /// The integrity check failed: wrong password, or the token was altered.
        public static let badHMAC = Kind("bad-hmac")
        /// The HMAC verified but the ciphertext could not be decrypted.
        public static let decryptionFailed = Kind("decryption-failed")
        /// The HMAC verified and the payload decrypted, but it is not JSON.
        public static let payloadNotJSON = Kind("payload-not-json")

        // Kinds of sealing and configuration.
        /// A password id does not match `^\w+$`.
        public static let invalidPasswordId = Kind("invalid-password-id")
        /// The text given to seal is not JSON.
        public static let invalidJSON = Kind("invalid-json")
        /// A password map (JSON) is malformed.
        public static let invalidPasswordMap = Kind("invalid-password-map")
        /// Options that cannot produce or read a token (a negative ttl, zero salt bits, ...).
        public static let invalidOptions = Kind("invalid-options")
        /// libcrypto reported a failure; the reason names the call and OpenSSL's error code.
        public static let cryptoFailure = Kind("crypto-failure")
    }

    /// What went wrong.
    public let kind: Kind
    /// The message: @hapi/iron's exact message where it has one, otherwise a lowercase sentence.
    public let reason: String
    /// For ``Kind/passwordNotFound``: the id the token asked for (possibly empty).
    public let passwordId: String?
    /// For ``Kind/invalidJSON`` and ``Kind/payloadNotJSON``: where and why the JSON reader stopped.
    public let json: JSONError?
    /// For ``Kind/cryptoFailure``: OpenSSL's packed error code (`ERR_get_error`), 0 when it gave none.
    public let openSSLCode: UInt

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - kind: What went wrong.
    ///   - reason: The message.
    ///   - passwordId: The id a lookup failed for, if any.
    ///   - json: The JSON reader's error, if any.
    ///   - openSSLCode: OpenSSL's error code, if any.
    public init(_ kind: Kind, _ reason: String, passwordId: String? = nil, json: JSONError? = nil, openSSLCode: UInt = 0) {
        self.kind = kind
        self.reason = reason
        self.passwordId = passwordId
        self.json = json
        self.openSSLCode = openSSLCode
    }

    /// The ``reason``.
    public var description: String { reason }

    static let incorrectComponentCount = IronError(.incorrectComponentCount, "Incorrect number of sealed components")
    static let wrongPrefix = IronError(.wrongPrefix, "Wrong mac prefix")
    static let invalidExpiration = IronError(.invalidExpiration, "Invalid expiration")
    static let expired = IronError(.expired, "Expired seal")
    static let emptyPassword = IronError(.emptyPassword, "Empty password")
    static let badHMAC = IronError(.badHMAC, "Bad hmac value")
    static let badDecrypt = IronError(.decryptionFailed, "bad decrypt")
    static let keyTooSmall = IronError(.keyTooSmall, "Key buffer (password) too small")
    static let invalidPasswordId = IronError(.invalidPasswordId, "Invalid password id")

    static func passwordTooShort(minimum: Int) -> IronError {
        IronError(.passwordTooShort, "Password string too short (min \(minimum) characters required)")
    }

    static func passwordNotFound(_ id: String) -> IronError {
        IronError(.passwordNotFound, "Cannot find password: \(id)", passwordId: id)
    }

    static func payloadNotJSON(_ error: JSONError) -> IronError {
        IronError(.payloadNotJSON, "Failed parsing sealed object JSON: \(error.message)", json: error)
    }

    static func invalidOptions(_ reason: String) -> IronError {
        IronError(.invalidOptions, reason)
    }
}
