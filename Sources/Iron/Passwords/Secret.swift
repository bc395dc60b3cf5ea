extension Password {
    /// One secret: a text (PBKDF2 turns it into keys) or raw key bytes (used as they are).
    ///
    /// Its bytes live in one buffer that is overwritten when the last copy of the secret goes away.
    /// The description of a secret never shows it.
    public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
        /// The bytes, shared by every copy of the secret and erased with the last one. Immutable
        /// between `init` and `deinit`, hence sendable.
        final class Storage: @unchecked Sendable {
            private var bytes: [UInt8]
            let utf16Count: Int
            let isRawKey: Bool

            init(bytes: [UInt8], utf16Count: Int, isRawKey: Bool) {
                self.bytes = bytes
                self.utf16Count = utf16Count
                self.isRawKey = isRawKey
            }

            deinit { secureZero(&bytes) }

            var byteCount: Int { bytes.count }

            func withBytes<R, E: Error>(_ body: (Span<UInt8>) throws(E) -> R) throws(E) -> R {
                let bytes = self.bytes
                return try body(bytes.span)
            }
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
            var bytes = Array(utf8)
            if let count = Secret.utf16CountIfValid(bytes.span) {
                storage = Storage(bytes: bytes, utf16Count: count, isRawKey: false)
            } else {
                let text = String(decoding: bytes, as: UTF8.self)
                storage = Storage(bytes: Array(text.utf8), utf16Count: text.utf16.count, isRawKey: false)
            }
            secureZero(&bytes)
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
        public var isEmpty: Bool { storage.byteCount == 0 }
        /// The length as JavaScript counts it: UTF-16 code units for a text, bytes for a key.
        public var length: Int { storage.utf16Count }
        /// The number of bytes (UTF-8 for a text).
        public var byteCount: Int { storage.byteCount }

        /// Calls `body` with the secret's bytes (UTF-8 for a text).
        package func withBytes<R, E: Error>(_ body: (Span<UInt8>) throws(E) -> R) throws(E) -> R {
            try storage.withBytes(body)
        }

        /// Compares in constant time.
        public static func == (lhs: Secret, rhs: Secret) -> Bool {
            lhs.isRawKey == rhs.isRawKey && lhs.withBytes { a in rhs.withBytes { b in constantTimeEqual(a, b) } }
        }

        /// `secret(N characters)` or `key(N bytes)`: never the secret itself.
        public var description: String { isRawKey ? "key(\(length) bytes)" : "secret(\(length) characters)" }
        /// The same as ``description``: never the secret itself.
        public var debugDescription: String { description }
        /// No children, so that `dump` and debuggers show the description, not the bytes.
        public var customMirror: Mirror { Mirror(self, children: [:]) }

        /// The UTF-16 length of valid UTF-8, or `nil` when the bytes are not UTF-8.
        static func utf16CountIfValid(_ bytes: Span<UInt8>) -> Int? {
            var count = 0
            var i = 0
            while i < bytes.count {
                if bytes[i] < 0x80 {
                    count += 1
                    i += 1
                    continue
                }
                let length = JSONLexer.utf8SequenceLength(bytes, at: i)
                guard length > 0 else { return nil }
                count += length == 4 ? 2 : 1
                i += length
            }
            return count
        }
    }
}
