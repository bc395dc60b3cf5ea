import COpenSSL

/// The digests HMAC is computed with here.
package enum HMACDigest {
    /// SHA-1: only as the PRF of PBKDF2, where @hapi/iron uses it.
    case insecureSHA1
    case sha256

    package var openSSLName: StaticString {
        switch self {
        case .insecureSHA1: return "SHA1"
        case .sha256: return "SHA256"
        }
    }

    /// The length of a digest in bytes.
    package var size: Int {
        switch self {
        case .insecureSHA1: return 20
        case .sha256: return 32
        }
    }
}

/// A reusable HMAC (RFC 2104) over OpenSSL 3's provider-based digests (`EVP_MD`).
///
/// ``setKey(_:)`` hashes the key's inner and outer pads once, into two digest states; each
/// message copies them (`EVP_MD_CTX_copy_ex`) instead of keying again, so a password's key
/// schedule is paid once for all the tokens it seals or opens. No deprecated low-level calls: a
/// FIPS provider's digests work here too.
package final class HMACContext {
    package let digest: HMACDigest
    private let md: OpaquePointer
    /// The states after the key's inner and outer pads, the one a message is hashed in, and the
    /// one a copy of an unfinished message is finished in.
    private let inner: OpaquePointer
    private let outer: OpaquePointer
    private let work: OpaquePointer
    private let spare: OpaquePointer
    /// A pad (64 bytes) and the inner hash of a message after it: memory this context owns, so
    /// that using it costs no uniqueness or exclusivity check per token.
    private let scratch: UnsafeMutableBufferPointer<UInt8>

    /// The block size of SHA-1 and SHA-256.
    private static let blockSize = 64

    package init(digest: HMACDigest) throws(IronError) {
        self.digest = digest
        try OpenSSLLibrary.start()
        let fetched = digest.openSSLName.withUTF8Buffer { name in
            unsafe name.withMemoryRebound(to: CChar.self) { unsafe EVP_MD_fetch(nil, $0.baseAddress, nil) }
        }
        guard let md = fetched else { throw cryptoFailure("EVP_MD_fetch(\(digest.openSSLName))") }
        let states = (0..<4).map { _ in EVP_MD_CTX_new() }
        guard let inner = states[0], let outer = states[1], let work = states[2], let spare = states[3] else {
            for state in states { EVP_MD_CTX_free(state) }
            EVP_MD_free(md)
            throw cryptoFailure("EVP_MD_CTX_new")
        }
        (self.md, self.inner, self.outer, self.work, self.spare) = (md, inner, outer, work, spare)
        scratch = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: HMACContext.blockSize + 64)
        unsafe scratch.initialize(repeating: 0)
        try setKey([UInt8]().span)
    }

    deinit {
        eraseScratch()
        unsafe scratch.deallocate()
        EVP_MD_CTX_free(spare)
        EVP_MD_CTX_free(work)
        EVP_MD_CTX_free(outer)
        EVP_MD_CTX_free(inner)
        EVP_MD_free(md)
    }

    /// Sets a new key and begins a message.
    package func setKey(_ key: Span<UInt8>) throws(IronError) {
        defer { eraseScratch() }
        try loadKey(key)
        try pad(inner, with: 0x36)
        try pad(outer, with: 0x36 ^ 0x5C)
        try restart()
    }

    /// Writes the MAC of `message` under `key` (a key used once, as each token's integrity key
    /// is) to the start of `output`: the pads are hashed straight into the message's state, with
    /// no states kept to copy. The context's own key is left as it was.
    package func authenticate(_ message: Span<UInt8>, key: Span<UInt8>, into output: inout MutableSpan<UInt8>) throws(IronError) {
        precondition(output.count >= digest.size)
        defer { eraseScratch() }
        try loadKey(key)
        let block = HMACContext.blockSize
        for k in 0..<block { unsafe scratch[k] ^= 0x36 }
        try restartWork()
        try hashScratch(count: block, into: work)
        try hash(message, into: work)
        var written: UInt32 = 0
        try check(unsafe EVP_DigestFinal_ex(work, scratch.baseAddress! + block, &written), "EVP_DigestFinal_ex")
        guard written == UInt32(digest.size) else { throw cryptoFailure("EVP_DigestFinal_ex(length)") }
        // The outer pad and the inner hash lie side by side: one update hashes both.
        for k in 0..<block { unsafe scratch[k] ^= 0x36 ^ 0x5C }
        try restartWork()
        try hashScratch(count: block + digest.size, into: work)
        try finalize(work, into: &output)
    }

    /// The same, from and into arrays: the form the sealing and unsealing steps call with their
    /// reused buffers.
    package func authenticate(_ message: Span<UInt8>, key: [UInt8], into digest: inout [UInt8]) throws(IronError) {
        var out = digest.mutableSpan
        try authenticate(message, key: key.span, into: &out)
    }

    /// Puts the key, padded with zeros to a block, at the start of the scratch buffer; a key
    /// longer than a block is replaced by its digest (RFC 2104).
    private func loadKey(_ key: Span<UInt8>) throws(IronError) {
        if key.count > HMACContext.blockSize {
            try restartWork()
            try hash(key, into: work)
            try finalizeIntoScratch(work)
            for k in digest.size..<HMACContext.blockSize { unsafe scratch[k] = 0 }
        } else {
            for k in 0..<key.count { unsafe scratch[k] = key[k] }
            for k in key.count..<HMACContext.blockSize { unsafe scratch[k] = 0 }
        }
    }

    /// Starts `state` with the key XOR `byte` (the scratch holds the key XOR the previous pad).
    private func pad(_ state: OpaquePointer, with byte: UInt8) throws(IronError) {
        for k in 0..<HMACContext.blockSize { unsafe scratch[k] ^= byte }
        try check(unsafe EVP_DigestInit_ex2(state, md, nil), "EVP_DigestInit_ex2")
        try hashScratch(count: HMACContext.blockSize, into: state)
    }

    /// Empties the message state. It holds the digest from the start (``restart()`` copies it in
    /// `init`), so no digest is given: OpenSSL then skips looking for an engine for it, a lock
    /// and a table search per call.
    @inline(__always)
    private func restartWork() throws(IronError) {
        try check(unsafe EVP_DigestInit_ex2(work, nil, nil), "EVP_DigestInit_ex2")
    }

    /// Begins a new message with the current key.
    @inline(__always)
    package func restart() throws(IronError) {
        try check(unsafe EVP_MD_CTX_copy_ex(work, inner), "EVP_MD_CTX_copy_ex")
    }

    @inline(__always)
    package func update(_ data: Span<UInt8>) throws(IronError) {
        try hash(data, into: work)
    }

    /// Writes the MAC (``HMACDigest/size`` bytes) to the start of `output`.
    @inline(__always)
    package func finish(into output: inout MutableSpan<UInt8>) throws(IronError) {
        try finish(work, into: &output)
    }

    /// Writes the MAC of the message so far followed by `tail` to the start of `output`, and keeps
    /// the message so far (without `tail`) for another ``finish(appending:into:)`` or
    /// ``finish(into:)``: the blocks of PBKDF2 share their salt, so its hash is computed once.
    @inline(__always)
    package func finish(appending tail: Span<UInt8>, into output: inout MutableSpan<UInt8>) throws(IronError) {
        try check(unsafe EVP_MD_CTX_copy_ex(spare, work), "EVP_MD_CTX_copy_ex")
        try hash(tail, into: spare)
        try finish(spare, into: &output)
    }

    @inline(__always)
    private func finish(_ state: OpaquePointer, into output: inout MutableSpan<UInt8>) throws(IronError) {
        precondition(output.count >= digest.size)
        try finalizeIntoScratch(state)
        try check(unsafe EVP_MD_CTX_copy_ex(state, outer), "EVP_MD_CTX_copy_ex")
        try hashScratch(count: digest.size, into: state)
        try finalize(state, into: &output)
        for k in 0..<digest.size { unsafe scratch[k] = 0 }
    }

    /// Hashes the first `count` bytes of the scratch buffer.
    @inline(__always)
    private func hashScratch(count: Int, into state: OpaquePointer) throws(IronError) {
        try check(unsafe EVP_DigestUpdate(state, scratch.baseAddress!, count), "EVP_DigestUpdate")
    }

    /// Finishes `state` into the start of the scratch buffer.
    @inline(__always)
    private func finalizeIntoScratch(_ state: OpaquePointer) throws(IronError) {
        var written: UInt32 = 0
        try check(unsafe EVP_DigestFinal_ex(state, scratch.baseAddress!, &written), "EVP_DigestFinal_ex")
        guard written == UInt32(digest.size) else { throw cryptoFailure("EVP_DigestFinal_ex(length)") }
    }

    /// Overwrites the scratch buffer.
    private func eraseScratch() {
        unsafe secureZero(scratch)
    }

    @inline(__always)
    private func hash(_ data: Span<UInt8>, into state: OpaquePointer) throws(IronError) {
        guard data.count > 0 else { return }
        try check(unsafe data.withUnsafeBufferPointer { unsafe EVP_DigestUpdate(state, $0.baseAddress!, $0.count) }, "EVP_DigestUpdate")
    }

    @inline(__always)
    private func finalize(_ state: OpaquePointer, into output: inout MutableSpan<UInt8>) throws(IronError) {
        var written: UInt32 = 0
        try check(unsafe output.withUnsafeMutableBufferPointer { unsafe EVP_DigestFinal_ex(state, $0.baseAddress!, &written) }, "EVP_DigestFinal_ex")
        guard written == UInt32(digest.size) else { throw cryptoFailure("EVP_DigestFinal_ex(length)") }
    }
}
