import COpenSSL

/// Randomness from OpenSSL's CSPRNG (`RAND_bytes`), the default ``RandomSource``.
public struct SystemRandom: RandomSource {
    /// Creates the source; it holds no state.
    public init() {}

    /// Fills `buffer` with cryptographically strong random bytes.
    ///
    /// - Parameter buffer: The memory to fill.
    /// - Throws: ``IronError`` of kind ``IronError/Kind/cryptoFailure`` if OpenSSL's generator fails.
    public mutating func fill(_ buffer: UnsafeMutableRawBufferPointer) throws {
        var offset = 0
        while offset < buffer.count {
            let chunk = min(buffer.count - offset, Int(Int32.max))
            try check(RAND_bytes(buffer.baseAddress!.advanced(by: offset).assumingMemoryBound(to: UInt8.self), Int32(chunk)), "RAND_bytes")
            offset += chunk
        }
    }
}
