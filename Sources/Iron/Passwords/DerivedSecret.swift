/// The per-password state that every token sealed or unsealed with a secret shares: for a text,
/// PBKDF2's HMAC-SHA1 key schedule; for a raw key, the key.
final class DerivedSecret {
    private enum Kind {
        case text(InsecurePBKDF2SHA1)
        case rawKey
    }

    let secret: Password.Secret
    private let kind: Kind

    init(_ secret: Password.Secret) throws(IronError) {
        self.secret = secret
        if secret.isRawKey {
            kind = .rawKey
        } else {
            kind = .text(try secret.withBytes { (bytes) throws(IronError) in try InsecurePBKDF2SHA1(password: bytes) })
        }
    }

    var isRawKey: Bool { secret.isRawKey }

    /// Writes the key for `salt` into `output` (its count is the key length). For a raw key the salt
    /// is ignored and the key must be at least `output.count` bytes; its first bytes are used.
    func deriveKey(salt: Span<UInt8>, iterations: Int, into output: inout MutableSpan<UInt8>) throws(IronError) {
        switch kind {
        case .text(let pbkdf2):
            try pbkdf2.deriveKey(salt: salt, iterations: iterations, into: &output)
        case .rawKey:
            secret.withBytes { key in
                for k in 0..<output.count { output[k] = key[k] }
            }
        }
    }
}
