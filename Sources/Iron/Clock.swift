#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A source of the current time in milliseconds since the Unix epoch, injectable for tests.
public protocol IronClock: Sendable {
    /// The current time, in milliseconds since 1970-01-01T00:00:00Z.
    func now() -> Int64
}

/// The system's real-time clock.
public struct SystemClock: IronClock {
    /// Creates the clock.
    public init() {}

    /// The current time, in milliseconds since the epoch.
    public func now() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }
}

/// A clock stopped at one instant.
public struct FixedClock: IronClock {
    /// The instant, in milliseconds since the epoch.
    public var milliseconds: Int64
    /// Creates a clock that always answers `milliseconds`.
    ///
    /// - Parameter milliseconds: Milliseconds since the epoch.
    public init(_ milliseconds: Int64) { self.milliseconds = milliseconds }
    /// The fixed instant.
    public func now() -> Int64 { milliseconds }
}

/// A source of random bytes for salts and IVs, injectable for tests.
///
/// - Warning: Anything but ``SystemRandom`` in production makes tokens predictable.
public protocol RandomSource {
    /// Fills `buffer` with random bytes.
    ///
    /// - Parameter buffer: The memory to fill.
    /// - Throws: If no randomness can be had.
    mutating func fill(_ buffer: UnsafeMutableRawBufferPointer) throws
}
