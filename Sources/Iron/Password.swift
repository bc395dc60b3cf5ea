/// A password that seals or unseals tokens, in every form the JavaScript libraries accept: one
/// secret, separate encryption and integrity secrets, or raw key bytes; each with an optional id.
///
/// The description of a password never shows its secrets.
public struct Password: Sendable, Equatable, CustomStringConvertible {
    /// One secret: a text (PBKDF2 turns it into keys) or raw key bytes (used as they are).
    ///
    /// Its bytes live in one buffer that is overwritten when the last copy of the secret goes away.
    public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
        final class Storage: @unchecked Sendable {
            // Immutable after init; overwritten in deinit.
            private(set) var bytes: [UInt8]
            let utf16Count: Int
            let isRawKey: Bool
            init(bytes: [UInt8], utf16Count: Int, isRawKey: Bool) {
                self.bytes = bytes
                self.utf16Count = utf16Count
                self.isRawKey = isRawKey
            }
            deinit { secureZero(&bytes) }
        }

        let storage: Storage

        /// A text secret.
        ///
        /// - Parameter text: The password; JavaScript counts its length in UTF-16 code units.
        public init(_ text: String) {
            storage = Storage(bytes: Array(text.utf8), utf16Count: text.utf16.count, isRawKey: false)
        }

        /// A text secret from UTF-8 bytes, as read from a file. Bytes that are not UTF-8 become
        /// U+FFFD, as they do when Node reads the file into a string.
        ///
        /// - Parameter utf8: The bytes.
        public init(utf8: some Collection<UInt8>) {
            let bytes = Array(utf8)
            if let count = Password.Secret.utf16CountIfValid(bytes) {
                storage = Storage(bytes: bytes, utf16Count: count, isRawKey: false)
            } else {
                let text = String(decoding: bytes, as: UTF8.self)
                storage = Storage(bytes: Array(text.utf8), utf16Count: text.utf16.count, isRawKey: false)
            }
        }

        /// Raw key bytes: no PBKDF2 and an empty salt in the token. They must be at least as long
        /// as the key they stand for (32 bytes for AES-256 and HMAC-SHA256, 16 for AES-128).
        ///
        /// - Parameter bytes: The key.
        /// - Returns: The secret.
        public static func key(_ bytes: [UInt8]) -> Secret {
            Secret(storage: Storage(bytes: bytes, utf16Count: bytes.count, isRawKey: true))
        }

        private init(storage: Storage) { self.storage = storage }

        /// Whether this is raw key bytes rather than a text.
        public var isRawKey: Bool { storage.isRawKey }
        /// Whether the secret is empty.
        public var isEmpty: Bool { storage.bytes.isEmpty }
        /// The length as JavaScript counts it: UTF-16 code units for a text, bytes for a key.
        public var length: Int { storage.utf16Count }
        /// The number of bytes (UTF-8 for a text).
        public var byteCount: Int { storage.bytes.count }

        /// Calls `body` with the secret's bytes (UTF-8 for a text). Do not keep the pointer.
        ///
        /// - Parameter body: A closure over the bytes.
        /// - Returns: What `body` returns.
        /// - Throws: What `body` throws.
        public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
            try storage.bytes.withUnsafeBytes(body)
        }

        public static func == (lhs: Secret, rhs: Secret) -> Bool {
            lhs.isRawKey == rhs.isRawKey && lhs.withUnsafeBytes { a in rhs.withUnsafeBytes { b in constantTimeEqual(a, b) } }
        }

        /// `secret(N characters)` or `key(N bytes)`: never the secret itself.
        public var description: String { isRawKey ? "key(\(length) bytes)" : "secret(\(length) characters)" }
        public var debugDescription: String { description }
        /// No children, so that `dump` and debuggers show the description, not the bytes.
        public var customMirror: Mirror { Mirror(self, children: [:]) }

        static func utf16CountIfValid(_ bytes: [UInt8]) -> Int? {
            var count = 0
            var valid = true
            bytes.withUnsafeBufferPointer { p in
                var i = 0
                while i < p.count {
                    if p[i] < 0x80 {
                        count += 1
                        i += 1
                        continue
                    }
                    let length = JSONText.utf8SequenceLength(p, at: i)
                    guard length > 0 else {
                        valid = false
                        return
                    }
                    count += length == 4 ? 2 : 1
                    i += length
                }
            }
            return valid ? count : nil
        }
    }

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
    ///   - secret: The secret.
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
        !id.isEmpty && id.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x5F }
    }

    /// Shows the id and the secrets' lengths, never the secrets.
    public var description: String {
        let shown = id.map { "id \($0), " } ?? ""
        if encryption == integrity { return "Password(\(shown)\(encryption))" }
        return "Password(\(shown)encryption \(encryption), integrity \(integrity))"
    }

    /// The checks @hapi/iron's `generateKey` makes before deriving a key, in its order.
    static func check(_ secret: Secret, minimumLength: Int, keyByteCount: Int) throws {
        if secret.isRawKey {
            guard secret.byteCount >= keyByteCount else { throw IronError.keyTooSmall }
            return
        }
        guard !secret.isEmpty else { throw IronError.emptyPassword }
        guard secret.length >= minimumLength else { throw IronError.passwordTooShort(minimum: minimumLength) }
    }
}
