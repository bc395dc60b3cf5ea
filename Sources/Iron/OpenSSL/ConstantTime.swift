import COpenSSL

/// Compares two byte ranges in time that depends only on their lengths (`CRYPTO_memcmp`).
///
/// Ranges of different lengths are unequal; the lengths of HMAC digests are public.
func constantTimeEqual(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
    guard a.count == b.count else { return false }
    guard a.count > 0 else { return true }
    return CRYPTO_memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0
}

/// Overwrites memory that held a secret, in a way the optimiser may not remove (`OPENSSL_cleanse`).
package func secureZero(_ buffer: UnsafeMutableRawBufferPointer) {
    guard let base = buffer.baseAddress, buffer.count > 0 else { return }
    OPENSSL_cleanse(base, buffer.count)
}

/// Overwrites the bytes of an array that held a secret.
package func secureZero(_ bytes: inout [UInt8]) {
    bytes.withUnsafeMutableBytes { secureZero($0) }
}
