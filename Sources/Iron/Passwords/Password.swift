/// A password that seals or unseals tokens, in every form the JavaScript libraries accept: one
/// secret, separate encryption and integrity secrets, or raw key bytes; each with an optional id.
///
/// The description of a password never shows its secrets.
public struct Password: Sendable, Equatable, CustomStringConvertible {
    /// The id written into tokens sealed with this password (`^\w+$`), or `nil` for none.
    public var id: String?
    /// The secret the encryption key is derived from.
    public var encryption: Secret
    /// The secret the integrity (HMAC) key is derived from.
    public var integrity: Secret

    /// A password with one secret for both keys: @hapi/iron's string password, or `{id, secret}`.
    ///
    /// - Parameters:
    ///   - secret: The password text.
    ///   - id: The id to write into tokens.
    public init(_ secret: String, id: String? = nil) {
        self.init(secret: Secret(secret), id: id)
    }

    /// A password with one secret for both keys.
    ///
    /// - Parameters:
    ///   - secret: A text or a raw key, used for the encryption and the integrity key alike.
    ///   - id: The id to write into tokens.
    public init(secret: Secret, id: String? = nil) {
        self.id = id
        encryption = secret
        integrity = secret
    }

    /// A password with separate secrets: @hapi/iron's `{id, encryption, integrity}`.
    ///
    /// - Parameters:
    ///   - id: The id to write into tokens.
    ///   - encryption: The encryption secret.
    ///   - integrity: The integrity secret.
    public init(id: String? = nil, encryption: Secret, integrity: Secret) {
        self.id = id
        self.encryption = encryption
        self.integrity = integrity
    }

    /// A raw key for both purposes (a Node `Buffer` password): no PBKDF2, empty salts.
    ///
    /// - Parameters:
    ///   - key: At least 32 bytes (16 suffice for AES-128-CTR encryption alone).
    ///   - id: The id to write into tokens.
    public init(key: [UInt8], id: String? = nil) {
        self.init(secret: .key(key), id: id)
    }

    /// Whether `id` is a valid password id for sealing: one or more of `A-Z a-z 0-9 _`.
    ///
    /// - Parameter id: A candidate id.
    /// - Returns: Whether @hapi/iron accepts it.
    public static func isValidId(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.allSatisfy(ASCII.isWordCharacter)
    }

    /// Shows the id and the secrets' lengths, never the secrets.
    public var description: String {
        let shown = id.map { "id \($0), " } ?? ""
        if encryption == integrity { return "Password(\(shown)\(encryption))" }
        return "Password(\(shown)encryption \(encryption), integrity \(integrity))"
    }

    /// The checks @hapi/iron's `generateKey` makes before deriving a key, in its order.
    static func check(_ secret: Secret, minimumLength: Int, keyByteCount: Int) throws(IronError) {
        if secret.isRawKey {
            guard secret.byteCount >= keyByteCount else { throw IronError.keyTooSmall }
            return
        }
        guard !secret.isEmpty else { throw IronError.emptyPassword }
        guard secret.length >= minimumLength else { throw IronError.passwordTooShort(minimum: minimumLength) }
    }
}
