/// A source of random bytes for salts and IVs, injectable for tests.
///
/// - Warning: Anything but ``SystemRandom`` in production makes tokens predictable.
public protocol RandomSource: Sendable {
    /// Fills `buffer` with random bytes.
    ///
    /// - Parameter buffer: The memory to fill.
    /// - Throws: If no randomness can be had.
    mutating func fill(_ buffer: inout MutableSpan<UInt8>) throws
}
