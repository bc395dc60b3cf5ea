/// The ciphers a token can be encrypted with.
public enum EncryptionAlgorithm: String, Sendable, CaseIterable {
    /// AES-256 in CBC mode with PKCS#7 padding: @hapi/iron's default.
    case aes256CBC = "aes-256-cbc"
    /// AES-128 in CTR mode, no padding.
    case aes128CTR = "aes-128-ctr"

    /// The key length in bytes: 32 or 16.
    public var keyByteCount: Int { self == .aes256CBC ? 32 : 16 }
}

/// The MACs a token can be authenticated with: only HMAC-SHA256 exists in the format.
public enum IntegrityAlgorithm: String, Sendable, CaseIterable {
    /// HMAC-SHA256.
    case sha256

    /// The key length in bytes.
    public var keyByteCount: Int { 32 }
}
