/// The per-password state that every token sealed or unsealed with a secret shares: for a text,
/// PBKDF2's HMAC-SHA1 key schedule; for a raw key, the key.
final class DerivedSecret {
    private enum Kind {
        case text(InsecurePBKDF2SHA1)
        case rawKey
    }

    let secret: Password.Secret
    private let kind: Kind

    init(_ secret: Password.Secret) throws {
        self.secret = secret
        if secret.isRawKey {
            kind = .rawKey
        } else {
            kind = .text(try secret.withUnsafeBytes { try InsecurePBKDF2SHA1(password: $0) })
        }
    }

    var isRawKey: Bool { secret.isRawKey }

    /// Writes the key for `salt` into `output` (its count is the key length). For a raw key the salt
    /// is ignored and the key must be at least `output.count` bytes; its first bytes are used.
    func deriveKey(salt: UnsafeRawBufferPointer, iterations: Int, into output: UnsafeMutableRawBufferPointer) throws {
        switch kind {
        case .text(let pbkdf2):
            try pbkdf2.deriveKey(salt: salt, iterations: iterations, into: output)
        case .rawKey:
            secret.withUnsafeBytes { key in
                output.copyMemory(from: UnsafeRawBufferPointer(rebasing: key[0..<output.count]))
            }
        }
    }
}

/// A pool of random bytes drawn from a ``RandomSource`` in blocks, so that a token's salts and IV
/// do not each cost a call into the generator. Bytes handed out are erased from the pool.
struct RandomPool {
    private var source: any RandomSource
    private var pool: [UInt8]
    private var position: Int

    init(source: any RandomSource, blockSize: Int = 4096) {
        self.source = source
        pool = [UInt8](repeating: 0, count: blockSize)
        position = blockSize
    }

    mutating func fill(_ output: UnsafeMutableRawBufferPointer) throws {
        var written = 0
        while written < output.count {
            if position == pool.count {
                try pool.withUnsafeMutableBytes { try source.fill($0) }
                position = 0
            }
            let take = min(output.count - written, pool.count - position)
            let start = position
            pool.withUnsafeMutableBytes { bytes in
                let slice = UnsafeMutableRawBufferPointer(rebasing: bytes[start..<start + take])
                UnsafeMutableRawBufferPointer(rebasing: output[written..<written + take]).copyMemory(from: UnsafeRawBufferPointer(slice))
                secureZero(slice)
            }
            position += take
            written += take
        }
    }
}
