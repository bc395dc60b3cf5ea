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

/// A reusable HMAC context over OpenSSL 3's `EVP_MAC`.
///
/// Once keyed, ``restart()`` begins a new message with the same key without repeating the key
/// schedule (OpenSSL keeps the inner and outer padded states).
package final class HMACContext {
    package let digest: HMACDigest
    private let mac: OpaquePointer
    private let context: OpaquePointer

    package init(digest: HMACDigest) throws(IronError) {
        self.digest = digest
        guard let mac = EVP_MAC_fetch(nil, "HMAC", nil) else { throw cryptoFailure("EVP_MAC_fetch(HMAC)") }
        guard let context = EVP_MAC_CTX_new(mac) else {
            EVP_MAC_free(mac)
            throw cryptoFailure("EVP_MAC_CTX_new")
        }
        self.mac = mac
        self.context = context
        let set = digest.openSSLName.withUTF8Buffer { name in
            unsafe name.withMemoryRebound(to: CChar.self) { unsafe iron_mac_set_digest(context, $0.baseAddress) }
        }
        guard set == 1 else {
            let error = cryptoFailure("EVP_MAC_CTX_set_params(digest)")
            EVP_MAC_CTX_free(context)
            EVP_MAC_free(mac)
            throw error
        }
    }

    deinit {
        EVP_MAC_CTX_free(context)
        EVP_MAC_free(mac)
    }

    /// Sets a new key and begins a message.
    package func setKey(_ key: Span<UInt8>) throws(IronError) {
        // EVP_MAC_init treats a NULL key as "keep the current key", so an empty key needs a
        // non-NULL pointer.
        let result = unsafe key.withUnsafeBufferPointer { bytes in
            var empty: UInt8 = 0
            return unsafe withUnsafePointer(to: &empty) { emptyPointer in
                unsafe EVP_MAC_init(context, bytes.baseAddress ?? emptyPointer, bytes.count, nil)
            }
        }
        try check(result, "EVP_MAC_init")
    }

    /// Begins a new message with the current key.
    @inline(__always)
    package func restart() throws(IronError) {
        try check(unsafe EVP_MAC_init(context, nil, 0, nil), "EVP_MAC_init")
    }

    @inline(__always)
    package func update(_ data: Span<UInt8>) throws(IronError) {
        guard data.count > 0 else { return }
        try check(unsafe data.withUnsafeBufferPointer { unsafe EVP_MAC_update(context, $0.baseAddress!, $0.count) }, "EVP_MAC_update")
    }

    /// Writes the MAC (``HMACDigest/size`` bytes) to the start of `output`.
    @inline(__always)
    package func finish(into output: inout MutableSpan<UInt8>) throws(IronError) {
        precondition(output.count >= digest.size)
        var written = 0
        try check(unsafe output.withUnsafeMutableBufferPointer { unsafe EVP_MAC_final(context, $0.baseAddress!, &written, $0.count) }, "EVP_MAC_final")
        guard written == digest.size else { throw cryptoFailure("EVP_MAC_final(length)") }
    }
}
