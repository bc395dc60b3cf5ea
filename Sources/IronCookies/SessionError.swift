/// Why a ``SessionCookie`` could not be made, or a session not saved.
public struct SessionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Equatable {
        /// The cookie name is empty, or not a valid cookie name (RFC 6265 token characters).
        case invalidCookieName
        /// No password was given (an empty string or an empty map).
        case missingPassword
        /// A password is shorter than iron-session's 32 characters.
        case passwordTooShort
        /// A cookie attribute holds characters a `Set-Cookie` header cannot carry.
        case invalidAttribute
        /// The `Set-Cookie` header would be longer than the 4096 bytes browsers keep.
        case cookieTooLarge
        /// The session's value could not be encoded as JSON.
        case encodingFailed
        /// The library refused to seal (a crypto failure).
        case sealingFailed
    }

    /// What went wrong.
    public let kind: Kind
    /// A sentence for a log: iron-session's own message where it has one.
    public let reason: String

    package init(_ kind: Kind, _ reason: String) {
        self.kind = kind
        self.reason = reason
    }

    /// The ``reason``.
    public var description: String { reason }
}
