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
    /// U and T of one 20-byte block, and the block counter: memory this object owns and reuses,
    /// so that a derivation costs no uniqueness or exclusivity check.
    private let blocks: UnsafeMutableBufferPointer<UInt8>
    private static let (u, t, counter) = (0, 20, 40)

    package init(password: Span<UInt8>) throws(IronError) {
        hmac = try HMACContext(digest: .insecureSHA1)
        blocks = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 44)
        unsafe blocks.initialize(repeating: 0)
        try hmac.setKey(password)
    }

    deinit {
        eraseBlocks()
        unsafe blocks.deallocate()
    }

    /// Derives `output.count` bytes of key from `salt` with `iterations` rounds.
    package func deriveKey(salt: Span<UInt8>, iterations: Int, into output: inout MutableSpan<UInt8>) throws(IronError) {
        precondition(iterations >= 1)
        defer { eraseBlocks() }
        if iterations == 1 { return try deriveInOneRound(salt: salt, into: &output) }
        var block: UInt32 = 1
        var offset = 0
        while offset < output.count {
            try firstRound(salt: salt, block: block)
            for _ in 1..<iterations { try nextRound() }
            offset = copyBlock(into: &output, at: offset)
            block += 1
        }
    }

    /// With one iteration (@hapi/iron's default) each block is HMAC(salt || INT(block)): the salt
    /// is hashed once and each block finishes a copy of that state.
    private func deriveInOneRound(salt: Span<UInt8>, into output: inout MutableSpan<UInt8>) throws(IronError) {
        let (t, counter) = (InsecurePBKDF2SHA1.t, InsecurePBKDF2SHA1.counter)
        try hmac.restart()
        try hmac.update(salt)
        var block: UInt32 = 1
        var offset = 0
        while offset < output.count {
            for k in 0..<4 { unsafe blocks[counter + k] = UInt8(truncatingIfNeeded: block >> (24 - 8 * k)) }
            let index = unsafe blocks.extracting(counter..<counter + 4).span
            var out = unsafe blocks.extracting(t..<t + 20).mutableSpan
            if offset + 20 < output.count {
                try hmac.finish(appending: index, into: &out)
            } else {
                try hmac.update(index)
                try hmac.finish(into: &out)
            }
            offset = copyBlock(into: &output, at: offset)
            block += 1
        }
    }

    /// Copies T, or as much of it as `output` has room for from `offset`; returns the new offset.
    private func copyBlock(into output: inout MutableSpan<UInt8>, at offset: Int) -> Int {
        let take = min(20, output.count - offset)
        Bytes.copy(unsafe blocks.extracting(InsecurePBKDF2SHA1.t..<InsecurePBKDF2SHA1.t + take).span, into: &output, at: offset)
        return offset + take
    }

    /// U1 = HMAC(salt || INT(block)); T = U1.
    private func firstRound(salt: Span<UInt8>, block: UInt32) throws(IronError) {
        let (u, t, counter) = (InsecurePBKDF2SHA1.u, InsecurePBKDF2SHA1.t, InsecurePBKDF2SHA1.counter)
        for k in 0..<4 { unsafe blocks[counter + k] = UInt8(truncatingIfNeeded: block >> (24 - 8 * k)) }
        try hmac.restart()
        try hmac.update(salt)
        try hmac.update(unsafe blocks.extracting(counter..<counter + 4).span)
        var out = unsafe blocks.extracting(u..<u + 20).mutableSpan
        try hmac.finish(into: &out)
        for k in 0..<20 { unsafe blocks[t + k] = blocks[u + k] }
    }

    /// U(i) = HMAC(U(i-1)); T ^= U(i).
    private func nextRound() throws(IronError) {
        let (u, t) = (InsecurePBKDF2SHA1.u, InsecurePBKDF2SHA1.t)
        try hmac.restart()
        try hmac.update(unsafe blocks.extracting(u..<u + 20).span)
        var out = unsafe blocks.extracting(u..<u + 20).mutableSpan
        try hmac.finish(into: &out)
        for k in 0..<20 { unsafe blocks[t + k] ^= blocks[u + k] }
    }

    /// Overwrites U and T.
    private func eraseBlocks() {
        unsafe secureZero(blocks)
    }
}
