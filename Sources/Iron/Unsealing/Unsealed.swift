/// What unsealing a token gave.
public struct Unsealed: Sendable, Equatable {
    /// The decrypted JSON text, exactly as it was sealed (bytes that are not UTF-8 become U+FFFD,
    /// as in JavaScript).
    public var payload: [UInt8]
    /// The token's password id (empty when it names none).
    public var passwordId: String
    /// When the token expires, or `nil` when it never does.
    public var expiration: Timestamp?
    /// Whether the token had expired; only ever `true` when expiration was not enforced.
    public var isExpired: Bool
    /// iron-session's version suffix: `"2"` for `~2`, `nil` without one.
    public var versionSuffix: String?

    /// The version iron-session 8 reads from the suffix (`parseInt`), `nil` without one or for NaN.
    public var version: Int? { Token.version(ofSuffix: versionSuffix) }

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
