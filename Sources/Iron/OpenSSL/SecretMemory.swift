import COpenSSL

/// Compares two byte ranges in time that depends only on their lengths (`CRYPTO_memcmp`).
///
/// Ranges of different lengths are unequal; the lengths of HMAC digests are public.
package func constantTimeEqual(_ a: Span<UInt8>, _ b: Span<UInt8>) -> Bool {
    guard a.count == b.count else { return false }
    guard a.count > 0 else { return true }
    return unsafe a.withUnsafeBufferPointer { x in
        unsafe b.withUnsafeBufferPointer { y in unsafe CRYPTO_memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 }
    }
}

/// Overwrites memory that held a secret, in a way the optimiser may not remove
/// (``Bytes/erase(_:)``: `explicit_bzero`, several times faster than `OPENSSL_cleanse` on the
/// kilobytes of a payload).
package func secureZero(_ bytes: inout MutableSpan<UInt8>) {
    Bytes.erase(&bytes)
}

/// Overwrites the bytes of an array that held a secret (its whole capacity is not touched, only
/// its elements; arrays that held secrets are kept at one size or cleared before they shrink).
package func secureZero(_ bytes: inout [UInt8]) {
    var span = bytes.mutableSpan
    secureZero(&span)
}

/// Overwrites the first `count` bytes of an array that held a secret in them (at most all of it).
package func secureZero(_ bytes: inout [UInt8], first count: Int) {
    guard count < bytes.count else { return secureZero(&bytes) }
    guard count > 0 else { return }
    var span = bytes.mutableSpan
    Bytes.erase(&span, first: count)
}

/// Overwrites the bytes of an array from `start` to its end.
package func secureZero(_ bytes: inout [UInt8], from start: Int) {
    var span = bytes.mutableSpan
    Bytes.erase(&span, start..<span.count)
}

/// Overwrites memory a wrapper owns that held a secret (``Bytes/erase(_:)``).
package func secureZero(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
    var span = unsafe buffer.mutableSpan
    Bytes.erase(&span)
}
