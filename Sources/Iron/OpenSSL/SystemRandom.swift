import COpenSSL

/// Randomness from OpenSSL's CSPRNG (`RAND_bytes`), the default ``RandomSource``.
public struct SystemRandom: RandomSource {
    /// Creates the source; it holds no state.
    public init() {}

    /// Fills `buffer` with cryptographically strong random bytes.
    ///
    /// - Parameter buffer: The memory to fill.
    /// - Throws: ``IronError`` of kind ``IronError/Kind/cryptoFailure`` if OpenSSL's generator fails.
    public mutating func fill(_ buffer: inout MutableSpan<UInt8>) throws {
        try OpenSSLLibrary.start()
        try unsafe buffer.withUnsafeMutableBufferPointer { (bytes) throws(IronError) in
            var offset = 0
            while offset < bytes.count {
                let chunk = min(bytes.count - offset, Int(Int32.max))
                try check(unsafe RAND_bytes(bytes.baseAddress! + offset, Int32(chunk)), "RAND_bytes")
                offset += chunk
            }
        }
    }
}
