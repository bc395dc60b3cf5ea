import COpenSSL

/// The digests HMAC is computed with here.
enum HMACDigest {
    /// SHA-1: only as the PRF of PBKDF2, where @hapi/iron uses it.
    case insecureSHA1
    case sha256

    var openSSLName: StaticString {
        switch self {
        case .insecureSHA1: return "SHA1"
        case .sha256: return "SHA256"
        }
    }

    var size: Int {
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
final class HMACContext {
    let digest: HMACDigest
    private let mac: OpaquePointer
    private let context: OpaquePointer

    init(digest: HMACDigest) throws {
        self.digest = digest
        guard let mac = EVP_MAC_fetch(nil, "HMAC", nil) else { throw cryptoFailure("EVP_MAC_fetch(HMAC)") }
        guard let context = EVP_MAC_CTX_new(mac) else {
            EVP_MAC_free(mac)
            throw cryptoFailure("EVP_MAC_CTX_new")
        }
        self.mac = mac
        self.context = context
        let set = digest.openSSLName.withUTF8Buffer { name in
            name.withMemoryRebound(to: CChar.self) { iron_mac_set_digest(context, $0.baseAddress) }
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
    func setKey(_ key: UnsafeRawBufferPointer) throws {
        // EVP_MAC_init treats a NULL key as "keep the current key", so an empty key needs a
        // non-NULL pointer.
        var empty: UInt8 = 0
        let result = withUnsafeMutablePointer(to: &empty) { emptyPointer in
            EVP_MAC_init(context, key.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? UnsafePointer(emptyPointer), key.count, nil)
        }
        try check(result, "EVP_MAC_init")
    }

    /// Begins a new message with the current key.
    @inline(__always)
    func restart() throws {
        try check(EVP_MAC_init(context, nil, 0, nil), "EVP_MAC_init")
    }

    @inline(__always)
    func update(_ data: UnsafeRawBufferPointer) throws {
        guard data.count > 0 else { return }
        try check(EVP_MAC_update(context, data.baseAddress!.assumingMemoryBound(to: UInt8.self), data.count), "EVP_MAC_update")
    }

    /// Writes the MAC (``HMACDigest/size`` bytes) to `output`, which must be at least that large.
    @inline(__always)
    func finish(into output: UnsafeMutableRawBufferPointer) throws {
        precondition(output.count >= digest.size)
        var written = 0
        try check(EVP_MAC_final(context, output.baseAddress!.assumingMemoryBound(to: UInt8.self), &written, output.count), "EVP_MAC_final")
        guard written == digest.size else { throw cryptoFailure("EVP_MAC_final(length)") }
    }
}
