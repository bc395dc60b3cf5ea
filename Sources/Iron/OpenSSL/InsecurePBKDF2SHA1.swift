/// PBKDF2 (RFC 8018) with HMAC-SHA1 as its PRF: how @hapi/iron turns a password into keys.
///
/// - Warning: SHA-1 appears here only because the token format requires it. As the PRF of PBKDF2
///   its collision weakness does not apply, but @hapi/iron's default of one iteration makes the
///   derivation no obstacle to guessing a weak password: passwords must be long and random.
///
/// The password's HMAC key schedule is computed once, in `init`; each ``deriveKey(salt:iterations:into:)``
/// reuses it, which is what makes sealing many tokens with one password cheap.
final class InsecurePBKDF2SHA1 {
    private let hmac: HMACContext

    init(password: UnsafeRawBufferPointer) throws {
        hmac = try HMACContext(digest: .insecureSHA1)
        try hmac.setKey(password)
    }

    /// Derives `output.count` bytes of key from `salt` with `iterations` rounds.
    func deriveKey(salt: UnsafeRawBufferPointer, iterations: Int, into output: UnsafeMutableRawBufferPointer) throws {
        precondition(iterations >= 1)
        var block: UInt32 = 1
        var offset = 0
        // U and T for one 20-byte block, on the stack.
        var u: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var t: (UInt64, UInt64, UInt64) = (0, 0, 0)
        defer {
            withUnsafeMutableBytes(of: &u) { secureZero($0) }
            withUnsafeMutableBytes(of: &t) { secureZero($0) }
        }
        while offset < output.count {
            var counter = block.bigEndian
            try hmac.restart()
            try hmac.update(salt)
            try withUnsafeBytes(of: &counter) { try hmac.update($0) }
            try withUnsafeMutableBytes(of: &u) { try hmac.finish(into: $0) }
            t = u
            if iterations > 1 {
                for _ in 1..<iterations {
                    try hmac.restart()
                    try withUnsafeBytes(of: &u) { try hmac.update(UnsafeRawBufferPointer(rebasing: $0[0..<20])) }
                    try withUnsafeMutableBytes(of: &u) { try hmac.finish(into: $0) }
                    t.0 ^= u.0
                    t.1 ^= u.1
                    t.2 ^= u.2
                }
            }
            let take = min(20, output.count - offset)
            withUnsafeBytes(of: &t) { source in
                UnsafeMutableRawBufferPointer(rebasing: output[offset..<offset + take]).copyMemory(from: UnsafeRawBufferPointer(rebasing: source[0..<take]))
            }
            offset += take
            block += 1
        }
    }
}
