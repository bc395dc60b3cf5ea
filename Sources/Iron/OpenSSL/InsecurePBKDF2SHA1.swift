/// PBKDF2 (RFC 8018) with HMAC-SHA1 as its PRF: how @hapi/iron turns a password into keys.
///
/// - Warning: SHA-1 appears here only because the token format requires it. As the PRF of PBKDF2
///   its collision weakness does not apply, but @hapi/iron's default of one iteration makes the
///   derivation no obstacle to guessing a weak password: passwords must be long and random.
///
/// The password's HMAC key schedule is computed once, in `init`; each ``deriveKey(salt:iterations:into:)``
/// reuses it, which is what makes sealing many tokens with one password cheap.
package final class InsecurePBKDF2SHA1 {
    private let hmac: HMACContext
    /// U and T of one 20-byte block and the block counter, reused.
    private var blocks = Blocks()

    private struct Blocks {
        var u = [UInt8](repeating: 0, count: 20)
        var t = [UInt8](repeating: 0, count: 20)
        var counter = [UInt8](repeating: 0, count: 4)

        mutating func erase() {
            secureZero(&u)
            secureZero(&t)
        }
    }

    package init(password: Span<UInt8>) throws(IronError) {
        hmac = try HMACContext(digest: .insecureSHA1)
        try hmac.setKey(password)
    }

    deinit { blocks.erase() }

    /// Derives `output.count` bytes of key from `salt` with `iterations` rounds.
    package func deriveKey(salt: Span<UInt8>, iterations: Int, into output: inout MutableSpan<UInt8>) throws(IronError) {
        precondition(iterations >= 1)
        try InsecurePBKDF2SHA1.derive(hmac, salt: salt, iterations: iterations, blocks: &blocks, into: &output)
    }

    private static func derive(_ hmac: HMACContext, salt: Span<UInt8>, iterations: Int, blocks: inout Blocks, into output: inout MutableSpan<UInt8>) throws(IronError) {
        defer { blocks.erase() }
        var block: UInt32 = 1
        var offset = 0
        while offset < output.count {
            try firstRound(hmac, salt: salt, block: block, blocks: &blocks)
            for _ in 1..<iterations { try nextRound(hmac, blocks: &blocks) }
            let take = min(20, output.count - offset)
            for k in 0..<take { output[offset + k] = blocks.t[k] }
            offset += take
            block += 1
        }
    }

    /// U1 = HMAC(salt || INT(block)); T = U1.
    private static func firstRound(_ hmac: HMACContext, salt: Span<UInt8>, block: UInt32, blocks: inout Blocks) throws(IronError) {
        for k in 0..<4 { blocks.counter[k] = UInt8(truncatingIfNeeded: block >> (24 - 8 * k)) }
        try hmac.restart()
        try hmac.update(salt)
        try hmac.update(blocks.counter.span)
        var out = blocks.u.mutableSpan
        try hmac.finish(into: &out)
        for k in 0..<20 { blocks.t[k] = blocks.u[k] }
    }

    /// U(i) = HMAC(U(i-1)); T ^= U(i).
    private static func nextRound(_ hmac: HMACContext, blocks: inout Blocks) throws(IronError) {
        try hmac.restart()
        try hmac.update(blocks.u.span)
        var out = blocks.u.mutableSpan
        try hmac.finish(into: &out)
        for k in 0..<20 { blocks.t[k] ^= blocks.u[k] }
    }
}
